/**
 * @module tlog/store
 * The storage interface of a log. The SQLite implementation lives in `src/store`; a PostgreSQL one can
 * follow behind the same interface. Methods are async so network databases fit; every append is atomic.
 */

/** What an append did for one entry. */
export interface AppendResult {
  index: number;
  /** RFC 6962 leaf hash, hex. */
  leafHash: string;
  /** True when the same entry was already logged (idempotent append: nothing was added). */
  existed: boolean;
}

/**
 * One row of a lookup of leaf hashes, as the lookup itself holds it: the leaf hash it finds and the entry index
 * it finds it at. A damaged lookup may hold a value no entry has, so `index` may be any number (NaN when the
 * stored value is not an integer at all).
 */
export interface LeafLookupRow {
  leafHash: Buffer;
  index: number;
}

/** A stored checkpoint note (log-signed, with any cosignatures added since). */
export interface StoredCheckpoint {
  size: number;
  note: string;
}

/** Durable storage of one log: entries, the tree's stored hashes, its size and its checkpoints. */
export interface LedgerStore {
  /** The log's origin line, fixed at creation. */
  readonly origin: string;
  /** Number of entries. */
  size(): Promise<number>;
  /**
   * Append entries in one transaction: each entry, its leaf, every subtree hash it completes and the new
   * size are committed together or not at all. An entry already in the log is not added again; its
   * existing index is returned. Duplicates are looked up in every lookup structure and confirmed against the
   * stored entry; when the lookups disagree (a damaged index) the append writes nothing and throws an
   * `AccordError` with code `store-damaged`.
   */
  append(entries: readonly Uint8Array[]): Promise<AppendResult[]>;
  /** Entry bytes at an index. */
  entry(index: number): Promise<Buffer | undefined>;
  /** Entries [start, end). */
  entries(start: number, end: number): Promise<Buffer[]>;
  /** The leaf hashes stored beside entries [start, end) (the deduplication index), for audits. */
  entryLeafHashes(start: number, end: number): Promise<Buffer[]>;
  /**
   * Indices of the stored entry rows from `from` on, ascending, at most `limit` of them: what is actually
   * there, so an audit can find gaps and rows beyond the recorded size.
   */
  entryIndexes(from: number, limit: number): Promise<number[]>;
  /**
   * Names of the structures the store looks entries up in by leaf hash (their index names, e.g.
   * `entries_by_leaf`). Appends consult every one of them, so each must map exactly the logged entries.
   */
  leafLookups(): readonly string[];
  /**
   * Every row of one lookup (a name from {@link leafLookups}), read from the lookup structure itself and not
   * from the table it indexes, in chunks of at most `chunk` rows. Throws an `AccordError` with code
   * `store-damaged` when the structure cannot be read.
   */
  leafLookupRows(lookup: string, chunk?: number): AsyncIterable<LeafLookupRow[]>;
  /** Index of an entry by its leaf hash (hex). */
  indexOf(leafHash: string): Promise<number | undefined>;
  /** Root of the first `size` entries, from stored hashes. */
  root(size: number): Promise<Buffer>;
  /** Inclusion proof of `index` in the tree of `size`. */
  inclusionProof(index: number, size: number): Promise<Buffer[]>;
  /** Consistency proof between two sizes. */
  consistencyProof(size1: number, size2: number): Promise<Buffer[]>;
  /** Hashes of complete subtrees (level, index) as stored, for tiles and audits. */
  storedHashes(level: number, start: number, end: number): Promise<Buffer[]>;
  /**
   * Store a checkpoint note. The store refuses (throws) when the checkpoint's origin, size or root is
   * not a tree it holds, so no checkpoint can be recorded for a tree the store does not have.
   */
  putCheckpoint(size: number, root: Uint8Array, note: string): Promise<void>;
  /** Checkpoint at a size, if one was recorded. */
  checkpoint(size: number): Promise<StoredCheckpoint | undefined>;
  /** The largest recorded checkpoint. */
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** All recorded checkpoints, by size. */
  checkpoints(): Promise<StoredCheckpoint[]>;
  /** Release the store. */
  close(): Promise<void>;
}
