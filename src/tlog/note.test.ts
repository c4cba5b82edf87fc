import { describe, expect, it } from 'vitest';
import {
  formatSignerKey,
  formatVerifierKey,
  generateSigner,
  parseSignerKey,
  parseVerifierKey,
  SIG_TYPE,
} from './keys.js';
import { addSignatures, parseNote, signNote, verifyNote } from './note.js';

// The worked example of c2sp.org/signed-note v1.0.0 and the package example of golang.org/x/mod/sumdb/note.
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIG = 'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';
const TESSERA_VKEY = 'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx';

const key = (text: string) => {
  const k = parseVerifierKey(text);
  if (!k.ok) throw new Error(k.message);
  return k.key;
};

describe('verifier and signer keys', () => {
  it('parse the spec key and format it back byte for byte', () => {
    const k = key(SPEC_VKEY);
    expect(k.keyId).toBe(0x530d903a);
    expect(formatVerifierKey(k)).toBe(SPEC_VKEY);
  });

  it("split only on the first two '+' because base64 can contain '+'", () => {
    expect(key(TESSERA_VKEY).name).toBe('example.com/log/testdata');
  });

  it('reject a key whose ID does not match its name and key', () => {
    expect(parseVerifierKey(SPEC_VKEY.replace('530d903a', '530d903b'))).toMatchObject({ ok: false });
    expect(parseVerifierKey('no-plus-here')).toMatchObject({ ok: false });
    expect(parseVerifierKey('a+530d903a+!!!!')).toMatchObject({ ok: false });
  });

  it('read the Go signer key format and derive the matching verifier key', () => {
    const s = parseSignerKey(GO_SKEY);
    expect(s.ok).toBe(true);
    if (s.ok) {
      expect(formatVerifierKey(s.key)).toBe(GO_VKEY);
      expect(formatSignerKey(s.key)).toBe(GO_SKEY);
    }
  });
});

describe('signed notes', () => {
  it('verify the signed-note spec example', () => {
    const v = verifyNote(SPEC_NOTE, [key(SPEC_VKEY)]);
    expect(v.ok && v.note.text).toBe('This is an example message.\n');
  });

  it('sign exactly as golang.org/x/mod/sumdb/note does (Ed25519 is deterministic)', () => {
    const s = parseSignerKey(GO_SKEY);
    if (!s.ok) throw new Error(s.message);
    expect(signNote(GO_TEXT, s.key)).toBe(`${GO_TEXT}\n— PeterNeumann ${GO_SIG}\n`);
  });

  it('ignore unknown signers but reject when no known key signed', () => {
    const other = generateSigner('other.example/key');
    const foreign = parseNote(signNote('This is an example message.\n', other));
    if (!foreign.ok) throw new Error('bad note');
    const both = addSignatures(SPEC_NOTE, foreign.note.signatures);
    expect(both.split('\n— ').length).toBe(3);
    expect(verifyNote(both, [key(SPEC_VKEY)]).ok).toBe(true);
    const r = verifyNote(signNote('x\n', other), [key(SPEC_VKEY)]);
    expect(r).toMatchObject({ ok: false, error: { code: 'note-no-valid-signature' } });
  });

  it('reject the whole note when a known key has a bad signature, even if another verifies', () => {
    const a = generateSigner('a.example');
    const b = generateSigner('b.example');
    const note = signNote('hello\n', a, b);
    // Change a signature character (after the 4-byte key ID) so the line still names b's key.
    const tampered = note.replace(
      /(— b\.example \S{20})(\S)/,
      (_m, p: string, c: string) => `${p}${c === 'A' ? 'B' : 'A'}`,
    );
    const r = verifyNote(tampered, [key(formatVerifierKey(a)), key(formatVerifierKey(b))]);
    expect(r).toMatchObject({ ok: false, error: { code: 'note-bad-signature' } });
  });

  it('accept at least 16 signatures', () => {
    const signers = Array.from({ length: 20 }, (_, i) => generateSigner(`k${i}.example`));
    const note = signNote('many\n', ...signers);
    expect(verifyNote(note, [key(formatVerifierKey(signers[19]!))]).ok).toBe(true);
  });

  it('reject malformed notes with the line at fault', () => {
    expect(parseNote('no blank line\n— a AAAA\n')).toMatchObject({ ok: false });
    expect(parseNote('text\n\nnot a signature\n')).toMatchObject({ ok: false, error: { line: 3 } });
    expect(parseNote('text\r\n\n— a AAAAAAA=\n')).toMatchObject({ ok: false });
    expect(parseNote('text\n\n— a AAAAAAA=')).toMatchObject({ ok: false });
  });

  it('only verify Ed25519 note signatures with type 0x01 keys', () => {
    const w = generateSigner('w.example', SIG_TYPE.cosignatureV1);
    expect(() => signNote('x\n', w)).toThrow();
  });
});
