/**
 * @module ledger/replay-batch
 * Replaying a long log fast: signatures are most of the cost, so they are checked in parallel on the thread
 * pool, or remembered so that the same entry is not verified twice. Either way the decisions are exactly
 * those of the sequential replay.
 */
import { verify as verifyCallback } from 'node:crypto';
import { formatVerifierKey, fromBase64, type VerifierKey } from '../tlog/index.js';
import type { ReplayOptions, SignatureCheck } from './replay-model.js';
import { LedgerReplay } from './replay-state.js';
import { type SignedStatement, statementMessage, verifyStatementSignature } from './statement.js';

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
 * The replay of a whole log with the signature checks run in parallel on the thread pool. A first pass assumes every
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
