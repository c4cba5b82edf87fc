/**
 * @module agreement/governance
 * Who may do what on an agreement's ledger, resolved from the file with its defaults. The rules are data:
 * the replay of the log (src/ledger/replay.ts) and the evaluation (R8) apply them, and every statement that
 * breaks one is listed with its id. Where the file is silent the default is the safe one: a decision that
 * could change an outcome needs every party's government.
 *
 * | rule | what it says |
 * |---|---|
 * | R1 | an entry is a canonical, signed v2 statement naming this log (so it cannot be replayed from another) |
 * | R2 | it is signed by its actor's current registered key |
 * | R3 | the actor's role may make that kind of statement |
 * | R4 | registrations: a party's government registers itself once (pinned key if given); auditors and firms are registered by the parties the governance names |
 * | R5 | a firm reports only on commitments the agreement assigns to it; attestations and disputes name logged statements |
 * | R6 | a joint decision counts once each required party's government has signed it (the decision or an approval naming its leaf hash) |
 * | R7 | who may dispute what: governments and registered auditors any report or attestation, a firm only those concerning its own commitments |
 * | R8 | an open dispute suspends its subject from the day it was raised until it is resolved or lapses |
 * | R9 | a dispute is upheld or dismissed by joint decision, or withdrawn by whoever raised it |
 *
 * @example
 * const g = governanceOf(agreement);
 * g.decision('waiver').approvers // ['US', 'JP']
 * g.roleOf('honda')              // 'firm'
 */
import { type Problem, toPointer } from '../_lib/problem.js';
import type { Agreement } from './model.js';
import { DECISION_KINDS, type DecisionKind, type DISPUTE_RAISERS } from './schema.js';

export type { DecisionKind };

/** The record rules, by id, in the words the messages and docs use. */
export const RECORD_RULES = {
  R1: 'an entry is a canonical signed statement naming this log',
  R2: "signed by the actor's current registered key",
  R3: "the actor's role may make that kind of statement",
  R4: 'who may register whom',
  R5: 'a firm reports only on its own commitments; statements refer to what the log holds',
  R6: "a joint decision needs a verified signature of each required party's government",
  R7: 'who may dispute what',
  R8: 'an open dispute suspends its subject until resolved or lapsed',
  R9: 'who resolves a dispute',
} as const;

/** A record rule id. */
export type RecordRule = keyof typeof RECORD_RULES;

/** A role the ledger knows. */
export type LedgerRole = 'government' | 'firm' | 'auditor';

/** Who must sign one kind of decision. */
export interface DecisionRule {
  kind: DecisionKind;
  /** Party ids whose governments sign. */
  approvers: readonly string[];
  /** `all`: every approver; `any`: one of them. */
  needs: 'all' | 'any';
  /** True when the file is silent and the default applies. */
  defaulted: boolean;
}

/** Dispute rules (R7–R9). */
export interface DisputeRules {
  raise: ReadonlySet<(typeof DISPUTE_RAISERS)[number]>;
  suspends: 'subject' | 'nothing';
  raiseWithinDays?: number;
  resolveWithinDays: number;
}

/** The agreement's governance with every default filled in. */
export interface Governance {
  agreement: string;
  parties: readonly string[];
  /** Party id → the actor that signs for its government. */
  governmentOf: ReadonlyMap<string, string>;
  /** Government actor → its party. */
  partyOf: ReadonlyMap<string, string>;
  /** Government actor → the key the agreement pins for it. */
  pinnedKeys: ReadonlyMap<string, string>;
  /** Registered auditor id → the party that appoints it (absent: every party jointly). */
  auditors: ReadonlyMap<string, { appointedBy?: string }>;
  /** Commitment → the firm whose reports on it count. */
  reporterOf: ReadonlyMap<string, string>;
  /** Firm actor → the commitments it reports on. */
  commitmentsOf: ReadonlyMap<string, readonly string[]>;
  disputes: DisputeRules;
  /** The role the agreement gives an actor, if it names it. */
  roleOf(actor: string): LedgerRole | undefined;
  /** Who must sign a decision of this kind (an auditor's registration follows its `appointedBy`). */
  decision(kind: DecisionKind, about?: { auditor?: string }): DecisionRule;
}

/** Resolve the agreement's governance, defaults included. */
export function governanceOf(agreement: Agreement): Governance {
  const parties = agreement.parties.map((p) => p.id);
  const governmentOf = new Map<string, string>();
  const partyOf = new Map<string, string>();
  const pinnedKeys = new Map<string, string>();
  for (const p of agreement.parties) {
    if (p.actor === undefined) continue;
    governmentOf.set(p.id, p.actor);
    partyOf.set(p.actor, p.id);
    if (p.key !== undefined) pinnedKeys.set(p.actor, p.key);
  }
  const auditors = new Map<string, { appointedBy?: string }>();
  for (const a of agreement.verification.auditors.registered)
    auditors.set(a.id, a.appointedBy === undefined ? {} : { appointedBy: a.appointedBy });
  const reporterOf = new Map<string, string>();
  const commitmentsOf = new Map<string, string[]>();
  for (const c of agreement.commitments) {
    if (c.reporter === undefined || reporterOf.has(c.id)) continue;
    reporterOf.set(c.id, c.reporter);
    commitmentsOf.set(c.reporter, [...(commitmentsOf.get(c.reporter) ?? []), c.id]);
  }
  const configured = agreement.governance.decisions;
  const d = agreement.governance.disputes;
  const rule = (kind: DecisionKind, approvers: readonly string[], needs: 'all' | 'any'): DecisionRule => {
    const set = configured[kind];
    return set
      ? { kind, approvers: set.approvers, needs: set.needs, defaulted: false }
      : { kind, approvers, needs, defaulted: true };
  };
  return {
    agreement: agreement.id,
    parties,
    governmentOf,
    partyOf,
    pinnedKeys,
    auditors,
    reporterOf,
    commitmentsOf,
    disputes: {
      raise: new Set(d.raise),
      suspends: d.suspends,
      ...(d.raiseWithinDays !== undefined && { raiseWithinDays: d.raiseWithinDays }),
      resolveWithinDays: d.resolveWithinDays,
    },
    roleOf(actor) {
      if (partyOf.has(actor)) return 'government';
      if (auditors.has(actor)) return 'auditor';
      if (commitmentsOf.has(actor)) return 'firm';
      return undefined;
    },
    decision(kind, about) {
      switch (kind) {
        case 'waiver':
          return rule(kind, agreement.waivers?.approvers ?? parties, 'all');
        case 'milestone-evaluation':
          // A logged evaluation changes nothing by itself (audit re-runs it), so one government may log it.
          return rule(kind, parties, 'any');
        case 'auditor-registration': {
          const by = about?.auditor === undefined ? undefined : auditors.get(about.auditor)?.appointedBy;
          return rule(kind, by === undefined ? parties : [by], 'all');
        }
        default:
          return rule(kind, parties, 'all');
      }
    },
  };
}

/**
 * Cross-references of the governance fields: approvers and appointing parties are parties, and one actor
 * has one role (a government actor is not also a firm or an auditor).
 */
export function validateGovernance(agreement: Agreement): Problem[] {
  const problems: Problem[] = [];
  const at = (path: (string | number)[]) => ({ pointer: toPointer(path) });
  const parties = new Set(agreement.parties.map((p) => p.id));
  const unknownParty = (id: string, path: (string | number)[]) => {
    if (!parties.has(id))
      problems.push({
        code: 'unknown-reference',
        message: `"${id}" is not a party; parties are ${[...parties].join(', ')}`,
        where: at(path),
        params: { kind: 'party', id },
      });
  };
  for (const kind of DECISION_KINDS) {
    const r = agreement.governance.decisions[kind];
    for (const [i, id] of (r?.approvers ?? []).entries())
      unknownParty(id, ['governance', 'decisions', kind, 'approvers', i]);
  }
  agreement.verification.auditors.registered.forEach((a, i) => {
    if (a.appointedBy !== undefined)
      unknownParty(a.appointedBy, ['verification', 'auditors', 'registered', i, 'appointedBy']);
  });
  const roles = new Map<string, { role: string; path: (string | number)[] }>();
  const claim = (actor: string, role: string, path: (string | number)[]) => {
    const prior = roles.get(actor);
    if (prior && (prior.role !== role || role === 'government'))
      problems.push({
        code: 'actor-two-roles',
        message: `actor "${actor}" is already the ${prior.role} at ${toPointer(prior.path)}; one ledger actor has one role and one key`,
        where: at(path),
      });
    else if (!prior) roles.set(actor, { role, path });
  };
  agreement.parties.forEach((p, i) => {
    if (p.actor !== undefined) claim(p.actor, 'government', ['parties', i, 'actor']);
    if (p.key !== undefined && p.actor === undefined)
      problems.push({
        code: 'key-without-actor',
        message: `party ${p.id} pins a key but names no actor; add actor: <id>`,
        where: at(['parties', i, 'key']),
      });
    else if (p.key !== undefined && !p.key.startsWith(`${p.actor}+`))
      problems.push({
        code: 'key-name-mismatch',
        message: `the pinned key is named "${p.key.split('+')[0]}", not the party's actor "${p.actor}"`,
        where: at(['parties', i, 'key']),
      });
  });
  for (const [i, a] of agreement.verification.auditors.registered.entries())
    claim(a.id, 'auditor', ['verification', 'auditors', 'registered', i, 'id']);
  agreement.commitments.forEach((c, i) => {
    if (c.reporter !== undefined) claim(c.reporter, 'firm', ['commitments', i, 'reporter']);
  });
  return problems;
}
