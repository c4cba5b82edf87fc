/**
 * @module tlog/hash
 * RFC 6962 hashing: SHA-256 with a 0x00 prefix for leaves and 0x01 for interior nodes, so a leaf can never
 * be passed off as a node (RFC 6962 section 2.1).
 */
import { createHash, hash } from 'node:crypto';
import { nativeSha256 } from './sha256-native.js';

/** Length of every hash in the log (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** SHA-256 of bytes. */
export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/**
 * The RFC 6962 leaf hash `SHA-256(0x00 || entry)`.
 *
 * @example
 * leafHash(new Uint8Array()).toString('hex') // '6e340b9c…a01d'
 */
export function leafHash(entry: Uint8Array): Buffer {
  if (NATIVE_IN !== undefined && entry.length < NATIVE_IN.length) {
    NATIVE_IN[0] = 0x00;
    NATIVE_IN.set(entry, 1);
    return nativeDigest(1 + entry.length);
  }
  if (entry.length > LEAF_INPUT.length - 1)
    return hash('sha256', Buffer.concat([LEAF_PREFIX, entry]), 'buffer');
  // Small entries (most log entries) are prefixed in a reused buffer rather than a concatenated copy.
  LEAF_INPUT.set(entry, 1);
  return hash('sha256', LEAF_INPUT.subarray(0, 1 + entry.length), 'buffer');
}

// With the native addon (tlog/sha256-native) inputs are written into the scratch buffer it shares and the
// digest is copied out of it; without it, node:crypto's one-shot hash serves, with the same bytes.
const NATIVE_IN = nativeSha256 && new Uint8Array(nativeSha256.scratch, 0, nativeSha256.inputMax);
const NATIVE_OUT = nativeSha256 && new Uint8Array(nativeSha256.scratch, nativeSha256.inputMax, HASH_SIZE);

/** Hash the first `length` bytes of the native scratch input; a fresh Buffer of the digest. */
function nativeDigest(length: number): Buffer {
  (nativeSha256 as NonNullable<typeof nativeSha256>).digest(length);
  const out = Buffer.allocUnsafe(HASH_SIZE);
  out.set(NATIVE_OUT as Uint8Array);
  return out;
}

/** The reused input of {@link leafHash} for entries up to 4 KiB; byte 0 is the leaf prefix, 0x00. */
const LEAF_INPUT = Buffer.alloc(4096);

// One reusable 65-byte input for node hashes: the one-shot `crypto.hash` over it costs about half the CPU
// of a streaming createHash with three updates (bench/ledger), and the log computes millions of these.
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE);

/** The RFC 6962 interior node hash `SHA-256(0x01 || left || right)`. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  }
  if (NATIVE_IN !== undefined) {
    NATIVE_IN[0] = 0x01;
    NATIVE_IN.set(left, 1);
    NATIVE_IN.set(right, 1 + HASH_SIZE);
    return nativeDigest(1 + 2 * HASH_SIZE);
  }
  NODE_INPUT[0] = 0x01;
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return hash('sha256', NODE_INPUT, 'buffer');
}

/** The root of the empty tree, `SHA-256("")`. */
export const EMPTY_ROOT: Buffer = sha256(new Uint8Array());

/** Constant-content comparison of two hashes (length included). */
export function hashEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** Standard base64 (RFC 4648 §4) of bytes. */
export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decode strict standard base64: returns undefined for anything that does not round-trip (Node's decoder
 * silently skips bad characters, which would let a corrupted hash through).
 */
export function fromBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
