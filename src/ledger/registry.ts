/**
 * @module ledger/registry
 * Replays the log's statements in order and decides, for each entry, whether it counts: the entry decodes,
 * its signer is the actor's current registered key, and the actor's role may make that kind of statement.
 * Keys come only from the log itself (registrations and rotations), so any party can replay the same
 * decision from the same prefix.
 */

import { verify as verifyCallback } from 'node:crypto';
import type { Problem } from '../_lib/problem.js';
import { fromBase64 } from './hash.js';
import { formatVerifierKey, parseVerifierKey, SIG_TYPE, type VerifierKey } from './keys.js';
import {
  decodeEntry,
  type SignedStatement,
  type StatementType,
  statementHash,
  statementMessage,
  verifyStatementSignature,
} from './statement.js';

/** An actor's role; it limits which statements the actor may make. */
export type Role = 'firm' | 'auditor' | 'government';

const ALLOWED: Record<StatementType, readonly Role[]> = {
  'employment-report': ['firm'],
  'investment-report': ['firm'],
  attestation: ['auditor'],
  'project-selection': ['government'],
  'funding-notice': ['government', 'firm'],
  'milestone-evaluation': ['government'],
  waiver: ['government'],
  dispute: ['government', 'auditor', 'firm'],
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
  /** Entry index of the registration. */
  registeredAt: number;
}

/** One replayed entry: the decoded statement when it counts, otherwise the problems that stop it. */
export interface ReplayedEntry {
  index: number;
  leafHash: string;
  signed?: SignedStatement;
  counts: boolean;
  problems: Problem[];
}

/** Replays entries and keeps the registry of actors and keys. */
export class Registry {
  readonly actors = new Map<string, Actor>();
  readonly entries: ReplayedEntry[] = [];

  /** `check` decides whether a statement's signature is valid under a key (injectable for parallel replay). */
  constructor(private readonly check: SignatureCheck = verifyStatementSignature) {}

  /** Process the next entry (entries must be given in log order, starting at 0). */
  add(entry: Uint8Array): ReplayedEntry {
    const index = this.entries.length;
    const hash = statementHash(entry);
    const where = { pointer: '', file: `entry ${index}` };
    const out: ReplayedEntry = { index, leafHash: hash, counts: false, problems: [] };
    this.entries.push(out);
    const decoded = decodeEntry(entry, `entry ${index}`);
    if (!decoded.ok) {
      out.problems.push(...decoded.problems);
      return out;
    }
    const signed = decoded.signed;
    out.signed = signed;
    const s = signed.statement;
    const fail = (code: string, message: string, pointer = '') => {
      out.problems.push({ code, message, where: { ...where, pointer } });
      return out;
    };
    const actor = this.actors.get(s.actor);
    // Bootstrap: a government may register its own first key (trust on first use, visible to all in the log).
    if (s.type === 'key-registration' && !actor && s.subject === s.actor && s.role === 'government') {
      const k = parseVerifierKey(s.key);
      if (!k.ok || k.key.type !== SIG_TYPE.ed25519)
        return fail('statement-bad-key', k.ok ? 'actor keys have type 0x01' : k.message, '/statement/key');
      if (!this.check(signed, k.key))
        return fail(
          'statement-bad-signature',
          'the self-registration is not signed by the key it registers',
          '/signature',
        );
      this.actors.set(s.actor, { id: s.actor, role: 'government', key: k.key, registeredAt: index });
      out.counts = true;
      return out;
    }
    if (!actor)
      return fail(
        'statement-unknown-actor',
        `${s.actor} has no registered key at entry ${index}`,
        '/statement/actor',
      );
    if (!this.check(signed, actor.key)) {
      return fail(
        'statement-bad-signature',
        `the signature is not by ${s.actor}'s current key`,
        '/signature',
      );
    }
    if (!ALLOWED[s.type].includes(actor.role)) {
      return fail('statement-role', `a ${actor.role} may not make a ${s.type}`, '/statement/type');
    }
    if (s.type === 'key-registration') {
      if (this.actors.has(s.subject))
        return fail(
          'statement-duplicate-actor',
          `${s.subject} is already registered; rotate its key instead`,
          '/statement/subject',
        );
      const k = parseVerifierKey(s.key);
      if (!k.ok || k.key.type !== SIG_TYPE.ed25519)
        return fail('statement-bad-key', k.ok ? 'actor keys have type 0x01' : k.message, '/statement/key');
      this.actors.set(s.subject, { id: s.subject, role: s.role, key: k.key, registeredAt: index });
    } else if (s.type === 'key-rotation') {
      const k = parseVerifierKey(s.key);
      if (!k.ok || k.key.type !== SIG_TYPE.ed25519)
        return fail('statement-bad-key', k.ok ? 'actor keys have type 0x01' : k.message, '/statement/key');
      actor.key = k.key;
    }
    out.counts = true;
    return out;
  }
}

/** Decides whether a signed statement's signature is valid under a key. */
export type SignatureCheck = (signed: SignedStatement, key: VerifierKey) => boolean;

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
 * Replay with the signature checks run in parallel on the thread pool. A first pass assumes every
 * signature is valid and records each (entry, key) it asked about; all are then verified concurrently.
 * When every one holds, that pass is exactly the sequential replay. When any fails, the log is replayed
 * again in order with the known answers, so a failed registration or rotation changes later decisions
 * exactly as it would sequentially.
 */
export async function replayParallel(entries: readonly Uint8Array[], concurrency = 256): Promise<Registry> {
  const asked: { index: number; signed: SignedStatement; key: VerifierKey }[] = [];
  let at = 0;
  const optimistic = new Registry((signed, key) => {
    asked.push({ index: at, signed, key });
    return true;
  });
  for (const [i, e] of entries.entries()) {
    at = i;
    optimistic.add(e);
  }
  const answers: boolean[] = [];
  for (let i = 0; i < asked.length; i += concurrency) {
    answers.push(
      ...(await Promise.all(asked.slice(i, i + concurrency).map((a) => verifyOnPool(a.signed, a.key)))),
    );
  }
  if (answers.every(Boolean)) return optimistic;
  const known = new Map(asked.map((a, j) => [`${a.index} ${formatVerifierKey(a.key)}`, answers[j]!]));
  const exact = new Registry(
    (signed, key) => known.get(`${at} ${formatVerifierKey(key)}`) ?? verifyStatementSignature(signed, key),
  );
  for (const [i, e] of entries.entries()) {
    at = i;
    exact.add(e);
  }
  return exact;
}

/** Replay a whole sequence of entries. */
export function replay(entries: Iterable<Uint8Array>): Registry {
  const r = new Registry();
  for (const e of entries) r.add(e);
  return r;
}
