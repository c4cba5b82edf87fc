/**
 * @module server/rate-limit
 * A token bucket per client: `burst` requests at once, refilled at `perSecond`. The clock is injected so
 * the rule is tested without waiting.
 */

/** Limits for {@link RateLimiter}. */
export interface RateLimitOptions {
  /** Sustained requests per second per client. */
  perSecond: number;
  /** Requests a client may make at once. */
  burst: number;
  /** Clients remembered at most; the oldest are forgotten first (they refill to full anyway). */
  maxClients?: number;
  /** Milliseconds clock. */
  now?: () => number;
}

/** Per-client token buckets. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;
  private readonly maxClients: number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
    this.maxClients = options.maxClients ?? 100_000;
  }

  /** Take one token for `client`: 0 when allowed, otherwise the seconds to wait before retrying. */
  take(client: string): number {
    const now = this.now();
    const { perSecond, burst } = this.options;
    let b = this.buckets.get(client);
    if (!b) {
      if (this.buckets.size >= this.maxClients) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      b = { tokens: burst, at: now };
      this.buckets.set(client, b);
    } else {
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
  }
}
