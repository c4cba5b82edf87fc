/**
 * @module server/docs
 * What the server sends besides the API and the dashboard: the OpenAPI document and a human page listing the
 * API's routes. (The scripts pages load are the pages' own sub-app, pages/static-assets.ts.)
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { OPENAPI_DOCUMENT } from './api.js';
import { page } from './pages/layout.js';
import type { ApiEnv } from './routes/kit.js';

/** One row of the docs page. */
interface DocRow {
  method: string;
  path: string;
  summary: string;
  auth: boolean;
}

/** The API's operations, as the docs page lists them. */
function docRows(api: OpenAPIHono<ApiEnv>): DocRow[] {
  const doc = api.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'accord API', version: '0.1.0' } });
  const rows: DocRow[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(item ?? {})) {
      if (typeof op !== 'object' || op === null || Array.isArray(op)) continue;
      const summary = 'summary' in op && typeof op.summary === 'string' ? op.summary : '';
      const security = 'security' in op && Array.isArray(op.security) ? op.security : [];
      rows.push({ method: method.toUpperCase(), path: `/api${path}`, summary, auth: security.length > 0 });
    }
  return rows;
}

/** Mount /openapi.json and /docs. */
export function mountDocs(app: Hono<ApiEnv>, api: OpenAPIHono<ApiEnv>): void {
  app.get('/openapi.json', (c) => c.json(api.getOpenAPI31Document(OPENAPI_DOCUMENT)));
  app.get('/docs', (c) => {
    const rows = docRows(api);
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
          <p>Duty lookups (<code>/api/duty</code>, <code>/api/duty/history</code>) take the facts <code>accord duty</code> declares as query parameters of the same names in camel case: <code>usmca=true</code>, <code>metalShare=40</code>, <code>loaded=2025-08-01</code>, <code>quota=over</code>, <code>transshipped=true</code>, <code>qty=liter=750</code> (repeat for several) and the rest listed in <a href="/openapi.json">/openapi.json</a>. A fact not given is assumed, and the answer's <code>assumptions</code> say how.</p>
          <p>Tiles for offline verifiers: <code>/api/ledger/checkpoint</code>, <code>/api/ledger/tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</code>, <code>/api/ledger/tile/entries/&lt;N&gt;</code> (c2sp.org/tlog-tiles).</p>`,
      ),
    );
  });
}
