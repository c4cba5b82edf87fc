/**
 * @module store/sqlite-ledger
 * The SQLite implementation of {@link LedgerStore} (better-sqlite3). One file per log. Appends run in a
 * `BEGIN IMMEDIATE` transaction, so concurrent writers (threads or processes) serialize on the write lock
 * and each sees the size it extends; WAL with synchronous=FULL makes an acknowledged append durable.
 *
 * The tables and versions are those of {@link module:store/schema}: opening an older file for writing
 * migrates it; a newer schema than this code knows is refused. SQLite's own damage reports (a file that is
 * not a database, a malformed page, a missing table) become `store-damaged`.
 */
import Database from 'better-sqlite3';
import { AccordError } from '../_lib/problem.js';
import { plural } from '../_lib/words.js';
import type {
  AppendResult,
  LeafLookupRow,
  LedgerStore,
  StoredCheckpoint,
  WitnessRecord,
  WitnessStateStore,
} from '../tlog/index.js';
import {
  consistencyProof,
  type HashReader,
  hashEquals,
  inclusionProof,
  integrate,
  leafHash,
  parseCheckpoint,
  treeRoot,
} from '../tlog/index.js';
import { lookupsDisagree, storeDamaged } from './damage.js';
import { INDEXES, type IndexName, indexesAt, SCHEMA_VERSION } from './schema.js';
import {
  asStoreError,
  createTables,
  damageOf,
  headerDamage,
  initLog,
  inspect,
  migrate,
  openDb,
  type SqliteLedgerOptions,
} from './sqlite-file.js';
import {
  prepareLookup,
  prepareStatements,
  prepareWriterStatements,
  type RawLookupRow,
  type SqliteStatements,
  type SqliteWriterStatements,
} from './sqlite-statements.js';

export type { SqliteLedgerOptions } from './sqlite-file.js';

/** A log stored in one SQLite file. */
export class SqliteLedgerStore implements LedgerStore {
  private constructor(
    readonly db: Database.Database,
    readonly origin: string,
    /** The file, as named when opened: damage reports name it. */
    private readonly path: string,
    /** The schema version of the file (the current one unless opened read-only). */
    private readonly schema: number,
    private readonly readonly: boolean,
  ) {
    this.stmt = prepareStatements(db);
    // Only writers look duplicates up in both lookups, and only they are sure to have the second.
    this.writer = readonly ? undefined : prepareWriterStatements(db);
    this.appendTx = db.transaction((entries: readonly Uint8Array[]) => this.appendLocked(entries));
  }

  private readonly stmt: SqliteStatements;
  private readonly writer: SqliteWriterStatements | undefined;
  private readonly appendTx: Database.Transaction<(entries: readonly Uint8Array[]) => AppendResult[]>;

  /** Run a read or write, turning SQLite's reports of damage into `store-damaged` naming this file. */
  private guard<T>(doing: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw asStoreError(this.path, doing, e);
    }
  }

  private refuseIfReadonly(what: string): void {
    if (this.readonly)
      throw new AccordError('store-readonly', `${this.path} was opened read-only; cannot ${what}`);
  }

  /** Create a new log file with its origin; fails if the file already holds a log. */
  static create(path: string, origin: string, options: SqliteLedgerOptions = {}): SqliteLedgerStore {
    const db = openDb(path, options);
    try {
      initLog(db, path, origin);
    } catch (e) {
      db.close();
      throw e;
    }
    return new SqliteLedgerStore(db, origin, path, SCHEMA_VERSION, false);
  }

  /**
   * Open an existing log file. For writing (the default) an older schema is migrated first; with
   * `readonly` nothing is written. A damaged file fails with `store-damaged`, before anything is written.
   */
  static open(path: string, options: SqliteLedgerOptions = {}): SqliteLedgerStore {
    const readonly = options.readonly ?? false;
    let db: Database.Database;
    try {
      db = new Database(path, { fileMustExist: true, readonly });
    } catch {
      throw new AccordError('ledger-not-found', `no log at ${path}; create one with \`accord ledger init\``);
    }
    try {
      // Connection settings only: neither writes to the file.
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 30_000}`);
      if (!readonly) db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
      // Read and check the whole schema before anything (even the journal mode) is written.
      const { origin, schema } = inspect(db, path, readonly);
      if (readonly) return new SqliteLedgerStore(db, origin, path, schema, true);
      db.pragma('journal_mode = WAL');
      if (schema < SCHEMA_VERSION) migrate(db, path);
      return new SqliteLedgerStore(db, origin, path, SCHEMA_VERSION, false);
    } catch (e) {
      db.close();
      const what = damageOf(e);
      throw what === undefined ? e : storeDamaged(path, headerDamage(path) ?? what, e);
    }
  }

  private sizeSync(): number {
    return Number(this.stmt.size.get());
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
    const h = this.stmt.node.get(level, index);
    if (!h) throw new Error(`stored hash (${level}, ${index}) is missing`);
    if (cacheable) {
      if (this.upper.size >= SqliteLedgerStore.CACHE_LIMIT) this.upper.clear();
      this.upper.set(key, h);
    }
    return h;
  };

  private appendLocked(entries: readonly Uint8Array[]): AppendResult[] {
    const writer = this.writer;
    if (writer === undefined) throw new Error('appendLocked on a read-only store');
    const size = this.sizeSync();
    const out: AppendResult[] = [];
    // New entries of this batch by leaf hash, so an entry given twice is logged once.
    const batch = new Map<string, number>();
    const added: { leaf: Buffer; data: Uint8Array }[] = [];
    for (const e of entries) {
      const leaf = leafHash(e);
      const hex = leaf.toString('hex');
      const prior = batch.get(hex) ?? this.logged(writer, leaf);
      if (prior !== undefined) {
        out.push({ index: prior, leafHash: hex, existed: true });
        continue;
      }
      const index = size + added.length;
      batch.set(hex, index);
      added.push({ leaf, data: e });
      out.push({ index, leafHash: hex, existed: false });
    }
    const grown = integrate(
      size,
      added.map((a) => a.leaf),
      this.read,
    );
    // Each entry's row goes in just before its leaf hash, then the subtrees that leaf completes.
    for (const { level, index, hash } of grown.nodes) {
      if (level === 0) {
        const entry = added[index - size];
        if (entry === undefined) throw new Error(`integrate made leaf ${index}, not one of this batch`);
        this.stmt.insertEntry.run(index, hash, Buffer.from(entry.data));
      }
      this.stmt.insertNode.run(level, index, hash);
    }
    this.stmt.setSize.run(String(grown.size));
    return out;
  }

  /**
   * The index of the logged entry with this leaf hash, if any. Both lookups are asked (two b-trees that
   * share no page), and a hit counts only when they agree and the stored entry and leaf confirm it: a damaged
   * index must neither hide a logged entry (which would log it twice) nor invent one. The common case, a new
   * entry, costs one extra index probe (and one more index row to write).
   */
  private logged(writer: SqliteWriterStatements, leaf: Buffer): number | undefined {
    const [e, n] = writer.byLeafBoth.get(leaf, leaf) ?? [null, null];
    const byEntries = e ?? undefined;
    const byNodes = n ?? undefined;
    if (byEntries === undefined && byNodes === undefined) return undefined;
    if (byEntries !== undefined && byEntries === byNodes && this.holds(byEntries, leaf)) return byEntries;
    throw lookupsDisagree(this.path, leaf.toString('hex'), [
      { lookup: 'entries_by_leaf', index: byEntries },
      { lookup: 'nodes_by_leaf', index: byNodes },
    ]);
  }

  /** True when entry `index`, read from the tables, is the entry with this leaf hash. */
  private holds(index: number, leaf: Buffer): boolean {
    const data = this.stmt.entry.get(index);
    const node = this.stmt.node.get(0, index);
    return (
      data !== undefined && node !== undefined && hashEquals(leafHash(data), leaf) && hashEquals(node, leaf)
    );
  }

  async size(): Promise<number> {
    return this.guard('reading its size', () => this.sizeSync());
  }

  async append(entries: readonly Uint8Array[]): Promise<AppendResult[]> {
    this.refuseIfReadonly('append');
    return this.guard('appending', () => this.appendTx.immediate(entries));
  }

  async entry(index: number): Promise<Buffer | undefined> {
    return this.guard(`reading entry ${index}`, () => this.stmt.entry.get(index));
  }

  async entries(start: number, end: number): Promise<Buffer[]> {
    return this.guard(`reading entries ${start}..${end - 1}`, () => this.stmt.entries.all(start, end));
  }

  async entryLeafHashes(start: number, end: number): Promise<Buffer[]> {
    return this.guard(`reading the leaf hashes of entries ${start}..${end - 1}`, () =>
      this.stmt.leafHashes.all(start, end),
    );
  }

  async entryIndexes(from: number, limit: number): Promise<number[]> {
    return this.guard(`listing entries from ${from}`, () => this.stmt.entryIndexes.all(from, limit));
  }

  leafLookups(): readonly string[] {
    return indexesAt('sqlite', this.schema);
  }

  async *leafLookupRows(lookup: string, chunk = 4096): AsyncGenerator<LeafLookupRow[]> {
    const name = (Object.keys(INDEXES) as IndexName[]).find((n) => n === lookup);
    if (name === undefined || INDEXES[name].since > this.schema)
      throw new AccordError('store-lookup-unknown', `${this.path} has no lookup named ${lookup}`);
    const doing = `reading its index ${lookup}`;
    const page = this.guard(doing, () => prepareLookup(this.db, name));
    let last: RawLookupRow | undefined;
    for (;;) {
      const rows = this.guard(doing, () =>
        last ? page.after.all(last.hash, last.idx, chunk) : page.first.all(chunk),
      );
      if (rows.length > 0) yield rows.map(lookupRow);
      if (rows.length < chunk) return;
      last = rows.at(-1);
    }
  }

  async indexOf(leafHashHex: string): Promise<number | undefined> {
    return this.guard('looking up a leaf hash', () => this.stmt.byLeaf.get(Buffer.from(leafHashHex, 'hex')));
  }

  private checkSize(size: number): void {
    const have = this.sizeSync();
    if (!(Number.isSafeInteger(size) && size >= 0 && size <= have)) {
      throw new AccordError(
        'ledger-size',
        `the log has ${plural(have, 'entry', 'entries')}; size ${size} is not a tree it holds`,
      );
    }
  }

  async root(size: number): Promise<Buffer> {
    return this.guard(`computing the root of size ${size}`, () => {
      this.checkSize(size);
      return Buffer.from(treeRoot(this.read, size));
    });
  }

  async inclusionProof(index: number, size: number): Promise<Buffer[]> {
    return this.guard(`proving entry ${index}`, () => {
      this.checkSize(size);
      if (!(Number.isSafeInteger(index) && index >= 0 && index < size)) {
        throw new AccordError('ledger-index', `entry ${index} is not in the tree of size ${size}`);
      }
      return inclusionProof(this.read, index, size).map((h) => Buffer.from(h));
    });
  }

  async consistencyProof(size1: number, size2: number): Promise<Buffer[]> {
    return this.guard(`proving consistency of ${size1} and ${size2}`, () => {
      this.checkSize(size2);
      if (!(size1 >= 0 && size1 <= size2))
        throw new AccordError('ledger-size', `size ${size1} is larger than ${size2}`);
      return consistencyProof(this.read, size1, size2).map((h) => Buffer.from(h));
    });
  }

  async storedHashes(level: number, start: number, end: number): Promise<Buffer[]> {
    const out = this.guard(`reading stored hashes at level ${level}`, () =>
      this.stmt.nodes.all(level, start, end),
    );
    if (out.length !== end - start)
      throw new Error(`stored hashes (${level}, ${start}..${end}) are incomplete`);
    return out;
  }

  async putCheckpoint(size: number, root: Uint8Array, note: string): Promise<void> {
    this.refuseIfReadonly('record a checkpoint');
    const parsed = parseCheckpoint(note);
    if (!parsed.ok) throw new AccordError('checkpoint-malformed', parsed.error.message);
    const c = parsed.checkpoint;
    if (c.origin !== this.origin || c.size !== size || !hashEquals(c.root, root)) {
      throw new AccordError('checkpoint-mismatch', 'the checkpoint does not name this log, size and root');
    }
    // Re-derive the root inside the write transaction: a checkpoint is recorded only for a tree held here.
    this.guard('recording a checkpoint', () =>
      this.db
        .transaction(() => {
          this.checkSize(size);
          if (!hashEquals(treeRoot(this.read, size), c.root)) {
            throw new AccordError(
              'checkpoint-mismatch',
              `the stored tree of size ${size} has a different root`,
            );
          }
          this.stmt.putCheckpoint.run(size, note);
        })
        .immediate(),
    );
  }

  async checkpoint(size: number): Promise<StoredCheckpoint | undefined> {
    return this.guard(`reading checkpoint ${size}`, () => this.stmt.checkpoint.get(size));
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.guard('reading checkpoints', () => this.stmt.latest.get());
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    return this.guard('reading checkpoints', () => this.stmt.checkpoints.all());
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** A lookup row as stored; a damaged row may hold values of the wrong type, kept visible rather than thrown. */
function lookupRow(r: RawLookupRow): LeafLookupRow {
  return {
    leafHash: Buffer.isBuffer(r.hash) ? r.hash : Buffer.from(String(r.hash)),
    index: typeof r.idx === 'number' && Number.isInteger(r.idx) ? r.idx : Number.NaN,
  };
}

/** Witness state in a SQLite file; `swap` is a compare-and-swap inside one immediate transaction. */
export class SqliteWitnessState implements WitnessStateStore {
  private readonly db: Database.Database;
  constructor(path: string) {
    this.db = openDb(path, {});
    // The same tables as a log file (as it always had); only witness_state is used.
    createTables(this.db);
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
