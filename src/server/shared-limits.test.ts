import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { countAuthFailuresInPrimary, LocalAuthFailures, WorkerAuthFailures } from './shared-limits.js';

/** A primary and its workers over in-memory channels, in the shape node:cluster gives them. */
function fakeCluster(workers: number, now: () => number) {
  const primary = new EventEmitter() as EventEmitter & {
    workers: Record<string, { send(m: unknown): void }>;
  };
  primary.workers = {};
  const counters: WorkerAuthFailures[] = [];
  for (let i = 0; i < workers; i++) {
    const channel = new EventEmitter() as EventEmitter & { send(m: unknown): void };
    const handle = { send: (m: unknown) => channel.emit('message', m) };
    channel.send = (m: unknown) => primary.emit('message', handle, m);
    primary.workers[String(i)] = handle;
    counters.push(new WorkerAuthFailures(channel as never, { perSecond: 1 / 6, burst: 3 }, now));
  }
  countAuthFailuresInPrimary(primary as never, { perSecond: 1 / 6, burst: 3 }, now);
  return counters;
}

describe('failed authentications', () => {
  it('are allowed up to the burst, then the client waits; the count refills over time', async () => {
    let t = 0;
    const f = new LocalAuthFailures({ perSecond: 1 / 6, burst: 3, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(f.blocked('a')).toBe(0);
      await f.fail('a');
    }
    expect(f.blocked('a')).toBe(6);
    expect(f.blocked('b')).toBe(0);
    t = 6000;
    expect(f.blocked('a')).toBe(0);
  });

  it('are counted once for all the workers of a server, wherever the client lands', async () => {
    let t = 0;
    const [w1, w2] = fakeCluster(2, () => t);
    // Alternate between the workers, as connections do.
    await w1!.fail('addr:1.2.3.4');
    await w2!.fail('addr:1.2.3.4');
    expect(w1!.blocked('addr:1.2.3.4')).toBe(0);
    await w1!.fail('addr:1.2.3.4');
    // The third failure exhausted the server-wide count: both workers now refuse the client.
    expect(w1!.blocked('addr:1.2.3.4')).toBeGreaterThan(0);
    expect(w2!.blocked('addr:1.2.3.4')).toBeGreaterThan(0);
    expect(w2!.blocked('addr:5.6.7.8')).toBe(0);
    t = 7000;
    expect(w2!.blocked('addr:1.2.3.4')).toBe(0);
  });

  it('still limit a worker whose primary does not answer (its own count)', async () => {
    const silent = new EventEmitter() as EventEmitter & { send(m: unknown): void };
    silent.send = () => {};
    const w = new WorkerAuthFailures(silent as never, { perSecond: 1 / 6, burst: 2 });
    // fail() gives up waiting for the primary after a second; the worker's own count applies meanwhile.
    await Promise.all([w.fail('x'), w.fail('x')]);
    expect(w.blocked('x')).toBeGreaterThan(0);
  }, 10_000);
});
