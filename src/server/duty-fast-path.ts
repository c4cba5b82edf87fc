/**
 * @module server/duty-fast-path
 * Repeated duty lookups answered before the web framework: a request whose exact URL (`/api/duty?…`)
 * was answered before is served from the memoised bytes without building a `Request`, parsing the URL or
 * re-validating the query (that URL already passed validation). Everything else — first lookups, lookups
 * with a session token, rate-limited clients — goes through the full application, so authorization,
 * validation, limits and error bodies stay in one place. It applies what the application would: the Host
 * allow-list (a name not on it goes to the application, which answers 421), the same rate limiter and
 * client key, and the same security headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './http-edge.js';
import { clientOfAddress, type RateLimiter } from './rate-limit.js';

/** One remembered answer: valid while the log size its overlay depends on is unchanged. */
interface Remembered {
  overlay: string | undefined;
  size: number;
  body: Buffer;
  headers: Record<string, string>;
}

/** What the fast path needs from the server context. */
export interface DutyFastPathSource {
  /** The log size an answer with this overlay depends on (0 when it depends on none). */
  dutyDependency(overlay: string | undefined): number;
}

/** How the fast path logs and limits, the same as the application it sits in front of. */
export interface DutyFastPathOptions {
  limiter?: RateLimiter;
  log?: (line: string) => void;
  /** The Host names the application answers; a request for any other goes to the application. */
  hosts?: { allows(host: string | undefined): boolean };
  /** URLs remembered at most (answers are ~6 KB each); the whole set is forgotten when full. */
  maxUrls?: number;
}

/** Memoised duty answers by exact request URL, served straight onto the socket. */
export class DutyFastPath {
  private readonly urls = new Map<string, Remembered>();
  private readonly maxUrls: number;

  constructor(
    private readonly source: DutyFastPathSource,
    private readonly options: DutyFastPathOptions = {},
  ) {
    this.maxUrls = options.maxUrls ?? 4096;
  }

  /** Remember the answer the application gave for `url` (called by the duty route after validation). */
  remember(url: string, overlay: string | undefined, body: string): void {
    if (this.urls.size >= this.maxUrls) this.urls.clear();
    const bytes = Buffer.from(body, 'utf8');
    this.urls.set(url, {
      overlay,
      size: this.source.dutyDependency(overlay),
      body: bytes,
      headers: {
        ...SECURITY_HEADERS,
        'content-type': 'application/json',
        'content-length': String(bytes.length),
      },
    });
  }

  /** The remembered answer for a URL, if still valid. */
  lookup(url: string): Buffer | undefined {
    const r = this.urls.get(url);
    if (!r) return undefined;
    let size: number;
    try {
      size = this.source.dutyDependency(r.overlay);
    } catch {
      // The overlay is no longer served: forget the answer and let the application say why.
      this.urls.delete(url);
      return undefined;
    }
    if (size !== r.size) {
      this.urls.delete(url);
      return undefined;
    }
    return r.body;
  }

  /**
   * Answer `req` if it is an anonymous GET of a remembered duty URL within its client's rate limit; false
   * hands it to the application (which then decides everything, including a 429).
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url;
    if (req.method !== 'GET' || url === undefined || !url.startsWith('/api/duty?')) return false;
    // A token must be checked (and may be invalid): that is the application's job.
    if (req.headers.authorization !== undefined) return false;
    const { limiter, log, hosts } = this.options;
    if (hosts && !hosts.allows(req.headers.host)) return false;
    const r = this.urls.get(url);
    if (!r || !this.lookup(url)) return false;
    if (limiter && limiter.take(clientOfAddress(req.socket.remoteAddress)) > 0) return false;
    const t0 = log ? performance.now() : 0;
    res.writeHead(200, r.headers);
    res.end(r.body);
    // Same line as the application's request log: path only, never the query string.
    if (log) log(`GET /api/duty 200 ${(performance.now() - t0).toFixed(1)}ms -`);
    return true;
  }
}
