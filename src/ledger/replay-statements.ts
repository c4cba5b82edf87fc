/**
 * @module ledger/replay-statements
 * The type-specific record rules, for a statement whose entry, signer and role already hold (R1–R3):
 * registrations and key rotations (R4), reports on one's own commitments and attestations of counted
 * reports (R5); approvals, disputes and resolutions go to their own rule families (R6, R7, R9).
 */
import { withArticle } from '../_lib/words.js';
import { parseVerifierKey, SIG_TYPE } from '../tlog/index.js';
import { approval, propose } from './replay-decisions.js';
import { dispute, resolution } from './replay-disputes.js';
import {
  type Actor,
  DECISION_OF,
  earlier,
  type Fail,
  REPORTS,
  type ReplayedEntry,
  type RuleContext,
  register,
} from './replay-model.js';
import type { SignedStatement, Statement } from './statement.js';

/** R4: a party's government registers its own first key (pinned by the agreement when it gives one). */
export function selfRegistration(
  ctx: RuleContext,
  out: ReplayedEntry,
  signed: SignedStatement,
  fail: Fail,
): ReplayedEntry {
  const s = signed.statement as Extract<Statement, { type: 'key-registration' }>;
  const g = ctx.governance;
  if (s.role !== 'government')
    return fail(
      'R4',
      'registration-self',
      `only a party's government registers itself; ${withArticle(s.role)} is registered by the governments`,
      '/statement/role',
    );
  if (g && !g.partyOf.has(s.actor))
    return fail(
      'R4',
      'registration-not-party',
      `${s.actor} is not the actor of any party of ${g.agreement} (parties[].actor names them)`,
      '/statement/subject',
    );
  const k = parseVerifierKey(s.key);
  if (!k.ok || k.key.type !== SIG_TYPE.ed25519)
    return fail('R4', 'statement-bad-key', k.ok ? 'actor keys have type 0x01' : k.message, '/statement/key');
  const pinned = g?.pinnedKeys.get(s.actor);
  if (pinned !== undefined && pinned !== s.key)
    return fail(
      'R4',
      'registration-key-not-pinned',
      `the agreement pins another key for ${s.actor}`,
      '/statement/key',
    );
  if (!ctx.check(signed, k.key, out.leafHash))
    return fail(
      'R2',
      'statement-bad-signature',
      'the self-registration is not signed by the key it registers',
      '/signature',
    );
  ctx.edit.mapSet(ctx.actors, s.actor, {
    id: s.actor,
    role: 'government',
    key: k.key,
    registeredAt: out.index,
  });
  ctx.edit.setStatus(out, 'counts', []);
  return out;
}

/** The type-specific rules, for a statement whose signer and role already hold. */
export function decideStatement(
  ctx: RuleContext,
  out: ReplayedEntry,
  s: Statement,
  actor: Actor,
  fail: Fail,
): ReplayedEntry {
  const g = ctx.governance;
  switch (s.type) {
    case 'key-registration':
      return registration(ctx, out, s, actor, fail);
    case 'key-rotation': {
      const k = parseVerifierKey(s.key);
      if (!k.ok || k.key.type !== SIG_TYPE.ed25519)
        return fail(
          'R4',
          'statement-bad-key',
          k.ok ? 'actor keys have type 0x01' : k.message,
          '/statement/key',
        );
      ctx.edit.assign(actor, 'key', k.key);
      ctx.edit.setStatus(out, 'counts', []);
      return out;
    }
    case 'employment-report':
    case 'investment-report': {
      const own = g?.commitmentsOf.get(actor.id) ?? [];
      if (g && !own.includes(s.commitment))
        return fail(
          'R5',
          'not-own-commitment',
          `${actor.id} reports only on ${own.length ? `its own commitments (${own.join(', ')})` : 'the commitments the agreement assigns it, and it assigns none'}, not ${s.commitment}`,
          '/statement/commitment',
        );
      ctx.edit.setStatus(out, 'counts', []);
      return out;
    }
    case 'attestation': {
      const subject = earlier(ctx, s.subject, out.index);
      if (!subject?.counts || !REPORTS.has(subject.signed!.statement.type))
        return fail(
          'R5',
          'attestation-unknown-subject',
          'an attestation names a counted report logged before it',
          '/statement/subject',
        );
      ctx.edit.setStatus(out, 'counts', []);
      return out;
    }
    case 'dispute':
      return dispute(ctx, out, s, actor, fail);
    case 'dispute-resolution':
      return resolution(ctx, out, s, actor, fail);
    case 'approval':
      return approval(ctx, out, s, actor, fail);
    default: {
      const kind = DECISION_OF[s.type]!;
      if (!g) {
        ctx.edit.setStatus(out, 'counts', []);
        return out;
      }
      return propose(ctx, out, kind, g.decision(kind), actor);
    }
  }
}

/** R4: the governments register auditors and firms the agreement names, by joint decision (R6). */
function registration(
  ctx: RuleContext,
  out: ReplayedEntry,
  s: Extract<Statement, { type: 'key-registration' }>,
  actor: Actor,
  fail: Fail,
): ReplayedEntry {
  if (s.subject === s.actor || ctx.actors.has(s.subject))
    return fail(
      'R4',
      'statement-duplicate-actor',
      `${s.subject} is already registered; it rotates its own key instead`,
      '/statement/subject',
    );
  const k = parseVerifierKey(s.key);
  if (!k.ok || k.key.type !== SIG_TYPE.ed25519)
    return fail('R4', 'statement-bad-key', k.ok ? 'actor keys have type 0x01' : k.message, '/statement/key');
  const g = ctx.governance;
  if (g) {
    const named = g.roleOf(s.subject);
    if (s.role === 'government' || named !== s.role)
      return fail(
        'R4',
        'registration-role',
        named === undefined
          ? `${g.agreement} names no ${s.role} ${s.subject}; only the agreement's auditors and reporting firms are registered`
          : `${g.agreement} names ${s.subject} as ${withArticle(named)}, not ${withArticle(s.role)}${s.role === 'government' ? ' (a government registers itself)' : ''}`,
        '/statement/role',
      );
    const kind = s.role === 'auditor' ? 'auditor-registration' : 'firm-registration';
    return propose(ctx, out, kind, g.decision(kind, { auditor: s.subject }), actor);
  }
  register(ctx, out.index, s.subject, s.role, k.key);
  ctx.edit.setStatus(out, 'counts', []);
  return out;
}
