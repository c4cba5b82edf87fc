/**
 * @module tlog/checkpoint
 * Checkpoints (c2sp.org/tlog-checkpoint@v1.0.0): the note text `origin\nsize\nbase64(root)\n[ext…]`.
 * Extension lines are kept verbatim (parsers stay tolerant of them) but carry no meaning here.
 */
import { fromBase64, HASH_SIZE, toBase64 } from './hash.js';
import type { SignerKey, VerifierKey } from './keys.js';
import { type NoteError, type NoteSignature, parseNote, signNote, verifyNote } from './note.js';

/** The body of a checkpoint. */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  extensions: string[];
}

/** A checkpoint problem with the 1-based line of the note it concerns. */
export interface CheckpointError {
  code: 'checkpoint-malformed' | NoteError['code'];
  message: string;
  line?: number;
}

/** Checkpoint body text, with its final newline. */
export function formatCheckpoint(c: Checkpoint): string {
  return [c.origin, String(c.size), toBase64(c.root), ...c.extensions].map((l) => `${l}\n`).join('');
}

/**
 * Parse checkpoint text (the note text, or a whole signed note: signatures are then ignored).
 *
 * @example
 * parseCheckpoint('example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n')
 */
export function parseCheckpoint(
  text: string,
): { ok: true; checkpoint: Checkpoint } | { ok: false; error: CheckpointError } {
  let body = text;
  if (text.includes('\n\n')) {
    const note = parseNote(text);
    if (!note.ok) return note;
    body = note.note.text;
  }
  const bad = (message: string, line: number) => ({
    ok: false as const,
    error: { code: 'checkpoint-malformed' as const, message, line },
  });
  if (!body.endsWith('\n')) return bad('a checkpoint ends with a newline', body.split('\n').length);
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) return bad('a checkpoint has an origin, a size and a root hash line', lines.length);
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (origin.length === 0) return bad('the origin line is empty', 1);
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText))
    return bad('the size is a decimal number without leading zeros', 2);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) return bad('the size is too large', 2);
  const root = fromBase64(rootText);
  if (!root || root.length !== HASH_SIZE) return bad('the root is base64 of a 32-byte hash', 3);
  for (const [i, ext] of lines.slice(3).entries())
    if (ext.length === 0) return bad('empty extension line', i + 4);
  return { ok: true, checkpoint: { origin, size, root, extensions: lines.slice(3) } };
}

/** Sign a checkpoint with the log's key(s); the note's key name should equal the origin. */
export function signCheckpoint(c: Checkpoint, ...keys: SignerKey[]): string {
  return signNote(formatCheckpoint(c), ...keys);
}

/** A checkpoint whose log signature verified, with the note's signature lines for cosignature checks. */
export interface VerifiedCheckpoint {
  checkpoint: Checkpoint;
  text: string;
  signatures: NoteSignature[];
  signedBy: VerifierKey[];
}

/** Verify a signed checkpoint under the log's verifier key(s), then parse its body. */
export function openCheckpoint(
  note: string,
  logKeys: readonly VerifierKey[],
): { ok: true; value: VerifiedCheckpoint } | { ok: false; error: CheckpointError } {
  const v = verifyNote(note, logKeys);
  if (!v.ok) return v;
  const c = parseCheckpoint(v.note.text);
  if (!c.ok) return c;
  return {
    ok: true,
    value: {
      checkpoint: c.checkpoint,
      text: v.note.text,
      signatures: v.note.signatures,
      signedBy: v.note.verifiedBy,
    },
  };
}
