/**
 * @module server/app
 * The whole HTTP application: sessions (bearer tokens), rate limits, request logs without secrets, the API
 * under `/api/`, the OpenAPI document and docs page, static assets (htmx served from the package, never a
 * CDN) and the dashboard. Errors on API paths are problem+json; on pages, htmx requests get the problem
 * as a fragment to swap into the form, others a page.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { getRequestListener } from '@hono/node-server';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { type ApiEnv, apiRoutes, OPENAPI_DOCUMENT } from './api.js';
import type { ServerContext } from './context.js';
import { DutyFastPath } from './duty-fast-path.js';
import { page, problemFragment } from './pages/layout.js';
import { dashboardRoutes } from './pages/routes.js';
import { VERIFY_SCRIPT } from './pages/verify-script.js';
import { HttpProblem, problemBody, problemResponse, toProblem } from './problem-response.js';
import { RateLimiter, type RateLimitOptions } from './rate-limit.js';

/** How the app behaves around the API. */
export interface AppOptions {
  /** Per-client rate limit on /api; `false` turns it off (benchmarks on loopback). */
  rateLimit?: RateLimitOptions | false;
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

/** The client a rate limit applies to: the session's token digest, else the peer address. */
function clientKey(c: Context<ApiEnv>): string {
  const a = c.get('account');
  if (a) return `acct:${a.id}`;
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return `addr:${incoming?.socket?.remoteAddress ?? 'local'}`;
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
  const log = options.log;
  const fastPath = new DutyFastPath(ctx, { ...(limiter ? { limiter } : {}), ...(log ? { log } : {}) });

  if (log) {
    app.use('*', async (c, next) => {
      const t0 = performance.now();
      await next();
      // Path only: query strings and headers may carry things that do not belong in logs.
      log(
        `${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - t0).toFixed(1)}ms ${c.get('account')?.id ?? '-'}`,
      );
    });
  }

  app.use('*', async (c, next) => {
    const h = c.req.header('authorization');
    if (h !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(h);
      let account = m ? ctx.directory.authenticate(m[1]!) : undefined;
      // Another worker may have created the account since this one loaded the state.
      if (!account && m && ctx.reloadAccounts()) account = ctx.directory.authenticate(m[1]!);
      if (!account)
        throw new HttpProblem(
          401,
          'token-invalid',
          'the session token is not valid (send Authorization: Bearer <token>)',
          [],
          {
            'www-authenticate': 'Bearer realm="accord", error="invalid_token"',
          },
        );
      c.set('account', account);
    }
    await next();
  });

  if (limiter) {
    app.use('/api/*', async (c, next) => {
      const wait = limiter.take(clientKey(c));
      if (wait > 0)
        throw new HttpProblem(429, 'rate-limited', `too many requests; retry in ${wait} s`, [], {
          'retry-after': String(wait),
        });
      await next();
    });
  }

  const api = apiRoutes(ctx, fastPath);
  app.route('/api', api);
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

  app.route('/', dashboardRoutes(ctx));

  app.notFound((c) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/api')
      return problemResponse(
        problemBody(
          404,
          'not-found',
          `no API route ${c.req.method} ${c.req.path}; see /openapi.json`,
          [],
          c.req.path,
        ),
      );
    return c.html(
      page(
        'Not found',
        '',
        html`<h1>Not found</h1><p>No page at <code>${c.req.path}</code>. <a href="/">Back to the overview</a>.</p>`,
      ),
      404,
    );
  });

  app.onError((err, c) => {
    const body = toProblem(err, c.req.path);
    if (body.status >= 500 && log)
      log(`error ${c.req.method} ${c.req.path}: ${(err as Error).stack ?? String(err)}`);
    const headers = err instanceof HttpProblem ? err.headers : {};
    if (c.req.path.startsWith('/api') || c.req.header('accept')?.includes('application/problem+json'))
      return problemResponse(body, headers);
    // htmx swaps only 2xx by default, so an in-place error is sent as 200 with the problem fragment.
    if (c.req.header('hx-request')) return c.html(problemFragment(body), 200, headers);
    return c.html(
      page(body.title, '', html`<h1>${body.title}</h1>${problemFragment(body)}`),
      body.status as 400,
      headers,
    );
  });
  const full = getRequestListener(app.fetch, options.hostname ? { hostname: options.hostname } : {});
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    if (!fastPath.handle(req, res)) void full(req, res);
  };
  return { app, listener };
}
