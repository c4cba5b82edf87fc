/**
 * @module store/sqlite-file
 * A SQLite log file as a whole, before any entry is read: its connection settings, creating it from the
 * schema, checking an existing one (a log, whole, of a version this code knows) and migrating it forward,
 * and saying in the user's terms what is wrong with a file SQLite reports as damaged. Kept apart from the
 * store's reads and appends, which assume a file that passed these checks.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AccordError } from '../_lib/problem.js';
import { storeDamaged } from './damage.js';
import {
  createTable,
  INDEXES,
  type IndexName,
  indexStatements,
  LOG_TABLES,
  migrationsAfter,
  SCHEMA_VERSION,
  storedVersion,
  TABLES,
  type TableName,
} from './schema.js';

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

/** Open (creating) a file for writing with the store's settings. */
export function openDb(path: string, options: SqliteLedgerOptions): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 30_000}`);
  return db;
}

/** Create every table that is missing (indexes and meta rows are the caller's). */
export function createTables(db: Database.Database): void {
  for (const t of Object.keys(TABLES) as TableName[]) db.exec(createTable('sqlite', t));
}

/**
 * Make the file a new log of the current schema: its indexes and meta rows, in one transaction. Fails with
 * `ledger-exists` (and leaves the file alone) when it already holds a log.
 */
export function initLog(db: Database.Database, path: string, origin: string): void {
  createTables(db);
  const existing = db.prepare<[], string>("SELECT value FROM meta WHERE key = 'origin'").pluck().get();
  if (existing !== undefined)
    throw new AccordError('ledger-exists', `${path} already holds the log ${existing}`);
  db.transaction(() => {
    for (const s of indexStatements('sqlite')) db.exec(s);
    db.prepare<[string, string]>(
      "INSERT INTO meta (key, value) VALUES ('origin', ?), ('size', '0'), ('schema', ?)",
    ).run(origin, String(SCHEMA_VERSION));
  }).immediate();
}

/** SQLite's ways of saying the file is damaged, as opposed to busy, full or misused. */
export function damageOf(e: unknown): string | undefined {
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
export function asStoreError(label: string, doing: string, e: unknown): unknown {
  const what = damageOf(e);
  return what === undefined ? e : storeDamaged(label, `${what}, found while ${doing}`, e);
}

/**
 * Say in the user's terms what is wrong with a file SQLite could not open, from its 100-byte header: not a
 * database at all, a damaged page size, or shorter than its header says (truncated). Undefined when the
 * header looks whole (SQLite's own report then stands).
 */
export function headerDamage(path: string): string | undefined {
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

/** What {@link inspect} found. */
export interface Inspected {
  origin: string;
  schema: number;
}

/** Check that the file is a whole log of a schema this code knows, reading only. */
export function inspect(db: Database.Database, path: string, readonly: boolean): Inspected {
  const objects = db
    .prepare<[], { type: string; name: string }>('SELECT type, name FROM sqlite_master')
    .all();
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
  const rows = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta').all();
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  const origin = meta.get('origin');
  if (origin === undefined) throw storeDamaged(path, 'its meta table names no origin');
  if (!/^(0|[1-9][0-9]*)$/.test(meta.get('size') ?? ''))
    throw storeDamaged(path, 'its meta table records no valid size');
  const schema = storedVersion(meta.get('schema'), path, `${path} is`);
  // A writer must have every lookup its appends consult (an audit reads on and reports a missing one).
  if (!readonly) {
    const needed = (Object.keys(INDEXES) as IndexName[]).filter(
      (name) => INDEXES[name].since <= schema && !indexes.has(name),
    );
    if (needed.length > 0)
      throw storeDamaged(
        path,
        `its ${needed.length > 1 ? 'indexes' : 'index'} ${needed.join(', ')} ${needed.length > 1 ? 'are' : 'is'} missing`,
      );
  }
  return { origin, schema };
}

/**
 * Bring a store to the current schema: every pending migration in order, in one transaction, the version
 * re-read under the write lock (so of two openers, one migrates).
 */
export function migrate(db: Database.Database, path: string): void {
  db.transaction(() => {
    const text = db.prepare<[], string>("SELECT value FROM meta WHERE key = 'schema'").pluck().get();
    const pending = migrationsAfter(storedVersion(text, path, `${path} is`));
    if (pending.length === 0) return;
    for (const m of pending) for (const s of m.statements('sqlite')) db.exec(s);
    db.prepare<[string]>(
      "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    ).run(String(SCHEMA_VERSION));
  }).immediate();
}
