/**
 * @module server/pages/negotiation-pages
 * The US–Japan negotiation: the Pareto frontier with both sides' proposals and the solution points, the
 * rounds on record, and a form that runs two agent strategies under the alternating-offers protocol.
 */
import * as Plot from '@observablehq/plot';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { BodyData } from 'hono/utils/body';
import { AccordError } from '../../_lib/problem.js';
import { AGENT_STRATEGIES } from '../../negotiation/index.js';
import { type ApiEnv, LIMITS } from '../api.js';
import { negotiationAnalysis, runNegotiation } from '../compute.js';
import { chart, type Frame, placeLabels } from './charts.js';
import { formLimit } from './form-limit.js';
import { badge, empty, type Markup, page } from './layout.js';

/** Mount /negotiation and /negotiation/run. */
export function negotiationPages(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post('/negotiation/run', formLimit(LIMITS.json));
  app.get('/negotiation', (c) => c.html(negotiationPage()));
  app.post('/negotiation/run', async (c) => c.html(agentRun(await c.req.parseBody())));
  return app;
}

/** The frontier, the solution points, the rounds on record and the form that runs two agents. */
function negotiationPage(): Markup {
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
  return page(
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
  );
}

/** Two agents run under the alternating-offers protocol: the outcome, their offers over time, the trace. */
function agentRun(form: BodyData): Markup {
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
  return html`<div class="card"><b>${run.agreement ? `Agreement at turn ${run.agreementTurn}` : 'No agreement before the deadline'}</b>
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
      </tbody></table>`;
}

function outcomeText(o: Record<string, unknown>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
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
