/**
 * @module server/shared-limits
 * Failed authentications counted where every worker of one server sees them. A worker process alone would
 * let a client guess N times as often on a server of N workers (connections are spread over them), so each
 * worker reports every failure to the primary, which keeps the one count per client and tells every worker
 * when a client must wait. The worker answers the failed request only after the primary has counted it, and
 * the primary tells every worker before it answers, so a client that guesses one request after another is
 * refused at exactly the limit whichever worker it reaches (the primary hands out new connections over the
 * same channel, after the block). A worker also counts its own failures, so a lost primary never lifts the
 * limit. Several separate servers behind a load balancer each count their own: there a client may guess as
 * often as the limit times the number of servers, unless the balancer keeps each client on one server.
 */
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';

/** At most 10 failed authentications at once per client, then one every 6 seconds (10 a minute). */
export const AUTH_FAILURE_LIMIT: RateLimitOptions = { perSecond: 1 / 6, burst: 10 };

/** Counts a client's failed authentications. */
export interface AuthFailureCounter {
  /** Seconds the client must wait before a request with a token is even checked (0: it may try). */
  blocked(client: string): number;
  /** Count one failure (resolves once counted where every worker sees it). */
  fail(client: string): Promise<void>;
}

/** The count in this process only: a single-process server, or a worker's own fallback. */
export class LocalAuthFailures implements AuthFailureCounter {
  private readonly limiter: RateLimiter;
  constructor(limits: RateLimitOptions = AUTH_FAILURE_LIMIT) {
    this.limiter = new RateLimiter(limits);
  }
  blocked(client: string): number {
    return this.limiter.peek(client);
  }
  async fail(client: string): Promise<void> {
    this.limiter.take(client);
  }
  /** Count a failure and say how long the client must now wait (what the primary does). */
  failNow(client: string): number {
    this.limiter.take(client);
    return this.limiter.peek(client);
  }
}

/** Messages between the workers and the primary (tagged, so other IPC traffic passes by). */
type Message =
  | { accord: 'auth-failure'; id: number; client: string }
  | { accord: 'auth-failure-counted'; id: number }
  | { accord: 'auth-block'; client: string; until: number };

function isMessage(m: unknown): m is Message {
  return typeof m === 'object' && m !== null && typeof (m as { accord?: unknown }).accord === 'string';
}

/** The worker's end of the IPC channel (`process` in a cluster worker). */
export interface WorkerChannel {
  send(message: Message): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** A worker's counter: its own count, plus the primary's for the whole server. */
export class WorkerAuthFailures implements AuthFailureCounter {
  private readonly local: LocalAuthFailures;
  /** Clients the primary said must wait, with until when (ms). */
  private readonly blocks = new Map<string, number>();
  private readonly waiting = new Map<number, () => void>();
  private next = 1;

  constructor(
    private readonly channel: WorkerChannel,
    limits: RateLimitOptions = AUTH_FAILURE_LIMIT,
    private readonly now: () => number = Date.now,
  ) {
    this.local = new LocalAuthFailures(limits);
    channel.on('message', (m) => {
      if (!isMessage(m)) return;
      if (m.accord === 'auth-block') {
        // Bounded: forget the oldest block first (it is the first to expire anyway).
        if (this.blocks.size >= 100_000) this.blocks.delete(this.blocks.keys().next().value as string);
        this.blocks.delete(m.client);
        this.blocks.set(m.client, m.until);
      } else if (m.accord === 'auth-failure-counted') {
        this.waiting.get(m.id)?.();
        this.waiting.delete(m.id);
      }
    });
  }

  blocked(client: string): number {
    const until = this.blocks.get(client);
    const shared = until === undefined ? 0 : Math.ceil((until - this.now()) / 1000);
    if (until !== undefined && shared <= 0) this.blocks.delete(client);
    return Math.max(shared, this.local.blocked(client));
  }

  async fail(client: string): Promise<void> {
    await this.local.fail(client);
    const id = this.next++;
    await new Promise<void>((resolve) => {
      // A primary that does not answer must not hold the request: the worker's own count still applies.
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve();
      }, 1000);
      timer.unref();
      this.waiting.set(id, () => {
        clearTimeout(timer);
        resolve();
      });
      try {
        this.channel.send({ accord: 'auth-failure', id, client });
      } catch {
        this.waiting.delete(id);
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

/** The primary's end: the workers it can reach and their messages (node:cluster fits). */
export interface PrimaryChannel {
  on(event: 'message', listener: (worker: { send(m: Message): unknown }, message: unknown) => void): unknown;
  readonly workers?: NodeJS.Dict<{ send(m: Message): unknown; isConnected?(): boolean }>;
}

/**
 * Keep the server-wide count in the primary: count each failure a worker reports, tell every worker when
 * the client must wait (before answering the reporter), then answer.
 */
export function countAuthFailuresInPrimary(
  cluster: PrimaryChannel,
  limits: RateLimitOptions = AUTH_FAILURE_LIMIT,
  now: () => number = Date.now,
): void {
  const counter = new LocalAuthFailures({ ...limits, now });
  cluster.on('message', (worker, m) => {
    if (!isMessage(m) || m.accord !== 'auth-failure' || typeof m.client !== 'string') return;
    const wait = counter.failNow(m.client);
    if (wait > 0) {
      const block: Message = { accord: 'auth-block', client: m.client, until: now() + wait * 1000 };
      for (const w of Object.values(cluster.workers ?? {})) {
        if (w?.isConnected?.() === false) continue;
        try {
          w?.send(block);
        } catch {
          // A worker that is exiting misses the block; its replacement starts with its own count.
        }
      }
    }
    try {
      worker.send({ accord: 'auth-failure-counted', id: m.id });
    } catch {
      // The reporting worker is gone; nothing to answer.
    }
  });
}
