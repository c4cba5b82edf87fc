/**
 * @module ledger/memory-tree
 * A Merkle tree held in memory: every complete subtree hash, level by level, so roots and proofs for any
 * size up to the current one come from stored hashes. Used by tests, the tiles verifier and benchmarks;
 * the durable store keeps the same hashes in SQLite.
 */
import { integrate } from './integrate.js';
import { consistencyProof, type HashReader, inclusionProof, treeRoot } from './merkle.js';

/** An append-only in-memory RFC 6962 tree. */
export class MemoryTree {
  /** levels[l][i] = hash of the complete subtree of 2^l leaves starting at leaf i·2^l. */
  private readonly levels: Uint8Array[][] = [[]];

  /** Number of leaves. */
  get size(): number {
    return this.levels[0]!.length;
  }

  /** Append a leaf hash; stores every subtree it completes. Returns the new leaf's index. */
  append(leaf: Uint8Array): number {
    const index = this.size;
    for (const { level, hash } of integrate(index, [leaf], this.read).nodes) {
      if (this.levels.length <= level) this.levels.push([]);
      // Nodes come leaf first, parents after, so each lands at the end of its level.
      this.levels[level]!.push(hash);
    }
    return index;
  }

  /** Reader over the stored subtree hashes. */
  readonly read: HashReader = (level, index) => {
    const h = this.levels[level]?.[index];
    if (!h) throw new Error(`no stored hash at level ${level} index ${index}`);
    return h;
  };

  /** Root of the first `size` leaves (default: all). */
  root(size = this.size): Uint8Array {
    return treeRoot(this.read, size);
  }

  /** Inclusion proof of leaf `index` in the tree of `size` leaves. */
  inclusionProof(index: number, size = this.size): Uint8Array[] {
    return inclusionProof(this.read, index, size);
  }

  /** Consistency proof from `size1` to `size2`. */
  consistencyProof(size1: number, size2 = this.size): Uint8Array[] {
    return consistencyProof(this.read, size1, size2);
  }
}
