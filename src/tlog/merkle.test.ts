import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, leafHash } from './hash.js';
import { MemoryTree } from './memory-tree.js';
import {
  type HashReader,
  inclusionProof,
  inclusionProofSize,
  rangeHash,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';

// The reference tree of ledger.md a.1 (transparency-dev/merkle testonly/constants.go).
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function treeOf(n: number): MemoryTree {
  const t = new MemoryTree();
  for (let i = 0; i < n; i++) t.append(leafHash(Buffer.from(`leaf-${i}`)));
  return t;
}

describe('Merkle tree hash (RFC 6962 §2.1)', () => {
  it('gives the empty tree the hash of the empty string', () => {
    expect(new MemoryTree().root()).toEqual(EMPTY_ROOT);
    expect(EMPTY_ROOT.toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('reproduces the reference-tree roots for sizes 1 to 8', () => {
    const t = new MemoryTree();
    for (const hex of LEAVES) t.append(leafHash(Buffer.from(hex, 'hex')));
    for (let n = 1; n <= 8; n++) expect(Buffer.from(t.root(n)).toString('hex')).toBe(ROOTS[n - 1]);
  });
});

describe('inclusion proofs', () => {
  it('have exactly inner + border hashes', () => {
    expect(inclusionProofSize(0, 1)).toBe(0);
    expect(inclusionProofSize(0, 8)).toBe(3);
    expect(inclusionProofSize(4, 5)).toBe(1);
    expect(inclusionProofSize(2, 5)).toBe(3);
  });

  it('verify for every leaf of random trees, and fail once any hash or the index is changed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), (size, rawIndex, bit) => {
        const t = treeOf(size);
        const index = rawIndex % size;
        const leaf = leafHash(Buffer.from(`leaf-${index}`));
        const proof = t.inclusionProof(index);
        expect(proof.length).toBe(inclusionProofSize(index, size));
        expect(verifyInclusion(index, size, leaf, proof, t.root()).ok).toBe(true);
        if (proof.length > 0) {
          const mutated = proof.map((p) => Buffer.from(p));
          const which = bit % mutated.length;
          mutated[which]![bit % 32]! ^= 1 << (bit % 8);
          expect(verifyInclusion(index, size, leaf, mutated, t.root()).ok).toBe(false);
          expect(verifyInclusion(index, size, leaf, proof.slice(1), t.root()).ok).toBe(false);
        }
        if (size > 1) {
          const other = (index + 1) % size;
          expect(verifyInclusion(other, size, leaf, proof, t.root()).ok).toBe(false);
        }
        expect(verifyInclusion(index, size, leaf, [...proof, leaf], t.root()).ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('rejects an index at or beyond the tree size', () => {
    const r = verifyInclusion(3, 3, EMPTY_ROOT, [], EMPTY_ROOT);
    expect(r).toMatchObject({ ok: false, reason: 'index-out-of-range' });
  });
});

describe('consistency proofs', () => {
  it('verify between random sizes, and fail once a hash is flipped or dropped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.nat(),
        (a, extra, bit) => {
          const size2 = a + extra;
          const t = treeOf(size2);
          const proof = t.consistencyProof(a, size2);
          expect(verifyConsistency(a, size2, t.root(a), t.root(size2), proof).ok).toBe(true);
          if (proof.length > 0) {
            const mutated = proof.map((p) => Buffer.from(p));
            mutated[bit % mutated.length]![bit % 32]! ^= 1 << (bit % 8);
            expect(verifyConsistency(a, size2, t.root(a), t.root(size2), mutated).ok).toBe(false);
            expect(verifyConsistency(a, size2, t.root(a), t.root(size2), proof.slice(0, -1)).ok).toBe(false);
            expect(verifyConsistency(a, size2, t.root(size2), t.root(a), proof).ok).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('treats a proof from the empty tree as an error and equal sizes as needing an empty proof', () => {
    expect(verifyConsistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])).toMatchObject({ reason: 'empty-first-tree' });
    expect(verifyConsistency(3, 3, EMPTY_ROOT, EMPTY_ROOT, []).ok).toBe(true);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, EMPTY_ROOT, [])).toMatchObject({ reason: 'empty-first-tree' });
    expect(verifyConsistency(1, 1, EMPTY_ROOT, EMPTY_ROOT, [EMPTY_ROOT])).toMatchObject({
      reason: 'non-empty-proof',
    });
    expect(verifyConsistency(2, 1, EMPTY_ROOT, EMPTY_ROOT, [])).toMatchObject({ reason: 'size-order' });
  });
});

describe('inclusion proofs read from stored subtrees', () => {
  /** A reader whose every subtree hash names its (level, index), so a proof shows which subtrees it used. */
  const named = (level: number, index: number): Uint8Array => {
    const h = Buffer.alloc(32);
    h.writeUInt8(level, 0);
    h.writeDoubleBE(index, 1);
    return h;
  };
  /** RFC 6962 §2.1.1 PATH(m, D[lo:hi]), recursively, with every subtree hash from the reader. */
  const reference = (read: HashReader, m: number, lo: number, hi: number): string[] => {
    if (hi - lo === 1) return [];
    let k = 1;
    while (k * 2 < hi - lo) k *= 2;
    return m < lo + k
      ? [...reference(read, m, lo, lo + k), Buffer.from(rangeHash(read, lo + k, hi)).toString('hex')]
      : [...reference(read, m, lo + k, hi), Buffer.from(rangeHash(read, lo, lo + k)).toString('hex')];
  };
  const hex = (p: Uint8Array[]) => p.map((h) => Buffer.from(h).toString('hex'));

  it('match the RFC recursion for every leaf of every size up to 70', () => {
    for (let size = 1; size <= 70; size++)
      for (let m = 0; m < size; m++)
        expect(hex(inclusionProof(named, m, size)), `${m} of ${size}`).toEqual(reference(named, m, 0, size));
  });

  it('match it for sizes and indices beyond 32 bits', () => {
    const sizes = [2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 + 5, 2 ** 40 + 2 ** 33 + 7, 2 ** 52 + 3];
    for (const size of sizes)
      for (const m of [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 1, size - 2, size - 1].filter((x) => x < size))
        expect(hex(inclusionProof(named, m, size)), `${m} of ${size}`).toEqual(reference(named, m, 0, size));
  });

  it('take the right part from the border hashes a caller supplies', () => {
    const t = treeOf(21);
    const asked: number[] = [];
    const border = (from: number) => {
      asked.push(from);
      return rangeHash(t.read, from, 21);
    };
    for (let m = 0; m < 21; m++)
      expect(inclusionProof(t.read, m, 21, border)).toEqual(t.inclusionProof(m, 21));
    expect([...new Set(asked)].sort((a, b) => a - b)).toEqual([16, 20]);
  });
});
