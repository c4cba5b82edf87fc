import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Account, ActorDirectory, tokenDigest } from './actors.js';
import { cookieValue, SESSION_SECONDS, SessionKeys, sessionCookieHeader } from './sessions.js';

const honda: Account = {
  id: 'honda',
  name: 'Honda',
  role: 'firm',
  commitments: [],
  tokenSha256: tokenDigest('acc_h'),
};
const dir = mkdtempSync(join(tmpdir(), 'accord-sessions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SessionKeys', () => {
  const secret = Buffer.alloc(32, 7);
  let now = 1_800_000_000;
  const clock = () => now;

  it('opens the cookie it issued, with the account and a CSRF token bound to it', () => {
    const keys = new SessionKeys(secret, undefined, clock);
    const dirOf = new ActorDirectory([honda]);
    const { cookie, session } = keys.issue(honda);
    expect(cookie).not.toContain('acc_h');
    const opened = keys.open(cookie, dirOf);
    expect(opened).toMatchObject({ ok: true, session: { account: { id: 'honda' }, csrf: session.csrf } });
    expect(keys.csrfHolds(session, session.csrf)).toBe(true);
    // One character changed (to a different one: a token ending in A would otherwise be left as it was).
    const other = session.csrf.endsWith('A') ? 'B' : 'A';
    expect(keys.csrfHolds(session, `${session.csrf.slice(0, -1)}${other}`)).toBe(false);
    expect(keys.csrfHolds(session, undefined)).toBe(false);
  });

  it('refuses a cookie changed anywhere, from another secret, or for another token', () => {
    const keys = new SessionKeys(secret, undefined, clock);
    const dirOf = new ActorDirectory([honda]);
    const { cookie } = keys.issue(honda);
    const parts = cookie.split('.');
    // Another account's name with the same seal.
    const forged = [parts[0], Buffer.from('us-gov').toString('base64url'), ...parts.slice(2)].join('.');
    const usGov = { ...honda, id: 'us-gov', role: 'government' as const };
    expect(keys.open(forged, new ActorDirectory([honda, usGov]))).toEqual({ ok: false, why: 'malformed' });
    // A later expiry.
    const later = [...parts.slice(0, 2), String(Number(parts[2]) + 3600), ...parts.slice(3)].join('.');
    expect(keys.open(later, dirOf)).toEqual({ ok: false, why: 'malformed' });
    expect(new SessionKeys(Buffer.alloc(32, 8), undefined, clock).open(cookie, dirOf)).toEqual({
      ok: false,
      why: 'malformed',
    });
    // The account got a new token: its old sessions end.
    expect(
      keys.open(cookie, new ActorDirectory([{ ...honda, tokenSha256: tokenDigest('acc_new') }])),
    ).toEqual({
      ok: false,
      why: 'malformed',
    });
    expect(keys.open('garbage', dirOf)).toEqual({ ok: false, why: 'malformed' });
    expect(keys.open(cookie, new ActorDirectory([]))).toEqual({ ok: false, why: 'unknown-account' });
  });

  it('expires after the session length', () => {
    const keys = new SessionKeys(secret, undefined, clock);
    const dirOf = new ActorDirectory([honda]);
    const { cookie } = keys.issue(honda);
    now += SESSION_SECONDS - 1;
    expect(keys.open(cookie, dirOf).ok).toBe(true);
    now += 1;
    expect(keys.open(cookie, dirOf)).toEqual({ ok: false, why: 'expired' });
  });

  it('a sign-out in one process is refused by another that shares the file', () => {
    const file = join(dir, 'state.json.signed-out');
    const a = new SessionKeys(secret, file, clock);
    const b = new SessionKeys(secret, file, clock);
    const dirOf = new ActorDirectory([honda]);
    const { cookie, session } = a.issue(honda);
    const other = a.issue(honda);
    expect(b.open(cookie, dirOf).ok).toBe(true);
    a.revoke(session);
    now += 1; // b re-reads the file at most once a second
    expect(b.open(cookie, dirOf)).toEqual({ ok: false, why: 'signed-out' });
    expect(b.open(other.cookie, dirOf).ok).toBe(true);
  });
});

describe('cookies', () => {
  it('reads one cookie among several and writes HttpOnly, SameSite=Strict', () => {
    expect(cookieValue('a=1; accord_session=s1.x; b=2', 'accord_session')).toBe('s1.x');
    expect(cookieValue('accord_sessionx=1', 'accord_session')).toBeUndefined();
    expect(cookieValue(undefined, 'accord_session')).toBeUndefined();
    const h = sessionCookieHeader('v', false);
    expect(h).toMatch(/HttpOnly; SameSite=Strict; Max-Age=28800$/);
    expect(sessionCookieHeader('v', true)).toMatch(/; Secure$/);
  });
});
