/**
 * @module tlog/integrate
 * The one routine that grows an RFC 6962 tree: given the tree's size, the new leaf hashes and a reader
 * over the stored right edge (the complete subtrees that make up the first `size` leaves, its compact
 * range), it returns every subtree hash the new leaves complete — the nodes a store must write — and the
 * new root on demand. The in-memory tree and the SQLite and PostgreSQL stores all call it, so the hashes
 * they keep cannot drift apart (as Tessera's storage drivers share one integrate step).
 */
import { nodeHash } from './hash.js';
import { type HashReader, rangeHash } from './merkle.js';

/** A stored subtree hash: the complete subtree of 2^level leaves starting at leaf `index·2^level`. */
export interface TreeNode {
  level: number;
  index: number;
  hash: Uint8Array;
}

/** What integrating a batch of leaves produced. */
export interface Integration {
  /** The tree's size after the batch. */
  size: number;
  /**
   * Every new subtree hash, in the order a store writes them: each leaf (level 0), then the parents it
   * completes, lowest first.
   */
  nodes: TreeNode[];
  /**
   * The root of the grown tree. Computed only when asked: stores do not need it to append, and it reads
   * right-edge hashes the append itself leaves alone.
   */
  root(): Uint8Array;
}

/**
 * The stored hashes that appending `count` leaves to a tree of `size` reads: the subtrees of the right
 * edge that a new hash becomes the right sibling of, lowest first. A store that fetches hashes ahead
 * (PostgreSQL, one round trip) fetches exactly these.
 */
export function integrationReads(size: number, count: number): [level: number, index: number][] {
  const out: [number, number][] = [];
  const end = size + count;
  // The right edge has a subtree at level l when bit l of size is set; it is merged when the batch
  // completes its parent, i.e. when the new size reaches the next multiple of 2^(l+1).
  for (let level = 0, span = 1; span <= size; level++, span *= 2) {
    const inEdge = Math.floor(size / span) % 2 === 1;
    if (!inEdge) continue;
    const parentEnd = (Math.floor(size / (2 * span)) + 1) * 2 * span;
    if (end >= parentEnd) out.push([level, Math.floor(size / span) - 1]);
  }
  return out;
}

/** Receives each new subtree hash, in the order {@link Integration.nodes} lists them. */
export type HashWriter = (level: number, index: number, hash: Uint8Array) => void;

/**
 * Append `leaves` (leaf hashes) to the tree of `size` leaves, handing each new subtree hash to `write` as
 * it is made (no list is built: the in-memory tree and bulk loaders write millions). `read` is asked only
 * for the hashes {@link integrationReads} lists; hashes made in this batch are never read back. Returns the
 * new size.
 */
export function integrateInto(
  size: number,
  leaves: readonly Uint8Array[],
  read: HashReader,
  write: HashWriter,
): number {
  if (!(Number.isSafeInteger(size) && size >= 0)) throw new Error(`tree size ${size} is not a size`);
  // The newest hash made at each level in this batch and its index: the right edge as it grows.
  const made: Uint8Array[] = [];
  const madeAt: number[] = [];
  let next = size;
  for (const leaf of leaves) {
    let h = leaf;
    let level = 0;
    let i = next++;
    write(level, i, h);
    // Each time the new hash is a right child, its parent is now complete.
    while (i % 2 === 1) {
      const left = madeAt[level] === i - 1 ? (made[level] as Uint8Array) : read(level, i - 1);
      h = nodeHash(left, h);
      level++;
      i = (i - 1) / 2;
      write(level, i, h);
    }
    // Only the top of the chain joins the right edge: the hashes under it are inside a complete parent
    // and are never a left sibling again.
    made[level] = h;
    madeAt[level] = i;
  }
  return next;
}

/**
 * Append `leaves` (leaf hashes) to the tree of `size` leaves and list every new subtree hash (see
 * {@link integrateInto}); the root is read from the right edge when `root()` is called.
 *
 * @example
 * const { nodes } = integrate(1, [leafHash(b)], (level, index) => stored(level, index));
 * // nodes: (0,1) = leafHash(b), (1,0) = nodeHash(leafHash(a), leafHash(b))
 */
export function integrate(size: number, leaves: readonly Uint8Array[], read: HashReader): Integration {
  const nodes: TreeNode[] = [];
  // The last hash made at each level: where a level has one, it is the grown tree's last complete subtree
  // there, which is the one a root over the new size reads.
  const last: TreeNode[] = [];
  const end = integrateInto(size, leaves, read, (level, index, hash) => {
    const node = { level, index, hash };
    nodes.push(node);
    last[level] = node;
  });
  const edge: HashReader = (level, index) => {
    const n = last[level];
    return n !== undefined && n.index === index ? n.hash : read(level, index);
  };
  return { size: end, nodes, root: () => rangeHash(edge, 0, end) };
}
