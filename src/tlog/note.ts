/**
 * @module tlog/note
 * Signed notes (c2sp.org/signed-note@v1.0.0): text, a blank line, then `— name base64(keyid || sig)` lines.
 * Unknown signers are ignored; a known key whose signature fails rejects the note; at least one known
 * signature must verify.
 */
import { fromBase64 } from './hash.js';
import {
  ed25519Sign,
  ed25519Verify,
  isValidKeyName,
  SIG_TYPE,
  type SignerKey,
  type VerifierKey,
} from './keys.js';

/** One signature line of a note. */
export interface NoteSignature {
  name: string;
  keyId: number;
  /** Signature bytes after the key ID (64 for Ed25519, 72 for a timestamped cosignature). */
  signature: Buffer;
}

/** A parsed note: its text (with final newline) and signature lines in order. */
export interface Note {
  text: string;
  signatures: NoteSignature[];
}

/** A note-format failure with the 1-based line it was found on. */
export interface NoteError {
  code: 'note-malformed' | 'note-no-valid-signature' | 'note-bad-signature';
  message: string;
  line?: number;
}

const EM_DASH = '\u2014';
/** Notes may carry many signatures; accept at least 16 (spec) but bound work on hostile input. */
export const MAX_SIGNATURES = 100;

/**
 * Split a note into text and signature lines without verifying anything.
 *
 * @example
 * parseNote('hello\n\n— k ' + sig + '\n')
 */
export function parseNote(note: string): { ok: true; note: Note } | { ok: false; error: NoteError } {
  const bad = (message: string, line?: number) => ({
    ok: false as const,
    error: { code: 'note-malformed' as const, message, ...(line ? { line } : {}) },
  });
  // Control characters other than newline are forbidden (this also rules out \r\n line endings).
  const ctl = note.search(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  if (ctl >= 0) return bad('the note contains a control character other than newline', lineOf(note, ctl));
  if (!note.endsWith('\n')) return bad('a note ends with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return bad('a note has a blank line between its text and its signatures');
  const text = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  const firstSigLine = lineOf(note, split + 2);
  if (sigLines.length > MAX_SIGNATURES) return bad(`a note may carry at most ${MAX_SIGNATURES} signatures`);
  const signatures: NoteSignature[] = [];
  for (const [i, line] of sigLines.entries()) {
    const at = firstSigLine + i;
    if (!line.startsWith(`${EM_DASH} `)) return bad('a signature line starts with "— " (em dash, space)', at);
    const rest = line.slice(2);
    const space = rest.lastIndexOf(' ');
    if (space <= 0) return bad('a signature line is "— <key name> <base64 signature>"', at);
    const name = rest.slice(0, space);
    if (!isValidKeyName(name)) return bad(`invalid key name ${JSON.stringify(name)}`, at);
    const raw = fromBase64(rest.slice(space + 1));
    if (!raw || raw.length < 5) return bad('the signature is not base64 of a key ID and signature', at);
    signatures.push({ name, keyId: raw.readUInt32BE(0), signature: raw.subarray(4) });
  }
  return { ok: true, note: { text, signatures } };
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Format a note from its text and signature lines. */
export function formatNote(note: Note): string {
  const lines = note.signatures.map(
    (s) => `${EM_DASH} ${s.name} ${Buffer.concat([keyIdBytes(s.keyId), s.signature]).toString('base64')}\n`,
  );
  return `${note.text}\n${lines.join('')}`;
}

function keyIdBytes(id: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(id >>> 0);
  return b;
}

/** Sign note text (must end in a newline) with an Ed25519 signer key. */
export function signNote(text: string, ...signers: SignerKey[]): string {
  if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
  const signatures = signers.map((s) => {
    if (s.type !== SIG_TYPE.ed25519) throw new Error('signNote needs an Ed25519 (type 0x01) key');
    return { name: s.name, keyId: s.keyId, signature: ed25519Sign(s.privateKey, Buffer.from(text, 'utf8')) };
  });
  return formatNote({ text, signatures });
}

/** Add signature lines to an already signed note (for cosignatures). */
export function addSignatures(note: string, extra: readonly NoteSignature[]): string {
  const parsed = parseNote(note);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return formatNote({ text: parsed.note.text, signatures: [...parsed.note.signatures, ...extra] });
}

/** A verified note: the text and the known keys whose signatures verified. */
export interface VerifiedNote extends Note {
  verifiedBy: VerifierKey[];
}

/**
 * Verify a note under known Ed25519 (type 0x01) verifier keys. Signatures by unknown (name, ID) pairs are
 * ignored; a known key whose signature fails rejects the note; at least one must verify.
 *
 * @example
 * verifyNote(noteText, [parseVerifierKey(vkey).key])
 */
export function verifyNote(
  note: string,
  keys: readonly VerifierKey[],
): { ok: true; note: VerifiedNote } | { ok: false; error: NoteError } {
  const parsed = parseNote(note);
  if (!parsed.ok) return parsed;
  const message = Buffer.from(parsed.note.text, 'utf8');
  const verifiedBy: VerifierKey[] = [];
  for (const sig of parsed.note.signatures) {
    const key = keys.find((k) => k.name === sig.name && k.keyId === sig.keyId && k.type === SIG_TYPE.ed25519);
    if (!key) continue;
    if (!ed25519Verify(key.key, message, sig.signature)) {
      return {
        ok: false,
        error: { code: 'note-bad-signature', message: `the signature by ${sig.name} does not verify` },
      };
    }
    if (!verifiedBy.includes(key)) verifiedBy.push(key);
  }
  if (verifiedBy.length === 0) {
    return {
      ok: false,
      error: { code: 'note-no-valid-signature', message: 'no known key signed this note' },
    };
  }
  return { ok: true, note: { ...parsed.note, verifiedBy } };
}
