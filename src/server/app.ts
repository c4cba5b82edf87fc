/**
 * @module server/app
 * The whole HTTP application: security headers on every response, the Host allow-list, sessions (bearer
 * tokens) with a limit on failed authentications, rate limits on every path, request logs without secrets,
 * the API under `/api/`, the OpenAPI document and docs page, static assets (htmx served from the package,
 * never a CDN) and the dashboard. Errors are problem+json, except that on pages htmx requests get the
 * problem as a fragment to swap into the form and browsers asking for HTML get a page; a known path with
 * the wrong method is 405 with `Allow`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { API_BASE, apiRoutes, LIMITS } from './api.js';
import { authenticate } from './authenticate.js';
import type { ServerContext } from './context.js';
import { mountDocs } from './docs.js';
import { DutyFastPath } from './duty-fast-path.js';
import { allowedMethods, formGate, type HostAllowList, hostCheck, securityHeaders } from './http-edge.js';
import { deskPages } from './pages/desk-pages.js';
import { dashboardRoutes } from './pages/routes.js';
import { answerProblem } from './problem-answer.js';
import { HttpProblem, problemBody, toProblem } from './problem-response.js';
import { clientOfAddress, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { type ApiEnv, incomingOf } from './routes/kit.js';
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

/** The peer a request came from, as a rate-limited client (an IPv6 peer by its /64). */
function peerKey(c: Context<ApiEnv>): string {
  return clientOfAddress(incomingOf(c.env)?.socket?.remoteAddress);
}

/** The client a rate limit applies to: the session's account, else the peer address. */
function clientKey(c: Context<ApiEnv>): string {
  const a = c.get('account');
  return a ? `acct:${a.id}` : peerKey(c);
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

/** The failed-authentication counter the options ask for (none, a shared one, or this process's own). */
function failureCounter(option: AppOptions['authFailures']): AuthFailureCounter | undefined {
  if (option === false) return undefined;
  if (option && 'blocked' in option) return option;
  return new LocalAuthFailures(option ?? AUTH_FAILURE_LIMIT);
}

/**
 * Everything before the routes, outermost first: security headers on every response (errors, 404s, 405s
 * and 421s included), the request log, the Host check (a page on a name this server is not is never
 * served), who is asking, and the rate limit on every path (a page costs more than most API reads).
 */
function edge(
  app: Hono<ApiEnv>,
  ctx: ServerContext,
  options: AppOptions,
  limiter: RateLimiter | undefined,
  failures: AuthFailureCounter | undefined,
): void {
  app.use('*', securityHeaders);
  const log = options.log;
  if (log)
    app.use('*', async (c, next) => {
      const t0 = performance.now();
      await next();
      // Path only: query strings and headers may carry things that do not belong in logs.
      log(
        `${c.req.method} ${loggable(c.req.path)} ${c.res.status} ${(performance.now() - t0).toFixed(1)}ms ${c.get('account')?.id ?? '-'}`,
      );
    });
  if (options.hosts) app.use('*', hostCheck(options.hosts));
  app.use('*', authenticate(ctx, failures, peerKey));
  if (limiter)
    app.use('*', async (c, next) => {
      const wait = limiter.take(clientKey(c));
      if (wait > 0)
        throw new HttpProblem(429, 'rate-limited', `too many requests; retry in ${wait} s`, [], {
          'retry-after': String(wait),
        });
      await next();
    });
}

/** A known path asked with the wrong method is 405 with `Allow`; anything else 404, saying where to look. */
function notFoundAnswer(app: Hono<ApiEnv>): (c: Context<ApiEnv>) => Response | Promise<Response> {
  const methodsOn = allowedMethods(() => app.routes);
  return (c) => {
    const allow = methodsOn(c.req.path);
    if (allow.length > 0)
      return answerProblem(
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
    return answerProblem(
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
  };
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
  const failures = failureCounter(options.authFailures);
  const log = options.log;
  const fastPath = new DutyFastPath(ctx, {
    ...(limiter ? { limiter } : {}),
    ...(log ? { log } : {}),
    ...(options.hosts ? { hosts: options.hosts } : {}),
  });
  edge(app, ctx, options, limiter, failures);

  const api = apiRoutes(ctx, fastPath);
  app.route(API_BASE, api);
  mountDocs(app, api);
  // The dashboard's small forms; the upload form streams its body and checks it itself.
  app.use('/simulate/run', formGate(LIMITS.json));
  app.use('/negotiation/run', formGate(LIMITS.json));
  app.use('/signin', formGate(4096));
  app.use('/signout', formGate(4096));
  deskPages(app, ctx, failures, peerKey);
  app.route('/', dashboardRoutes(ctx));

  app.notFound(notFoundAnswer(app));
  app.onError((err, c) => {
    const body = toProblem(err, c.req.path);
    if (body.status >= 500 && log)
      log(`error ${c.req.method} ${loggable(c.req.path)}: ${err.stack ?? String(err)}`);
    return answerProblem(c, body, err instanceof HttpProblem ? err.headers : {});
  });
  const full = getRequestListener(app.fetch, options.hostname ? { hostname: options.hostname } : {});
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (!fastPath.handle(req, res)) void full(req, res);
  };
  return { app, listener };
}
