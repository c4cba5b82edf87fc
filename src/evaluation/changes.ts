/**
 * @module evaluation/changes
 * What changed between two evaluations of one agreement on one date: milestones whose status moved, tariff
 * steps that came into or went out of a track's timeline, joint decisions that came into force, facts that
 * now count, no longer count or are suspended, disputes raised or resolved. Every action in the dashboard
 * shows this after it is logged, so a firm, an auditor or a government sees what their signature did.
 *
 * Both evaluations must be of the same agreement as of the same date; only the facts (the log prefix) differ.
 *
 * @example
 * evaluationChanges(before, after)
 * // [{ kind: 'milestone', id: 'M1', before: 'pending', after: 'met', text: 'M1 Ohio plant: pending → met (decided 2026-11-14)' }]
 */
import { formatPercent } from '../_lib/money.js';
import { rateOn } from './rate-on.js';
import type { Evaluation, RateStep, TrackSchedule } from './types.js';

/** One change, with a sentence a reader can act on. */
export interface EvaluationChange {
  kind: 'milestone' | 'tariff' | 'relief' | 'decision' | 'fact' | 'dispute';
  /** The milestone, track, decision entry, fact or dispute it concerns. */
  id: string;
  before: string;
  after: string;
  text: string;
}

const pct = (rate: number) => `${formatPercent(rate)}%`;
/** A step as it starts: an end date that moved only because a later step arrived is not a change. */
const stepKey = (s: RateStep) => `${s.from}|${s.rate}|${s.mode}|${s.kind}`;

function trackChanges(before: TrackSchedule | undefined, after: TrackSchedule): EvaluationChange[] {
  const out: EvaluationChange[] = [];
  const was = new Set((before?.inForce ?? []).map(stepKey));
  const now = new Set(after.inForce.map(stepKey));
  const name = after.title ?? after.track;
  const added = after.inForce.filter((s) => !was.has(stepKey(s)));
  const removed = (before?.inForce ?? []).filter((s) => !now.has(stepKey(s)));
  const parts = [
    ...added.map((s) => {
      const prior = before ? rateOn(before, s.from) : undefined;
      return `from ${s.from}: ${pct(s.rate)} ${s.mode}${s.kind === 'snap-back' ? ' (snap-back)' : ''}${prior ? ` (was ${pct(prior.rate)})` : ''}`;
    }),
    ...removed.map((s) => `no longer ${pct(s.rate)} from ${s.from}`),
  ];
  if (parts.length > 0)
    out.push({
      kind: 'tariff',
      id: after.track,
      before: removed.map((s) => `${s.from}: ${pct(s.rate)}`).join('; ') || '—',
      after: added.map((s) => `${s.from}: ${pct(s.rate)}`).join('; ') || '—',
      text: `${name}: ${parts.join('; ')}`,
    });
  const share = (t: TrackSchedule | undefined) =>
    (t?.exemptShare ?? []).map((x) => `${x.from}: ${pct(x.share)}`).join('; ');
  if (share(before) !== share(after))
    out.push({
      kind: 'relief',
      id: after.track,
      before: share(before) || 'none',
      after: share(after) || 'none',
      text: `${name}: the share of the importer's entries relieved is now ${share(after) || 'none'} (was ${share(before) || 'none'})`,
    });
  return out;
}

function factChanges(before: Evaluation, after: Evaluation): EvaluationChange[] {
  const out: EvaluationChange[] = [];
  const counted = new Set(before.facts.counted);
  const countedNow = new Set(after.facts.counted);
  for (const id of after.facts.counted)
    if (!counted.has(id))
      out.push({ kind: 'fact', id, before: 'absent', after: 'counts', text: `fact ${id} now counts` });
  for (const id of before.facts.counted)
    if (!countedNow.has(id))
      out.push({
        kind: 'fact',
        id,
        before: 'counts',
        after: 'not counted',
        text: `fact ${id} no longer counts`,
      });
  const rejected = new Set(before.facts.rejected.map((r) => r.id));
  for (const r of after.facts.rejected)
    if (!rejected.has(r.id))
      out.push({
        kind: 'fact',
        id: r.id,
        before: 'absent',
        after: 'does not count',
        text: `fact ${r.id} does not count: ${r.problems.map((p) => p.message).join('; ')}`,
      });
  const suspended = new Set(before.facts.suspended);
  const suspendedNow = new Set(after.facts.suspended);
  for (const id of after.facts.suspended)
    if (!suspended.has(id))
      out.push({
        kind: 'fact',
        id,
        before: 'counts',
        after: 'suspended',
        text: `fact ${id} is suspended by a dispute`,
      });
  for (const id of before.facts.suspended)
    if (!suspendedNow.has(id))
      out.push({
        kind: 'fact',
        id,
        before: 'suspended',
        after: 'counts',
        text: `fact ${id} is no longer suspended`,
      });
  return out;
}

/** The changes from `before` to `after` (same agreement, same as-of date), in a stable order. */
export function evaluationChanges(before: Evaluation, after: Evaluation): EvaluationChange[] {
  if (before.agreement.id !== after.agreement.id || before.asOf !== after.asOf)
    throw new Error('evaluationChanges compares two evaluations of one agreement on one date');
  const out: EvaluationChange[] = [];
  const milestones = new Map(before.milestones.map((m) => [m.id, m]));
  for (const m of after.milestones) {
    const b = milestones.get(m.id);
    if (b?.status === m.status && b.deadline === m.deadline) continue;
    const was = b ? b.status : 'absent';
    const moved = b && b.deadline !== m.deadline ? `; deadline ${b.deadline} → ${m.deadline}` : '';
    out.push({
      kind: 'milestone',
      id: m.id,
      before: was,
      after: m.status,
      text: `${m.id}${m.title ? ` ${m.title}` : ''}: ${was === m.status ? m.status : `${was} → ${m.status}`}${m.decidedOn ? ` (decided ${m.decidedOn})` : ''}${moved}`,
    });
  }
  const tracks = new Map(before.tracks.map((t) => [t.track, t]));
  for (const t of after.tracks) out.push(...trackChanges(tracks.get(t.track), t));

  const decisions = new Map((before.ledger?.decisions ?? []).map((d) => [d.index, d]));
  const signers = (d: { approvals: { party: string }[] } | undefined) =>
    (d?.approvals ?? []).map((a) => a.party).join('+');
  for (const d of after.ledger?.decisions ?? []) {
    const b = decisions.get(d.index);
    if (b?.status === d.status && signers(b) === signers(d)) continue;
    out.push({
      kind: 'decision',
      id: `entry ${d.index}`,
      before: b ? `${b.status} (${signers(b) || 'unsigned'})` : 'absent',
      after: `${d.status} (${signers(d) || 'unsigned'})`,
      text:
        d.status === 'in-force'
          ? `the ${d.kind} at entry ${d.index} is in force: signed by ${signers(d)}`
          : `the ${d.kind} at entry ${d.index} awaits ${d.awaiting.join(' and ')} (signed by ${signers(d) || 'nobody yet'})`,
    });
  }
  out.push(...factChanges(before, after));

  const disputes = new Map(before.disputes.map((d) => [d.id, d]));
  for (const d of after.disputes) {
    const b = disputes.get(d.id);
    if (b?.status === d.status) continue;
    out.push({
      kind: 'dispute',
      id: d.id,
      before: b?.status ?? 'absent',
      after: d.status,
      text: `dispute ${d.id} of ${d.subject} by ${d.raisedBy}: ${b ? `${b.status} → ${d.status}` : d.status}`,
    });
  }
  return out;
}
