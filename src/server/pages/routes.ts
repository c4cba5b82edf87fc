/**
 * @module server/pages/routes
 * The dashboard: server-rendered pages (hono/html) with htmx for forms, and charts from Observable Plot
 * rendered on the server. Every page reads the same engines and the same log as the API.
 */
import * as Plot from '@observablehq/plot';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import { formatPercent, formatUsd } from '../../_lib/money.js';
import { AccordError } from '../../_lib/problem.js';
import { fanChartSvg, VALUE_DEFINITIONS } from '../../economics/index.js';
import type { Evaluation } from '../../evaluation/index.js';
import { AGENT_STRATEGIES } from '../../negotiation/index.js';
import { overlayLabel } from '../../tariff/index.js';
import { type ApiEnv, LIMITS } from '../api.js';
import { describeClass, formatDuration } from '../assess-limits.js';
import {
  dutyFor,
  dutyHistory,
  ERA_DATES,
  negotiationAnalysis,
  runNegotiation,
  runSimulation,
} from '../compute.js';
import { LEDGER_AGREEMENT, type ServerContext } from '../context.js';
import { HttpProblem, problemBody } from '../problem-response.js';
import {
  type ChartMeta,
  chart,
  coincidingSeries,
  type Frame,
  figure,
  type PathRow,
  placeLabels,
} from './charts.js';
import { centsToDollars, compactUsd, sortIds, trackStepsText } from './format.js';
import { badge, empty, type Markup, page, problemFragment } from './layout.js';
import { recordPages, signersOf } from './record-pages.js';

const pct = (ppm: number) => ppm / 10_000;
const bn = (cents: bigint) => `$${(Number(cents) / 1e11).toFixed(1)} bn`;

/** Mount the dashboard pages. */
export function dashboardRoutes(ctx: ServerContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  // Page forms have the same body limits as the API's JSON (uploads go to the API's assessment jobs).
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new HttpProblem(413, 'body-too-large', `the form is larger than ${maxSize / 1024} KiB`, [], {
          connection: 'close',
        });
      },
    });
  app.post('/simulate/run', limit(LIMITS.json));
  app.post('/negotiation/run', limit(LIMITS.json));
  const pick = (id: string | undefined) => ctx.agreement(id || LEDGER_AGREEMENT);
  const agreementPicker = (
    path: string,
    current: string,
    extra: Markup = html``,
  ) => html`<form class="inline" method="get" action="${path}">
      <label>agreement
        <select name="agreement">${[...ctx.agreements.values()].map((s) => html`<option value="${s.agreement.id}" ${s.agreement.id === current ? 'selected' : ''}>${s.agreement.title}</option>`)}</select>
      </label>${extra}<button type="submit">Show</button></form>`;

  // ---- overview
  app.get('/', async (c) => {
    const store = ctx.ledger.store;
    const size = await store.size();
    const latest = await store.latestCheckpoint();
    const cosigners = latest ? cosignersOf(latest.note) : [];
    const cards = await Promise.all(
      [...ctx.agreements.values()].map(async (s) => {
        const a = s.agreement;
        const ev = await ctx.evaluation(a.id);
        const counts = new Map<string, number>();
        for (const m of ev.milestones) counts.set(m.status, (counts.get(m.status) ?? 0) + 1);
        return html`<div class="card">
          <h2>${a.title}</h2>
          <p class="muted">${a.summary ?? ''}</p>
          <p>Status <b>${a.status}</b> · signed ${a.signed} · term ${a.term.years} years from ${a.term.start}
            ${(a.term.variants ?? []).length > 0 ? html` · variants: ${(a.term.variants ?? []).map((v) => `${v.id} (${v.years} y)`).join(', ')}` : ''}
            · facts from <b>${s.factsFrom === 'ledger' ? 'the log' : s.file.replace('agreement.yaml', 'facts.json')}</b>, evaluated as of ${ev.asOf}</p>
          <p>Parties: ${a.parties.map((p) => `${p.name} (${p.id}, ${p.role})`).join(' · ')}</p>
          ${
            a.commitments.length > 0
              ? html`<table class="data"><thead><tr><th>commitment</th><th>investor</th><th>project</th><th class="num">capital</th><th class="num">jobs target</th></tr></thead>
              <tbody>${a.commitments.map((cm) => html`<tr><td><code>${cm.id}</code></td><td>${cm.investor}</td><td>${cm.project}</td><td class="num">${cm.capital ? bn(cm.capital.total) : '—'}</td><td class="num">${cm.jobs ? cm.jobs.target.toLocaleString('en-US') : '—'}</td></tr>`)}</tbody></table>`
              : empty('This agreement has no firm commitments (the enacted deal is a government-level MOU).')
          }
          <p>Milestones: ${ev.milestones.length === 0 ? 'none' : [...counts].map(([k, n]) => html`${badge(k)} ${n} `)}</p>
          <p class="steps-heading">Tariff tracks, as the agreement file writes them:</p>
          <ul class="track-steps">${trackStepsText(a).map((t) => html`<li data-track="${t.track}"><b>${t.title}</b>: ${t.text}</li>`)}</ul>
          <p><a href="/timeline?agreement=${a.id}">Tariff timeline</a> · <a href="/milestones?agreement=${a.id}">Milestones and evidence</a></p>
        </div>`;
      }),
    );
    return c.html(
      page(
        'Overview',
        'overview',
        html`<h1>Investment-for-tariff-relief agreements</h1>
        <p class="muted">The 2025 US–Japan talks: Japan offered investment in US manufacturing instead of 25% auto tariffs. Below, the deal as enacted (EO 14345 and the investment MOU) and the milestone compromise the talks pointed to, tracked on a verifiable log.</p>
        <div class="card"><b>Ledger</b> <code>${store.origin}</code>: ${size} entries;
          ${latest ? html`latest checkpoint at size ${latest.size}, cosigned by ${cosigners.length > 0 ? cosigners.join(' and ') : 'no witness yet'}` : 'no checkpoint yet'}.
          <a href="/ledger">Explore the ledger</a></div>
        ${cards}`,
      ),
    );
  });

  // ---- tariff timeline
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

  recordPages(app, ctx, pick, agreementPicker);

  // ---- duty calculator
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
          <label>overlay<select name="overlay"><option value="">US law as enacted</option>${[...ctx.agreements.values()].map((s) => html`<option value="${s.agreement.id}">+ ${s.agreement.title}${s.agreement.status === 'enacted' ? '' : ` — ${s.agreement.status}, not enacted`}</option>`)}</select></label>
          <button type="submit">Compute</button><span class="htmx-indicator">computing…</span>
        </form>
        <div id="duty-result">${empty('Enter an entry line and press Compute.')}</div>`,
      ),
    ),
  );
  app.get('/duty/result', async (c) => {
    const q = {
      hts: c.req.query('hts') ?? '',
      origin: c.req.query('origin') ?? '',
      date: c.req.query('date') ?? '',
      value: c.req.query('value') ?? '',
      overlay: c.req.query('overlay') || undefined,
      transport: c.req.query('transport') || undefined,
      importer: c.req.query('importer') || undefined,
    };
    const r = await dutyFor(ctx, q);
    // A duty computed with an agreement that is not enacted law is hypothetical, and says so beside the total.
    const basis =
      r.overlay ??
      (q.overlay ? { agreement: q.overlay, status: ctx.agreement(q.overlay).agreement.status } : undefined);
    const hypothetical = overlayLabel(basis);
    const history = await dutyHistory(ctx, {
      ...q,
      dates: [...new Set([...ERA_DATES, q.date])].sort().join(','),
    });
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

  // ---- bulk assessment (the upload goes to the API's jobs from /static/assess.js; see server/assessments)
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

  // ---- simulator
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

  // ---- negotiation
  app.get('/negotiation', (c) => {
    const { analysis: a, history, source } = negotiationAnalysis();
    const [us, jp] = a.parties;
    const frontier = a.pareto.map((p) => ({ u0: p.utilities[0], u1: p.utilities[1] }));
    const offers = history.map((h) => ({
      u0: h.utilities[0],
      u1: h.utilities[1],
      party: h.party,
      label: `${h.date} ${h.party}`,
    }));
    const points = [
      ...(a.nash ? [{ u0: a.nash.utilities[0], u1: a.nash.utilities[1], label: 'Nash' }] : []),
      ...(a.kalaiSmorodinsky
        ? [
            {
              u0: a.kalaiSmorodinsky.utilities[0],
              u1: a.kalaiSmorodinsky.utilities[1],
              label: 'Kalai–Smorodinsky',
            },
          ]
        : []),
      { u0: a.disagreement[0], u1: a.disagreement[1], label: 'no deal' },
    ];
    return c.html(
      page(
        'Negotiation',
        'negotiation',
        html`<h1>Negotiation — United States and Japan</h1>
        <p class="muted">${a.outcomes.toLocaleString('en-US')} packages over ${a.issues} issues; ${a.conventionNote}</p>
        ${chart(
          {
            ...FRONTIER_FRAME,
            x: { label: `${us} utility`, grid: true, domain: FRONTIER_FRAME.x },
            y: { label: `${jp} utility`, grid: true, domain: FRONTIER_FRAME.y },
            color: { legend: true },
            marks: [
              Plot.line(frontier, { x: 'u0', y: 'u1', stroke: '#999', curve: 'linear' }),
              Plot.dot(frontier, { x: 'u0', y: 'u1', r: 2, fill: '#999' }),
              Plot.dot(offers, { x: 'u0', y: 'u1', stroke: 'party', r: 5, symbol: 'party' }),
              Plot.dot(points, { x: 'u0', y: 'u1', fill: '#b3261e', r: 6, symbol: 'star' }),
              // Nash and Kalai–Smorodinsky are often a hair apart: each label gets a free spot of its own.
              ...placeLabels(
                points.map((p) => ({ x: p.u0, y: p.u1, label: p.label })),
                FRONTIER_FRAME,
                [frontier.map((p) => ({ x: p.u0, y: p.u1 }))],
              ).map((l) =>
                Plot.text([l], {
                  x: 'x',
                  y: 'y',
                  text: 'label',
                  dx: l.dx,
                  dy: l.dy,
                  textAnchor: l.textAnchor,
                  fill: '#b3261e',
                  className: 'solution-label',
                }),
              ),
            ],
          },
          {
            title: 'Pareto frontier, both sides’ positions, and the Nash and Kalai–Smorodinsky points',
            units: `utility of each government (0–1, ${a.convention} convention); grey: the Pareto frontier; open marks: each side's proposals in the rounds`,
            source,
          },
        )}
        <h2>Solution points</h2>
        <table class="data"><thead><tr><th>point</th><th class="num">${us}</th><th class="num">${jp}</th><th>package</th></tr></thead><tbody>
          ${[
            ['Nash', a.nash],
            ['Kalai–Smorodinsky', a.kalaiSmorodinsky],
            ['egalitarian', a.egalitarian],
            ['max welfare', a.maxWelfare],
          ].map(([name, p]) => {
            const s = p as typeof a.nash;
            // A tied solution is one of several equally good packages; say so rather than imply it is the only one.
            return s
              ? html`<tr><td>${name as string}</td><td class="num">${s.utilities[0].toFixed(3)}</td><td class="num">${s.utilities[1].toFixed(3)}</td><td>${outcomeText(s.outcome)}${s.tied > 1 ? html` <span class="muted">(one of ${s.tied} tied packages; all listed in /api/negotiations/us-japan)</span>` : ''}</td></tr>`
              : '';
          })}
        </tbody></table>
        <p class="muted" id="opposition">Opposition ${a.opposition.toFixed(3)}: ${a.oppositionMeasure} (0 = one package is best for both; 0.707 = a zero-sum split). After min–max rescaling: ${a.oppositionMinMax.toFixed(3)}.</p>
        <h2>Rounds history</h2>
        ${
          history.length === 0
            ? empty('No rounds are on record for this negotiation.')
            : html`<table class="data"><thead><tr><th>date</th><th>round</th><th>party</th><th>proposal</th><th class="num">${us}</th><th class="num">${jp}</th><th>on the frontier?</th><th>changed</th></tr></thead><tbody>
            ${history.map((h) => html`<tr><td>${h.date}</td><td>${h.round}</td><td>${h.party}</td><td>${h.label}</td><td class="num">${h.utilities[0].toFixed(3)}</td><td class="num">${h.utilities[1].toFixed(3)}</td><td>${h.dominated ? html`<span class="badge s-warn">dominated (${h.distanceToFrontier.toFixed(3)} off)</span>` : badge('ok')}</td><td class="muted">${(h as { changes?: string[] }).changes?.join('; ') ?? ''}</td></tr>`)}</tbody></table>`
        }
        <h2>Agent trace</h2>
        <form class="inline" id="agents-form" hx-post="/negotiation/run" hx-target="#agent-trace" hx-swap="innerHTML">
          <label>${us} agent<select name="a">${AGENT_STRATEGIES.map((s) => html`<option ${s === 'boulware' ? 'selected' : ''}>${s}</option>`)}</select></label>
          <label>${jp} agent<select name="b">${AGENT_STRATEGIES.map((s) => html`<option ${s === 'conceder' ? 'selected' : ''}>${s}</option>`)}</select></label>
          <label>deadline (rounds)<input name="rounds" value="40" size="5" /></label>
          <button type="submit">Run agents</button>
        </form>
        <div id="agent-trace">${empty('Pick two strategies and run them under the alternating-offers protocol.')}</div>`,
      ),
    );
  });
  app.post('/negotiation/run', async (c) => {
    const form = await c.req.parseBody();
    const rounds = Number(form.rounds);
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000)
      throw new AccordError(
        'negotiation-input',
        'the deadline must be a whole number of rounds from 1 to 1000',
        {
          problems: [
            {
              code: 'negotiation-input',
              message: `got "${String(form.rounds)}"`,
              where: { pointer: '/rounds' },
            },
          ],
        },
      );
    const run = runNegotiation({ agents: [String(form.a), String(form.b)], rounds });
    // Over time, per proposer: what each offer gives each side. (Drawn in utility space, two agents'
    // offers zigzag across the chart with no sense of when each was made.)
    const offers = run.trace
      .filter((t) => t.utilities && t.action === 'offer')
      .flatMap((t) =>
        run.parties.map((to, i) => ({
          turn: t.turn,
          proposer: `offers by ${t.party}`,
          to: `utility to ${to}`,
          utility: t.utilities![i]!,
        })),
      );
    return c.html(html`<div class="card"><b>${run.agreement ? `Agreement at turn ${run.agreementTurn}` : 'No agreement before the deadline'}</b>
        — final utilities ${run.parties[0]} ${run.utilities[0].toFixed(3)}, ${run.parties[1]} ${run.utilities[1].toFixed(3)} (discounted at agreement)
        ${run.agreement ? html`<br />Package: ${outcomeText(run.agreement)}` : ''}</div>
      ${chart(
        {
          height: 440,
          // Room for the panel labels ("offers by United States") right of the plot, inside the SVG.
          marginRight: 24 + Math.ceil(7.5 * Math.max(...run.parties.map((p) => `offers by ${p}`.length))),
          x: { label: 'turn', grid: true, domain: [0, Math.max(1, ...run.trace.map((t) => t.turn))] },
          y: { label: 'utility', grid: true, domain: [0, 1] },
          fy: { label: null, domain: run.parties.map((p) => `offers by ${p}`) },
          color: { legend: true, domain: run.parties.map((p) => `utility to ${p}`) },
          marks: [
            Plot.lineY(offers, { x: 'turn', y: 'utility', fy: 'proposer', stroke: 'to', strokeWidth: 1.5 }),
            Plot.dot(offers, { x: 'turn', y: 'utility', fy: 'proposer', fill: 'to', r: 2 }),
            ...(run.agreementTurn !== undefined
              ? [Plot.ruleX([run.agreementTurn], { stroke: '#1c7c3a', strokeDasharray: '4,3' })]
              : []),
          ],
        },
        {
          title: `Offers over time: ${run.agents[0]} vs ${run.agents[1]}`,
          units: `undiscounted utility (0–1) of each offer to each government, by turn, one panel per proposer${run.agreementTurn !== undefined ? '; dashed: the turn of agreement' : ''}`,
          source: 'accord alternating-offers protocol on the US–Japan negotiation model',
        },
      )}
      <table class="data"><thead><tr><th class="num">turn</th><th>party</th><th>action</th><th class="num">${run.parties[0]}</th><th class="num">${run.parties[1]}</th><th>dominated?</th></tr></thead><tbody>
      ${run.trace.slice(0, 200).map((t) => html`<tr><td class="num">${t.turn}</td><td>${t.party}</td><td>${t.action}</td><td class="num">${t.utilities ? t.utilities[0].toFixed(3) : ''}</td><td class="num">${t.utilities ? t.utilities[1].toFixed(3) : ''}</td><td>${t.dominated === null ? '' : t.dominated ? 'yes' : 'no'}</td></tr>`)}
      </tbody></table>`);
  });

  return app;
}

function outcomeText(o: Record<string, unknown>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}

function cosignersOf(note: string): string[] {
  return signersOf(note).filter((n) => n.startsWith('witness'));
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

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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

/** The frontier chart's fixed frame: utilities run 0–1, so label positions can be worked out in pixels. */
const FRONTIER_FRAME: Frame = {
  width: 900,
  height: 460,
  marginLeft: 60,
  marginRight: 30,
  marginTop: 30,
  marginBottom: 40,
  x: [0, 1],
  y: [0, 1],
};
