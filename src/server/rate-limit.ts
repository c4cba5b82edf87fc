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

  /** Seconds `client` must wait before a token is free (0 when one is), without taking it. */
  peek(client: string): number {
    const b = this.buckets.get(client);
    if (!b) return 0;
    const { perSecond, burst } = this.options;
    const tokens = Math.min(burst, b.tokens + ((this.now() - b.at) / 1000) * perSecond);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / perSecond));
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

/**
 * The client a peer address stands for in a limit: an IPv4 address itself, an IPv6 address by its /64
 * network (one host usually holds a whole /64, so counting single IPv6 addresses would let it rotate
 * through 2^64 of them). IPv4-mapped IPv6 addresses count as their IPv4 address.
 */
export function clientOfAddress(address: string | undefined): string {
  if (address === undefined || address === '') return 'addr:local';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return `addr:${mapped[1]}`;
  if (!address.includes(':')) return `addr:${address}`;
  // Expand "::" so the first four groups are the network.
  const [head = '', tail] = address.toLowerCase().replace(/%.*$/, '').split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `addr6:${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
