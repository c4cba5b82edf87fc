/**
 * @module server/sessions
 * Browser sessions for the dashboard. A person signs in once with their API token; the server answers with
 * an HttpOnly, SameSite=Strict cookie that names the account, an expiry and a random nonce, sealed with an
 * HMAC. The token itself never reaches the cookie, the page or a script.
 *
 * Why sealed rather than stored: any number of `accord serve` processes share one state file (they must, to
 * sign with the same log key), so a key derived from the log key lets each of them check any session with no
 * shared session table. The account's token digest is part of the seal, so a new token for an account ends
 * its old sessions. Signing out is recorded in an append-only file beside the state file (one line per
 * nonce, written with O_APPEND so two processes never lose each other's lines), which every process reads
 * again at most once a second; a signed-out cookie is refused everywhere, not only in the browser that
 * dropped it.
 *
 * Cross-site requests: SameSite=Strict keeps the cookie off them, and every state-changing request made with
 * the cookie must also carry the session's CSRF token (`x-csrf-token`, or `_csrf` in a form), derived from
 * the nonce with the same key, which pages embed and other sites cannot read.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Account, ActorDirectory } from './actors.js';

/** The cookie's name. */
export const SESSION_COOKIE = 'accord_session';

/** How long a session lasts: a working day. */
export const SESSION_SECONDS = 8 * 60 * 60;

/** A session the cookie proved. */
export interface Session {
  account: Account;
  /** Unix seconds. */
  expires: number;
  /** The token every state-changing request with this session must carry. */
  csrf: string;
  nonce: string;
}

/** Why a cookie did not open a session (a reader is told which, so they know to sign in again). */
export type CookieRefusal = 'malformed' | 'expired' | 'signed-out' | 'unknown-account';

/** Why a request with a session cookie is not served as that session: the cookie, or the request itself. */
export type SessionRefusal = CookieRefusal | 'csrf' | 'cross-origin';

const b64u = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Issues and checks sealed session cookies and their CSRF tokens. */
export class SessionKeys {
  private readonly key: Buffer;
  private readonly revoked = new Map<string, number>();
  private revokedRead = 0;

  /**
   * @param secret key material only the servers of this log hold (the log key's seed)
   * @param revocationFile where sign-outs are appended (shared by every process); none keeps them in memory
   */
  constructor(
    secret: Uint8Array,
    private readonly revocationFile?: string,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    // A key of its own: a session seal can never be confused with a log signature.
    this.key = Buffer.from(hkdfSync('sha256', secret, 'accord', 'accord-session/v1', 32));
  }

  private mac(text: string): string {
    return b64u(createHmac('sha256', this.key).update(text).digest());
  }

  /** A new session for `account`: the cookie value and the session it proves. */
  issue(account: Account): { cookie: string; session: Session } {
    const expires = this.now() + SESSION_SECONDS;
    const nonce = b64u(randomBytes(16));
    const id = b64u(account.id);
    const seal = this.mac(`s1\n${account.id}\n${expires}\n${nonce}\n${account.tokenSha256}`);
    return {
      cookie: `s1.${id}.${expires}.${nonce}.${seal}`,
      session: { account, expires, nonce, csrf: this.csrfOf(nonce) },
    };
  }

  private csrfOf(nonce: string): string {
    return this.mac(`csrf\n${nonce}`);
  }

  /** The session a cookie value proves, or why it proves none. */
  open(
    cookie: string,
    directory: ActorDirectory,
  ): { ok: true; session: Session } | { ok: false; why: CookieRefusal } {
    const m = /^s1\.([A-Za-z0-9_-]{1,200})\.([0-9]{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(
      cookie,
    );
    const [, idText, expText, nonce, seal] = m ?? [];
    if (idText === undefined || expText === undefined || nonce === undefined || seal === undefined)
      return { ok: false, why: 'malformed' };
    const id = Buffer.from(idText, 'base64url').toString('utf8');
    const account = directory.get(id);
    if (!account) return { ok: false, why: 'unknown-account' };
    const expires = Number(expText);
    if (!sameText(seal, this.mac(`s1\n${id}\n${expires}\n${nonce}\n${account.tokenSha256}`)))
      return { ok: false, why: 'malformed' };
    if (expires <= this.now()) return { ok: false, why: 'expired' };
    if (this.isRevoked(nonce)) return { ok: false, why: 'signed-out' };
    return { ok: true, session: { account, expires, nonce, csrf: this.csrfOf(nonce) } };
  }

  /** Whether `token` is this session's CSRF token (constant time). */
  csrfHolds(session: Session, token: string | undefined): boolean {
    return token !== undefined && sameText(token, session.csrf);
  }

  /** End a session everywhere: every process refuses its cookie from now on. */
  revoke(session: Session): void {
    this.revoked.set(session.nonce, session.expires);
    if (this.revocationFile)
      appendFileSync(this.revocationFile, `${session.nonce} ${session.expires}\n`, { mode: 0o600 });
  }

  private isRevoked(nonce: string): boolean {
    if (this.revoked.has(nonce)) return true;
    const t = this.now();
    // Another process may have signed this session out; its line is in the shared file.
    if (this.revocationFile && t !== this.revokedRead) {
      this.revokedRead = t;
      if (existsSync(this.revocationFile))
        for (const line of readFileSync(this.revocationFile, 'utf8').split('\n')) {
          const [n, exp] = line.split(' ');
          if (n && Number(exp) > t) this.revoked.set(n, Number(exp));
        }
    }
    return this.revoked.has(nonce);
  }
}

/** The value of one cookie in a Cookie header (the first, as browsers send the most specific first). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie header for a session (Secure when the page was reached over https). */
export function sessionCookieHeader(value: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie header that removes the session cookie. */
export function clearedCookieHeader(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
