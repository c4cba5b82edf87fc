/**
 * @module ledger/replay-decisions
 * Record rule R6: joint decisions. A waiver, snap-back, project selection, funding notice, evaluation,
 * registration or dispute resolution counts only once the parties the agreement names have signed it — by
 * proposing it or by a later approval — and takes effect on the latest of those signatures.
 */
import type { IsoDate } from '../_lib/date.js';
import { withArticle } from '../_lib/words.js';
import type { DecisionKind, DecisionRule } from '../agreement/index.js';
import { parseVerifierKey } from '../tlog/index.js';
import {
  type Actor,
  DECISION_TYPES,
  type DecisionState,
  earlier,
  type Fail,
  type ReplayedEntry,
  type RuleContext,
  register,
  ruleProblem,
} from './replay-model.js';
import type { Statement } from './statement.js';

/** R6: open a decision; the proposer's signature is its party's approval when that party must approve. */
export function propose(
  ctx: RuleContext,
  out: ReplayedEntry,
  kind: DecisionKind,
  rule: DecisionRule,
  proposer: Actor,
): ReplayedEntry {
  const decision: DecisionState = { kind, rule, approvals: [] };
  ctx.edit.assign(out, 'decision', decision);
  const s = out.signed!.statement;
  const party = ctx.governance?.partyOf.get(proposer.id);
  if (proposer.role === 'government' && party !== undefined && rule.approvers.includes(party))
    decision.approvals.push({ party, actor: proposer.id, index: out.index, issued: s.issued as IsoDate });
  settle(ctx, out, out.index);
  return out;
}

/** Make a decision effective once its rule holds; otherwise say what it awaits. */
function settle(ctx: RuleContext, e: ReplayedEntry, at: number): void {
  const d = e.decision!;
  const have = new Set(d.approvals.map((a) => a.party));
  const missing = d.rule.approvers.filter((p) => !have.has(p));
  const done = d.rule.needs === 'all' ? missing.length === 0 : have.size > 0;
  if (!done) {
    const awaiting = d.rule.needs === 'all' ? missing : d.rule.approvers;
    ctx.edit.setStatus(e, 'pending', [
      {
        code: 'decision-pending',
        message: `this ${d.kind} awaits the approval of ${d.rule.needs === 'any' ? 'one of ' : ''}${awaiting.join(', ')} (R6)`,
        where: { file: `entry ${e.index}` },
        severity: 'warning',
        params: { rule: 'R6', awaiting },
      },
    ]);
    return;
  }
  const used = d.rule.needs === 'all' ? d.approvals : d.approvals.slice(0, 1);
  const s = e.signed!.statement;
  let issued = s.issued as IsoDate;
  for (const a of used) if (a.issued > issued) issued = a.issued;
  ctx.edit.assign(d, 'effective', { index: at, issued });
  takeEffect(ctx, e, d, issued);
}

/** What an effective decision changes besides itself: a registration adds its actor, a resolution ends its dispute. */
function takeEffect(ctx: RuleContext, e: ReplayedEntry, d: DecisionState, issued: IsoDate): void {
  const s = e.signed!.statement;
  if (s.type === 'key-registration') {
    if (ctx.actors.has(s.subject)) {
      ctx.edit.setStatus(e, 'not-counted', [
        ruleProblem(
          e,
          'R4',
          'statement-duplicate-actor',
          `${s.subject} was registered by another entry first`,
        ),
      ]);
      return;
    }
    const k = parseVerifierKey(s.key);
    if (k.ok) register(ctx, d.effective!.index, s.subject, s.role, k.key);
  } else if (s.type === 'dispute-resolution') {
    const dispute = ctx.disputes.get(ctx.byLeaf.get(s.subject)!)!;
    if (dispute.resolution) {
      ctx.edit.setStatus(e, 'not-counted', [
        ruleProblem(
          e,
          'R9',
          'dispute-already-resolved',
          `the dispute was already resolved at entry ${dispute.resolution.index}`,
        ),
      ]);
      return;
    }
    ctx.edit.assign(dispute, 'resolution', {
      index: e.index,
      outcome: s.outcome,
      issued,
      by: d.approvals.map((a) => a.party),
      reason: s.reason,
    });
  }
  ctx.edit.setStatus(e, 'counts', []);
}

/** R6: an approval adds its party's signature to an earlier decision, which may then take effect. */
export function approval(
  ctx: RuleContext,
  out: ReplayedEntry,
  s: Extract<Statement, { type: 'approval' }>,
  actor: Actor,
  fail: Fail,
): ReplayedEntry {
  const target = earlier(ctx, s.subject, out.index);
  const d = target?.decision;
  // Without governance decisions take effect on their signer alone, so an approval only has to name one.
  const decisionType =
    target?.signed &&
    (DECISION_TYPES.has(target.signed.statement.type) || target.signed.statement.type === 'key-registration');
  if (!target || target.status === 'not-counted' || (ctx.governance ? !d : !decisionType))
    return fail(
      'R6',
      'approval-unknown-decision',
      'an approval names a joint decision logged before it (a waiver, snap-back, project selection, funding notice, evaluation, registration or dispute resolution)',
      '/statement/subject',
    );
  const g = ctx.governance;
  if (!g || !d) {
    ctx.edit.setStatus(out, 'counts', []);
    return out;
  }
  const party = g.partyOf.get(actor.id);
  if (party === undefined || !d.rule.approvers.includes(party))
    return fail(
      'R6',
      'approval-not-approver',
      `${withArticle(d.kind)} needs ${d.rule.approvers.join(', ')}; ${actor.id} does not sign for any of them`,
      '/statement/actor',
    );
  ctx.edit.setStatus(out, 'counts', []);
  if (!d.approvals.some((a) => a.party === party) && target.status === 'pending') {
    ctx.edit.listPush(d.approvals, { party, actor: actor.id, index: out.index, issued: s.issued as IsoDate });
    settle(ctx, target, out.index);
  }
  return out;
}
