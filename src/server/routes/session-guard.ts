/**
 * @module server/routes/session-guard
 * The refusals a route gives when the caller is not who it needs: no session (401, with `WWW-Authenticate`),
 * a browser session that expired or was signed out (401, sign in again), or a cookie used without its CSRF
 * token or from another site (403). And the pointing of a domain failure at the request field that caused it.
 */
import type { Context } from 'hono';
import { isAccordError, type Location } from '../../_lib/problem.js';
import type { Account } from '../actors.js';
import { HttpProblem } from '../problem-response.js';
import type { ApiEnv } from './env.js';

/** A browser session used without its CSRF token or from another site: 403, saying which. */
function refusedChange(refused: 'csrf' | 'cross-origin'): HttpProblem {
  const csrf = refused === 'csrf';
  return new HttpProblem(
    403,
    csrf ? 'csrf-invalid' : 'cross-origin',
    csrf
      ? 'a change made with a browser session needs its CSRF token (the x-csrf-token header the dashboard sends); reload the page and try again'
      : "a request from another site may not use this site's session",
    [
      {
        code: csrf ? 'csrf-invalid' : 'cross-origin',
        message: csrf ? 'missing or wrong CSRF token' : 'send it from this site',
        where: { file: 'header', pointer: csrf ? '/x-csrf-token' : '/origin' },
      },
    ],
  );
}

/** A session cookie that no longer opens a session: 401, sign in again. */
function staleCookie(refused: string): HttpProblem {
  return new HttpProblem(
    401,
    refused === 'expired' ? 'session-expired' : 'session-invalid',
    refused === 'expired'
      ? 'your session has expired; sign in again at /signin'
      : refused === 'signed-out'
        ? 'this session was signed out; sign in again at /signin'
        : 'the session cookie is not valid here; sign in again at /signin',
    [
      {
        code: refused === 'expired' ? 'session-expired' : 'session-invalid',
        message: 'sign in again',
        where: { file: 'header', pointer: '/cookie' },
      },
    ],
  );
}

/** The session's account, or 401 (403 for a cookie refused for its origin or CSRF token). */
export function requireAccount(c: Context<ApiEnv>): Account {
  const a = c.get('account');
  if (a) return a;
  const refused = c.get('sessionRefused');
  if (refused === 'csrf' || refused === 'cross-origin') throw refusedChange(refused);
  if (refused) throw staleCookie(refused);
  throw new HttpProblem(
    401,
    'unauthorized',
    'this route needs a session token: send Authorization: Bearer <token>',
    [
      {
        code: 'unauthorized',
        message: 'no session token',
        where: { file: 'header', pointer: '/authorization' },
      },
    ],
    { 'www-authenticate': 'Bearer realm="accord"' },
  );
}

/**
 * Run `fn`; a user-fixable failure caused by one request field (a size beyond the log, an entry not yet
 * checkpointed) is given that field as its `where`, so an API problem always says where the input is wrong.
 */
export async function pointedAt<T>(where: Location, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(isAccordError(e) || e instanceof HttpProblem) || e.status >= 500) throw e;
    const problems = e.problems.length > 0 ? e.problems : [{ code: e.code, message: e.message }];
    throw new HttpProblem(
      Math.max(e.status, 400),
      e.code,
      e.message,
      problems.map((p) => (p.where ? p : { ...p, where })),
      e instanceof HttpProblem ? e.headers : {},
    );
  }
}
