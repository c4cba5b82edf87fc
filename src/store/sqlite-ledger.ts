/**
 * @module store/sqlite-ledger
 * The SQLite implementation of {@link LedgerStore} (better-sqlite3). One file per log. Appends run in a
 * `BEGIN IMMEDIATE` transaction, so concurrent writers (threads or processes) serialize on the write lock
 * and each sees the size it extends; WAL with synchronous=FULL makes an acknowledged append durable.
 *
 * Schema versions: 1 looked duplicates up only in `entries_by_leaf`; 2 adds `nodes_by_leaf` (the tree's
 * level-0 rows, a second b-tree), so a damaged index can neither hide a logged entry nor invent one. Opening
 * a schema-1 file for writing migrates it; a newer schema than this code knows is refused. SQLite's own
 * damage reports (a file that is not a database, a malformed page, a missing table) become `store-damaged`.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AccordError } from '../_lib/problem.js';
import { plural } from '../_lib/words.js';
import { parseCheckpoint } from '../ledger/checkpoint.js';
import { hashEquals, leafHash } from '../ledger/hash.js';
import { integrate } from '../ledger/integrate.js';
import { consistencyProof, type HashReader, inclusionProof, treeRoot } from '../ledger/merkle.js';
import type { AppendResult, LeafLookupRow, LedgerStore, StoredCheckpoint } from '../ledger/store.js';
import type { WitnessRecord, WitnessStateStore } from '../ledger/witness.js';
import { lookupsDisagree, storeDamaged } from './damage.js';

/** Schema 1, verbatim as it was first released (stores are created from it, then migrated forward). */
const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, data BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS entries_by_leaf ON entries (leaf_hash);
CREATE TABLE IF NOT EXISTS nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS witness_state (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL);
`;

/** Schema 1 → 2: the second lookup of leaf hashes. `idx` is in the key so a scan can resume after a row. */
const TO_V2 = 'CREATE INDEX IF NOT EXISTS nodes_by_leaf ON nodes (hash, idx) WHERE level = 0';

/** The schema version this code writes. */
export const SQLITE_SCHEMA_VERSION = 2;

/** The tables a log file must have (`witness_state` belongs to witnesses and may be absent). */
const LOG_TABLES = ['meta', 'entries', 'nodes', 'checkpoints'] as const;

/**
 * Each lookup of leaf hashes, read from its own b-tree (`INDEXED BY`, covering, so SQLite never consults the
 * table), resumable after the last (hash, idx) seen.
 */
const LOOKUPS = {
  entries_by_leaf: {
    since: 1,
    first:
      'SELECT leaf_hash AS hash, idx FROM entries INDEXED BY entries_by_leaf ORDER BY leaf_hash, idx LIMIT ?',
    after:
      'SELECT leaf_hash AS hash, idx FROM entries INDEXED BY entries_by_leaf WHERE (leaf_hash, idx) > (?, ?) ORDER BY leaf_hash, idx LIMIT ?',
  },
  nodes_by_leaf: {
    since: 2,
    first: 'SELECT hash, idx FROM nodes INDEXED BY nodes_by_leaf WHERE level = 0 ORDER BY hash, idx LIMIT ?',
    after:
      'SELECT hash, idx FROM nodes INDEXED BY nodes_by_leaf WHERE level = 0 AND (hash, idx) > (?, ?) ORDER BY hash, idx LIMIT ?',
  },
} as const;

/** How to open a store. */
export interface SqliteLedgerOptions {
  /** `full` (default): synchronous=FULL, every commit reaches the disk. `normal` trades that for speed. */
  durability?: 'full' | 'normal';
  /** Milliseconds to wait for another writer's lock. */
  busyTimeoutMs?: number;
  /**
   * Open for reading only (audits): no journal-mode change, no migration, no write of any kind, so auditing a
   * damaged or old store never changes it. Appends and checkpoints are refused.
   */
  readonly?: boolean;
}

function openDb(path: string, options: SqliteLedgerOptions): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 30_000}`);
  return db;
}

/** SQLite's ways of saying the file is damaged, as opposed to busy, full or misused. */
function damageOf(e: unknown): string | undefined {
  if (!(e instanceof Database.SqliteError)) return undefined;
  if (e.code === 'SQLITE_NOTADB')
    return `it is not a SQLite database, or its header is damaged (SQLite: ${e.message})`;
  if (e.code.startsWith('SQLITE_CORRUPT')) return `SQLite finds it malformed (${e.message})`;
  if (e.code === 'SQLITE_FORMAT' || e.code === 'SQLITE_IOERR_SHORT_READ')
    return `SQLite cannot read it (${e.message})`;
  if (e.code === 'SQLITE_ERROR' && /^no such (table|index|column)/.test(e.message))
    return `a part of it is missing (SQLite: ${e.message})`;
  // The header's schema-format byte out of range.
  if (e.code === 'SQLITE_ERROR' && /^unsupported file format/.test(e.message))
    return `its header is damaged (SQLite: ${e.message})`;
  return undefined;
}

/** Turn SQLite's damage reports into `store-damaged`; anything else passes through unchanged. */
function asStoreError(label: string, doing: string, e: unknown): unknown {
  const what = damageOf(e);
  return what === undefined ? e : storeDamaged(label, `${what}, found while ${doing}`, e);
}

/**
 * Say in the user's terms what is wrong with a file SQLite could not open, from its 100-byte header: not a
 * database at all, a damaged page size, or shorter than its header says (truncated). Undefined when the
 * header looks whole (SQLite's own report then stands).
 */
function headerDamage(path: string): string | undefined {
  const header = Buffer.alloc(100);
  let length: number;
  try {
    const fd = openSync(path, 'r');
    try {
      length = statSync(path).size;
      readSync(fd, header, 0, 100, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  if (length < 100 || !header.subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'latin1')))
    return 'it is not a SQLite database (it does not start with the SQLite header)';
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0)
    return `its header is damaged (the page size reads ${raw})`;
  // The header's page count is valid only when its change counter matches (bytes 24 and 92).
  const pages = header.readUInt32BE(28);
  const walHoldsMore = existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 0;
  if (header.readUInt32BE(24) === header.readUInt32BE(92) && pages * pageSize > length && !walHoldsMore)
    return `it is shorter than its header says (truncated, or the header is damaged): the header counts ${pages} pages of ${pageSize} bytes, ${pages * pageSize} bytes, and the file holds ${length}`;
  if (length % pageSize !== 0 && !walHoldsMore)
    return `it is truncated or extended: ${length} bytes is not a whole number of ${pageSize}-byte pages`;
  return undefined;
}

interface Inspected {
  origin: string;
  schema: number;
}

/** Check that the file is a whole log of a schema this code knows, reading only. */
function inspect(db: Database.Database, path: string, readonly: boolean): Inspected {
  const objects = db.prepare('SELECT type, name FROM sqlite_master').all() as {
    type: string;
    name: string;
  }[];
  const tables = new Set(objects.filter((o) => o.type === 'table').map((o) => o.name));
  const indexes = new Set(objects.filter((o) => o.type === 'index').map((o) => o.name));
  // A database with none of the log's tables is some other file; one with only some is a damaged log.
  if (!LOG_TABLES.some((t) => tables.has(t)))
    throw new AccordError('ledger-not-a-log', `${path} is not an accord log`);
  const missing = LOG_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0)
    throw storeDamaged(
      path,
      `its table${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`,
    );
  const meta = new Map(
    (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [
      r.key,
      r.value,
    ]),
  );
  const origin = meta.get('origin');
  if (origin === undefined) throw storeDamaged(path, 'its meta table names no origin');
  if (!/^(0|[1-9][0-9]*)$/.test(meta.get('size') ?? ''))
    throw storeDamaged(path, 'its meta table records no valid size');
  // Schema 1 was always recorded, but a store without the row can only be that old.
  const schemaText = meta.get('schema') ?? '1';
  if (!/^[1-9][0-9]*$/.test(schemaText))
    throw storeDamaged(path, `its meta table records schema "${schemaText}", which is no version`);
  const schema = Number(schemaText);
  if (schema > SQLITE_SCHEMA_VERSION)
    throw new AccordError(
      'store-schema-newer',
      `${path} is a schema ${schema} log store; this accord knows schemas up to ${SQLITE_SCHEMA_VERSION}. Open it with the accord release that wrote it, or a newer one`,
    );
  // A writer must have every lookup its appends consult (an audit reads on and reports a missing one).
  if (!readonly) {
    const needed = Object.entries(LOOKUPS)
      .filter(([name, l]) => l.since <= schema && !indexes.has(name))
      .map(([name]) => name);
    if (needed.length > 0)
      throw storeDamaged(
        path,
        `its ${needed.length > 1 ? 'indexes' : 'index'} ${needed.join(', ')} ${needed.length > 1 ? 'are' : 'is'} missing`,
      );
  }
  return { origin, schema };
}

/** Bring a store to the current schema in one transaction (re-checked under the write lock). */
function migrate(db: Database.Database): void {
  db.transaction(() => {
    const current = Number(
      (db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get() as string | undefined) ?? '1',
    );
    if (current >= SQLITE_SCHEMA_VERSION) return;
    db.exec(TO_V2);
    db.prepare(
      "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(String(SQLITE_SCHEMA_VERSION));
  }).immediate();
}

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
      entryIndexes: db.prepare('SELECT idx FROM entries WHERE idx >= ? ORDER BY idx LIMIT ?').pluck(),
      putCheckpoint: db.prepare(
        'INSERT INTO checkpoints (size, note) VALUES (?, ?) ON CONFLICT (size) DO UPDATE SET note = excluded.note',
      ),
      checkpoint: db.prepare('SELECT size, note FROM checkpoints WHERE size = ?'),
      latest: db.prepare('SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1'),
      checkpoints: db.prepare('SELECT size, note FROM checkpoints ORDER BY size'),
    };
    // Only writers look duplicates up in both lookups, and only they are sure to have the second. One
    // statement asks both: one call into SQLite per entry instead of two.
    if (!readonly)
      this.stmt.byLeafBoth = db
        .prepare(
          'SELECT (SELECT idx FROM entries INDEXED BY entries_by_leaf WHERE leaf_hash = ?), (SELECT idx FROM nodes INDEXED BY nodes_by_leaf WHERE level = 0 AND hash = ?)',
        )
        .raw();
    this.appendTx = db.transaction((entries: readonly Uint8Array[]) => this.appendLocked(entries));
  }

  private readonly stmt: Record<string, Database.Statement>;
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
    db.exec(SCHEMA_V1);
    const existing = db.prepare("SELECT value FROM meta WHERE key = 'origin'").pluck().get() as
      | string
      | undefined;
    if (existing !== undefined) {
      db.close();
      throw new AccordError('ledger-exists', `${path} already holds the log ${existing}`);
    }
    db.transaction(() => {
      db.exec(TO_V2);
      db.prepare("INSERT INTO meta (key, value) VALUES ('origin', ?), ('size', '0'), ('schema', ?)").run(
        origin,
        String(SQLITE_SCHEMA_VERSION),
      );
    }).immediate();
    return new SqliteLedgerStore(db, origin, path, SQLITE_SCHEMA_VERSION, false);
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
      if (schema < SQLITE_SCHEMA_VERSION) migrate(db);
      return new SqliteLedgerStore(db, origin, path, SQLITE_SCHEMA_VERSION, false);
    } catch (e) {
      db.close();
      const what = damageOf(e);
      throw what === undefined ? e : storeDamaged(path, headerDamage(path) ?? what, e);
    }
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
    const size = this.sizeSync();
    const out: AppendResult[] = [];
    // New entries of this batch by leaf hash, so an entry given twice is logged once.
    const batch = new Map<string, number>();
    const added: { leaf: Buffer; data: Uint8Array }[] = [];
    for (const e of entries) {
      const leaf = leafHash(e);
      const hex = leaf.toString('hex');
      const prior = batch.get(hex) ?? this.logged(leaf);
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
      if (level === 0) this.stmt.insertEntry!.run(index, hash, Buffer.from(added[index - size]!.data));
      this.stmt.insertNode!.run(level, index, hash);
    }
    this.stmt.setSize!.run(String(grown.size));
    return out;
  }

  /**
   * The index of the logged entry with this leaf hash, if any. Both lookups are asked (two b-trees that
   * share no page), and a hit counts only when they agree and the stored entry and leaf confirm it: a damaged
   * index must neither hide a logged entry (which would log it twice) nor invent one. The common case, a new
   * entry, costs one extra index probe (and one more index row to write).
   */
  private logged(leaf: Buffer): number | undefined {
    const [e, n] = this.stmt.byLeafBoth!.get(leaf, leaf) as [number | null, number | null];
    const byEntries = e ?? undefined;
    const byNodes = n ?? undefined;
    if (byEntries === undefined && byNodes === undefined) return undefined;
    if (byEntries === byNodes && this.holds(byEntries!, leaf)) return byEntries;
    throw lookupsDisagree(this.path, leaf.toString('hex'), [
      { lookup: 'entries_by_leaf', index: byEntries },
      { lookup: 'nodes_by_leaf', index: byNodes },
    ]);
  }

  /** True when entry `index`, read from the tables, is the entry with this leaf hash. */
  private holds(index: number, leaf: Buffer): boolean {
    const data = this.stmt.entry!.get(index) as Buffer | undefined;
    const node = this.stmt.node!.get(0, index) as Buffer | undefined;
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
    return this.guard(`reading entry ${index}`, () => this.stmt.entry!.get(index) as Buffer | undefined);
  }

  async entries(start: number, end: number): Promise<Buffer[]> {
    return this.guard(
      `reading entries ${start}..${end - 1}`,
      () => this.stmt.entries!.all(start, end) as Buffer[],
    );
  }

  async entryLeafHashes(start: number, end: number): Promise<Buffer[]> {
    return this.guard(
      `reading the leaf hashes of entries ${start}..${end - 1}`,
      () => this.stmt.leafHashes!.all(start, end) as Buffer[],
    );
  }

  async entryIndexes(from: number, limit: number): Promise<number[]> {
    return this.guard(
      `listing entries from ${from}`,
      () => this.stmt.entryIndexes!.all(from, limit) as number[],
    );
  }

  leafLookups(): readonly string[] {
    return Object.entries(LOOKUPS)
      .filter(([, l]) => l.since <= this.schema)
      .map(([name]) => name);
  }

  async *leafLookupRows(lookup: string, chunk = 4096): AsyncGenerator<LeafLookupRow[]> {
    const sql = LOOKUPS[lookup as keyof typeof LOOKUPS];
    if (!sql || sql.since > this.schema)
      throw new AccordError('store-lookup-unknown', `${this.path} has no lookup named ${lookup}`);
    const doing = `reading its index ${lookup}`;
    const [first, after] = this.guard(doing, () => [this.db.prepare(sql.first), this.db.prepare(sql.after)]);
    let last: { hash: unknown; idx: unknown } | undefined;
    for (;;) {
      const rows = this.guard(
        doing,
        () =>
          (last ? after.all(last.hash, last.idx, chunk) : first.all(chunk)) as {
            hash: unknown;
            idx: unknown;
          }[],
      );
      if (rows.length > 0) yield rows.map(lookupRow);
      if (rows.length < chunk) return;
      last = rows.at(-1);
    }
  }

  async indexOf(leafHashHex: string): Promise<number | undefined> {
    return this.guard(
      'looking up a leaf hash',
      () => this.stmt.byLeaf!.get(Buffer.from(leafHashHex, 'hex')) as number | undefined,
    );
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
    const out = this.guard(
      `reading stored hashes at level ${level}`,
      () => this.stmt.nodes!.all(level, start, end) as Buffer[],
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
          this.stmt.putCheckpoint!.run(size, note);
        })
        .immediate(),
    );
  }

  async checkpoint(size: number): Promise<StoredCheckpoint | undefined> {
    return this.guard(
      `reading checkpoint ${size}`,
      () => this.stmt.checkpoint!.get(size) as StoredCheckpoint | undefined,
    );
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.guard('reading checkpoints', () => this.stmt.latest!.get() as StoredCheckpoint | undefined);
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    return this.guard('reading checkpoints', () => this.stmt.checkpoints!.all() as StoredCheckpoint[]);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** A lookup row as stored; a damaged row may hold values of the wrong type, kept visible rather than thrown. */
function lookupRow(r: { hash: unknown; idx: unknown }): LeafLookupRow {
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
    this.db.exec(SCHEMA_V1);
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
