/**
 * @module ledger/replay-disputes
 * Record rules R7 and R9: who may dispute which statement, and how a dispute ends — withdrawn by whoever
 * raised it, or upheld or dismissed by a joint decision of the governments (R6).
 */
import { addDays, type IsoDate } from '../_lib/date.js';
import { withArticle } from '../_lib/words.js';
import { propose } from './replay-decisions.js';
import {
  type Actor,
  earlier,
  type Fail,
  REPORTS,
  type ReplayedEntry,
  type RuleContext,
} from './replay-model.js';
import type { Statement } from './statement.js';

/** R7: who may dispute what. */
export function dispute(
  ctx: RuleContext,
  out: ReplayedEntry,
  s: Extract<Statement, { type: 'dispute' }>,
  actor: Actor,
  fail: Fail,
): ReplayedEntry {
  const subject = earlier(ctx, s.subject, out.index);
  const st = subject?.signed?.statement;
  if (!subject?.counts || !st || !(REPORTS.has(st.type) || st.type === 'attestation'))
    return fail(
      'R7',
      'dispute-subject',
      'a dispute names a counted report or attestation logged before it; a decision is changed by another decision, not disputed',
      '/statement/subject',
    );
  const report = st.type === 'attestation' ? ctx.entries[ctx.byLeaf.get(st.subject)!]! : subject;
  const g = ctx.governance;
  if (g) {
    const rules = g.disputes;
    const commitment = (report.signed!.statement as { commitment: string }).commitment;
    const allowed =
      actor.role === 'government'
        ? rules.raise.has('government')
        : actor.role === 'auditor'
          ? rules.raise.has('auditor')
          : rules.raise.has('own-firm') && (g.commitmentsOf.get(actor.id) ?? []).includes(commitment);
    if (!allowed)
      return fail(
        'R7',
        'dispute-outside-sphere',
        actor.role === 'firm'
          ? `${actor.id} may dispute only statements about its own commitments (${(g.commitmentsOf.get(actor.id) ?? []).join(', ') || 'none'}), not ${commitment}`
          : `the agreement does not let ${withArticle(actor.role)} raise disputes`,
        '/statement/subject',
      );
    if (
      rules.raiseWithinDays !== undefined &&
      s.issued > addDays(st.issued as IsoDate, rules.raiseWithinDays)
    )
      return fail(
        'R7',
        'dispute-too-late',
        `a statement may be disputed within ${rules.raiseWithinDays} days of its issue (${st.issued})`,
        '/statement/issued',
      );
  }
  ctx.edit.mapSet(ctx.disputes, out.index, {
    index: out.index,
    subject: subject.index,
    report: report.index,
    raisedBy: actor.id,
    raised: s.issued as IsoDate,
    grounds: s.reason,
  });
  ctx.edit.setStatus(out, 'counts', []);
  return out;
}

/** R9: withdrawn by the raiser alone; upheld or dismissed by joint decision. */
export function resolution(
  ctx: RuleContext,
  out: ReplayedEntry,
  s: Extract<Statement, { type: 'dispute-resolution' }>,
  actor: Actor,
  fail: Fail,
): ReplayedEntry {
  const at = ctx.byLeaf.get(s.subject);
  const dispute = at !== undefined && at < out.index ? ctx.disputes.get(at) : undefined;
  if (!dispute)
    return fail(
      'R9',
      'resolution-unknown-dispute',
      'a resolution names a counted dispute logged before it',
      '/statement/subject',
    );
  if (dispute.resolution)
    return fail(
      'R9',
      'dispute-already-resolved',
      `the dispute was already resolved at entry ${dispute.resolution.index}`,
      '/statement/subject',
    );
  if (s.outcome === 'withdrawn') {
    if (actor.id !== dispute.raisedBy)
      return fail(
        'R9',
        'withdrawal-not-raiser',
        `only ${dispute.raisedBy}, who raised it, withdraws a dispute`,
        '/statement/outcome',
      );
    ctx.edit.assign(dispute, 'resolution', {
      index: out.index,
      outcome: 'withdrawn',
      issued: s.issued as IsoDate,
      by: [actor.id],
      reason: s.reason,
    });
    ctx.edit.setStatus(out, 'counts', []);
    return out;
  }
  if (actor.role !== 'government')
    return fail(
      'R3',
      'statement-role',
      `${withArticle(actor.role)} may only withdraw its own dispute`,
      '/statement/outcome',
    );
  const g = ctx.governance;
  if (!g) {
    ctx.edit.assign(dispute, 'resolution', {
      index: out.index,
      outcome: s.outcome,
      issued: s.issued as IsoDate,
      by: [actor.id],
      reason: s.reason,
    });
    ctx.edit.setStatus(out, 'counts', []);
    return out;
  }
  return propose(ctx, out, 'dispute-resolution', g.decision('dispute-resolution'), actor);
}
