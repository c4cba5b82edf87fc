/**
 * @module server/pages/record-pages
 * The pages about the record: each milestone with the facts and evidence behind it, the disputes and joint
 * decisions on the log (with the signatures the replay verified), the statements that do not count and
 * why, and the ledger explorer. Every page reads one evaluation, which names the log size it was computed
 * at, so what a page shows belongs to one committed state of the log.
 */
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { AccordError } from '../../_lib/problem.js';
import type {
  DecisionRecord,
  DisputeResult,
  Evaluation,
  NotCountedStatement,
  RejectedFact,
} from '../../evaluation/index.js';
import { decodeEntry, parseNote, type ReplayedEntry, statementHash } from '../../ledger/index.js';
import type { ApiEnv } from '../api.js';
import { LEDGER_AGREEMENT, type ServedAgreement, type ServerContext } from '../context.js';
import { compareIds, sortIds, usdText } from './format.js';
import { badge, empty, type Markup, page } from './layout.js';

/** Link a fact id to its log entry when it came from the log. */
function factLink(id: string): Markup {
  const m = /^log-(\d+)$/.exec(id);
  return m ? html`<a href="/ledger/entries/${m[1]}"><code>${id}</code></a>` : html`<code>${id}</code>`;
}

const entryLink = (index: number) => html`<a href="/ledger/entries/${index}">entry ${index}</a>`;

/** Mount /milestones, /ledger and /ledger/entries/:index. */
export function recordPages(
  app: Hono<ApiEnv>,
  ctx: ServerContext,
  pick: (id: string | undefined) => ServedAgreement,
  agreementPicker: (path: string, current: string) => Markup,
): void {
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

  app.get('/ledger', async (c) => {
    const store = ctx.ledger.store;
    const ev = await ctx.evaluation(LEDGER_AGREEMENT);
    const { replay, size, root } = ctx.ledger.view();
    const per = 50;
    const start = pageStart(c.req.query('start'), size, per);
    const rows = replay.entries.slice(start, Math.min(size, start + per));
    const standing = entryStanding(ev);
    const checkpoints = await store.checkpoints();
    return c.html(
      page(
        'Ledger',
        'ledger',
        html`<h1>Ledger <code>${store.origin}</code></h1>
        <p>${size} entries (root <code>${root}</code>) · ${checkpoints.length} checkpoints. Trust policy: evaluations count at checkpoints cosigned by the witnesses the policy names.
          Tiles for offline verifiers are at <code>/api/ledger/tile/…</code>. Whether a statement counts is decided by replaying the log under the agreement's rules R1–R9, as any auditor does.</p>
        <h2>Checkpoints and cosignatures</h2>
        ${
          checkpoints.length === 0
            ? empty(
                'No checkpoint has been signed yet. A government signs one with POST /api/ledger/checkpoints.',
              )
            : html`<table class="data"><thead><tr><th class="num">size</th><th>root</th><th>signatures (log and witnesses)</th></tr></thead><tbody>
            ${[...checkpoints].reverse().map((cp) => {
              const lines = cp.note.split('\n');
              return html`<tr><td class="num">${cp.size}</td><td><code>${lines[2] ?? ''}</code></td><td>${signersOf(cp.note).join(', ')}</td></tr>`;
            })}</tbody></table>`
        }
        ${disputesSection(ev.disputes)}
        ${ev.ledger ? notCountedSection(ev.ledger.notCounted) : ''}
        <h2 id="entries">Entries ${start}–${start + rows.length - 1}</h2>
        <p class="muted">"counts" means the statement keeps the rules R1–R9 and, for a report, that the evaluation as of ${ev.asOf} counts it as a fact: the same answer as the <a href="/milestones">Milestones</a> page.</p>
        <p class="pager">${start > 0 ? html`<a rel="prev" href="/ledger?start=${start - per}#entries">← entries ${start - per}–${start - 1}</a>` : ''} ${start + per < size ? html`<a rel="next" href="/ledger?start=${start + per}#entries">entries ${start + per}–${Math.min(size, start + 2 * per) - 1} →</a>` : ''}</p>
        ${
          rows.length === 0
            ? empty(
                'The log is empty. Firms, auditors and governments submit signed statements with POST /api/ledger/statements.',
              )
            : html`<table class="data"><thead><tr><th class="num">#</th><th>type</th><th>actor</th><th>issued</th><th>about</th><th>counts</th></tr></thead><tbody>
            ${rows.map((r) => {
              const st = r.signed?.statement;
              return html`<tr data-index="${r.index}"><td class="num"><a href="/ledger/entries/${r.index}">${r.index}</a></td><td>${st?.type ?? '(undecodable)'}</td><td>${st?.actor ?? ''}</td><td>${st?.issued ?? ''}</td><td>${st ? about(st) : ''}</td><td>${statusBadge(r, standing)}</td></tr>`;
            })}</tbody></table>`
        }`,
      ),
    );
  });

  app.get('/ledger/entries/:index', async (c) => {
    const index = Number(c.req.param('index'));
    const store = ctx.ledger.store;
    const e = Number.isSafeInteger(index) && index >= 0 ? await store.entry(index) : undefined;
    if (!e)
      throw new AccordError('entry-unknown', `no entry ${c.req.param('index')} in the log`, { status: 404 });
    const ev = await ctx.evaluation(LEDGER_AGREEMENT);
    const replay = ctx.ledger.replay;
    const r = replay.entries[index];
    const standing = entryStanding(ev);
    const d = decodeEntry(e);
    const latest = await store.latestCheckpoint();
    const leaf = statementHash(e);
    const attestations = replay.entries.filter(
      (x) => x.signed?.statement.type === 'attestation' && x.signed.statement.subject === leaf,
    );
    return c.html(
      page(
        `Entry ${index}`,
        'ledger',
        html`<h1>Entry ${index}</h1>
        <p>Leaf hash <code>${leaf}</code> · ${r ? statusBadge(r, standing) : ''} ${r ? whyNot(r, standing) : ''}</p>
        ${
          r?.decision
            ? html`<div class="card"><b>Joint decision (${r.decision.kind})</b>: needs ${r.decision.rule.needs === 'all' ? 'every one' : 'one'} of ${r.decision.rule.approvers.join(', ')}.
          <ul>${r.decision.approvals.map((a) => html`<li>${a.party}: verified signature by <code>${a.actor}</code> in ${entryLink(a.index)} (issued ${a.issued})</li>`)}</ul></div>`
            : ''
        }
        <div class="card">
          <b>Inclusion proof</b>
          ${
            latest && index < latest.size
              ? html`<p><button type="button" id="verify" data-verify-index="${index}" data-verify-target="verify-result">Verify in this browser (WebCrypto SHA-256)</button>
                <span id="verify-result" class="badge">not checked yet</span></p>
                <p class="muted">Your browser fetches the entry, its audit path and the checkpoint of size ${latest.size}, hashes them itself (RFC 9162) and compares with the root the log signed.</p>`
              : empty('No checkpoint covers this entry yet; one is signed with POST /api/ledger/checkpoints.')
          }
        </div>
        ${
          attestations.length > 0
            ? html`<h2>Attestations of this statement</h2><ul>${attestations.map((a) => {
                const s = a.signed!.statement as {
                  actor: string;
                  result: string;
                  evidenceChecked: string[];
                  issued: string;
                };
                return html`<li>${entryLink(a.index)}: ${s.actor} ${s.result} on ${s.issued}, checked ${s.evidenceChecked.join(', ')}</li>`;
              })}</ul>`
            : ''
        }
        <h2>Statement</h2>
        ${d.ok ? html`<p id="entry-about">${d.signed.statement.type} by ${d.signed.statement.actor}, issued ${d.signed.statement.issued}${about(d.signed.statement) ? `: ${about(d.signed.statement)}` : ''}</p>` : ''}
        <p class="muted">As signed: amounts are decimal strings of US dollars, exactly as the signature covers them.</p>
        <pre class="card">${d.ok ? JSON.stringify(d.signed, null, 2) : e.toString('utf8')}</pre>
        <script src="/static/verify.js"></script>`,
      ),
    );
  });
}

/**
 * Whether each logged report counts as evidence, by fact id (`log-N`), from the same evaluation the
 * Milestones page shows: a statement can keep the log's rules (R1–R9) and still not count as a fact (too few
 * attestations, self-report alone) or be suspended by an open dispute (R8).
 */
interface Standing {
  asOf: string;
  rejected: Map<string, RejectedFact['problems']>;
  suspended: Map<string, string>;
}

function entryStanding(ev: Evaluation): Standing {
  const suspended = new Map<string, string>();
  for (const id of ev.facts.suspended) {
    const by = ev.disputes.find((d) => d.subject === id && d.suspends.some((p) => p.fact === id));
    suspended.set(id, by ? `suspended by dispute ${by.id} (R8) while it is ${by.status}` : 'suspended (R8)');
  }
  return {
    asOf: ev.asOf,
    rejected: new Map(ev.facts.rejected.map((r) => [r.id, r.problems])),
    suspended,
  };
}

/** An entry's standing: the replay's verdict on the statement, then the evaluation's on the fact. */
function standingOf(
  r: ReplayedEntry,
  s: Standing,
): { kind: 'counts' | 'pending' | 'not-counted' | 'fact-not-counted' | 'suspended'; why: string } {
  const replayWhy = r.problems.map((p) => p.message).join('; ');
  if (r.status === 'pending') return { kind: 'pending', why: replayWhy };
  if (r.status !== 'counts') return { kind: 'not-counted', why: replayWhy };
  const id = `log-${r.index}`;
  const rejected = s.rejected.get(id);
  if (rejected) return { kind: 'fact-not-counted', why: rejected.map((p) => p.message).join('; ') };
  const suspended = s.suspended.get(id);
  if (suspended) return { kind: 'suspended', why: `${suspended} (as of ${s.asOf})` };
  return { kind: 'counts', why: '' };
}

function statusBadge(r: ReplayedEntry, s: Standing): Markup {
  const { kind, why } = standingOf(r, s);
  switch (kind) {
    case 'counts':
      return badge('counts');
    case 'pending':
      return html`<span class="badge s-pending" title="${why}">awaiting approval</span>`;
    case 'suspended':
      return html`<a href="/milestones#disputes"><span class="badge s-pending" title="${why}">suspended by a dispute</span></a>`;
    case 'fact-not-counted':
      return html`<a href="/milestones#fact-log-${r.index}"><span class="badge s-bad" title="${why}">fact does not count</span></a>`;
    default:
      return html`<span class="badge s-bad" title="${why}">does not count</span>`;
  }
}

function whyNot(r: ReplayedEntry, s: Standing): string {
  return standingOf(r, s).why;
}

/** The first entry of the page holding `start` (pages are aligned to `per`, so no entry shows on two). */
function pageStart(text: string | undefined, size: number, per: number): number {
  const last = size === 0 ? 0 : Math.floor((size - 1) / per) * per;
  const asked = text === undefined || text === '' ? last : Number(text);
  if (!Number.isFinite(asked)) return last;
  return Math.min(last, Math.max(0, Math.floor(asked / per) * per));
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

function disputesSection(disputes: readonly DisputeResult[]): Markup {
  return html`<h2 id="disputes">Disputes</h2>
    ${
      disputes.length === 0
        ? empty(
            'No dispute is on record. A government, a registered auditor, or a firm about its own commitments may dispute a report or attestation (R7).',
          )
        : html`<table class="data"><thead><tr><th>dispute</th><th>raised by</th><th>on</th><th>report</th><th>grounds</th><th>status</th><th>suspends (R8)</th><th>resolution (R9)</th></tr></thead><tbody>
        ${disputes.map(
          (
            d,
          ) => html`<tr id="dispute-${d.id}"><td>${factLink(d.id)}</td><td>${d.raisedBy}</td><td>${d.raised}</td><td>${factLink(d.subject)}${d.about ? html`<br /><span class="muted">${d.about}</span>` : ''}</td><td>${d.grounds}</td>
            <td>${html`<span class="badge ${d.status === 'open' ? 's-pending' : d.status === 'upheld' ? 's-bad' : 's-ok'}">${d.status}</span>`}</td>
            <td>${d.suspends.length === 0 ? 'nothing' : d.suspends.map((p) => html`${p.fact} from ${p.from}${p.until ? ` until ${p.until}` : ' on'}<br />`)}${d.status === 'open' ? html`<span class="muted">lapses ${d.lapses}</span>` : ''}</td>
            <td>${d.resolution ? html`${d.resolution.outcome} on ${d.resolution.on} by ${d.resolution.by.join(', ')} (${factLink(d.resolution.fact)}): ${d.resolution.reason}` : html`<span class="muted">none yet</span>`}</td></tr>`,
        )}</tbody></table>`
    }`;
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

function notCountedSection(rows: readonly NotCountedStatement[]): Markup {
  return html`<h2 id="not-counted">Statements that do not count</h2>
    ${
      rows.length === 0
        ? empty('Every statement on the log keeps the rules R1–R9.')
        : html`<p class="muted">They stay in the log — nothing is ever removed — but change no outcome.</p>
        <table class="data"><thead><tr><th>entry</th><th>statement</th><th>signed by</th><th>rule</th><th>why</th></tr></thead><tbody>
        ${rows.map((r) => html`<tr><td>${entryLink(r.index)}</td><td>${r.type ?? '(undecodable)'}</td><td>${r.actor ?? ''}${r.key ? html`<br /><code class="muted">${r.key}</code>` : ''}</td><td>${r.rule ?? ''}</td><td>${r.problems.map((p) => html`<code>${p.code}</code> ${p.message}<br />`)}</td></tr>`)}
        </tbody></table>`
    }`;
}

/** The names that signed a checkpoint note (the log and its witnesses). */
export function signersOf(note: string): string[] {
  const p = parseNote(note);
  return p.ok ? p.note.signatures.map((s) => s.name) : [];
}

function about(s: Record<string, unknown> & { type: string }): string {
  switch (s.type) {
    case 'employment-report': {
      const wages = (s.wages as { total?: string } | undefined)?.total;
      return `${s.commitment}: ${Number(s.paidHours).toLocaleString('en-US')} paid hours to ${s.periodEnd}${wages ? `, wages ${usdText(wages)}` : ''}`;
    }
    case 'investment-report':
      return `${s.commitment}: ${usdText(s.disbursed)} disbursed by ${s.asOf}`;
    case 'attestation':
    case 'approval':
    case 'dispute':
      return `${s.type === 'attestation' ? `${s.result} ` : ''}${String(s.subject).slice(0, 12)}…`;
    case 'dispute-resolution':
      return `${s.outcome} ${String(s.subject).slice(0, 12)}…`;
    case 'key-registration':
      return `registers ${s.subject} as ${s.role}`;
    case 'milestone-evaluation':
      return `milestones as of ${s.asOf}: ${Object.entries(s.milestones as Record<string, string>)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`;
    case 'waiver':
      return `${s.milestone}${s.extendTo ? ` deadline to ${s.extendTo}` : ' waived'}`;
    case 'snap-back':
      return `${s.track} from ${s.effective}`;
    case 'project-selection':
    case 'funding-notice':
      return `${s.project}${s.amount === undefined ? '' : `: ${usdText(s.amount)}`}`;
    default:
      return '';
  }
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
