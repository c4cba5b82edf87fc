/**
 * @module ledger/replay-state
 * The replay itself: the state of a log replayed entry by entry. Each entry passes the structural rules here
 * (R1 entry, R2 key, R3 role) and then its statement type's rules (./replay-statements.ts); a trial runs the
 * same rules and undoes them (./replay-journal.ts), so a form or an API can ask before appending.
 */

import { withArticle } from '../_lib/words.js';
import type { Governance, RecordRule } from '../agreement/index.js';
import { Journal } from './replay-journal.js';
import {
  type Actor,
  type DisputeState,
  type ReplayedEntry,
  type ReplayOptions,
  ROLE_MAY,
  type RuleContext,
  type SignatureCheck,
  type TrialVerdict,
} from './replay-model.js';
import { decideStatement, selfRegistration } from './replay-statements.js';
import {
  canonicalBytes,
  decodeEntry,
  type SignedStatement,
  type Statement,
  statementHash,
  verifyStatementSignature,
} from './statement.js';

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
  private readonly edit = new Journal();

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
    this.edit.undo(() => this.entries.pop());
    const first = this.byLeaf.get(leafHash);
    if (first === undefined) this.edit.mapSet(this.byLeaf, leafHash, index);
    const decoded = decodeEntry(bytes, `entry ${index}`);
    if (!decoded.ok) {
      out.problems = decoded.problems.map((p) => ({ ...p, params: { ...p.params, rule: 'R1' } }));
      return out;
    }
    out.signed = decoded.value;
    const fail = (rule: RecordRule, code: string, message: string, pointer = ''): ReplayedEntry => {
      out.problems = [
        {
          code,
          message: `${message} (${rule})`,
          where: { file: `entry ${index}`, pointer },
          params: { rule, actor: decoded.value.statement.actor, key: decoded.value.signature.key },
        },
      ];
      return out;
    };
    if (first !== undefined)
      return fail('R1', 'entry-duplicate', `the same statement is already entry ${first}`);
    const s = decoded.value.statement;
    if (s.log !== this.origin)
      return fail(
        'R1',
        'statement-other-log',
        `the statement is for the log ${s.log}, not ${this.origin}; a statement counts only in the log it names`,
        '/statement/log',
      );
    if (s.type === 'key-registration' && s.subject === s.actor && !this.actors.has(s.actor))
      return selfRegistration(this.rules(), out, decoded.value, fail);
    const actor = this.actors.get(s.actor);
    if (!actor)
      return fail(
        'R2',
        'statement-unknown-actor',
        `${s.actor} has no registered key at entry ${index}`,
        '/statement/actor',
      );
    if (!this.check(decoded.value, actor.key, leafHash))
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
    return decideStatement(this.rules(), out, s, actor, fail);
  }

  /**
   * How `entries` would fare if appended now, in order, without changing the replay. An entry that would
   * not count is left out of what follows (an API refuses it), so later ones see the log without it.
   */
  trial(entries: readonly Uint8Array[]): TrialVerdict[] {
    this.edit.open();
    try {
      return entries.map((e) => {
        const mark = this.edit.mark();
        const r = this.add(e);
        const verdict = { status: r.status, problems: [...r.problems] };
        if (r.status === 'not-counted') this.edit.rollback(mark);
        return verdict;
      });
    } finally {
      this.edit.close();
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

  /** What the statement rules see and change; the check is read now, as a trial may have swapped it. */
  private rules(): RuleContext {
    return {
      entries: this.entries,
      byLeaf: this.byLeaf,
      actors: this.actors,
      disputes: this.disputes,
      governance: this.governance,
      check: this.check,
      edit: this.edit,
    };
  }
}
