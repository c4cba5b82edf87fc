import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leafHash, nodeHash } from './hash.js';
import { integrate, integrateInto, integrationReads } from './integrate.js';

/** MTH(D[lo:hi]) straight from RFC 6962 §2.1: split at the largest power of two below the size. */
function referenceRoot(leaves: readonly Uint8Array[], lo = 0, hi = leaves.length): Buffer {
  if (hi - lo === 1) return Buffer.from(leaves[lo]!);
  let k = 1;
  while (k * 2 < hi - lo) k *= 2;
  return nodeHash(referenceRoot(leaves, lo, lo + k), referenceRoot(leaves, lo + k, hi));
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
const key = (level: number, index: number) => `${level}/${index}`;

/** A store as the drivers keep one: a map of stored subtree hashes that records which ones were read. */
class Store {
  readonly hashes = new Map<string, Uint8Array>();
  readonly reads: string[] = [];
  size = 0;
  read = (level: number, index: number): Uint8Array => {
    this.reads.push(key(level, index));
    const h = this.hashes.get(key(level, index));
    if (!h) throw new Error(`no stored hash at ${key(level, index)}`);
    return h;
  };
  /** Append one batch; returns the new root, and the hashes the append read before the root was asked. */
  append(leaves: readonly Uint8Array[]): Uint8Array {
    return this.appendReading(leaves).root;
  }
  appendReading(leaves: readonly Uint8Array[]): { root: Uint8Array; reads: string[] } {
    this.reads.length = 0;
    const grown = integrate(this.size, leaves, this.read);
    const reads = [...this.reads];
    for (const n of grown.nodes) {
      expect(this.hashes.has(key(n.level, n.index)), `node ${key(n.level, n.index)} made twice`).toBe(false);
      this.hashes.set(key(n.level, n.index), n.hash);
    }
    this.size = grown.size;
    return { root: grown.root(), reads };
  }
}

describe('integrate', () => {
  it('grows a tree to the RFC 6962 root one leaf at a time, for every size up to 130', () => {
    const leaves = leavesOf(130);
    const store = new Store();
    for (let n = 1; n <= leaves.length; n++) {
      expect(Buffer.from(store.append([leaves[n - 1]!])).toString('hex')).toBe(
        referenceRoot(leaves.slice(0, n)).toString('hex'),
      );
    }
  });

  it('stores exactly the complete subtrees, with their RFC 6962 hashes', () => {
    const leaves = leavesOf(45);
    const store = new Store();
    store.append(leaves);
    // 45 leaves: 45 + 22 + 11 + 5 + 2 + 1 complete subtrees.
    expect(store.hashes.size).toBe(86);
    for (let level = 0; 2 ** level <= 45; level++) {
      const span = 2 ** level;
      for (let i = 0; (i + 1) * span <= 45; i++) {
        const want = referenceRoot(leaves, i * span, (i + 1) * span);
        expect(Buffer.from(store.hashes.get(key(level, i))!).equals(want)).toBe(true);
      }
    }
  });

  it('gives the same nodes, root and reads however the leaves are split into batches', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.integer({ min: 0, max: 70 }), { maxLength: 12 }),
        (total, cuts) => {
          const leaves = leavesOf(total);
          const whole = new Store();
          const wholeRoot = total > 0 ? whole.append(leaves) : undefined;
          const split = new Store();
          let at = 0;
          let root: Uint8Array | undefined;
          for (const cut of [...cuts, total]) {
            const batch = leaves.slice(at, Math.min(total, at + cut));
            if (batch.length === 0) continue;
            const before = split.size;
            const grown = split.appendReading(batch);
            root = grown.root;
            // The root reads more of the edge; the append itself reads only what integrationReads lists.
            expect(grown.reads).toEqual(integrationReads(before, batch.length).map(([l, i]) => key(l, i)));
            at += batch.length;
          }
          expect(split.size).toBe(total);
          expect([...split.hashes.entries()].sort()).toEqual([...whole.hashes.entries()].sort());
          if (total > 0) {
            expect(Buffer.from(root!).toString('hex')).toBe(Buffer.from(wholeRoot!).toString('hex'));
            expect(Buffer.from(root!).equals(referenceRoot(leaves))).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('orders nodes leaf first, then the parents that leaf completes, lowest first', () => {
    const store = new Store();
    store.append(leavesOf(3));
    const grown = integrate(3, [leafHash(Buffer.from('four'))], store.read);
    expect(grown.nodes.map((n) => key(n.level, n.index))).toEqual(['0/3', '1/1', '2/0']);
  });

  it('reads only the right-edge hashes the new leaves combine with', () => {
    // Size 6 = subtrees (2,0) and (1,2); one more leaf merges neither, two more complete the tree of 8.
    expect(integrationReads(6, 1)).toEqual([]);
    const both = [
      [1, 2],
      [2, 0],
    ];
    expect(integrationReads(6, 2)).toEqual(both);
    expect(integrationReads(6, 9)).toEqual(both);
    // Size 5 = (2,0) and (0,4); one more leaf merges only (0,4).
    expect(integrationReads(5, 1)).toEqual([[0, 4]]);
    expect(integrationReads(7, 1)).toEqual([
      [0, 6],
      [1, 2],
      [2, 0],
    ]);
    expect(integrationReads(0, 5)).toEqual([]);
    const store = new Store();
    store.append(leavesOf(6));
    store.reads.length = 0;
    integrate(6, leavesOf(1), store.read);
    expect(store.reads).toEqual([]);
  });

  it('makes nothing from an empty batch and refuses a size that is not one', () => {
    const grown = integrate(4, [], () => {
      throw new Error('no read expected');
    });
    expect(grown).toMatchObject({ size: 4, nodes: [] });
    expect(() => integrate(-1, [], () => new Uint8Array(32))).toThrow(/not a size/);
  });

  it('hands the same hashes, in the same order, to a writer as it lists them', () => {
    const store = new Store();
    store.append(leavesOf(11));
    const listed = integrate(11, leavesOf(9), store.read).nodes.map((n) => [
      n.level,
      n.index,
      Buffer.from(n.hash),
    ]);
    const written: unknown[] = [];
    const end = integrateInto(11, leavesOf(9), store.read, (level, index, hash) =>
      written.push([level, index, Buffer.from(hash)]),
    );
    expect(end).toBe(20);
    expect(written).toEqual(listed);
  });
});
