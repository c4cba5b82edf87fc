/**
 * @module server/pages/timeline-page
 * The tariff timeline: per track, the rate in force (from verified facts) against the steps the agreement
 * plans, with snap-backs marked; a track of localized relief shows the share of the importer's entries
 * relieved instead.
 */
import * as Plot from '@observablehq/plot';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { formatPercent } from '../../_lib/money.js';
import type { Evaluation } from '../../evaluation/index.js';
import type { ApiEnv } from '../api.js';
import type { ServerContext } from '../context.js';
import { agreementPicking } from './agreement-picker.js';
import { chart } from './charts.js';
import { sortIds } from './format.js';
import { empty, type Markup, page } from './layout.js';

const pct = (ppm: number) => ppm / 10_000;

/** Mount /timeline. */
export function timelinePage(ctx: ServerContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { pick, agreementPicker } = agreementPicking(ctx);
  app.get('/timeline', async (c) => {
    const s = pick(c.req.query('agreement'));
    const variant = c.req.query('variant') || undefined;
    const ev = await ctx.evaluation(s.agreement.id, c.req.query('asOf'), variant);
    const variants = s.agreement.term.variants ?? [];
    const variantPick = variants.length
      ? html`<label>term variant<select name="variant"><option value="">default</option>${variants.map((v) => html`<option value="${v.id}" ${v.id === variant ? 'selected' : ''}>${v.id} (${v.years} y)</option>`)}</select></label>`
      : html``;
    return c.html(
      page(
        'Tariff timeline',
        'timeline',
        html`<h1>Tariff timeline — ${s.agreement.title}</h1>
        ${agreementPicker('/timeline', s.agreement.id, variantPick)}
        <p class="muted">As of ${ev.asOf}${ev.agreement.variant ? `, variant ${ev.agreement.variant}` : ''}${ev.ledger ? `, from the first ${ev.ledger.size} log entries` : ''}. The solid line is the rate in force (from verified facts); dots are the steps the agreement plans (filled when reached); red marks are snap-backs.</p>
        ${ev.tracks.length === 0 ? empty('This agreement has no tariff tracks.') : ev.tracks.map((t) => trackSection(t, ev, s.file))}`,
      ),
    );
  });
  return app;
}

function trackSection(t: Evaluation['tracks'][number], ev: Evaluation, file: string): Markup {
  const end = new Date(`${ev.agreement.termEnds}T00:00:00Z`);
  const inForce = t.inForce.flatMap((s) => {
    const from = new Date(`${s.from}T00:00:00Z`);
    const until = s.until
      ? new Date(`${s.until}T00:00:00Z`)
      : end > from
        ? end
        : new Date(from.getTime() + 365 * 86_400_000);
    return [
      { date: from, rate: pct(s.rate), kind: s.kind },
      { date: until, rate: pct(s.rate), kind: s.kind },
    ];
  });
  const snaps = t.inForce
    .filter((s) => s.kind === 'snap-back')
    .map((s) => ({ date: new Date(`${s.from}T00:00:00Z`), rate: pct(s.rate), label: 'snap-back' }));
  const planned = t.planned
    .filter((p) => p.effective)
    .map((p) => ({
      date: new Date(`${p.effective}T00:00:00Z`),
      rate: pct(p.rate),
      reached: p.reached ? 'reached' : 'not reached',
      label: p.stepId,
    }));
  const unreached = t.planned.filter((p) => !p.effective);
  const rateTable = html`<table class="data"><thead><tr><th>from</th><th>until</th><th class="num">rate</th><th>kind</th><th>because</th><th>sources</th></tr></thead><tbody>
      ${t.inForce.map((s) => html`<tr><td>${s.from}</td><td>${s.until ?? 'open'}</td><td class="num">${formatPercent(s.rate)}%</td><td>${s.kind === 'snap-back' ? html`<span class="badge s-bad">snap-back</span>` : s.kind}</td><td>${s.because}${s.uncertain ? html`<br /><span class="muted">uncertain: ${s.uncertain}</span>` : ''}</td><td class="muted">${s.sources.join(', ')}</td></tr>`)}
    </tbody></table>`;
  const heading = html`<h2 id="track-${t.track}">${t.title ?? t.track} <span class="muted">(${t.heading}, ${t.mode} rate, origin ${t.origin}${t.importers?.length ? `, importers ${t.importers.join(', ')}` : ''})</span></h2>`;
  // Localized relief: what changes over time is the share of the importer's entries relieved, not the rate.
  if (t.exemptShare) return html`${heading}${reliefSection(t, ev, file, end)}${rateTable}`;
  return html`${heading}
    ${chart(
      {
        height: 300,
        x: { type: 'utc', label: 'date' },
        y: {
          label: `${t.mode === 'inclusive' ? 'all-in' : 'additional'} duty rate (%)`,
          grid: true,
          domain: [0, Math.max(30, ...inForce.map((x) => x.rate))],
        },
        color: { legend: true, domain: ['reached', 'not reached'], range: ['#1c7c3a', '#a86500'] },
        marks: [
          Plot.line(inForce, { x: 'date', y: 'rate', stroke: '#2857a4', strokeWidth: 2 }),
          Plot.dot(planned, { x: 'date', y: 'rate', fill: 'reached', r: 5 }),
          Plot.text(planned, { x: 'date', y: 'rate', text: 'label', dy: -10 }),
          Plot.ruleX(snaps, { x: 'date', stroke: '#b3261e', strokeDasharray: '4,3' }),
          Plot.dot(snaps, { x: 'date', y: 'rate', fill: '#b3261e', symbol: 'triangle', r: 7 }),
        ],
      },
      {
        title: `${t.title ?? t.track}: scheduled vs in force`,
        units: `duty rate in % of customs value (${t.mode}); HTS ${t.hts.join(', ')}`,
        source: `${file}, evaluated by accord as of ${ev.asOf}; ${t.authority}`,
      },
    )}
    ${rateTable}
    ${unreached.length > 0 ? html`<p class="muted">Planned but not reached: ${unreached.map((p) => `${p.stepId} (${formatPercent(p.rate)}%, gate ${p.gate}: ${p.why})`).join(' · ')}</p>` : ''}`;
}

/**
 * A track of localized relief (`exemptShare`): the share of the importer's entries relieved over time — the
 * figure that moves as investment is verified — with the rate that share pays and the facts that earned it,
 * as `accord schedule` prints them. The rest of the importer's entries pay the general tracks on the heading.
 */
function reliefSection(t: Evaluation['tracks'][number], ev: Evaluation, file: string, end: Date): Markup {
  const shares = t.exemptShare ?? [];
  const start = t.inForce[0]?.from ?? shares[0]?.from;
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  const points = [
    ...(start && (shares[0]?.from ?? '') > start ? [{ from: start, share: 0, facts: [] as string[] }] : []),
    ...shares,
  ].map((s) => ({ date: day(s.from), share: pct(s.share), label: `${formatPercent(s.share)}%` }));
  const last = points[points.length - 1];
  const line = last ? [...points, { ...last, date: end > last.date ? end : last.date, label: '' }] : [];
  const whom = (t.importers ?? []).join(', ');
  const rates = [...new Set(t.inForce.map((s) => `${formatPercent(s.rate)}% ${s.mode}`))].join(', then ');
  const general = ev.tracks
    .filter((o) => o !== t && !o.importers?.length && o.heading === t.heading && o.origin === t.origin)
    .map((o) => o.title ?? o.track);
  return html`<p>Localized relief for <b>${whom}</b>: the relieved share of its entries pays ${rates} on ${t.heading}; the rest pay ${general.length ? html`the general track (${general.join(', ')})` : 'the other layers of the heading'} in full. The share follows the capital verified as disbursed.</p>
    ${
      shares.length === 0
        ? empty(`No investment by ${whom} is verified yet, so none of its entries is relieved.`)
        : chart(
            {
              height: 280,
              x: { type: 'utc', label: 'date' },
              y: { label: `share of ${whom}'s entries relieved (%)`, grid: true, domain: [0, 100] },
              marks: [
                Plot.line(line, {
                  x: 'date',
                  y: 'share',
                  stroke: '#1c7c3a',
                  strokeWidth: 2,
                  curve: 'step-after',
                }),
                Plot.dot(points, { x: 'date', y: 'share', fill: '#1c7c3a', r: 4 }),
                Plot.text(points, { x: 'date', y: 'share', text: 'label', dy: -10, fill: '#1c7c3a' }),
              ],
            },
            {
              title: `${t.title ?? t.track}: share of ${whom}'s entries relieved`,
              units: `% of ${whom}'s entries of HTS ${t.hts.join(', ')} from ${t.origin} that pay the relieved rate (${rates})`,
              source: `${file}, evaluated by accord as of ${ev.asOf}; facts ${sortIds(shares.flatMap((s) => s.facts)).join(', ')}`,
            },
          )
    }
    <table class="data relief"><thead><tr><th>from</th><th class="num">share relieved</th><th>verified by</th></tr></thead><tbody>
      ${shares.map((s) => html`<tr><td>${s.from}</td><td class="num">${formatPercent(s.share)}%</td><td>${sortIds(s.facts).join(', ')}</td></tr>`)}
    </tbody></table>`;
}
