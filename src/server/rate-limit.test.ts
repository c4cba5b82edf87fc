import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.js';

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
