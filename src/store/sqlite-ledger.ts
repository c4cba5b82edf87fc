/**
 * @module store/sqlite-ledger
 * The SQLite implementation of {@link LedgerStore} (better-sqlite3). One file per log. Appends run in a
 * `BEGIN IMMEDIATE` transaction, so concurrent writers (threads or processes) serialize on the write lock
 * and each sees the size it extends; WAL with synchronous=FULL makes an acknowledged append durable.
 */
import Database from 'better-sqlite3';
import { AccordError } from '../_lib/problem.js';
import { parseCheckpoint } from '../ledger/checkpoint.js';
import { hashEquals, leafHash, nodeHash } from '../ledger/hash.js';
import { consistencyProof, type HashReader, inclusionProof, treeRoot } from '../ledger/merkle.js';
import type { AppendResult, LedgerStore, StoredCheckpoint } from '../ledger/store.js';
import type { WitnessRecord, WitnessStateStore } from '../ledger/witness.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, data BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS entries_by_leaf ON entries (leaf_hash);
CREATE TABLE IF NOT EXISTS nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS witness_state (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL);
`;

/** How to open a store. */
export interface SqliteLedgerOptions {
  /** `full` (default): synchronous=FULL, every commit reaches the disk. `normal` trades that for speed. */
  durability?: 'full' | 'normal';
  /** Milliseconds to wait for another writer's lock. */
  busyTimeoutMs?: number;
}

function openDb(path: string, options: SqliteLedgerOptions): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 30_000}`);
  return db;
}

/** A log stored in one SQLite file. */
export class SqliteLedgerStore implements LedgerStore {
  private constructor(
    readonly db: Database.Database,
    readonly origin: string,
  ) {
    this.stmt = {
      size: db.prepare("SELECT value FROM meta WHERE key = 'size'").pluck(),
      setSize: db.prepare("UPDATE meta SET value = ? WHERE key = 'size'"),
      byLeaf: db.prepare('SELECT idx FROM entries WHERE leaf_hash = ?').pluck(),
      insertEntry: db.prepare('INSERT INTO entries (idx, leaf_hash, data) VALUES (?, ?, ?)'),
      insertNode: db.prepare('INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)'),
      node: db.prepare('SELECT hash FROM nodes WHERE level = ? AND idx = ?').pluck(),
      nodes: db
        .prepare('SELECT hash FROM nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx')
        .pluck(),
      entry: db.prepare('SELECT data FROM entries WHERE idx = ?').pluck(),
      entries: db.prepare('SELECT data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx').pluck(),
      leafHashes: db.prepare('SELECT leaf_hash FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx').pluck(),
      putCheckpoint: db.prepare(
        'INSERT INTO checkpoints (size, note) VALUES (?, ?) ON CONFLICT (size) DO UPDATE SET note = excluded.note',
      ),
      checkpoint: db.prepare('SELECT size, note FROM checkpoints WHERE size = ?'),
      latest: db.prepare('SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1'),
      checkpoints: db.prepare('SELECT size, note FROM checkpoints ORDER BY size'),
    };
    this.appendTx = db.transaction((entries: readonly Uint8Array[]) => this.appendLocked(entries));
  }

  private readonly stmt: Record<string, Database.Statement>;
  private readonly appendTx: Database.Transaction<(entries: readonly Uint8Array[]) => AppendResult[]>;

  /** Create a new log file with its origin; fails if the file already holds a log. */
  static create(path: string, origin: string, options: SqliteLedgerOptions = {}): SqliteLedgerStore {
    const db = openDb(path, options);
    db.exec(SCHEMA);
    const existing = db.prepare("SELECT value FROM meta WHERE key = 'origin'").pluck().get() as
      | string
      | undefined;
    if (existing !== undefined) {
      db.close();
      throw new AccordError('ledger-exists', `${path} already holds the log ${existing}`);
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('origin', ?), ('size', '0'), ('schema', '1')").run(
      origin,
    );
    return new SqliteLedgerStore(db, origin);
  }

  /** Open an existing log file. */
  static open(path: string, options: SqliteLedgerOptions = {}): SqliteLedgerStore {
    let db: Database.Database;
    try {
      db = new Database(path, { fileMustExist: true });
    } catch {
      throw new AccordError('ledger-not-found', `no log at ${path}; create one with \`accord ledger init\``);
    }
    db.close();
    db = openDb(path, options);
    let origin: string | undefined;
    try {
      origin = db.prepare("SELECT value FROM meta WHERE key = 'origin'").pluck().get() as string | undefined;
    } catch {
      origin = undefined;
    }
    if (origin === undefined) {
      db.close();
      throw new AccordError('ledger-not-a-log', `${path} is not an accord log`);
    }
    return new SqliteLedgerStore(db, origin);
  }

  private sizeSync(): number {
    return Number(this.stmt.size!.get());
  }

  /**
   * Stored hashes never change once written, so the upper levels (few, and shared by every proof) are
   * kept in memory; proofs then read only their bottom levels from SQLite.
   */
  private readonly upper = new Map<number, Buffer>();
  private static readonly CACHED_FROM_LEVEL = 6;
  private static readonly CACHE_LIMIT = 1 << 20;

  private readonly read: HashReader = (level, index) => {
    const cacheable = level >= SqliteLedgerStore.CACHED_FROM_LEVEL;
    // Level < 64 and index < 2^46 keep the key an exact double.
    const key = level * 2 ** 46 + index;
    if (cacheable) {
      const hit = this.upper.get(key);
      if (hit) return hit;
    }
    const h = this.stmt.node!.get(level, index) as Buffer | undefined;
    if (!h) throw new Error(`stored hash (${level}, ${index}) is missing`);
    if (cacheable) {
      if (this.upper.size >= SqliteLedgerStore.CACHE_LIMIT) this.upper.clear();
      this.upper.set(key, h);
    }
    return h;
  };

  private appendLocked(entries: readonly Uint8Array[]): AppendResult[] {
    let size = this.sizeSync();
    const out: AppendResult[] = [];
    // Right-border hashes written in this batch, so the next leaf need not read them back.
    const fresh = new Map<string, Buffer>();
    const get = (level: number, idx: number) =>
      fresh.get(`${level}/${idx}`) ?? (this.read(level, idx) as Buffer);
    for (const e of entries) {
      const leaf = leafHash(e);
      const prior = this.stmt.byLeaf!.get(leaf) as number | undefined;
      if (prior !== undefined) {
        out.push({ index: prior, leafHash: leaf.toString('hex'), existed: true });
        continue;
      }
      const index = size++;
      this.stmt.insertEntry!.run(index, leaf, Buffer.from(e));
      this.stmt.insertNode!.run(0, index, leaf);
      fresh.set(`0/${index}`, leaf);
      let h = leaf;
      let level = 0;
      let i = index;
      while (i % 2 === 1) {
        h = nodeHash(get(level, i - 1), h);
        level++;
        i = (i - 1) / 2;
        this.stmt.insertNode!.run(level, i, h);
        fresh.set(`${level}/${i}`, h);
      }
      out.push({ index, leafHash: leaf.toString('hex'), existed: false });
    }
    this.stmt.setSize!.run(String(size));
    return out;
  }

  async size(): Promise<number> {
    return this.sizeSync();
  }

  async append(entries: readonly Uint8Array[]): Promise<AppendResult[]> {
    return this.appendTx.immediate(entries);
  }

  async entry(index: number): Promise<Buffer | undefined> {
    return this.stmt.entry!.get(index) as Buffer | undefined;
  }

  async entries(start: number, end: number): Promise<Buffer[]> {
    return this.stmt.entries!.all(start, end) as Buffer[];
  }

  async entryLeafHashes(start: number, end: number): Promise<Buffer[]> {
    return this.stmt.leafHashes!.all(start, end) as Buffer[];
  }

  async indexOf(leafHashHex: string): Promise<number | undefined> {
    return this.stmt.byLeaf!.get(Buffer.from(leafHashHex, 'hex')) as number | undefined;
  }

  private checkSize(size: number): void {
    const have = this.sizeSync();
    if (!(Number.isSafeInteger(size) && size >= 0 && size <= have)) {
      throw new AccordError(
        'ledger-size',
        `the log has ${have} entries; size ${size} is not a tree it holds`,
      );
    }
  }

  async root(size: number): Promise<Buffer> {
    this.checkSize(size);
    return Buffer.from(treeRoot(this.read, size));
  }

  async inclusionProof(index: number, size: number): Promise<Buffer[]> {
    this.checkSize(size);
    if (!(Number.isSafeInteger(index) && index >= 0 && index < size)) {
      throw new AccordError('ledger-index', `entry ${index} is not in the tree of size ${size}`);
    }
    return inclusionProof(this.read, index, size).map((h) => Buffer.from(h));
  }

  async consistencyProof(size1: number, size2: number): Promise<Buffer[]> {
    this.checkSize(size2);
    if (!(size1 >= 0 && size1 <= size2))
      throw new AccordError('ledger-size', `size ${size1} is larger than ${size2}`);
    return consistencyProof(this.read, size1, size2).map((h) => Buffer.from(h));
  }

  async storedHashes(level: number, start: number, end: number): Promise<Buffer[]> {
    const out = this.stmt.nodes!.all(level, start, end) as Buffer[];
    if (out.length !== end - start)
      throw new Error(`stored hashes (${level}, ${start}..${end}) are incomplete`);
    return out;
  }

  async putCheckpoint(size: number, root: Uint8Array, note: string): Promise<void> {
    const parsed = parseCheckpoint(note);
    if (!parsed.ok) throw new AccordError('checkpoint-malformed', parsed.error.message);
    const c = parsed.checkpoint;
    if (c.origin !== this.origin || c.size !== size || !hashEquals(c.root, root)) {
      throw new AccordError('checkpoint-mismatch', 'the checkpoint does not name this log, size and root');
    }
    // Re-derive the root inside the write transaction: a checkpoint is recorded only for a tree held here.
    this.db
      .transaction(() => {
        this.checkSize(size);
        if (!hashEquals(treeRoot(this.read, size), c.root)) {
          throw new AccordError(
            'checkpoint-mismatch',
            `the stored tree of size ${size} has a different root`,
          );
        }
        this.stmt.putCheckpoint!.run(size, note);
      })
      .immediate();
  }

  async checkpoint(size: number): Promise<StoredCheckpoint | undefined> {
    return this.stmt.checkpoint!.get(size) as StoredCheckpoint | undefined;
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.stmt.latest!.get() as StoredCheckpoint | undefined;
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    return this.stmt.checkpoints!.all() as StoredCheckpoint[];
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Witness state in a SQLite file; `swap` is a compare-and-swap inside one immediate transaction. */
export class SqliteWitnessState implements WitnessStateStore {
  private readonly db: Database.Database;
  constructor(path: string) {
    this.db = openDb(path, {});
    this.db.exec(SCHEMA);
  }

  async get(origin: string): Promise<WitnessRecord | undefined> {
    return this.db.prepare('SELECT size, root, note FROM witness_state WHERE origin = ?').get(origin) as
      | WitnessRecord
      | undefined;
  }

  async swap(origin: string, expected: WitnessRecord | undefined, next: WitnessRecord): Promise<boolean> {
    return this.db
      .transaction(() => {
        const cur = this.db.prepare('SELECT size, root FROM witness_state WHERE origin = ?').get(origin) as
          | { size: number; root: Buffer }
          | undefined;
        const same =
          cur === undefined
            ? expected === undefined
            : expected !== undefined && cur.size === expected.size && hashEquals(cur.root, expected.root);
        if (!same) return false;
        this.db
          .prepare(
            'INSERT INTO witness_state (origin, size, root, note) VALUES (?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root, note = excluded.note',
          )
          .run(origin, next.size, next.root, next.note);
        return true;
      })
      .immediate();
  }

  /** Release the file. */
  close(): void {
    this.db.close();
  }
}
