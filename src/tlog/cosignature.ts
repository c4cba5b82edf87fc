/**
 * @module tlog/cosignature
 * Witness cosignatures (c2sp.org/tlog-cosignature@v1.0.1): timestamped Ed25519 (key type 0x04) over
 * `cosignature/v1\ntime <T>\n<checkpoint text>`; the signature line carries keyid || u64 time || sig.
 */
import { ed25519Sign, ed25519Verify, SIG_TYPE, type SignerKey, type VerifierKey } from './keys.js';
import type { NoteSignature } from './note.js';

/** The exact bytes a cosigner signs. */
export function cosignatureMessage(checkpointText: string, time: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${time}\n${checkpointText}`, 'utf8');
}

/** Produce a cosignature line (as a note signature) on a checkpoint's text at unix time `time`. */
export function cosign(checkpointText: string, witness: SignerKey, time: number): NoteSignature {
  if (witness.type !== SIG_TYPE.cosignatureV1) throw new Error('a cosigner key has type 0x04');
  if (!Number.isSafeInteger(time) || time < 0)
    throw new Error('cosignature time must be a non-negative integer');
  const sig = ed25519Sign(witness.privateKey, cosignatureMessage(checkpointText, time));
  const ts = Buffer.alloc(8);
  ts.writeBigUInt64BE(BigInt(time));
  return { name: witness.name, keyId: witness.keyId, signature: Buffer.concat([ts, sig]) };
}

/** A verified cosignature: who and when. */
export interface Cosignature {
  witness: VerifierKey;
  time: number;
}

/**
 * Check the cosignatures on a checkpoint's signature lines against known witness keys (type 0x04).
 * Unknown lines are ignored; a known witness line that fails is returned as `bad`.
 */
export function verifyCosignatures(
  checkpointText: string,
  signatures: readonly NoteSignature[],
  witnesses: readonly VerifierKey[],
): { valid: Cosignature[]; bad: string[] } {
  const valid: Cosignature[] = [];
  const bad: string[] = [];
  for (const s of signatures) {
    const w = witnesses.find(
      (k) => k.name === s.name && k.keyId === s.keyId && k.type === SIG_TYPE.cosignatureV1,
    );
    if (!w) continue;
    if (s.signature.length !== 72) {
      bad.push(s.name);
      continue;
    }
    const time = Number(s.signature.readBigUInt64BE(0));
    if (!ed25519Verify(w.key, cosignatureMessage(checkpointText, time), s.signature.subarray(8))) {
      bad.push(s.name);
      continue;
    }
    if (!valid.some((v) => v.witness === w)) valid.push({ witness: w, time });
  }
  return { valid, bad };
}
