/**
 * @module tlog/memory-tree
 * A Merkle tree held in memory: every complete subtree hash, level by level, so roots and proofs for any
 * size up to the current one come from stored hashes. Used by the audit, the server's replay, tests and
 * benchmarks; the durable stores keep the same hashes in SQLite or PostgreSQL.
 *
 * Each level's hashes sit end to end in one growing buffer (as Go's tlog keeps one slice of hashes), not as
 * a million small Buffers for the garbage collector to trace; a read is a view into it. Proofs for one size
 * share the hash of the tree's incomplete right part, so it is computed once per size and `from`, and every
 * other proof element is a stored hash.
 */
import { HASH_SIZE } from './hash.js';
import { type HashWriter, integrateInto } from './integrate.js';
import { consistencyProof, type HashReader, inclusionProof, rangeHash, treeRoot } from './merkle.js';

/** Hashes a level's first buffer holds; it doubles as the level fills. */
const FIRST_CAPACITY = 1024;

/** An append-only in-memory RFC 6962 tree. */
export class MemoryTree {
  /** levels[l] holds, at offset 32·i, the hash of the complete subtree of 2^l leaves from leaf i·2^l. */
  private readonly levels: Buffer[] = [];
  /** How many hashes each level holds. */
  private readonly counts: number[] = [];
  /** Right-part hashes of proofs in the tree of `borderSize` leaves, by the part's first leaf. */
  private borderSize = -1;
  private readonly border = new Map<number, Uint8Array>();

  /** Number of leaves. */
  get size(): number {
    return this.counts[0] ?? 0;
  }

  /** Append a leaf hash; stores every subtree it completes. Returns the new leaf's index. */
  append(leaf: Uint8Array): number {
    const index = this.size;
    integrateInto(index, [leaf], this.read, this.write);
    return index;
  }

  /** Store one hash; integration makes each level's hashes in index order. */
  private readonly write: HashWriter = (level, index, hash) => {
    if (hash.length !== HASH_SIZE) throw new Error(`a tree hash has ${HASH_SIZE} bytes, not ${hash.length}`);
    let arena = this.levels[level];
    if (arena === undefined) {
      arena = Buffer.allocUnsafeSlow(FIRST_CAPACITY * HASH_SIZE);
      this.levels[level] = arena;
    }
    const at = index * HASH_SIZE;
    if (at + HASH_SIZE > arena.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(arena.length * 2, at + HASH_SIZE));
      arena.copy(grown, 0, 0, at);
      this.levels[level] = grown;
      arena = grown;
    }
    arena.set(hash, at);
    this.counts[level] = index + 1;
  };

  /** Reader over the stored subtree hashes (views into the tree's buffers: do not write to them). */
  readonly read: HashReader = (level, index) => {
    const arena = this.levels[level];
    if (arena === undefined || !(index >= 0 && index < (this.counts[level] ?? 0)))
      throw new Error(`no stored hash at level ${level} index ${index}`);
    const at = index * HASH_SIZE;
    // A Buffer over the same memory, made directly (cheaper than subarray, and proofs read millions).
    return Buffer.from(arena.buffer, arena.byteOffset + at, HASH_SIZE);
  };

  /** Root of the first `size` leaves (default: all). */
  root(size = this.size): Uint8Array {
    return treeRoot(this.read, size);
  }

  /** Inclusion proof of leaf `index` in the tree of `size` leaves. */
  inclusionProof(index: number, size = this.size): Uint8Array[] {
    if (!(size <= this.size)) throw new Error(`the tree has ${this.size} leaves, not ${size}`);
    if (size !== this.borderSize) {
      this.border.clear();
      this.borderSize = size;
    }
    return inclusionProof(this.read, index, size, (from) => {
      let h = this.border.get(from);
      if (h === undefined) {
        h = rangeHash(this.read, from, size);
        this.border.set(from, h);
      }
      return h;
    });
  }

  /** Consistency proof from `size1` to `size2`. */
  consistencyProof(size1: number, size2 = this.size): Uint8Array[] {
    return consistencyProof(this.read, size1, size2);
  }
}
