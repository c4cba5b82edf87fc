/**
 * @module tlog/receipt
 * Offline receipts in the c2sp.org/tlog-proof@v1 shape: the entry (in the unauthenticated `extra` line),
 * its index, the inclusion proof and the cosigned checkpoint. Anyone holding the trust policy can verify
 * one with no server: the checkpoint under the policy, then the entry's inclusion under its root.
 */
import { fromBase64, leafHash, toBase64 } from './hash.js';
import { verifyInclusion } from './merkle.js';
import { checkPolicy, type TrustPolicy } from './policy.js';

const HEADER = 'c2sp.org/tlog-proof@v1';

/** The parts of a receipt. */
export interface Receipt {
  /** The logged entry bytes (carried in `extra`; authenticated by the inclusion proof, not the line). */
  entry: Buffer | undefined;
  index: number;
  proof: Buffer[];
  /** The checkpoint note verbatim, with log signature and cosignatures. */
  checkpoint: string;
}

/** Format a receipt (`.tlog-proof` file content). */
export function formatReceipt(r: Receipt): string {
  const extra = r.entry ? `extra ${toBase64(r.entry)}\n` : '';
  return `${HEADER}\n${extra}index ${r.index}\n${r.proof.map((p) => `${toBase64(p)}\n`).join('')}\n${r.checkpoint}`;
}

/** Parse a receipt; the message names the line that is wrong. */
export function parseReceipt(
  text: string,
): { ok: true; receipt: Receipt } | { ok: false; message: string; line: number } {
  const end = text.indexOf('\n\n');
  if (end < 0) return { ok: false, message: 'a receipt has a blank line before the checkpoint', line: 1 };
  const lines = text.slice(0, end).split('\n');
  if (lines[0] !== HEADER) return { ok: false, message: `the first line must be ${HEADER}`, line: 1 };
  let i = 1;
  let entry: Buffer | undefined;
  if (lines[i]?.startsWith('extra ')) {
    entry = fromBase64(lines[i]!.slice(6));
    if (!entry) return { ok: false, message: 'the extra line is not base64', line: i + 1 };
    i++;
  }
  const m = /^index (0|[1-9][0-9]*)$/.exec(lines[i] ?? '');
  if (!m) return { ok: false, message: 'expected "index <leaf index>"', line: i + 1 };
  const index = Number(m[1]);
  const proof: Buffer[] = [];
  for (let j = i + 1; j < lines.length; j++) {
    const h = fromBase64(lines[j]!);
    if (h?.length !== 32)
      return { ok: false, message: 'a proof line is base64 of a 32-byte hash', line: j + 1 };
    proof.push(h);
  }
  return { ok: true, receipt: { entry, index, proof, checkpoint: text.slice(end + 2) } };
}

/** The result of verifying a receipt offline. */
export type ReceiptCheck =
  | { ok: true; origin: string; size: number; index: number; cosigners: string[]; entry: Buffer }
  | { ok: false; code: string; message: string };

/**
 * Verify a receipt offline against a trust policy. `entry` overrides the entry carried in the receipt
 * (a holder of the statement can check that exact bytes were logged).
 */
export function verifyReceipt(text: string, policy: TrustPolicy, entry?: Uint8Array): ReceiptCheck {
  const parsed = parseReceipt(text);
  if (!parsed.ok)
    return { ok: false, code: 'receipt-malformed', message: `line ${parsed.line}: ${parsed.message}` };
  const r = parsed.receipt;
  const bytes = entry ? Buffer.from(entry) : r.entry;
  if (!bytes)
    return {
      ok: false,
      code: 'receipt-no-entry',
      message: 'the receipt carries no entry; pass the statement',
    };
  const cp = checkPolicy(r.checkpoint, policy);
  if (!cp.ok) return { ok: false, code: cp.code, message: cp.message };
  const c = cp.value.checkpoint;
  const inc = verifyInclusion(r.index, c.size, leafHash(bytes), r.proof, c.root);
  if (!inc.ok)
    return { ok: false, code: `inclusion-${inc.reason}`, message: `inclusion proof: ${inc.message}` };
  return { ok: true, origin: c.origin, size: c.size, index: r.index, cosigners: cp.cosigners, entry: bytes };
}
