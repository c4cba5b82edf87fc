/**
 * @module server/pages/static-assets
 * The dashboard's scripts, served from this process: htmx from the installed package (never a CDN, so the
 * page's Content-Security-Policy can allow scripts from 'self' only) and the small scripts of the ledger,
 * assessment and desk pages.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import type { ApiEnv } from '../api.js';
import { ACT_SCRIPT } from './act-script.js';
import { ASSESS_SCRIPT } from './assess-script.js';
import { VERIFY_SCRIPT } from './verify-script.js';

const require = createRequire(import.meta.url);
let htmxSource: string | undefined;
function htmx(): string {
  htmxSource ??= readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');
  return htmxSource;
}

const JS = { 'content-type': 'text/javascript; charset=utf-8' };

/** Mount /static/htmx.min.js (cached a day), /static/verify.js, /static/assess.js and /static/act.js. */
export function staticAssets(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/static/htmx.min.js', (c) =>
    c.body(htmx(), 200, { ...JS, 'cache-control': 'public, max-age=86400' }),
  );
  app.get('/static/verify.js', (c) => c.body(VERIFY_SCRIPT, 200, JS));
  app.get('/static/assess.js', (c) => c.body(ASSESS_SCRIPT, 200, JS));
  app.get('/static/act.js', (c) => c.body(ACT_SCRIPT, 200, JS));
  return app;
}
