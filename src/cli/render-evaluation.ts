/**
 * @module cli/render-evaluation
 * The plain-text report of an evaluation: milestone status with the facts that decided it, then per track
 * the rates in force and the steps still planned. Written for a trade analyst reading a terminal.
 */
import { formatPercent } from '../_lib/money.js';
import { formatProblem } from '../_lib/problem.js';
import { plural } from '../_lib/words.js';
import { SNAP_EVENT_TEXT } from '../agreement/index.js';
import type {
  ConditionResult,
  Evaluation,
  LedgerBasis,
  RateStep,
  TrackSchedule,
} from '../evaluation/index.js';

const STATUS_LABEL: Record<string, string> = {
  pending: 'pending',
  met: 'MET',
  missed: 'MISSED',
  'in-cure': 'IN CURE',
  waived: 'waived',
  'snapped-back': 'SNAPPED BACK',
};

function conditionLines(c: ConditionResult, indent: string, out: string[]): void {
  const mark = c.holds ? (c.withinTolerance ? '≈' : '✓') : '✗';
  const measured =
    c.value !== undefined ? `: ${c.value}${c.target !== undefined ? ` (target ${c.target})` : ''}` : '';
  const facts = c.facts.length > 0 && !c.children ? `  [${c.facts.join(', ')}]` : '';
  out.push(`${indent}${mark} ${c.label}${measured}${facts}`);
  for (const child of c.children ?? []) conditionLines(child, `${indent}  `, out);
}

function rate(step: RateStep): string {
  return `${formatPercent(step.rate)}%${step.mode === 'inclusive' ? ' all-in' : ''}`;
}

function trackLines(track: TrackSchedule, out: string[]): void {
  const hts =
    track.hts.length > 8
      ? `${track.hts.slice(0, 4).join(', ')} … ${track.hts.at(-1)} (${track.hts.length} prefixes)`
      : track.hts.join(', ');
  const scope = `${hts} from ${track.origin}${track.importers?.length ? `, importers ${track.importers.join(', ')}` : ''}`;
  out.push(`  ${track.track}${track.title ? ` — ${track.title}` : ''}`);
  out.push(`    ${track.heading} ${track.authority}; lines ${scope}`);
  if (track.reliefHeadings)
    out.push(`    while relief is in force, entries file under ${track.reliefHeadings.join(', ')}`);
  if (track.snapBack) out.push(`    ${snapBackText(track.snapBack)}`);
  for (const step of track.inForce) {
    const span = `${step.from} → ${step.until ?? '…'}`.padEnd(25);
    out.push(
      `    ${span} ${rate(step).padEnd(12)} ${step.because}${step.uncertain ? ' (uncertain, see notes)' : ''}`,
    );
  }
  for (const planned of track.planned.filter((p) => !p.reached)) {
    out.push(
      `    planned ${planned.stepId}: ${formatPercent(planned.rate)}% (${planned.gate}) — ${planned.why}`,
    );
  }
  for (const share of track.exemptShare ?? []) {
    out.push(
      `    from ${share.from}: ${formatPercent(share.share)}% of the importer's entries relieved [${share.facts.join(', ')}]`,
    );
  }
}

/** `snap-back: on a government's decision, to 25% additional (uncertain: …)`: what can restore the rate. */
function snapBackText(sb: NonNullable<TrackSchedule['snapBack']>): string {
  const events = sb.on.map((e) => SNAP_EVENT_TEXT[e] ?? e);
  const on = events.length > 1 ? `${events.slice(0, -1).join(', ')} or ${events.at(-1)}` : events.join('');
  const notice = sb.noticeDays > 0 ? ` after ${plural(sb.noticeDays, "day's", "days'")} notice` : '';
  const note = sb.note ? `; ${sb.note}` : '';
  const uncertain = sb.uncertain ? ` (uncertain: ${sb.uncertain})` : '';
  return `snap-back: on ${on}, to ${formatPercent(sb.rate)}% ${sb.mode}${notice}${note}${uncertain}`;
}

/** Render an evaluation as text lines. */
export function renderEvaluation(evaluation: Evaluation): string {
  const a = evaluation.agreement;
  const out: string[] = [];
  out.push(`${a.title}`);
  out.push(
    `agreement ${a.id} (${a.status}) · sha256 ${a.hash.slice(0, 16)}… · variant ${a.variant ?? '(base)'}, term ends ${a.termEnds} · as of ${evaluation.asOf}`,
  );
  if (evaluation.checkpoint) {
    const c = evaluation.checkpoint;
    out.push(`computed at checkpoint ${c.origin} size ${c.size} root ${c.root}`);
  } else if (evaluation.ledger) {
    const l = evaluation.ledger;
    out.push(
      `computed from the log ${l.origin}: the first ${plural(l.size, 'entry', 'entries')}, root ${l.root}`,
    );
  }
  for (const note of evaluation.notes) out.push(`NOTE: ${note}`);
  out.push('', 'Milestones');
  for (const m of evaluation.milestones) {
    const when = m.decidedOn ? ` on ${m.decidedOn}` : '';
    const cure = m.cureEnds ? `, cure ends ${m.cureEnds}` : '';
    out.push(
      `  ${m.id.padEnd(6)} ${STATUS_LABEL[m.status] ?? m.status}${when} (deadline ${m.deadline}${cure})${m.title ? ` — ${m.title}` : ''}`,
    );
    out.push(`         ${m.explanation}`);
    conditionLines(m.condition, '         ', out);
  }
  if (evaluation.obligations.length > 0) {
    out.push('', 'Linked obligations');
    for (const o of evaluation.obligations)
      out.push(`  ${o.id.padEnd(18)} ${o.status.padEnd(8)} ${o.explanation}`);
  }
  out.push(
    '',
    a.status === 'enacted'
      ? 'Tariff schedule (rates in force; → … means still in force)'
      : `Tariff schedule — HYPOTHETICAL: agreement ${a.id} is ${a.status === 'proposal' ? 'a proposal, ' : ''}not enacted (rates it would set; → … means still in force)`,
  );
  for (const track of evaluation.tracks) trackLines(track, out);
  if (evaluation.clawback) out.push('', `Clawback: ${evaluation.clawback.explanation}`);
  disputeLines(evaluation, out);
  const { counted, rejected, suspended } = evaluation.facts;
  out.push(
    '',
    `Facts: ${counted.length} counted${suspended.length ? ` (${suspended.length} suspended by a dispute: ${suspended.join(', ')})` : ''}, ${rejected.length} not counted`,
  );
  for (const r of rejected)
    for (const p of r.problems) out.push(`  ${r.id}: ${formatProblem({ ...p, where: undefined })}`);
  if (evaluation.ledger) ledgerLines(evaluation.ledger, out);
  return `${out.join('\n')}\n`;
}

function disputeLines(evaluation: Evaluation, out: string[]): void {
  if (evaluation.disputes.length === 0) return;
  out.push('', 'Disputes (R7–R9)');
  for (const d of evaluation.disputes)
    out.push(`  ${d.id.padEnd(8)} ${d.status.toUpperCase()} — ${d.explanation}`);
}

function ledgerLines(ledger: LedgerBasis, out: string[]): void {
  const shown = ledger.decisions.filter((d) => d.kind !== 'milestone-evaluation');
  if (shown.length > 0) {
    out.push('', 'Joint decisions (R6; signers are the verified signatures on the log)');
    for (const d of shown) {
      const signers = d.approvals.map((a) => `${a.party} (${a.actor}, entry ${a.index})`).join(', ');
      const state =
        d.status === 'in-force'
          ? `in force since ${d.effective?.issued}`
          : `AWAITING ${d.awaiting.join(', ')}`;
      out.push(
        `  entry ${String(d.index).padEnd(5)} ${d.kind} by ${d.proposedBy}: ${state}; signed by ${signers || 'nobody yet'}`,
      );
    }
  }
  out.push('', `Statements that do not count: ${ledger.notCounted.length}`);
  for (const n of ledger.notCounted) {
    const who = n.actor ? ` by ${n.actor}${n.key ? ` (key ${n.key})` : ''}` : '';
    for (const p of n.problems)
      out.push(
        `  entry ${n.index} ${n.type ?? '(undecodable)'}${who}: ${n.rule ?? ''} ${p.code}: ${p.message}`,
      );
  }
}
