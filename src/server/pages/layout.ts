/**
 * @module server/pages/layout
 * The dashboard's page shell (navigation, styles, htmx served locally) and the problem fragment that
 * htmx swaps into a form when a request fails.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { formatLocation } from '../../_lib/problem.js';
import type { ProblemBody } from '../problem-response.js';

/** Markup a page renders. */
export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>;

const NAV: readonly [string, string, string][] = [
  ['overview', '/', 'Overview'],
  ['timeline', '/timeline', 'Tariff timeline'],
  ['milestones', '/milestones', 'Milestones'],
  ['ledger', '/ledger', 'Ledger'],
  ['duty', '/duty', 'Duty calculator'],
  ['assess', '/assess', 'Bulk assessment'],
  ['simulate', '/simulate', 'Simulator'],
  ['negotiation', '/negotiation', 'Negotiation'],
  ['act', '/act', 'Act'],
  ['docs', '/docs', 'API'],
];

const CSS = `
:root{--fg:#1d2330;--muted:#5b6475;--line:#d9dee7;--accent:#2857a4;--ok:#1c7c3a;--warn:#a86500;--bad:#b3261e;--bg:#f6f7f9}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);background:var(--bg)}
header{background:#15233d;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center;flex-wrap:wrap}
header .brand{font-weight:700;font-size:1.05rem;margin-right:.6rem}header a{color:#c9d6f0;text-decoration:none;padding:.2rem .4rem;border-radius:4px}
header a.on,header a:hover{background:#2b3d62;color:#fff}
main{max-width:1180px;margin:0 auto;padding:1rem 1.2rem 3rem}h1{font-size:1.5rem;margin:.6rem 0}h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;margin:.8rem 0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:.8rem}
table.data{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}table.data th,table.data td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
table.data th{background:#eef1f6;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600;background:#e6e9ef}
.s-met,.s-counts,.s-ok{background:#dcf2e2;color:var(--ok)}.s-missed,.s-snapped-back,.s-bad{background:#fbe0de;color:var(--bad)}.s-in-cure,.s-pending,.s-warn{background:#fff0d6;color:var(--warn)}.s-waived{background:#e3e8fb;color:var(--accent)}
.muted{color:var(--muted)}code{font-size:.85em;background:#eef1f6;padding:.05rem .25rem;border-radius:3px}
form.inline{display:flex;gap:.6rem;flex-wrap:wrap;align-items:end}form.inline label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid #b8c0cf;border-radius:5px;background:#fff}button{background:var(--accent);color:#fff;border-color:var(--accent);cursor:pointer}
.problem{border:1px solid #e7b2ad;background:#fdf1f0;border-radius:8px;padding:.7rem 1rem;margin:.8rem 0}.problem h3{margin:0 0 .3rem;color:var(--bad);font-size:1rem}
figure.chart{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.8rem;margin:.8rem 0;overflow-x:auto}figure.chart h3{margin:0 0 .2rem;font-size:1rem}figure.chart figcaption{font-size:.8rem;color:var(--muted)}
.bar{height:10px;background:#e6e9ef;border-radius:5px;overflow:hidden;min-width:120px}.bar>span{display:block;height:100%;background:var(--accent)}
.empty{padding:1rem;border:1px dashed var(--line);border-radius:8px;color:var(--muted);background:#fff}
progress{width:320px}.htmx-indicator{display:none}.htmx-request .htmx-indicator,.htmx-request.htmx-indicator{display:inline}
`;

/**
 * htmx under the Content-Security-Policy: its indicator styles are in {@link CSS} already (it would
 * otherwise insert a `<style>` element), and it never evaluates attribute code (script-src has no
 * 'unsafe-eval').
 */
const HTMX_CONFIG = JSON.stringify({ includeIndicatorStyles: false, allowEval: false });

/** A full page: head, navigation (with `active` marked), the body, htmx from this server. */
export function page(title: string, active: string, body: Markup): Markup {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · accord</title>
    <link rel="icon" href="data:," />
    <style>${raw(CSS)}</style>
    <meta name="htmx-config" content="${HTMX_CONFIG}" />
    <script src="/static/htmx.min.js"></script>
  </head>
  <body>
    <header>
      <span class="brand">accord</span>
      ${NAV.map(([id, href, label]) => html`<a href="${href}" class="${id === active ? 'on' : ''}">${label}</a>`)}
    </header>
    <main>${body}</main>
  </body>
</html>`;
}

/** A problem shown in place: the message and each positioned problem. */
export function problemFragment(p: ProblemBody): Markup {
  return html`<div class="problem" role="alert" data-code="${p.code}">
    <h3>${p.title}: ${p.detail}</h3>
    <ul>
      ${p.problems.map((q) => html`<li><code>${q.code}</code> ${q.message}${q.where ? html` <span class="muted">(${formatWhere(q.where)})</span>` : ''}</li>`)}
    </ul>
  </div>`;
}

function formatWhere(where: NonNullable<ProblemBody['problems'][number]['where']>): string {
  if (where.line !== undefined || where.row !== undefined || where.file !== undefined)
    return formatLocation(where);
  return where.pointer ?? '';
}

/** An empty state: what is missing and what to do about it. */
export function empty(text: string): Markup {
  return html`<div class="empty">${text}</div>`;
}

/** A status badge. */
export function badge(status: string): Markup {
  return html`<span class="badge s-${status}">${status}</span>`;
}
