/**
 * @module server/pages/simulator-pages
 * The simulator: 7- vs 15-year terms under SMART, GSIM and exact CES, as a comparison table, path charts
 * and, with Monte Carlo, fan charts. Every figure names its model and whether it is a median or the
 * expected path.
 */
import * as Plot from '@observablehq/plot';
import { Hono } from 'hono';
import { html } from 'hono/html';
import { AccordError } from '../../_lib/problem.js';
import { VALUE_DEFINITIONS } from '../../economics/index.js';
import { fanChartSvg } from '../../render/fan-chart.js';
import { type ApiEnv, LIMITS } from '../api.js';
import { runSimulation } from '../compute.js';
import { type ChartMeta, chart, coincidingSeries, figure, type PathRow } from './charts.js';
import { formLimit } from './form-limit.js';
import { empty, type Markup, page } from './layout.js';

/** Mount /simulate and /simulate/run. */
export function simulatorPages(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post('/simulate/run', formLimit(LIMITS.json));
  app.get('/simulate', (c) =>
    c.html(
      page(
        'Simulator',
        'simulate',
        html`<h1>Simulator — 7 vs 15 years</h1>
        <p class="muted">The milestone compromise under Japan's 7-year term and the US's 15 years: trade, duty revenue and jobs per year under three tariff models (SMART partial equilibrium, GSIM, exact CES), with Monte Carlo bands over milestone attainment, elasticities and delivery. Scenario: examples/us-japan-milestones/scenario.yaml.</p>
        <form class="inline" id="sim-form" hx-post="/simulate/run" hx-target="#sim-result" hx-swap="innerHTML">
          <label>model<select name="model"><option value="all">compare all three</option><option value="smart">SMART</option><option value="gsim">GSIM</option><option value="ces">CES</option></select></label>
          <label>Monte Carlo paths<input name="runs" value="200" size="6" /></label>
          <label>seed<input name="seed" value="20250722" size="10" /></label>
          <button type="submit">Run</button><span class="htmx-indicator">simulating…</span>
        </form>
        <div id="sim-result">${empty('Choose a model and press Run.')}</div>`,
      ),
    ),
  );
  app.post('/simulate/run', async (c) => {
    const form = await c.req.parseBody();
    const int = (name: string, text: unknown, min: number, max: number) => {
      const n = Number(text);
      if (typeof text !== 'string' || !/^\d+$/.test(text.trim()) || n < min || n > max)
        throw new AccordError('simulation-input', `${name} must be a whole number from ${min} to ${max}`, {
          problems: [
            { code: 'simulation-input', message: `got "${String(text)}"`, where: { pointer: `/${name}` } },
          ],
        });
      return n;
    };
    const model = String(form.model ?? 'all');
    if (!['all', 'smart', 'gsim', 'ces'].includes(model))
      throw new AccordError('simulation-input', `unknown model ${model}`);
    const report = await runSimulation({
      model: model as 'all',
      runs: int('runs', form.runs, 0, 2000),
      seed: int('seed', form.seed, 0, 2 ** 32 - 1),
    });
    // With Monte Carlo the lines are the paths' medians, the same central value as the fans and the table;
    // without it they are the expected path, and every label says which.
    const mc = report.monteCarlo;
    const central = mc ? `median of ${mc.runs} Monte Carlo paths` : 'expected path, deterministic';
    const rows = report.results.flatMap((r) => {
      const b = report.bands?.get(`${r.model}:${r.variant.id}`);
      return r.years.map((y, i) => ({
        series: `${r.model} · ${r.variant.id}`,
        variant: r.variant.id,
        model: r.model,
        year: y.year,
        revenue: (b ? b.perYear.revenueForgone[i]!.p50 : Number(y.revenueForgone)) / 1e9,
        jobs: b ? b.perYear.modelledTotalJobs[i]!.p50 : Number(y.jobs.modelledTotal),
      }));
    });
    const money = (x: string | number) => {
      const v = Number(x) / 1e9;
      return `${v < 0 ? '−' : ''}$${Math.abs(v).toFixed(2)} bn`;
    };
    const count = (x: string | number) => Math.round(Number(x)).toLocaleString('en-US');
    type Cell = { p5: string | number; p50: string | number; p95: string | number } | undefined;
    const cell = (band: Cell, expected: string | number, f: (x: string | number) => string) =>
      band
        ? html`${f(band.p50)} <span class="muted band">[${f(band.p5)} – ${f(band.p95)}]</span>`
        : f(expected);
    const caption = `${report.monteCarlo ? `${report.monteCarlo.runs} Monte Carlo paths, seed ${report.monteCarlo.seed}; ` : ''}scenario examples/us-japan-milestones/scenario.yaml${report.notes.length > 0 ? `; tables: ${report.notes.slice(0, 2).join('; ')}` : ''}`;
    const fans: Markup[] = [];
    if (report.bands && report.bands.size > 0) {
      for (const model of report.models) {
        const f = report.results
          .filter((r) => r.model === model)
          .map((r) => ({
            label: `${r.variant.id} (${r.variant.years} years)`,
            years: report.bands!.get(`${model}:${r.variant.id}`)!.perYear.revenueForgone,
          }));
        fans.push(
          figure(
            fanChartSvg(f, {
              title: `Duty revenue forgone per year — ${model}`,
              yLabel: 'US$ bn',
              scale: 1e9,
            }),
            {
              title: `Fan chart: duty revenue forgone, ${model}`,
              units: 'US$ bn per year of the term; bands 25–75% and 5–95% of paths',
              source: `${model} model; ${caption}`,
            },
          ),
        );
      }
    }
    return c.html(html`<div class="card" id="sim-summary"><h2>Model comparison (totals over the term: ${mc ? `median [5th – 95th percentile] of ${mc.runs} Monte Carlo paths` : 'expected path, deterministic'})</h2>
        <table class="data"><thead><tr><th>model</th><th>variant</th><th class="num">years</th><th class="num">revenue forgone</th><th class="num">NPV, United States</th><th class="num">NPV, Japan</th><th class="num">modelled jobs (final year)</th></tr></thead><tbody>
        ${report.results.map((r) => {
          const t = r.bands?.totals;
          return html`<tr><td>${r.model}</td><td>${r.variant.title}</td><td class="num">${r.variant.years}</td><td class="num">${cell(t?.revenueForgone, r.totals.revenueForgone, money)}</td><td class="num">${cell(t?.npvUS, r.totals.npv.US, money)}</td><td class="num" data-npv-japan>${cell(t?.npvJapan, r.totals.npv.JP, money)}</td><td class="num">${cell(t?.modelledTotalJobsEnd, r.totals.modelledTotalJobsAtEnd, count)}</td></tr>`;
        })}</tbody></table>
        <p class="muted">${mc ? html`Each cell is the median of the Monte Carlo paths with their 5th–95th percentile; the median always lies inside its band. The expected path (milestone outcomes weighted by their probabilities at central elasticities) is a different number: ${VALUE_DEFINITIONS.whyTheyDiffer}. It is in the API's answer as <code>years</code> and <code>totals</code>.` : 'Values are the expected path: milestone outcomes weighted by their probabilities, central elasticities, delivery as assumed. Run with Monte Carlo paths for medians and their bands.'}
        Japan's NPV is its exporters' producer surplus: their export supply is finite (Ex calibrated to a 60% tariff pass-through, Feenstra 1989), so a lower tariff raises the price they receive. Every figure names its model: SMART, GSIM and CES are different models and are not averaged.</p></div>
      ${pathChart(rows, 'revenue', 'US$ bn per year', {
        title: 'Duty revenue forgone per year: 7- vs 15-year paths',
        units: `US$ bn per year (${central})`,
        source: caption,
      })}
      ${pathChart(rows, 'jobs', 'jobs (direct + supplier + induced)', {
        title: 'Modelled jobs per year: 7- vs 15-year paths',
        units: `jobs (verified direct plus modelled supplier and induced; ${central})`,
        source: caption,
      })}
      ${fans}`);
  });
  return app;
}

/** Revenue or jobs per year of the term, one line per distinct path (see {@link coincidingSeries}). */
function pathChart(
  rows: readonly PathRow[],
  value: 'revenue' | 'jobs',
  yLabel: string,
  meta: ChartMeta,
): Markup {
  const groups = coincidingSeries(rows, value);
  const drawn = groups.flatMap((g) => g.rows.map((r) => ({ ...r, line: g.label })));
  const hidden = groups.filter((g) => g.members.length > 1);
  const note = hidden.length
    ? `; series that coincide are drawn once: ${hidden.map((g) => g.label).join('; ')}`
    : '';
  return chart(
    {
      x: { label: 'year of the term', tickFormat: 'd' },
      y: { label: yLabel, grid: true },
      color: { legend: true, domain: groups.map((g) => g.label) },
      marks: [
        Plot.lineY(drawn, { x: 'year', y: value, stroke: 'line', curve: 'step-after', strokeWidth: 2 }),
        Plot.ruleY([0]),
      ],
    },
    { ...meta, units: `${meta.units}${note}` },
  );
}
