import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { leafHash, nodeHash } from './hash.js';
import { nativeSha256 } from './sha256-native.js';

const reference = (...parts: Uint8Array[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

// Entry sizes around the native scratch buffer's limit (4,096 input bytes, one of them the prefix) and
// around SHA-256's 64-byte block and 55-byte padding boundaries.
const SIZES = [0, 1, 31, 32, 54, 55, 56, 63, 64, 65, 119, 120, 1000, 4094, 4095, 4096, 4097, 10_000];

/** Check both hashes of an implementation of this module against node:crypto's streaming hash. */
function agreesWithReference(impl: { leafHash: typeof leafHash; nodeHash: typeof nodeHash }) {
  for (const size of SIZES) {
    const entry = randomBytes(size);
    expect(impl.leafHash(entry).toString('hex'), `leaf of ${size} bytes`).toBe(
      reference(Buffer.from([0]), entry).toString('hex'),
    );
  }
  for (let i = 0; i < 200; i++) {
    const [l, r] = [randomBytes(32), randomBytes(32)];
    expect(impl.nodeHash(l, r).equals(reference(Buffer.from([1]), l, r))).toBe(true);
  }
  // Results are fresh buffers: a later hash must not change an earlier one (the native path reuses scratch).
  const a = impl.leafHash(Buffer.from('a'));
  const copy = Buffer.from(a);
  impl.leafHash(Buffer.from('b'));
  impl.nodeHash(a, a);
  expect(a.equals(copy)).toBe(true);
}

describe('RFC 6962 hashes', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('match node:crypto on every size, with the native addon when it is built', () => {
    agreesWithReference({ leafHash, nodeHash });
  });

  it('match node:crypto with the native addon switched off (ACCORD_SKIP_NATIVE=1)', async () => {
    vi.stubEnv('ACCORD_SKIP_NATIVE', '1');
    vi.resetModules();
    const native = await import('./sha256-native.js');
    expect(native.nativeSha256).toBeUndefined();
    agreesWithReference(await import('./hash.js'));
  });

  it('keeps the input and digest in a known place in the addon scratch buffer', () => {
    // npm ci builds the addon (scripts/build-native.mjs); a checkout installed with ACCORD_SKIP_NATIVE=1
    // or without a compiler runs on node:crypto, and this test says why it has nothing to check.
    if (nativeSha256 === undefined) {
      expect(
        process.env.ACCORD_SKIP_NATIVE,
        'the native addon was not built: run `npm run build:native`',
      ).toBe('1');
      return;
    }
    const input = new Uint8Array(nativeSha256.scratch, 0, nativeSha256.inputMax);
    input.set(Buffer.from('abc'));
    nativeSha256.digest(3);
    const digest = Buffer.from(nativeSha256.scratch, nativeSha256.inputMax, 32).toString('hex');
    // FIPS 180-4's own example, SHA-256("abc").
    expect(digest).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(() => nativeSha256?.digest(nativeSha256.inputMax + 1)).toThrow(RangeError);
  });
});
