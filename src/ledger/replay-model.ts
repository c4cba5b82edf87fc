/**
 * @module ledger/replay-model
 * What the replay of a log is made of — actors, entries, decisions, disputes — and the view of the replay
 * that the record rules (statements, decisions, disputes) read and change. Kept apart from the replay
 * itself so each rule family can live in its own module without importing the class that drives them.
 */
import type { IsoDate } from '../_lib/date.js';
import type { Problem } from '../_lib/problem.js';
import type { DecisionKind, DecisionRule, Governance, RecordRule } from '../agreement/index.js';
import type { VerifierKey } from '../tlog/index.js';
import type { Journal } from './replay-journal.js';
import type { SignedStatement, StatementType } from './statement.js';

/** An actor's role; it limits which statements the actor may make (R3). */
export type Role = 'firm' | 'auditor' | 'government';

/** R3: which roles may make each statement type. */
export const ROLE_MAY: Record<StatementType, readonly Role[]> = {
  'employment-report': ['firm'],
  'investment-report': ['firm'],
  attestation: ['auditor'],
  'project-selection': ['government'],
  'funding-notice': ['government', 'firm'],
  'milestone-evaluation': ['government'],
  waiver: ['government'],
  approval: ['government'],
  dispute: ['government', 'auditor', 'firm'],
  'dispute-resolution': ['government', 'auditor', 'firm'],
  'snap-back': ['government'],
  'key-registration': ['government'],
  'key-rotation': ['firm', 'auditor', 'government'],
};

/** A registered actor. */
export interface Actor {
  id: string;
  role: Role;
  /** The key that signs now. */
  key: VerifierKey;
  /** Entry index at which the registration took effect. */
  registeredAt: number;
}

/** Whether an entry takes effect. */
export type EntryStatus = 'counts' | 'pending' | 'not-counted';

/** A verified signature of one party's government on a decision. */
export interface PartyApproval {
  party: string;
  actor: string;
  /** The entry carrying the signature: the decision itself or an approval statement. */
  index: number;
  issued: IsoDate;
}

/** A statement that counts only once the required parties have signed it (R6). */
export interface DecisionState {
  kind: DecisionKind;
  rule: DecisionRule;
  approvals: PartyApproval[];
  /** When the last required signature was logged: its entry and the latest issued date among them. */
  effective?: { index: number; issued: IsoDate };
}

/** A counted dispute (R7) and how it ended (R9). */
export interface DisputeState {
  /** The dispute's entry. */
  index: number;
  /** The disputed entry (a report or an attestation). */
  subject: number;
  /** The report whose fact it suspends: the subject, or the report an attestation is about. */
  report: number;
  raisedBy: string;
  raised: IsoDate;
  grounds: string;
  resolution?: {
    /** The resolution statement's entry. */
    index: number;
    outcome: 'upheld' | 'dismissed' | 'withdrawn';
    issued: IsoDate;
    /** Parties whose governments decided, or the raiser who withdrew. */
    by: string[];
    reason: string;
  };
}

/** One replayed entry. */
export interface ReplayedEntry {
  index: number;
  leafHash: string;
  signed?: SignedStatement;
  status: EntryStatus;
  /** `status === 'counts'`. */
  counts: boolean;
  /** Not counted: the rule broken (`params.rule`); pending: what it awaits (a warning). */
  problems: Problem[];
  /** Present on joint decisions. */
  decision?: DecisionState;
}

/** How an entry would fare if appended now (see {@link LedgerReplay.trial}). */
export interface TrialVerdict {
  status: EntryStatus;
  problems: Problem[];
}

/**
 * Decides whether a signed statement's signature is valid under a key. `leafHash` identifies the entry
 * (statement and signature together), for checks that remember their verdicts.
 */
export type SignatureCheck = (signed: SignedStatement, key: VerifierKey, leafHash: string) => boolean;

/** What a replay needs: the log it replays and, for R4–R9, the agreement's governance. */
export interface ReplayOptions {
  /** The log's origin line (R1: statements must name it). */
  origin: string;
  governance?: Governance;
  /** Injectable for parallel or cached verification. */
  check?: SignatureCheck;
}

/** Statement types that are joint decisions under governance (R6), and the decision each one is. */
export const DECISION_OF: Partial<Record<StatementType, DecisionKind>> = {
  waiver: 'waiver',
  'snap-back': 'snap-back',
  'project-selection': 'project-selection',
  'funding-notice': 'funding-notice',
  'milestone-evaluation': 'milestone-evaluation',
};

export const REPORTS = new Set<StatementType>(['employment-report', 'investment-report']);
export const DECISION_TYPES = new Set<StatementType>([
  ...(Object.keys(DECISION_OF) as StatementType[]),
  'dispute-resolution',
]);

/** Fails the entry being decided: it does not count, for breaking `rule`. */
export type Fail = (rule: RecordRule, code: string, message: string, pointer?: string) => ReplayedEntry;

/** The replay as the record rules see it: its state, the signature check, and the journal that changes it. */
export interface RuleContext {
  readonly entries: readonly ReplayedEntry[];
  /** Leaf hash → index of its first occurrence. */
  readonly byLeaf: ReadonlyMap<string, number>;
  readonly actors: Map<string, Actor>;
  /** Counted disputes by their entry index. */
  readonly disputes: Map<number, DisputeState>;
  readonly governance: Governance | undefined;
  readonly check: SignatureCheck;
  /** Every change goes through here, so that a trial can be undone. */
  readonly edit: Journal;
}

/** An earlier, logged entry by leaf hash. */
export function earlier(ctx: RuleContext, leafHash: string, before: number): ReplayedEntry | undefined {
  const i = ctx.byLeaf.get(leafHash);
  return i !== undefined && i < before ? ctx.entries[i] : undefined;
}

/** Add an actor whose registration took effect at entry `index`. */
export function register(ctx: RuleContext, index: number, id: string, role: Role, key: VerifierKey): void {
  ctx.edit.mapSet(ctx.actors, id, { id, role, key, registeredAt: index });
}

/** The problem of an entry that a later event stops from counting. */
export function ruleProblem(e: ReplayedEntry, r: RecordRule, code: string, message: string): Problem {
  return {
    code,
    message: `${message} (${r})`,
    where: { file: `entry ${e.index}`, pointer: '/statement' },
    params: { rule: r, actor: e.signed?.statement.actor, key: e.signed?.signature.key },
  };
}
