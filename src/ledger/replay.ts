/**
 * @module ledger/replay
 * The one replay of an accord log. Entries are read in log order and each is decided under the record
 * rules R1–R9 of the agreement's governance (src/agreement/governance.ts): it counts, it is a joint decision
 * still awaiting approvals (`pending`), or it breaks a rule and does not count (it stays in the log; nothing
 * is ever removed). Keys, roles, ownership of commitments, approvals and disputes all come from the log and
 * the agreement, never from a server's own tables, so the evaluation, the audit, the CLI, the server and any
 * third-party verifier that replays the same prefix reach the same decisions.
 *
 * Without an agreement only the structural rules apply (R1 entry, R2 key, R3 role; registrations and
 * decisions count on their signer alone), which is what an audit of signatures needs and no more.
 *
 * @example
 * const replay = replayLog(entries, { origin: 'accord.example/us-japan', governance: governanceOf(agreement) });
 * replay.entries.filter((e) => e.status === 'not-counted').map((e) => e.problems[0]?.params?.rule) // ['R5', …]
 */
import { verify as verifyCallback } from 'node:crypto';
import { addDays, type IsoDate } from '../_lib/date.js';
import type { Problem } from '../_lib/problem.js';
import { withArticle } from '../_lib/words.js';
import type { DecisionKind, DecisionRule, Governance, RecordRule } from '../agreement/governance.js';
import { fromBase64 } from './hash.js';
import { formatVerifierKey, parseVerifierKey, SIG_TYPE, type VerifierKey } from './keys.js';
import {
  canonicalBytes,
  decodeEntry,
  type SignedStatement,
  type Statement,
  type StatementType,
  statementHash,
  statementMessage,
  verifyStatementSignature,
} from './statement.js';

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

const DECISION_OF: Partial<Record<StatementType, DecisionKind>> = {
  waiver: 'waiver',
  'snap-back': 'snap-back',
  'project-selection': 'project-selection',
  'funding-notice': 'funding-notice',
  'milestone-evaluation': 'milestone-evaluation',
};

const REPORTS = new Set<StatementType>(['employment-report', 'investment-report']);
const DECISION_TYPES = new Set<StatementType>([
  ...(Object.keys(DECISION_OF) as StatementType[]),
  'dispute-resolution',
]);

type Undo = () => void;

/** The state of a log replayed up to `size` entries. */
export class LedgerReplay {
  readonly entries: ReplayedEntry[] = [];
  /** Leaf hash → index of its first occurrence. */
  readonly byLeaf = new Map<string, number>();
  readonly actors = new Map<string, Actor>();
  /** Counted disputes by their entry index. */
  readonly disputes = new Map<number, DisputeState>();
  readonly origin: string;
  readonly governance: Governance | undefined;
  private check: SignatureCheck;
  /** Undo steps while a trial runs. */
  private journal: Undo[] | undefined;

  constructor(options: ReplayOptions) {
    this.origin = options.origin;
    this.governance = options.governance;
    this.check = options.check ?? verifyStatementSignature;
  }

  /** Use another signature check for the entries added from now on. */
  useCheck(check: SignatureCheck): void {
    this.check = check;
  }

  /** Entries replayed. */
  get size(): number {
    return this.entries.length;
  }

  /** Replay the next entry (entries must come in log order, from 0). */
  add(bytes: Uint8Array): ReplayedEntry {
    const index = this.entries.length;
    const leafHash = statementHash(bytes);
    const out: ReplayedEntry = { index, leafHash, status: 'not-counted', counts: false, problems: [] };
    this.entries.push(out);
    this.undo(() => this.entries.pop());
    const first = this.byLeaf.get(leafHash);
    if (first === undefined) this.mapSet(this.byLeaf, leafHash, index);
    const decoded = decodeEntry(bytes, `entry ${index}`);
    if (!decoded.ok) {
      out.problems = decoded.problems.map((p) => ({ ...p, params: { ...p.params, rule: 'R1' } }));
      return out;
    }
    out.signed = decoded.signed;
    const fail = (rule: RecordRule, code: string, message: string, pointer = ''): ReplayedEntry => {
      out.problems = [
        {
          code,
          message: `${message} (${rule})`,
          where: { file: `entry ${index}`, pointer },
          params: { rule, actor: decoded.signed.statement.actor, key: decoded.signed.signature.key },
        },
      ];
      return out;
    };
    if (first !== undefined)
      return fail('R1', 'entry-duplicate', `the same statement is already entry ${first}`);
    const s = decoded.signed.statement;
    if (s.log !== this.origin)
      return fail(
        'R1',
        'statement-other-log',
        `the statement is for the log ${s.log}, not ${this.origin}; a statement counts only in the log it names`,
        '/statement/log',
      );
    if (s.type === 'key-registration' && s.subject === s.actor && !this.actors.has(s.actor))
      return this.selfRegistration(out, decoded.signed, fail);
    const actor = this.actors.get(s.actor);
    if (!actor)
      return fail(
        'R2',
        'statement-unknown-actor',
        `${s.actor} has no registered key at entry ${index}`,
        '/statement/actor',
      );
    if (!this.check(decoded.signed, actor.key, leafHash))
      return fail(
        'R2',
        'statement-bad-signature',
        `the signature is not by ${s.actor}'s current key`,
        '/signature',
      );
    if (!ROLE_MAY[s.type].includes(actor.role))
      return fail(
        'R3',
        'statement-role',
        `${withArticle(actor.role)} may not make ${withArticle(s.type)}`,
        '/statement/type',
      );
    return this.decide(out, s, actor, fail);
  }

  /**
   * How `entries` would fare if appended now, in order, without changing the replay. An entry that would
   * not count is left out of what follows (an API refuses it), so later ones see the log without it.
   */
  trial(entries: readonly Uint8Array[]): TrialVerdict[] {
    const journal: Undo[] = [];
    this.journal = journal;
    try {
      return entries.map((e) => {
        const mark = journal.length;
        const r = this.add(e);
        const verdict = { status: r.status, problems: [...r.problems] };
        if (r.status === 'not-counted') this.rollback(mark);
        return verdict;
      });
    } finally {
      this.rollback(0);
      this.journal = undefined;
    }
  }

  /**
   * How an unsigned statement would fare if its actor signed it with their current key and appended it now:
   * every rule but the signature itself (R1, R3–R9), for forms that check a statement before the key signs.
   * The replay is left as it was.
   */
  trialUnsigned(statement: Statement): TrialVerdict {
    const signed: SignedStatement = {
      statement,
      signature: { key: this.actors.get(statement.actor)?.key.name ?? statement.actor, sig: '' },
    };
    const check = this.check;
    this.check = () => true;
    try {
      return this.trial([canonicalBytes(signed)])[0]!;
    } finally {
      this.check = check;
    }
  }

  private rollback(mark: number): void {
    const j = this.journal!;
    while (j.length > mark) j.pop()!();
  }

  private undo(step: Undo): void {
    this.journal?.push(step);
  }

  private mapSet<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const old = map.get(key);
    this.undo(() => (had ? map.set(key, old as V) : map.delete(key)));
    map.set(key, value);
  }

  private assign<T extends object, K extends keyof T>(obj: T, key: K, value: T[K]): void {
    const old = obj[key];
    this.undo(() => {
      obj[key] = old;
    });
    obj[key] = value;
  }

  private listPush<T>(list: T[], item: T): void {
    list.push(item);
    this.undo(() => list.pop());
  }

  private setStatus(e: ReplayedEntry, status: EntryStatus, problems: Problem[]): void {
    this.assign(e, 'status', status);
    this.assign(e, 'counts', status === 'counts');
    this.assign(e, 'problems', problems);
  }

  /** R4: a party's government registers its own first key (pinned by the agreement when it gives one). */
  private selfRegistration(out: ReplayedEntry, signed: SignedStatement, fail: Fail): ReplayedEntry {
    const s = signed.statement as Extract<Statement, { type: 'key-registration' }>;
    const g = this.governance;
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
      return fail(
        'R4',
        'statement-bad-key',
        k.ok ? 'actor keys have type 0x01' : k.message,
        '/statement/key',
      );
    const pinned = g?.pinnedKeys.get(s.actor);
    if (pinned !== undefined && pinned !== s.key)
      return fail(
        'R4',
        'registration-key-not-pinned',
        `the agreement pins another key for ${s.actor}`,
        '/statement/key',
      );
    if (!this.check(signed, k.key, out.leafHash))
      return fail(
        'R2',
        'statement-bad-signature',
        'the self-registration is not signed by the key it registers',
        '/signature',
      );
    this.mapSet(this.actors, s.actor, {
      id: s.actor,
      role: 'government',
      key: k.key,
      registeredAt: out.index,
    });
    this.setStatus(out, 'counts', []);
    return out;
  }

  /** The type-specific rules, for a statement whose signer and role already hold. */
  private decide(out: ReplayedEntry, s: Statement, actor: Actor, fail: Fail): ReplayedEntry {
    const g = this.governance;
    switch (s.type) {
      case 'key-registration': {
        if (s.subject === s.actor || this.actors.has(s.subject))
          return fail(
            'R4',
            'statement-duplicate-actor',
            `${s.subject} is already registered; it rotates its own key instead`,
            '/statement/subject',
          );
        const k = parseVerifierKey(s.key);
        if (!k.ok || k.key.type !== SIG_TYPE.ed25519)
          return fail(
            'R4',
            'statement-bad-key',
            k.ok ? 'actor keys have type 0x01' : k.message,
            '/statement/key',
          );
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
          return this.propose(out, kind, g.decision(kind, { auditor: s.subject }), actor);
        }
        this.register(out.index, s.subject, s.role, k.key);
        this.setStatus(out, 'counts', []);
        return out;
      }
      case 'key-rotation': {
        const k = parseVerifierKey(s.key);
        if (!k.ok || k.key.type !== SIG_TYPE.ed25519)
          return fail(
            'R4',
            'statement-bad-key',
            k.ok ? 'actor keys have type 0x01' : k.message,
            '/statement/key',
          );
        this.assign(actor, 'key', k.key);
        this.setStatus(out, 'counts', []);
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
        this.setStatus(out, 'counts', []);
        return out;
      }
      case 'attestation': {
        const subject = this.earlier(s.subject, out.index);
        if (!subject?.counts || !REPORTS.has(subject.signed!.statement.type))
          return fail(
            'R5',
            'attestation-unknown-subject',
            'an attestation names a counted report logged before it',
            '/statement/subject',
          );
        this.setStatus(out, 'counts', []);
        return out;
      }
      case 'dispute':
        return this.dispute(out, s, actor, fail);
      case 'dispute-resolution':
        return this.resolution(out, s, actor, fail);
      case 'approval':
        return this.approval(out, s, actor, fail);
      default: {
        const kind = DECISION_OF[s.type]!;
        if (!g) {
          this.setStatus(out, 'counts', []);
          return out;
        }
        return this.propose(out, kind, g.decision(kind), actor);
      }
    }
  }

  /** An earlier, logged entry by leaf hash. */
  private earlier(leafHash: string, before: number): ReplayedEntry | undefined {
    const i = this.byLeaf.get(leafHash);
    return i !== undefined && i < before ? this.entries[i] : undefined;
  }

  private register(index: number, id: string, role: Role, key: VerifierKey): void {
    this.mapSet(this.actors, id, { id, role, key, registeredAt: index });
  }

  /** R6: open a decision; the proposer's signature is its party's approval when that party must approve. */
  private propose(
    out: ReplayedEntry,
    kind: DecisionKind,
    rule: DecisionRule,
    proposer: Actor,
  ): ReplayedEntry {
    const decision: DecisionState = { kind, rule, approvals: [] };
    this.assign(out, 'decision', decision);
    const s = out.signed!.statement;
    const party = this.governance?.partyOf.get(proposer.id);
    if (proposer.role === 'government' && party !== undefined && rule.approvers.includes(party))
      decision.approvals.push({ party, actor: proposer.id, index: out.index, issued: s.issued as IsoDate });
    this.settle(out, out.index);
    return out;
  }

  /** Make a decision effective once its rule holds; otherwise say what it awaits. */
  private settle(e: ReplayedEntry, at: number): void {
    const d = e.decision!;
    const have = new Set(d.approvals.map((a) => a.party));
    const missing = d.rule.approvers.filter((p) => !have.has(p));
    const done = d.rule.needs === 'all' ? missing.length === 0 : have.size > 0;
    if (!done) {
      const awaiting = d.rule.needs === 'all' ? missing : d.rule.approvers;
      this.setStatus(e, 'pending', [
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
    this.assign(d, 'effective', { index: at, issued });
    this.takeEffect(e, d, issued);
  }

  /** What an effective decision changes besides itself: a registration adds its actor, a resolution ends its dispute. */
  private takeEffect(e: ReplayedEntry, d: DecisionState, issued: IsoDate): void {
    const s = e.signed!.statement;
    if (s.type === 'key-registration') {
      if (this.actors.has(s.subject)) {
        this.setStatus(e, 'not-counted', [
          rule(e, 'R4', 'statement-duplicate-actor', `${s.subject} was registered by another entry first`),
        ]);
        return;
      }
      const k = parseVerifierKey(s.key);
      if (k.ok) this.register(d.effective!.index, s.subject, s.role, k.key);
    } else if (s.type === 'dispute-resolution') {
      const dispute = this.disputes.get(this.byLeaf.get(s.subject)!)!;
      if (dispute.resolution) {
        this.setStatus(e, 'not-counted', [
          rule(
            e,
            'R9',
            'dispute-already-resolved',
            `the dispute was already resolved at entry ${dispute.resolution.index}`,
          ),
        ]);
        return;
      }
      this.assign(dispute, 'resolution', {
        index: e.index,
        outcome: s.outcome,
        issued,
        by: d.approvals.map((a) => a.party),
        reason: s.reason,
      });
    }
    this.setStatus(e, 'counts', []);
  }

  private approval(
    out: ReplayedEntry,
    s: Extract<Statement, { type: 'approval' }>,
    actor: Actor,
    fail: Fail,
  ) {
    const target = this.earlier(s.subject, out.index);
    const d = target?.decision;
    // Without governance decisions take effect on their signer alone, so an approval only has to name one.
    const decisionType =
      target?.signed &&
      (DECISION_TYPES.has(target.signed.statement.type) ||
        target.signed.statement.type === 'key-registration');
    if (!target || target.status === 'not-counted' || (this.governance ? !d : !decisionType))
      return fail(
        'R6',
        'approval-unknown-decision',
        'an approval names a joint decision logged before it (a waiver, snap-back, project selection, funding notice, evaluation, registration or dispute resolution)',
        '/statement/subject',
      );
    const g = this.governance;
    if (!g || !d) {
      this.setStatus(out, 'counts', []);
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
    this.setStatus(out, 'counts', []);
    if (!d.approvals.some((a) => a.party === party) && target.status === 'pending') {
      this.listPush(d.approvals, { party, actor: actor.id, index: out.index, issued: s.issued as IsoDate });
      this.settle(target, out.index);
    }
    return out;
  }

  /** R7: who may dispute what. */
  private dispute(out: ReplayedEntry, s: Extract<Statement, { type: 'dispute' }>, actor: Actor, fail: Fail) {
    const subject = this.earlier(s.subject, out.index);
    const st = subject?.signed?.statement;
    if (!subject?.counts || !st || !(REPORTS.has(st.type) || st.type === 'attestation'))
      return fail(
        'R7',
        'dispute-subject',
        'a dispute names a counted report or attestation logged before it; a decision is changed by another decision, not disputed',
        '/statement/subject',
      );
    const report = st.type === 'attestation' ? this.entries[this.byLeaf.get(st.subject)!]! : subject;
    const g = this.governance;
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
    this.mapSet(this.disputes, out.index, {
      index: out.index,
      subject: subject.index,
      report: report.index,
      raisedBy: actor.id,
      raised: s.issued as IsoDate,
      grounds: s.reason,
    });
    this.setStatus(out, 'counts', []);
    return out;
  }

  /** R9: withdrawn by the raiser alone; upheld or dismissed by joint decision. */
  private resolution(
    out: ReplayedEntry,
    s: Extract<Statement, { type: 'dispute-resolution' }>,
    actor: Actor,
    fail: Fail,
  ) {
    const at = this.byLeaf.get(s.subject);
    const dispute = at !== undefined && at < out.index ? this.disputes.get(at) : undefined;
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
      this.assign(dispute, 'resolution', {
        index: out.index,
        outcome: 'withdrawn',
        issued: s.issued as IsoDate,
        by: [actor.id],
        reason: s.reason,
      });
      this.setStatus(out, 'counts', []);
      return out;
    }
    if (actor.role !== 'government')
      return fail(
        'R3',
        'statement-role',
        `${withArticle(actor.role)} may only withdraw its own dispute`,
        '/statement/outcome',
      );
    const g = this.governance;
    if (!g) {
      this.assign(dispute, 'resolution', {
        index: out.index,
        outcome: s.outcome,
        issued: s.issued as IsoDate,
        by: [actor.id],
        reason: s.reason,
      });
      this.setStatus(out, 'counts', []);
      return out;
    }
    return this.propose(out, 'dispute-resolution', g.decision('dispute-resolution'), actor);
  }
}

type Fail = (rule: RecordRule, code: string, message: string, pointer?: string) => ReplayedEntry;

function rule(e: ReplayedEntry, r: RecordRule, code: string, message: string): Problem {
  return {
    code,
    message: `${message} (${r})`,
    where: { file: `entry ${e.index}`, pointer: '/statement' },
    params: { rule: r, actor: e.signed?.statement.actor, key: e.signed?.signature.key },
  };
}

/** Replay a whole sequence of entries. */
export function replayLog(entries: Iterable<Uint8Array>, options: ReplayOptions): LedgerReplay {
  const r = new LedgerReplay(options);
  for (const e of entries) r.add(e);
  return r;
}

/** Verify a statement signature on libuv's thread pool (same rules as {@link verifyStatementSignature}). */
function verifyOnPool(signed: SignedStatement, key: VerifierKey): Promise<boolean> {
  if (signed.signature.key !== `${key.name}+${key.keyId.toString(16).padStart(8, '0')}`)
    return Promise.resolve(false);
  const sig = fromBase64(signed.signature.sig);
  if (sig?.length !== 64) return Promise.resolve(false);
  return new Promise((resolve) => {
    verifyCallback(null, statementMessage(signed.statement), key.key, sig, (err, ok) => resolve(!err && ok));
  });
}

/**
 * {@link replayLog} with the signature checks run in parallel on the thread pool. A first pass assumes every
 * signature is valid and records each (entry, key) it asked about; all are then verified concurrently.
 * When every one holds, that pass is exactly the sequential replay. When any fails, the log is replayed
 * again in order with the known answers, so a failed registration or rotation changes later decisions
 * exactly as it would sequentially.
 */
export async function replayLogParallel(
  entries: readonly Uint8Array[],
  options: ReplayOptions,
  concurrency = 256,
): Promise<LedgerReplay> {
  const asked: { index: number; signed: SignedStatement; key: VerifierKey }[] = [];
  let at = 0;
  const optimistic = new LedgerReplay({
    ...options,
    check: (signed, key) => {
      asked.push({ index: at, signed, key });
      return true;
    },
  });
  for (const [i, e] of entries.entries()) {
    at = i;
    optimistic.add(e);
  }
  const answers: boolean[] = [];
  for (let i = 0; i < asked.length; i += concurrency)
    answers.push(
      ...(await Promise.all(asked.slice(i, i + concurrency).map((a) => verifyOnPool(a.signed, a.key)))),
    );
  const after = options.check ?? verifyStatementSignature;
  if (answers.every(Boolean)) {
    optimistic.useCheck(after);
    return optimistic;
  }
  const known = new Map(asked.map((a, j) => [`${a.index} ${formatVerifierKey(a.key)}`, answers[j]!]));
  const exact = new LedgerReplay({
    ...options,
    check: (signed, key) =>
      known.get(`${at} ${formatVerifierKey(key)}`) ?? verifyStatementSignature(signed, key),
  });
  for (const [i, e] of entries.entries()) {
    at = i;
    exact.add(e);
  }
  exact.useCheck(after);
  return exact;
}

/**
 * A signature check that remembers its verdicts by leaf hash and key, so the server's trial of a
 * submission and the replay of the committed entry verify the signature once.
 */
export function cachedCheck(limit = 65_536): SignatureCheck {
  const seen = new Map<string, boolean>();
  return (signed, key, leafHash) => {
    const k = `${leafHash} ${key.name} ${key.publicKey.toString('base64')}`;
    const hit = seen.get(k);
    if (hit !== undefined) return hit;
    const ok = verifyStatementSignature(signed, key);
    if (seen.size >= limit) seen.clear();
    seen.set(k, ok);
    return ok;
  };
}
