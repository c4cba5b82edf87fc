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
import { fanChartSvg } from '../../economics/index.js';
import type { Evaluation } from '../../evaluation/index.js';
import { AGENT_STRATEGIES } from '../../negotiation/index.js';
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
import { chart, figure } from './charts.js';
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
          <p>Milestones: ${ev.milestones.length === 0 ? 'none' : [...counts].map(([k, n]) => html`${badge(k)} ${n} `)}
            · tracks: ${ev.tracks.map((t) => t.title ?? t.track).join(', ')}</p>
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
          <label>overlay<select name="overlay"><option value="">US law as enacted</option>${[...ctx.agreements.values()].map((s) => html`<option value="${s.agreement.id}">+ ${s.agreement.title}</option>`)}</select></label>
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
    };
    const r = await dutyFor(ctx, q);
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
        <p><b>Total duty <span id="total-duty">${formatUsd(r.totalDuty)}</span></b> — effective rate ${formatPercent(r.effectiveRate)}% · MPF ${formatUsd(r.fees.mpf.amount)} · HMF ${formatUsd(r.fees.hmf)}</p>
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
          title: `The same line across eras: ${r.hts} from ${r.origin}, value ${formatUsd(r.value)}`,
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
      ${
        s.byLayer.length > 0
          ? chart(
              {
                height: 40 + 26 * s.byLayer.length,
                marginLeft: 120,
                x: { label: 'duty (US$)', grid: true },
                y: { label: null },
                marks: [
                  Plot.barX(
                    s.byLayer.map((l) => ({ layer: l.heading, duty: Number(l.duty) })),
                    { y: 'layer', x: 'duty', fill: '#2857a4', sort: { y: '-x' } },
                  ),
                  Plot.ruleX([0]),
                ],
              },
              {
                title: 'Duty by layer',
                units: 'US dollars of duty per Chapter 99 / column-1 heading',
                source: `accord assessment of ${rec.file} over the shipped rule base`,
              },
            )
          : ''
      }
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
    const rows = report.results.flatMap((r) =>
      r.years.map((y) => ({
        series: `${r.model} · ${r.variant.id}`,
        variant: r.variant.id,
        model: r.model,
        year: y.year,
        revenue: Number(y.revenueForgone) / 1e9,
        jobs: Number(y.jobs.modelledTotal),
      })),
    );
    const caption = `${report.monteCarlo ? `${report.monteCarlo.runs} Monte Carlo paths, seed ${report.monteCarlo.seed}; ` : ''}scenario examples/us-japan-milestones/scenario.yaml; tables: ${report.notes.slice(0, 2).join('; ')}`;
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
    return c.html(html`<div class="card" id="sim-summary"><h2>Model comparison (expected path, totals over the term)</h2>
        <table class="data"><thead><tr><th>model</th><th>variant</th><th class="num">years</th><th class="num">revenue forgone</th><th class="num">modelled jobs (final year)</th></tr></thead><tbody>
        ${report.results.map((r) => {
          const last = r.years[r.years.length - 1];
          const total = r.years.reduce((a, y) => a + Number(y.revenueForgone), 0);
          return html`<tr><td>${r.model}</td><td>${r.variant.title}</td><td class="num">${r.variant.years}</td><td class="num">$${(total / 1e9).toFixed(2)} bn</td><td class="num">${last ? Number(last.jobs.modelledTotal).toLocaleString('en-US') : ''}</td></tr>`;
        })}</tbody></table>
        <p class="muted">Every figure names its model: SMART, GSIM and CES are different models and are not averaged.</p></div>
      ${chart(
        {
          x: { label: 'year of the term', tickFormat: 'd' },
          y: { label: 'US$ bn per year', grid: true },
          color: { legend: true },
          marks: [
            Plot.lineY(rows, { x: 'year', y: 'revenue', stroke: 'series', curve: 'step-after' }),
            Plot.ruleY([0]),
          ],
        },
        {
          title: 'Duty revenue forgone per year: 7- vs 15-year paths',
          units: 'US$ bn per year (expected path)',
          source: caption,
        },
      )}
      ${chart(
        {
          x: { label: 'year of the term', tickFormat: 'd' },
          y: { label: 'jobs (direct + supplier + induced)', grid: true },
          color: { legend: true },
          marks: [
            Plot.lineY(rows, { x: 'year', y: 'jobs', stroke: 'series', curve: 'step-after' }),
            Plot.ruleY([0]),
          ],
        },
        {
          title: 'Modelled jobs per year: 7- vs 15-year paths',
          units: 'jobs (verified direct plus modelled supplier and induced)',
          source: caption,
        },
      )}
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
            height: 460,
            x: { label: `${us} utility`, grid: true },
            y: { label: `${jp} utility`, grid: true },
            color: { legend: true },
            marks: [
              Plot.line(frontier, { x: 'u0', y: 'u1', stroke: '#999', curve: 'linear' }),
              Plot.dot(frontier, { x: 'u0', y: 'u1', r: 2, fill: '#999' }),
              Plot.dot(offers, { x: 'u0', y: 'u1', stroke: 'party', r: 5, symbol: 'party' }),
              Plot.dot(points, { x: 'u0', y: 'u1', fill: '#b3261e', r: 6, symbol: 'star' }),
              Plot.text(points, {
                x: 'u0',
                y: 'u1',
                text: 'label',
                dx: 8,
                textAnchor: 'start',
                fill: '#b3261e',
              }),
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
    const offers = run.trace
      .filter((t) => t.utilities)
      .map((t) => ({ turn: t.turn, party: t.party, u0: t.utilities![0], u1: t.utilities![1] }));
    return c.html(html`<div class="card"><b>${run.agreement ? `Agreement at turn ${run.agreementTurn}` : 'No agreement before the deadline'}</b>
        — final utilities ${run.parties[0]} ${run.utilities[0].toFixed(3)}, ${run.parties[1]} ${run.utilities[1].toFixed(3)} (discounted at agreement)
        ${run.agreement ? html`<br />Package: ${outcomeText(run.agreement)}` : ''}</div>
      ${chart(
        {
          x: { label: `${run.parties[0]} utility`, grid: true },
          y: { label: `${run.parties[1]} utility`, grid: true },
          color: { legend: true },
          marks: [Plot.line(offers, { x: 'u0', y: 'u1', z: 'party', stroke: 'party', marker: 'dot' })],
        },
        {
          title: `Offers over time: ${run.agents[0]} vs ${run.agents[1]}`,
          units: 'undiscounted utility of each offer to each government',
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
  return html`<h2>${t.title ?? t.track} <span class="muted">(${t.heading}, ${t.mode} rate, origin ${t.origin})</span></h2>
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
    <table class="data"><thead><tr><th>from</th><th>until</th><th class="num">rate</th><th>kind</th><th>because</th><th>sources</th></tr></thead><tbody>
      ${t.inForce.map((s) => html`<tr><td>${s.from}</td><td>${s.until ?? 'open'}</td><td class="num">${formatPercent(s.rate)}%</td><td>${s.kind === 'snap-back' ? html`<span class="badge s-bad">snap-back</span>` : s.kind}</td><td>${s.because}${s.uncertain ? html`<br /><span class="muted">uncertain: ${s.uncertain}</span>` : ''}</td><td class="muted">${s.sources.join(', ')}</td></tr>`)}
    </tbody></table>
    ${unreached.length > 0 ? html`<p class="muted">Planned but not reached: ${unreached.map((p) => `${p.stepId} (${formatPercent(p.rate)}%, gate ${p.gate}: ${p.why})`).join(' · ')}</p>` : ''}`;
}
