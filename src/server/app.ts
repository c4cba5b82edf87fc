/**
 * @module server/app
 * The whole HTTP application: security headers on every response, the Host allow-list, sessions (bearer
 * tokens) with a limit on failed authentications, rate limits on every path, request logs without secrets,
 * the API under `/api/`, the OpenAPI document and docs page, static assets (htmx served from the package,
 * never a CDN) and the dashboard. Errors are problem+json, except that on pages htmx requests get the
 * problem as a fragment to swap into the form and browsers asking for HTML get a page; a known path with
 * the wrong method is 405 with `Allow`.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { getRequestListener } from '@hono/node-server';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { API_BASE, type ApiEnv, apiRoutes, LIMITS, OPENAPI_DOCUMENT } from './api.js';
import type { ServerContext } from './context.js';
import { DutyFastPath } from './duty-fast-path.js';
import { allowedMethods, formGate, type HostAllowList, hostCheck, securityHeaders } from './http-edge.js';
import { ACT_SCRIPT } from './pages/act-script.js';
import { ASSESS_SCRIPT } from './pages/assess-script.js';
import { deskPages } from './pages/desk-pages.js';
import { page, problemFragment } from './pages/layout.js';
import { dashboardRoutes } from './pages/routes.js';
import { VERIFY_SCRIPT } from './pages/verify-script.js';
import {
  HttpProblem,
  type ProblemBody,
  problemBody,
  problemResponse,
  toProblem,
} from './problem-response.js';
import { clientOfAddress, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { cookieValue, SESSION_COOKIE } from './sessions.js';
import { AUTH_FAILURE_LIMIT, type AuthFailureCounter, LocalAuthFailures } from './shared-limits.js';

/** How the app behaves around the API. */
export interface AppOptions {
  /**
   * Per-client rate limit on every path (API, pages, static files); `false` turns it off (benchmarks on
   * loopback). A server of N workers gives each worker 1/N of its limit.
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Failed authentications per client: a counter (a worker's, shared through its primary), limits for this
   * process alone, or `false` for none. Default {@link AUTH_FAILURE_LIMIT} in this process.
   */
  authFailures?: AuthFailureCounter | RateLimitOptions | false;
  /** The Host names answered (others get 421); omit to answer any Host (in-process use only). */
  hosts?: HostAllowList;
  /** Where request log lines go (never tokens, never bodies); omit for silence. */
  log?: (line: string) => void;
  /** The host name for request URLs when a request has no Host header. */
  hostname?: string;
}

const require = createRequire(import.meta.url);
let htmxSource: string | undefined;
function htmx(): string {
  htmxSource ??= readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');
  return htmxSource;
}

/** The peer a request came from, as a rate-limited client (an IPv6 peer by its /64). */
function peerKey(c: Context<ApiEnv>): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return clientOfAddress(incoming?.socket?.remoteAddress);
}

/** The client a rate limit applies to: the session's account, else the peer address. */
function clientKey(c: Context<ApiEnv>): string {
  const a = c.get('account');
  return a ? `acct:${a.id}` : peerKey(c);
}

/** Paths only programs read: their problems are always problem+json, never a page. */
function machinePath(path: string): boolean {
  return (
    path === '/api' || path.startsWith('/api/') || path === '/openapi.json' || path.startsWith('/static/')
  );
}

/** The host[:port] of an Origin header, or '' when it is not a URL. */
function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return '';
  }
}

/** A path fit for a log line: control characters (a decoded %0A) escaped, so one request is one line. */
function loggable(path: string): string {
  return path.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Build the application over a started context. */
export function createApp(ctx: ServerContext, options: AppOptions = {}): Hono<ApiEnv> {
  return createHandler(ctx, options).app;
}

/** The application and a Node request listener that serves repeated duty lookups before it. */
export interface Handler {
  app: Hono<ApiEnv>;
  listener: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * Build the application and its Node listener: the listener answers remembered anonymous duty lookups
 * itself (same rate limiter, same log line) and hands every other request to the application.
 */
export function createHandler(ctx: ServerContext, options: AppOptions = {}): Handler {
  const app = new Hono<ApiEnv>();
  const limiter =
    options.rateLimit === false
      ? undefined
      : new RateLimiter(options.rateLimit ?? { perSecond: 50, burst: 100 });
  const failures =
    options.authFailures === false
      ? undefined
      : options.authFailures && 'blocked' in options.authFailures
        ? options.authFailures
        : new LocalAuthFailures(options.authFailures ?? AUTH_FAILURE_LIMIT);
  const log = options.log;
  const hosts = options.hosts;
  const fastPath = new DutyFastPath(ctx, {
    ...(limiter ? { limiter } : {}),
    ...(log ? { log } : {}),
    ...(hosts ? { hosts } : {}),
  });

  // Outermost, so every response carries them: errors, 404s, 405s and 421s included.
  app.use('*', securityHeaders);

  if (log) {
    app.use('*', async (c, next) => {
      const t0 = performance.now();
      await next();
      // Path only: query strings and headers may carry things that do not belong in logs.
      log(
        `${c.req.method} ${loggable(c.req.path)} ${c.res.status} ${(performance.now() - t0).toFixed(1)}ms ${c.get('account')?.id ?? '-'}`,
      );
    });
  }

  // Before anything reads the request: a page on a name this server is not must not be served at all.
  if (hosts) app.use('*', hostCheck(hosts));

  app.use('*', async (c, next) => {
    const h = c.req.header('authorization');
    if (h !== undefined) {
      const peer = peerKey(c);
      // A client that has guessed too often is not even checked: no answer tells it a token was right.
      const wait = failures?.blocked(peer) ?? 0;
      if (wait > 0)
        throw new HttpProblem(
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
      const m = /^Bearer\s+(\S+)$/i.exec(h);
      let account = m ? ctx.directory.authenticate(m[1]!) : undefined;
      // Another worker may have created the account since this one loaded the state.
      if (!account && m && ctx.reloadAccounts()) account = ctx.directory.authenticate(m[1]!);
      if (!account) {
        await failures?.fail(peer);
        throw new HttpProblem(
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
          {
            'www-authenticate': 'Bearer realm="accord", error="invalid_token"',
          },
        );
      }
      c.set('account', account);
    } else {
      const cookie = cookieValue(c.req.header('cookie'), SESSION_COOKIE);
      if (cookie !== undefined && cookie !== '') await cookieSession(c, cookie);
    }
    await next();
  });

  /**
   * A browser session from its cookie. A refused cookie leaves the request anonymous (reads stay open) and
   * records why, so a write is told to sign in again. A state-changing request with a session must come
   * from this site: its Origin (when sent) is this Host, and it carries the session's CSRF token.
   */
  async function cookieSession(c: Context<ApiEnv>, cookie: string): Promise<void> {
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
  }

  if (limiter) {
    // Every path, pages and static files too: a page costs the server more than most API reads.
    app.use('*', async (c, next) => {
      const wait = limiter.take(clientKey(c));
      if (wait > 0)
        throw new HttpProblem(429, 'rate-limited', `too many requests; retry in ${wait} s`, [], {
          'retry-after': String(wait),
        });
      await next();
    });
  }

  const api = apiRoutes(ctx, fastPath);
  app.route(API_BASE, api);
  app.get('/openapi.json', (c) => c.json(api.getOpenAPI31Document(OPENAPI_DOCUMENT)));
  app.get('/docs', (c) => {
    const doc = api.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'accord API', version: '0.1.0' },
    });
    const rows = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, { summary?: string; security?: unknown[] }>).map(
        ([method, op]) => ({
          method: method.toUpperCase(),
          path: `/api${path}`,
          summary: op.summary ?? '',
          auth: (op.security?.length ?? 0) > 0,
        }),
      ),
    );
    return c.html(
      page(
        'API',
        'docs',
        html`<h1>API</h1>
          <p>The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Reads are open; writes need
            <code>Authorization: Bearer &lt;token&gt;</code> and a role that may make them. Errors are <code>application/problem+json</code>.</p>
          <table class="data">
            <thead><tr><th>method</th><th>path</th><th>what it does</th><th>session</th></tr></thead>
            <tbody>${rows.map((r) => html`<tr><td><code>${r.method}</code></td><td><code>${r.path}</code></td><td>${r.summary}</td><td>${r.auth ? 'token + role' : 'anyone'}</td></tr>`)}</tbody>
          </table>
          <p>Tiles for offline verifiers: <code>/api/ledger/checkpoint</code>, <code>/api/ledger/tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</code>, <code>/api/ledger/tile/entries/&lt;N&gt;</code> (c2sp.org/tlog-tiles).</p>`,
      ),
    );
  });

  app.get('/static/htmx.min.js', (c) =>
    c.body(htmx(), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    }),
  );
  app.get('/static/verify.js', (c) =>
    c.body(VERIFY_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/static/assess.js', (c) =>
    c.body(ASSESS_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );

  app.get('/static/act.js', (c) =>
    c.body(ACT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );

  // The dashboard's small forms; the upload form streams its body and checks it itself.
  app.use('/simulate/run', formGate(LIMITS.json));
  app.use('/negotiation/run', formGate(LIMITS.json));
  app.use('/signin', formGate(4096));
  app.use('/signout', formGate(4096));
  deskPages(app, ctx, failures, peerKey);
  app.route('/', dashboardRoutes(ctx));

  /**
   * A problem in the form the client reads: problem+json for programs and every machine path; on pages, a
   * fragment for htmx and a page for a browser that asked for HTML.
   */
  const answer = (c: Context<ApiEnv>, body: ProblemBody, headers: Record<string, string> = {}) => {
    const accept = c.req.header('accept') ?? '';
    if (machinePath(c.req.path) || accept.includes('application/problem+json'))
      return problemResponse(body, headers);
    // htmx swaps only 2xx by default, so an in-place error is sent as 200 with the problem fragment.
    if (c.req.header('hx-request')) return c.html(problemFragment(body), 200, headers);
    if (!accept.includes('text/html')) return problemResponse(body, headers);
    return c.html(
      page(body.title, '', html`<h1>${body.title}</h1>${problemFragment(body)}`),
      body.status as 400,
      headers,
    );
  };

  const methodsOn = allowedMethods(() => app.routes);
  app.notFound((c) => {
    const allow = methodsOn(c.req.path);
    if (allow.length > 0)
      return answer(
        c,
        problemBody(
          405,
          'method-not-allowed',
          `${c.req.path} answers ${allow.join(', ')}, not ${c.req.method}`,
          [],
          c.req.path,
        ),
        { allow: allow.join(', ') },
      );
    const api = c.req.path.startsWith('/api/') || c.req.path === '/api';
    return answer(
      c,
      problemBody(
        404,
        'not-found',
        api
          ? `no API route ${c.req.method} ${c.req.path}; see /openapi.json`
          : `no page at ${c.req.path}; the overview is at /`,
        [],
        c.req.path,
      ),
    );
  });

  app.onError((err, c) => {
    const body = toProblem(err, c.req.path);
    if (body.status >= 500 && log)
      log(`error ${c.req.method} ${loggable(c.req.path)}: ${(err as Error).stack ?? String(err)}`);
    return answer(c, body, err instanceof HttpProblem ? err.headers : {});
  });
  const full = getRequestListener(app.fetch, options.hostname ? { hostname: options.hostname } : {});
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (!fastPath.handle(req, res)) void full(req, res);
  };
  return { app, listener };
}
