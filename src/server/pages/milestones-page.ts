/**
 * @module server/pages/milestones-page
 * Each milestone with the facts and evidence behind it, the disputes and joint decisions on the log (with
 * the signatures the replay verified), and the facts that do not count and why. The page reads one
 * evaluation, which names the log size it was computed at, so what it shows belongs to one committed state
 * of the log.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { DecisionRecord, Evaluation } from '../../evaluation/index.js';
import type { ReplayedEntry } from '../../ledger/index.js';
import type { ApiEnv } from '../api.js';
import type { ServerContext } from '../context.js';
import { agreementPicking } from './agreement-picker.js';
import { compareIds, sortIds } from './format.js';
import { badge, empty, type Markup, page } from './layout.js';
import { about, disputesSection, entryLink, factLink, notCountedSection } from './record-sections.js';

/** Mount /milestones. */
export function milestonesPage(ctx: ServerContext): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { pick, agreementPicker } = agreementPicking(ctx);
  app.get('/milestones', async (c) => {
    const s = pick(c.req.query('agreement'));
    const ev = await ctx.evaluation(s.agreement.id, c.req.query('asOf'), c.req.query('variant') || undefined);
    // Statement content never changes once logged, so reading it from the replay now is safe.
    const entries = s.factsFrom === 'ledger' ? ctx.ledger.replay.entries : [];
    return c.html(
      page(
        'Milestones',
        'milestones',
        html`<h1>Milestones — ${s.agreement.title}</h1>
        ${agreementPicker('/milestones', s.agreement.id)}
        <p class="muted">As of ${ev.asOf}${ev.ledger ? html`, from the first ${ev.ledger.size} log entries (root <code>${ev.ledger.root.slice(0, 12)}…</code>)` : ''}. Each measurement shows its value against the target and the facts behind it; facts from the log link to their entry, where the evidence digests, the auditors' attestations and an inclusion proof are.</p>
        ${
          ev.milestones.length === 0
            ? empty(
                'This agreement has no milestones: its relief does not depend on verified jobs or capital.',
              )
            : ev.milestones.map(
                (m) => html`<div class="card" id="milestone-${m.id}">
                <h2>${m.id} ${m.title ?? ''} ${badge(m.status)}</h2>
                <p>Deadline ${m.deadline}${m.cureEnds ? ` · cure ends ${m.cureEnds}` : ''}${m.decidedOn ? ` · decided ${m.decidedOn}` : ''}</p>
                <p>${m.explanation}</p>
                ${conditionTable(m.condition)}
                <p>Decided by: ${m.decidedBy.length ? sortIds(m.decidedBy).map((f) => html`${factLink(f)} `) : html`<span class="muted">no fact yet</span>`}</p>
                ${evidenceTable(sortIds(m.decidedBy), entries)}
              </div>`,
              )
        }
        ${disputesSection(ev.disputes)}
        ${ev.ledger ? decisionsSection(ev.ledger.decisions, entries) : empty('Decisions in this agreement come from its facts file, where approvals are declared, not signed; only facts from the log carry verified signatures.')}
        <h2 id="facts-not-counted">Facts that did not count</h2>
        ${
          ev.facts.rejected.length === 0
            ? empty('Every fact on record counted.')
            : html`<p class="muted">The statements stay on the log and keep its rules R1–R9, but the evaluation does not count them as evidence.</p>
            <table class="data"><thead><tr><th>fact</th><th>why it does not count</th></tr></thead><tbody>
            ${[...ev.facts.rejected].sort((a, b) => compareIds(a.id, b.id)).map((r) => html`<tr id="fact-${r.id}"><td>${factLink(r.id)}</td><td>${r.problems.map((p) => html`<code>${p.code}</code> ${p.message}<br />`)}</td></tr>`)}</tbody></table>`
        }
        ${ev.ledger ? notCountedSection(ev.ledger.notCounted) : ''}`,
      ),
    );
  });
  return app;
}

/** The evidence behind facts from the log: the statement, its evidence digests and who attested it. */
function evidenceTable(ids: readonly string[], entries: readonly ReplayedEntry[]): Markup {
  const rows = ids.flatMap((id) => {
    const m = /^log-(\d+)$/.exec(id);
    const e = m ? entries[Number(m[1])] : undefined;
    const st = e?.signed?.statement;
    if (!e || !st) return [];
    const attesters = entries
      .filter(
        (x) =>
          x.counts && x.signed?.statement.type === 'attestation' && x.signed.statement.subject === e.leafHash,
      )
      .map((x) => `${x.signed!.statement.actor} (${(x.signed!.statement as { result: string }).result})`);
    const evidence = 'evidence' in st ? st.evidence : [];
    return [{ id, st, attesters, evidence }];
  });
  if (rows.length === 0) return html``;
  return html`<table class="data"><thead><tr><th>fact</th><th>statement</th><th>evidence (SHA-256 of the document)</th><th>attested by</th></tr></thead><tbody>
    ${rows.map((r) => html`<tr><td>${factLink(r.id)}</td><td>${r.st.type} by ${r.st.actor}: ${about(r.st)}</td><td>${r.evidence.map((x) => html`${x.kind} <code title="${x.sha256}">${x.sha256.slice(0, 12)}…</code><br />`)}</td><td>${r.attesters.length ? r.attesters.join(', ') : html`<span class="badge s-bad">none</span>`}</td></tr>`)}
  </tbody></table>`;
}

function decisionsSection(decisions: readonly DecisionRecord[], entries: readonly ReplayedEntry[]): Markup {
  const shown = decisions.filter((d) => d.kind !== 'milestone-evaluation');
  return html`<h2 id="decisions">Joint decisions</h2>
    <p class="muted">A decision counts only when the log holds a verified signature of each party its rule names — the decision itself or an approval naming its leaf hash (R6). The signers below are those the replay verified, never a list the proposer typed.</p>
    ${
      shown.length === 0
        ? empty('No joint decision is on record.')
        : html`<table class="data"><thead><tr><th>entry</th><th>decision</th><th>proposed by</th><th>status</th><th>verified signers</th></tr></thead><tbody>
        ${shown.map((d) => {
          const st = entries[d.index]?.signed?.statement;
          return html`<tr id="decision-${d.index}"><td>${entryLink(d.index)}</td><td>${d.kind}${st ? html`: ${about(st)}` : ''}</td><td>${d.proposedBy}</td>
            <td>${d.status === 'in-force' ? html`<span class="badge s-ok">in force</span> since ${d.effective?.issued}` : html`<span class="badge s-pending">awaiting ${d.awaiting.join(', ')}</span>`}</td>
            <td>${d.approvals.map((a) => html`${a.party} — <code>${a.actor}</code> (${entryLink(a.index)}, ${a.issued})<br />`)}</td></tr>`;
        })}</tbody></table>`
    }`;
}

function conditionTable(cond: Evaluation['milestones'][number]['condition']): Markup {
  const flat: { depth: number; c: typeof cond }[] = [];
  const walk = (c: typeof cond, depth: number) => {
    flat.push({ depth, c });
    for (const ch of c.children ?? []) walk(ch, depth + 1);
  };
  walk(cond, 0);
  return html`<table class="data"><thead><tr><th>condition</th><th>measured</th><th>target</th><th>progress</th><th>facts (evidence)</th></tr></thead><tbody>
    ${flat.map(({ depth, c }) => {
      const share = c.ratio === undefined ? undefined : Math.min(100, c.ratio / 10_000);
      return html`<tr><td style="padding-left:${0.5 + depth * 1.2}rem">${c.holds ? '✓' : '✗'} ${c.label}${c.withinTolerance ? ' (within tolerance)' : ''}</td><td>${c.value ?? ''}</td><td>${c.target ?? ''}</td>
        <td>${share === undefined ? '' : html`<div class="bar" title="${share.toFixed(0)}%"><span style="width:${share.toFixed(1)}%"></span></div>${share.toFixed(0)}%`}</td>
        <td>${sortIds(c.facts)
          .slice(0, 12)
          .map(
            (f) => html`${factLink(f)} `,
          )}${c.facts.length > 12 ? `… ${c.facts.length - 12} more` : ''}</td></tr>`;
    })}</tbody></table>`;
}
