/**
 * @module server/pages/duty-pages
 * The duty calculator: the form, and its answer as a fragment (every layer considered with its source,
 * the fees, and the same line across the eras of 2025–2026). An answer under an agreement that is not
 * enacted law says it is hypothetical.
 */
import * as Plot from '@observablehq/plot';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { formatPercent, formatUsd } from '../../_lib/money.js';
import { FACT_NAMES, overlayLabel } from '../../tariff/index.js';
import type { ApiEnv } from '../api.js';
import { type DutyQuery, dutyHistory, dutyInputOf, dutyOn, ERA_DATES } from '../compute.js';
import type { ServerContext } from '../context.js';
import { chart } from './charts.js';
import { badge, empty, page } from './layout.js';

const pct = (ppm: number) => ppm / 10_000;

/** Mount /duty and /duty/result. */
export function dutyPages(ctx: ServerContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get('/duty', (c) =>
    c.html(
      page(
        'Duty calculator',
        'duty',
        html`<h1>Duty calculator</h1>
        <p class="muted">The duty on one entry line: every layer of US duty law considered (Chapter 99 lines, then the column-1 rate), whether it applied and why, with its legal source; MPF and HMF; and the same line across the eras of 2025–2026.</p>
        <form class="inline" id="duty-form" hx-get="/duty/result" hx-target="#duty-result" hx-swap="innerHTML">
          <label>HTS code<input name="hts" value="8703.23.01" required /></label>
          <label>origin<input name="origin" value="JP" size="3" required /></label>
          <label>entry date<input name="date" value="2025-10-01" required /></label>
          <label>customs value (US$)<input name="value" value="40000" required /></label>
          <label>transport<select name="transport"><option value="ocean" selected>ocean (pays HMF)</option><option value="air">air</option><option value="other">other (truck, rail …)</option></select></label>
          <label>importer (optional)<input name="importer" value="" size="10" placeholder="e.g. honda" /></label>
          <label>USMCA<select name="usmca"><option value="" selected>not declared (not claimed)</option><option value="true">claimed (goods of CA, MX)</option><option value="false">not claimed</option></select></label>
          <label>metal share (% of value)<input name="metalShare" value="" size="5" placeholder="e.g. 40" /></label>
          <label>loaded for export (optional)<input name="loaded" value="" size="10" placeholder="YYYY-MM-DD" /></label>
          <label>quota<select name="quota"><option value="" selected>not declared (within)</option><option value="within">within the quota</option><option value="over">over the quota</option></select></label>
          <label>auto part certified for<select name="autoPartUse"><option value="" selected>not declared (no certification)</option><option value="us-production-repair">US automobile production or repair (note 33(p))</option><option value="uk-vehicles">UK-built automobiles (UK parts, note 33(q))</option><option value="us-mhd-production-repair">US truck or bus production or repair (note 38(j))</option><option value="none">no certification</option></select></label>
          <label>transshipped<select name="transshipped"><option value="" selected>not declared (no)</option><option value="true">CBP determined transshipment</option><option value="false">no determination</option></select></label>
          <label>overlay<select name="overlay"><option value="">US law as enacted</option>${[...ctx.agreements.values()].map((s) => html`<option value="${s.agreement.id}">+ ${s.agreement.title}${s.agreement.status === 'enacted' ? '' : ` — ${s.agreement.status}, not enacted`}</option>`)}</select></label>
          <button type="submit">Compute</button><span class="htmx-indicator">computing…</span>
        </form>
        <div id="duty-result">${empty('Enter an entry line and press Compute.')}</div>`,
      ),
    ),
  );
  app.get('/duty/result', async (c) => {
    const q: DutyQuery = {
      hts: c.req.query('hts') ?? '',
      origin: c.req.query('origin') ?? '',
      date: c.req.query('date') ?? '',
      value: c.req.query('value') ?? '',
      overlay: c.req.query('overlay') || undefined,
      transport: c.req.query('transport') || undefined,
      importer: c.req.query('importer') || undefined,
      // Every fact the API reads, though the form offers the common ones: a link may declare any.
      ...Object.fromEntries(FACT_NAMES.map((f) => [f, f === 'qty' ? c.req.queries(f) : c.req.query(f)])),
    };
    const input = dutyInputOf(q);
    const r = await dutyOn(ctx, input, q.overlay);
    // A duty computed with an agreement that is not enacted law is hypothetical, and says so beside the total.
    const basis =
      r.overlay ??
      (q.overlay ? { agreement: q.overlay, status: ctx.agreement(q.overlay).agreement.status } : undefined);
    const hypothetical = overlayLabel(basis);
    // Goods are not entered before they are loaded: the eras start at the loading date when one is declared.
    const dates = [...new Set([...ERA_DATES, input.date])].filter((d) => !input.loaded || d >= input.loaded);
    const history = await dutyHistory(ctx, { ...q, dates: dates.sort().join(',') });
    const rows = history.map((h) => ({
      date: new Date(`${h.date}T00:00:00Z`),
      rate: pct(h.effectiveRate),
      label: `${formatPercent(h.effectiveRate)}%`,
    }));
    return c.html(html`<div class="card" id="duty-answer">
        <h2>${r.hts} ${r.description}</h2>
        <p>Origin ${r.origin}, entered ${r.date}, value ${formatUsd(r.value)}</p>
        <p><b>Total duty <span id="total-duty">${formatUsd(r.totalDuty)}</span></b>${hypothetical ? html` <span class="badge s-warn" id="hypothetical" title="${hypothetical}">hypothetical</span>` : ''} — effective rate ${formatPercent(r.effectiveRate)}% · MPF ${formatUsd(r.fees.mpf.amount)} · HMF <span id="hmf">${formatUsd(r.fees.hmf)}</span></p>
        ${hypothetical ? html`<p class="muted" id="hypothetical-note">${capitalize(hypothetical)}: these amounts show what its tracks would do, not duty owed under law in force.</p>` : ''}
        <p class="muted">${r.fees.mpf.note} · HMF: ${r.fees.hmfNote}</p>
        ${r.assumptions.length > 0 ? html`<p class="muted" id="assumptions">Assumed where the line did not say (declare above, or over the API, to change): ${r.assumptions.map((a, i) => html`${i > 0 ? '; ' : ''}<b>${a.fact}</b> ${a.used}`)}</p>` : ''}
        <table class="data"><thead><tr><th>layer</th><th>applied</th><th class="num">rate</th><th class="num">duty</th><th>why</th><th>source</th></tr></thead><tbody>
        ${r.lines.map((l) => html`<tr><td><code>${l.heading}</code><br /><span class="muted">${l.authority}</span></td><td>${l.applied ? badge('ok') : html`<span class="badge">no</span>`}</td><td class="num">${l.applied ? `${formatPercent(l.rate)}%` : ''}</td><td class="num">${l.applied ? formatUsd(l.duty) : ''}</td><td>${l.reason}</td><td class="muted">${l.source}</td></tr>`)}
        </tbody></table></div>
      ${chart(
        {
          height: 260,
          x: { type: 'utc', label: 'entry date' },
          y: {
            label: 'effective duty rate (%)',
            grid: true,
            domain: [0, Math.max(30, ...rows.map((x) => x.rate))],
          },
          marks: [
            Plot.lineY(rows, { x: 'date', y: 'rate', curve: 'step-after', stroke: '#2857a4' }),
            Plot.dot(rows, { x: 'date', y: 'rate', fill: '#2857a4' }),
            Plot.text(rows, { x: 'date', y: 'rate', text: 'label', dy: -10 }),
          ],
        },
        {
          title: `The same line across eras: ${r.hts} from ${r.origin}, value ${formatUsd(r.value)}${hypothetical ? ' (hypothetical)' : ''}`,
          units: 'total duty as % of customs value, by entry date',
          source:
            'accord tariff engine over the shipped rule base (HTSUS col. 1, Chapter 99 layers as cited per layer above)',
        },
      )}`);
  });
  return app;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
