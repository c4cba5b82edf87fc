/**
 * @module tlog/merkle
 * RFC 6962 / RFC 9162 Merkle tree algorithms: roots, inclusion and consistency proofs (generation and
 * verification). Generation reads stored hashes of complete subtrees through a {@link HashReader}, so the
 * same code serves an in-memory tree, a SQLite store or a directory of tiles.
 */
import { EMPTY_ROOT, HASH_SIZE, hashEquals, nodeHash } from './hash.js';

/**
 * Returns the hash of the complete subtree of 2^level leaves that starts at leaf `index * 2^level`.
 * Callers only ask for subtrees that lie wholly inside the tree.
 */
export type HashReader = (level: number, index: number) => Uint8Array;

/** Why a proof was rejected; stable codes for problems and reports. */
export type ProofFailure =
  | 'index-out-of-range'
  | 'bad-hash-size'
  | 'wrong-proof-size'
  | 'root-mismatch'
  | 'size-order'
  | 'empty-first-tree'
  | 'non-empty-proof'
  | 'empty-proof';

/** The outcome of a proof verification: ok, or the reason it failed. */
export type ProofResult = { ok: true } | { ok: false; reason: ProofFailure; message: string };

function fail(reason: ProofFailure, message: string): ProofResult {
  return { ok: false, reason, message };
}

/** Largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function bitLength(x: number): number {
  let n = 0;
  while (x > 0) {
    n++;
    x = Math.floor(x / 2);
  }
  return n;
}

function popcount(x: number): number {
  let n = 0;
  while (x > 0) {
    n += x % 2;
    x = Math.floor(x / 2);
  }
  return n;
}

/**
 * The exact number of hashes in an inclusion proof for `index` in a tree of `size` leaves:
 * `bitlen(index XOR (size-1)) + popcount(index >> inner)` (reference a.2).
 */
export function inclusionProofSize(index: number, size: number): number {
  // Numbers here reach 2^53 in principle; use BigInt for the XOR so sizes above 2^31 work.
  const inner = bitLength(Number(BigInt(index) ^ BigInt(size - 1)));
  const border = popcount(Math.floor(index / 2 ** inner));
  return inner + border;
}

/** 2^k, exact for every k a tree of at most 2^53 leaves needs. */
const pow2 = (k: number): number => (k < 31 ? 1 << k : 2 ** k);

/** The number of trailing zero bits of a positive integer (exact up to 2^53). */
function trailingZeros(x: number): number {
  if (x <= 0xffffffff) return 31 - Math.clz32(x & -x);
  const low = x % 2 ** 32;
  return low === 0 ? 32 + trailingZeros(Math.floor(x / 2 ** 32)) : 31 - Math.clz32(low & -low);
}

/** floor(log2(x)) for a positive integer (exact up to 2^53). */
function log2Floor(x: number): number {
  return x <= 0xffffffff ? 31 - Math.clz32(x) : 32 + log2Floor(Math.floor(x / 2 ** 32));
}

/**
 * Hash of leaves [lo, hi) as RFC 6962 defines it, built from the complete subtrees the range decomposes
 * into (largest aligned first), folded right to left. Valid for every range a proof or root needs.
 */
export function rangeHash(read: HashReader, lo: number, hi: number): Uint8Array {
  if (hi <= lo) return EMPTY_ROOT;
  const parts: Uint8Array[] = [];
  let at = lo;
  while (at < hi) {
    // The largest subtree aligned at `at` (its trailing zeros) that still fits in the range.
    let level = at === 0 ? log2Floor(hi) : Math.min(trailingZeros(at), log2Floor(hi - at));
    while (at + pow2(level) > hi) level--;
    parts.push(read(level, at / pow2(level)));
    at += pow2(level);
  }
  let h = parts[parts.length - 1] as Uint8Array;
  for (let i = parts.length - 2; i >= 0; i--) h = nodeHash(parts[i] as Uint8Array, h);
  return h;
}

/** The root (Merkle Tree Hash) of the first `size` leaves. */
export function treeRoot(read: HashReader, size: number): Uint8Array {
  return rangeHash(read, 0, size);
}

/**
 * The hash of leaves [from, size) for the tree of `size` leaves: the one proof element that is not a stored
 * subtree. A caller serving many proofs of one size can pass these memoized (they depend only on `from`).
 */
export type RightBorderHash = (from: number) => Uint8Array;

/**
 * The inclusion proof (audit path) for leaf `index` in the tree of `size` leaves, leaf sibling first
 * (RFC 6962 §2.1.1), read straight from stored subtrees (as transparency-dev/merkle's `proof.Inclusion`):
 * below the level where the paths to `index` and to `size` fork, the siblings of the path; then the hash of
 * the incomplete right part [end, size), if any; then the complete subtrees left of the fork, lowest first.
 * Only the right part is hashed, and `border` can supply it ready-made.
 */
export function inclusionProof(
  read: HashReader,
  index: number,
  size: number,
  border: RightBorderHash = (from) => rangeHash(read, from, size),
): Uint8Array[] {
  if (!(index >= 0 && index < size)) throw new Error(`leaf ${index} is not in a tree of ${size}`);
  // The paths first differ at bit `fork` of index and size (index has 0 there, size 1).
  const fork = highestDifferingBit(index, size);
  const out: Uint8Array[] = [];
  let node = index;
  for (let level = 0; level < fork; level++) {
    out.push(read(level, node % 2 === 0 ? node + 1 : node - 1));
    node = Math.floor(node / 2);
  }
  const begin = node * pow2(fork);
  const end = begin + pow2(fork);
  if (end < size) out.push(border(end));
  // [0, begin) as complete subtrees, one per set bit of begin above the fork, lowest first.
  let rest = node;
  for (let level = fork; rest > 0; level++) {
    if (rest % 2 === 1) out.push(read(level, rest - 1));
    rest = Math.floor(rest / 2);
  }
  return out;
}

/** The highest bit position where two different non-negative integers differ (exact up to 2^53). */
function highestDifferingBit(a: number, b: number): number {
  if (a <= 0x7fffffff && b <= 0x7fffffff) return 31 - Math.clz32(a ^ b);
  const ah = Math.floor(a / 2 ** 32);
  const bh = Math.floor(b / 2 ** 32);
  if (ah !== bh) return 32 + highestDifferingBit(ah, bh);
  return 31 - Math.clz32(((a % 2 ** 32) ^ (b % 2 ** 32)) >>> 0);
}

/**
 * The consistency proof between the trees of `size1` and `size2` leaves (RFC 6962 §2.1.2). Empty when
 * size1 is 0 or equal to size2 (the edge rules of reference a.3).
 */
export function consistencyProof(read: HashReader, size1: number, size2: number): Uint8Array[] {
  if (!(size1 >= 0 && size1 <= size2)) throw new Error(`no consistency proof from ${size1} to ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const out: Uint8Array[] = [];
  const sub = (m: number, lo: number, hi: number, complete: boolean): void => {
    if (m === hi - lo) {
      if (!complete) out.push(rangeHash(read, lo, hi));
      return;
    }
    const k = splitPoint(hi - lo);
    if (m <= k) {
      sub(m, lo, lo + k, complete);
      out.push(rangeHash(read, lo + k, hi));
    } else {
      sub(m - k, lo + k, hi, false);
      out.push(rangeHash(read, lo, lo + k));
    }
  };
  sub(size1, 0, size2, true);
  return out;
}

/**
 * Recompute the root from an inclusion proof (RFC 9162 §2.1.3.2) with the strict size checks of
 * transparency-dev/merkle; returns the reason when the proof cannot be valid for any root.
 */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): { ok: true; root: Uint8Array } | { ok: false; reason: ProofFailure; message: string } {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
    return {
      ok: false,
      reason: 'index-out-of-range',
      message: `leaf index ${index} is not below tree size ${size}`,
    };
  }
  if (leaf.length !== HASH_SIZE) {
    return { ok: false, reason: 'bad-hash-size', message: `leaf hash has ${leaf.length} bytes, expected 32` };
  }
  const want = inclusionProofSize(index, size);
  if (proof.length !== want) {
    return {
      ok: false,
      reason: 'wrong-proof-size',
      message: `proof has ${proof.length} hashes, expected ${want}`,
    };
  }
  let fn = BigInt(index);
  let sn = BigInt(size - 1);
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (p.length !== HASH_SIZE) {
      return { ok: false, reason: 'bad-hash-size', message: `proof hash has ${p.length} bytes, expected 32` };
    }
    if (sn === 0n)
      return { ok: false, reason: 'wrong-proof-size', message: 'proof is longer than the tree is deep' };
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        do {
          fn >>= 1n;
          sn >>= 1n;
        } while ((fn & 1n) === 0n && fn !== 0n);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n)
    return { ok: false, reason: 'wrong-proof-size', message: 'proof is shorter than the tree is deep' };
  return { ok: true, root: r };
}

/**
 * Verify that `leaf` (a leaf hash) is at `index` in the tree of `size` leaves whose root is `root`.
 *
 * @example
 * verifyInclusion(0, 1, leafHash(entry), [], leafHash(entry)) // { ok: true }
 */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): ProofResult {
  const got = rootFromInclusionProof(index, size, leaf, proof);
  if (!got.ok) return got;
  if (root.length !== HASH_SIZE) return fail('bad-hash-size', `root has ${root.length} bytes, expected 32`);
  return hashEquals(got.root, root)
    ? { ok: true }
    : fail('root-mismatch', 'the proof leads to a different root than the one given');
}

/**
 * Verify that the tree of `size2` leaves with root `root2` extends the tree of `size1` leaves with root
 * `root1` (RFC 9162 §2.1.4.2) with the edge rules of reference a.3: size1 = 0 is an error (callers
 * special-case the empty tree), equal sizes need an empty proof and equal roots.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): ProofResult {
  if (!(Number.isSafeInteger(size1) && Number.isSafeInteger(size2) && size1 >= 0)) {
    return fail('size-order', 'tree sizes must be non-negative integers');
  }
  if (size2 < size1) return fail('size-order', `size2 ${size2} is smaller than size1 ${size1}`);
  // transparency-dev/merkle order: the empty first tree is an error even when size2 is 0 too.
  if (size1 === 0) return fail('empty-first-tree', 'a consistency proof from the empty tree is meaningless');
  if (size1 === size2) {
    if (proof.length > 0) return fail('non-empty-proof', 'trees of equal size need an empty proof');
    return hashEquals(root1, root2) ? { ok: true } : fail('root-mismatch', 'equal sizes but different roots');
  }
  if (root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) {
    return fail('bad-hash-size', 'roots must be 32 bytes');
  }
  if (proof.length === 0) return fail('empty-proof', 'the proof is empty but the sizes differ');
  for (const p of proof)
    if (p.length !== HASH_SIZE) return fail('bad-hash-size', 'proof hashes must be 32 bytes');
  const powerOfTwo = (BigInt(size1) & BigInt(size1 - 1)) === 0n;
  const path = powerOfTwo ? [root1, ...proof] : [...proof];
  let fn = BigInt(size1 - 1);
  let sn = BigInt(size2 - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0n) return fail('wrong-proof-size', 'the proof is longer than needed');
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        do {
          fn >>= 1n;
          sn >>= 1n;
        } while ((fn & 1n) === 0n && fn !== 0n);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return fail('wrong-proof-size', 'the proof is shorter than needed');
  if (!hashEquals(fr, root1)) return fail('root-mismatch', 'the proof does not lead to the first root');
  if (!hashEquals(sr, root2)) return fail('root-mismatch', 'the proof does not lead to the second root');
  return { ok: true };
}
