/**
 * @module server/authenticate
 * Who is asking, before any route runs: a bearer token (with a limit on failed guesses per client) or a
 * browser session cookie. A refused cookie leaves the request anonymous, so reads stay open, and records why,
 * so a write is told to sign in again (server/routes/session-guard).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ServerContext } from './context.js';
import { HttpProblem } from './problem-response.js';
import type { ApiEnv } from './routes/kit.js';
import { cookieValue, SESSION_COOKIE } from './sessions.js';
import type { AuthFailureCounter } from './shared-limits.js';

/** The host[:port] of an Origin header, or '' when it is not a URL. */
function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return '';
  }
}

/** A client that has guessed too often: 429, and when to retry. */
function tooManyGuesses(wait: number): HttpProblem {
  return new HttpProblem(
    429,
    'auth-rate-limited',
    `too many failed authentications from this address; retry in ${wait} s`,
    [
      {
        code: 'auth-rate-limited',
        message: 'too many invalid session tokens',
        where: { file: 'header', pointer: '/authorization' },
      },
    ],
    { 'retry-after': String(wait) },
  );
}

/** A bearer token this server did not issue: 401. */
function invalidToken(): HttpProblem {
  return new HttpProblem(
    401,
    'token-invalid',
    'the session token is not valid (send Authorization: Bearer <token>)',
    [
      {
        code: 'token-invalid',
        message: 'not a session token of this server',
        where: { file: 'header', pointer: '/authorization' },
      },
    ],
    { 'www-authenticate': 'Bearer realm="accord", error="invalid_token"' },
  );
}

/**
 * The middleware that sets the request's account from its bearer token or session cookie. `peerKey` names
 * the client failed guesses are counted for.
 */
export function authenticate(
  ctx: ServerContext,
  failures: AuthFailureCounter | undefined,
  peerKey: (c: Context<ApiEnv>) => string,
): MiddlewareHandler<ApiEnv> {
  /**
   * A browser session from its cookie. A state-changing request with a session must come from this site:
   * its Origin (when sent) is this Host, and it carries the session's CSRF token.
   */
  const cookieSession = (c: Context<ApiEnv>, cookie: string): void => {
    let opened = ctx.sessions.open(cookie, ctx.directory);
    // Another worker may have created the account since this one loaded the state.
    if (!opened.ok && opened.why === 'unknown-account' && ctx.reloadAccounts())
      opened = ctx.sessions.open(cookie, ctx.directory);
    if (!opened.ok) {
      c.set('sessionRefused', opened.why);
      return;
    }
    // A change made with the cookie must come from this site and carry the session's CSRF token. One that
    // does not is served as anonymous (the simulator's forms work signed in or not), and a route that needs
    // the session refuses it with 403 and the reason (requireAccount).
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (unsafe) {
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== 'null' && new URL(c.req.url).host !== hostOf(origin)) {
        c.set('sessionRefused', 'cross-origin');
        return;
      }
      // The sign-out form carries its token in the body and its handler checks it; signing in again
      // starts a new session (its handler refuses other sites' forms).
      if (
        c.req.path !== '/signout' &&
        c.req.path !== '/signin' &&
        !ctx.sessions.csrfHolds(opened.session, c.req.header('x-csrf-token'))
      ) {
        c.set('sessionRefused', 'csrf');
        return;
      }
    }
    c.set('account', opened.session.account);
    c.set('session', opened.session);
  };

  return async (c, next) => {
    const h = c.req.header('authorization');
    if (h !== undefined) {
      const peer = peerKey(c);
      // A client that has guessed too often is not even checked: no answer tells it a token was right.
      const wait = failures?.blocked(peer) ?? 0;
      if (wait > 0) throw tooManyGuesses(wait);
      const token = /^Bearer\s+(\S+)$/i.exec(h)?.[1];
      let account = token === undefined ? undefined : ctx.directory.authenticate(token);
      // Another worker may have created the account since this one loaded the state.
      if (!account && token !== undefined && ctx.reloadAccounts())
        account = ctx.directory.authenticate(token);
      if (!account) {
        await failures?.fail(peer);
        throw invalidToken();
      }
      c.set('account', account);
    } else {
      const cookie = cookieValue(c.req.header('cookie'), SESSION_COOKIE);
      if (cookie !== undefined && cookie !== '') cookieSession(c, cookie);
    }
    await next();
  };
}
