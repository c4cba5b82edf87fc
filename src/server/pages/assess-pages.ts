/**
 * @module server/pages/assess-pages
 * Bulk assessment: the upload page (the upload itself goes to the API's jobs from /static/assess.js, see
 * server/assessments) with the limits that apply, and the finished job as a fragment: totals, duty by
 * layer and the bad rows.
 */
import * as Plot from '@observablehq/plot';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { formatUsd } from '../../_lib/money.js';
import type { ApiEnv } from '../api.js';
import { describeClass, formatDuration } from '../assess-limits.js';
import type { ServerContext } from '../context.js';
import { problemBody } from '../problem-response.js';
import { chart } from './charts.js';
import { centsToDollars, compactUsd } from './format.js';
import { empty, type Markup, page, problemFragment } from './layout.js';

/** Mount /assess and /assess/jobs/:id. */
export function assessPages(ctx: ServerContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/assess', (c) => {
    const limits = ctx.assessments.limits;
    const who = c.get('account') ? 'signed-in' : 'anonymous';
    return c.html(
      page(
        'Bulk assessment',
        'assess',
        html`<h1>Bulk assessment</h1>
        <p class="muted">Upload a CSV of entry lines (header: entry_id, line, hts, origin, entry_date, value, …). The file is assessed as it arrives, on a worker thread, by the same engine as the duty calculator; bad rows are listed with their row number and the rest are still assessed. The progress shown is the server's: bytes received and lines assessed. Results download as CSV.</p>
        <form id="assess-form" data-who="${who}">
          <p><input type="file" name="file" accept=".csv,text/csv" required /> <button type="submit">Upload and assess</button></p>
          <p><progress id="assess-progress" value="0" max="100"></progress> <span id="assess-progress-text" class="muted">no upload yet</span></p>
        </form>
        <div class="card" id="assess-limits"><b>Limits</b> — this page uploads ${who === 'anonymous' ? 'anonymously' : 'signed in'}.
          <ul>
            <li>Anonymous: ${describeClass(limits.anonymous)}.</li>
            <li>Signed in (the API with <code>Authorization: Bearer &lt;token&gt;</code>): ${describeClass(limits.signedIn)}.</li>
            <li>Uploads wait for one of ${limits.threads * limits.jobsPerThread} places per server process (${limits.threads} assessment thread${limits.threads === 1 ? '' : 's'}), signed-in ones first; an upload that sends nothing for ${formatDuration(limits.idleMs)} is stopped, one must arrive whole within ${formatDuration(limits.requestMs)} of its start (the server's request timeout; about 220 KB/s for 64 MiB), and its results may take at most ${limits.resultsPerByte} times its size (the realistic mix takes 1.9).</li>
          </ul>
          <span class="muted">A file over a limit is refused before it is sent, with the limit and what to do.</span></div>
        <noscript><div class="problem">Uploading from this page needs JavaScript. Without it, send the file to the API: <code>curl --data-binary @entries.csv -H 'content-type: text/csv' ${new URL(c.req.url).origin}/api/assessments</code></div></noscript>
        <div id="assess-result">${empty('No assessment yet. Upload a CSV to see the totals by layer and origin.')}</div>
        <script src="/static/assess.js"></script>`,
      ),
    );
  });
  // The finished job as a fragment (the page's script swaps it in with htmx when the upload is done).
  app.get('/assess/jobs/:id', async (c) => {
    const rec = await ctx.assessments.status(c.req.param('id'));
    if (!rec) throw ctx.assessments.unknown();
    if (rec.state === 'failed' && rec.error)
      return c.html(
        problemFragment(problemBody(rec.error.status, rec.error.code, rec.error.message, rec.error.problems)),
      );
    const s = rec.summary;
    if (rec.state !== 'done' || !s)
      return c.html(
        html`<div class="card" id="assess-pending">${rec.file}: ${rec.state}, ${rec.bytesRead.toLocaleString('en-US')} bytes received, ${rec.lines.toLocaleString('en-US')} lines assessed</div>`,
      );
    // Money in the summary is a decimal string with two places ("4500.00"): exact cents without a parser.
    const usd = (text: string) => formatUsd(BigInt(text.replace('.', '')));
    const problems = rec.problems ?? [];
    return c.html(html`<div class="card" id="assess-summary" data-id="${rec.id}">
        <h2>${s.lines.toLocaleString('en-US')} lines in ${s.entries.toLocaleString('en-US')} entries assessed${s.badRows ? `, ${s.badRows.toLocaleString('en-US')} bad rows` : ''}</h2>
        <p>Value ${usd(s.value)} · duty <b>${usd(s.duty)}</b> (effective ${s.effectiveRate}%) · MPF ${usd(s.mpf)} · HMF ${usd(s.hmf)}</p>
        <p><a id="assess-download" href="/api/assessments/${rec.id}/results.csv" download>Download the results (CSV, ${((rec.resultBytes ?? 0) / 1e6).toFixed(1)} MB)</a>
          <span class="muted">kept until ${new Date(rec.expiresAt ?? 0).toISOString().slice(0, 16).replace('T', ' ')} UTC</span></p>
      </div>
      ${s.byLayer.length > 0 ? layerChart(s.byLayer, rec.file) : ''}
      ${
        problems.length > 0
          ? html`<h2>Bad rows${s.badRows > problems.length ? ` (the first ${problems.length} of ${s.badRows.toLocaleString('en-US')})` : ''}</h2><table class="data"><thead><tr><th>row</th><th>problem</th></tr></thead><tbody>${problems.map((p) => html`<tr><td>${p.where?.row ?? ''}</td><td><code>${p.code}</code> ${p.message}</td></tr>`)}</tbody></table>`
          : ''
      }`);
  });
  return app;
}

/** Bars shown in "Duty by layer"; the rest are summed into one "other" bar (all are in the table below it). */
export const TOP_LAYERS = 12;

/**
 * Duty by layer for a bulk assessment: the layers that carry the most duty, then "other" for the rest, with
 * compact dollar labels, so a file touching 130 layers still gives a chart one screen tall. Every layer is
 * in the table that follows.
 */
function layerChart(
  byLayer: readonly { heading: string; lines: number; duty: string }[],
  file: string,
): Markup {
  const cents = (text: string) => BigInt(text.replace('.', ''));
  const sorted = [...byLayer].sort((a, b) => {
    const d = cents(b.duty) - cents(a.duty);
    return d > 0n ? 1 : d < 0n ? -1 : a.heading < b.heading ? -1 : 1;
  });
  const top = sorted.slice(0, sorted.length > TOP_LAYERS + 1 ? TOP_LAYERS : sorted.length);
  const rest = sorted.slice(top.length);
  const bars = top.map((l) => ({ layer: l.heading, duty: centsToDollars(cents(l.duty)), lines: l.lines }));
  if (rest.length > 0)
    bars.push({
      layer: `other (${rest.length} layers)`,
      duty: centsToDollars(rest.reduce((a, l) => a + cents(l.duty), 0n)),
      lines: rest.reduce((a, l) => a + l.lines, 0),
    });
  const rows = bars.map((b) => ({ ...b, label: compactUsd(b.duty) }));
  const longest = Math.max(...rows.map((r) => r.layer.length));
  const max = Math.max(0, ...rows.map((r) => r.duty));
  return html`${chart(
    {
      height: 60 + 24 * rows.length,
      // Room for the longest heading (about 7 px a character at 12 px) and for the value after each bar.
      marginLeft: Math.min(260, 16 + 7 * longest),
      marginRight: 70,
      x: {
        label: 'duty (US$)',
        grid: true,
        domain: [0, max > 0 ? max : 1],
        nice: true,
        ticks: 5,
        tickFormat: compactUsd,
      },
      y: { label: null, domain: rows.map((r) => r.layer) },
      marks: [
        Plot.barX(rows, { y: 'layer', x: 'duty', fill: '#2857a4' }),
        Plot.text(rows, {
          y: 'layer',
          x: 'duty',
          text: 'label',
          dx: 4,
          textAnchor: 'start',
          fill: '#1d2330',
        }),
        Plot.ruleX([0]),
      ],
    },
    {
      title: `Duty by layer: the ${top.length} largest of ${sorted.length}${rest.length > 0 ? ', the rest as "other"' : ''}`,
      units: 'US dollars of duty per Chapter 99 / column-1 heading',
      source: `accord assessment of ${file} over the shipped rule base`,
    },
  )}
  <details class="card" id="assess-layers"><summary>All ${sorted.length} layers</summary>
    <table class="data"><thead><tr><th>heading</th><th class="num">lines</th><th class="num">duty</th></tr></thead><tbody>
    ${sorted.map((l) => html`<tr><td><code>${l.heading}</code></td><td class="num">${l.lines.toLocaleString('en-US')}</td><td class="num">${formatUsd(cents(l.duty))}</td></tr>`)}
    </tbody></table></details>`;
}
