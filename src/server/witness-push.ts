/**
 * @module server/witness-push
 * The log server's side of c2sp.org/tlog-witness: send a new checkpoint, with a consistency proof from the
 * last size each witness cosigned, to every witness of the trust policy that has a URL, and collect the
 * cosignatures that verify under that witness's key. Every witness gets an outcome — cosigned, refused
 * (with the status and reason it gave) or unreachable — so one that is down is reported, never skipped.
 */

import { witnessRequest } from '../ledger/index.js';
import type { LedgerStore, TrustPolicy, VerifierKey } from '../tlog/index.js';
import {
  formatAddCheckpoint,
  type NoteSignature,
  parseCheckpoint,
  parseNote,
  verifyCosignatures,
} from '../tlog/index.js';

/** What happened when a checkpoint was sent to one witness. */
export interface WitnessOutcome {
  /** The witness's name in the trust policy. */
  name: string;
  url: string;
  outcome: 'cosigned' | 'refused' | 'unreachable';
  /** The witness's HTTP status, when it answered. */
  status?: number;
  message: string;
  /** The checkpoint size sent. */
  size: number;
  /** ISO time of the attempt. */
  at: string;
}

/** Options of {@link pushCheckpoint}. */
export interface PushOptions {
  /** Milliseconds to wait for each witness (default 10 s). */
  timeoutMs?: number;
  /** Replaceable for tests. */
  fetch?: typeof fetch;
}

/**
 * The largest size at which `witness` has a valid cosignature in the store, or 0. Newest first, so a log
 * with many checkpoints verifies one or two signatures, not one per checkpoint.
 */
async function lastCosigned(store: LedgerStore, witness: VerifierKey): Promise<number> {
  const newestFirst = [...(await store.checkpoints())].sort((a, b) => b.size - a.size);
  for (const cp of newestFirst) {
    const note = parseNote(cp.note);
    if (!note.ok) continue;
    // Only lines that name this witness's key cost a signature check.
    if (!note.note.signatures.some((s) => s.name === witness.name && s.keyId === witness.keyId)) continue;
    if (verifyCosignatures(note.note.text, note.note.signatures, [witness]).valid.length > 0) return cp.size;
  }
  return 0;
}

/** A short, single-line excerpt of a witness's answer for the report. */
function excerpt(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

async function post(
  url: string,
  body: string,
  options: PushOptions,
): Promise<{ status: number; type: string; text: string }> {
  const res = await (options.fetch ?? fetch)(new URL('add-checkpoint', url), {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

/**
 * Send the checkpoint `note` (of size `size`) to one witness and return its outcome and, when it cosigned,
 * the cosignature lines that verify under its policy key. A 409 names the size the witness last cosigned:
 * the request is sent once more from that size (a witness that lost its state, or a first contact).
 */
export async function pushToWitness(
  store: LedgerStore,
  name: string,
  key: VerifierKey,
  url: string,
  note: string,
  options: PushOptions = {},
): Promise<{ outcome: WitnessOutcome; cosignatures: NoteSignature[] }> {
  const cp = parseCheckpoint(note);
  const size = cp.ok ? cp.checkpoint.size : 0;
  const base = { name, url, size, at: new Date().toISOString() };
  const refused = (status: number, message: string) => ({
    outcome: { ...base, outcome: 'refused' as const, status, message },
    cosignatures: [],
  });
  try {
    let old = await lastCosigned(store, key);
    if (old > size) old = 0;
    let answer = await post(url, formatAddCheckpoint(await witnessRequest(store, old, note)), options);
    if (answer.status === 409) {
      const theirs = /^(0|[1-9][0-9]*)\n?$/.exec(answer.text);
      const n = theirs ? Number(theirs[1]) : Number.NaN;
      if (!(n <= size) || n === old)
        return refused(
          409,
          theirs
            ? `the witness has cosigned size ${n}, which this checkpoint (size ${size}) cannot extend`
            : `the witness answered 409 without a size: ${excerpt(answer.text)}`,
        );
      answer = await post(url, formatAddCheckpoint(await witnessRequest(store, n, note)), options);
    }
    if (answer.status !== 200) return refused(answer.status, excerpt(answer.text) || `HTTP ${answer.status}`);
    const text = note.slice(0, note.indexOf('\n\n') + 1);
    const lines = parseNote(`${text}\n${answer.text.endsWith('\n') ? answer.text : `${answer.text}\n`}`);
    if (!lines.ok) return refused(200, `the answer is not a cosignature line: ${excerpt(answer.text)}`);
    const { valid } = verifyCosignatures(text, lines.note.signatures, [key]);
    const mine = lines.note.signatures.filter((s) => s.name === key.name && s.keyId === key.keyId);
    if (valid.length === 0 || mine.length === 0)
      return refused(
        200,
        `the answer holds no cosignature that verifies under ${name}'s key in the trust policy`,
      );
    return {
      outcome: { ...base, outcome: 'cosigned', status: 200, message: `cosigned size ${size}` },
      cosignatures: mine.slice(0, 1),
    };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const why = err.name === 'TimeoutError' ? 'no answer in time' : (err.cause?.code ?? err.message);
    return {
      outcome: { ...base, outcome: 'unreachable', message: `${url} is unreachable: ${why}` },
      cosignatures: [],
    };
  }
}

/**
 * Send a checkpoint to every witness of `policy` that has a URL, at once. Witnesses without a URL cosign
 * out of band (`POST /api/ledger/checkpoints/{size}/cosignatures`) and get no outcome here.
 */
export async function pushCheckpoint(
  store: LedgerStore,
  policy: TrustPolicy,
  note: string,
  options: PushOptions = {},
): Promise<{ outcomes: WitnessOutcome[]; cosignatures: NoteSignature[] }> {
  const targets = [...policy.witnessUrls.entries()].flatMap(([name, url]) => {
    const key = policy.witnesses.get(name);
    return key ? [{ name, url, key }] : [];
  });
  const results = await Promise.all(
    targets.map((t) => pushToWitness(store, t.name, t.key, t.url, note, options)),
  );
  return {
    outcomes: results.map((r) => r.outcome),
    cosignatures: results.flatMap((r) => r.cosignatures),
  };
}
