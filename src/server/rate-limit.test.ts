import { describe, expect, it } from 'vitest';
import { clientOfAddress, RateLimiter } from './rate-limit.js';

describe('RateLimiter', () => {
  it('allows a burst, then refuses until tokens refill at the sustained rate', () => {
    let t = 0;
    const r = new RateLimiter({ perSecond: 2, burst: 3, now: () => t });
    expect([r.take('a'), r.take('a'), r.take('a')]).toEqual([0, 0, 0]);
    expect(r.take('a')).toBeGreaterThan(0);
    t = 500; // one token back at 2/s
    expect(r.take('a')).toBe(0);
    expect(r.take('a')).toBeGreaterThan(0);
  });

  it('keeps clients apart', () => {
    const r = new RateLimiter({ perSecond: 1, burst: 1, now: () => 0 });
    expect(r.take('a')).toBe(0);
    expect(r.take('b')).toBe(0);
    expect(r.take('a')).toBe(1);
  });
});

describe('peek', () => {
  it('says how long until a token is free without taking one', () => {
    let t = 0;
    const r = new RateLimiter({ perSecond: 1, burst: 1, now: () => t });
    expect(r.peek('a')).toBe(0);
    expect(r.take('a')).toBe(0);
    expect(r.peek('a')).toBe(1);
    expect(r.peek('a')).toBe(1);
    t = 1000;
    expect(r.peek('a')).toBe(0);
  });
});

describe('clientOfAddress', () => {
  it('counts an IPv4 peer by its address, an IPv4-mapped one as IPv4', () => {
    expect(clientOfAddress('10.1.2.3')).toBe('addr:10.1.2.3');
    expect(clientOfAddress('::ffff:10.1.2.3')).toBe('addr:10.1.2.3');
    expect(clientOfAddress(undefined)).toBe('addr:local');
  });

  it('counts an IPv6 peer by its /64, so rotating addresses within it gains nothing', () => {
    const a = clientOfAddress('2001:db8:1:2:aaaa::1');
    expect(a).toBe('addr6:2001:db8:1:2::/64');
    expect(clientOfAddress('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(a);
    expect(clientOfAddress('2001:db8:1:3::1')).not.toBe(a);
    expect(clientOfAddress('::1')).toBe('addr6:0:0:0:0::/64');
  });
});
