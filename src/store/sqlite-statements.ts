/**
 * @module store/sqlite-statements
 * The SQLite store's prepared statements, one named and typed field each (parameters and result), so a
 * caller neither casts results nor asserts that a statement exists. Statements only a writer may prepare
 * (they read an index a read-only open of an old store may lack) sit in their own group.
 */
import type Database from 'better-sqlite3';
import type { StoredCheckpoint } from '../tlog/index.js';
import type { IndexName } from './schema.js';

type Stmt<P extends unknown[], R = unknown> = Database.Statement<P, R>;

/** The statements every open prepares. */
export interface SqliteStatements {
  size: Stmt<[], string>;
  setSize: Stmt<[size: string]>;
  byLeaf: Stmt<[leafHash: Buffer], number>;
  insertEntry: Stmt<[idx: number, leafHash: Uint8Array, data: Buffer]>;
  insertNode: Stmt<[level: number, idx: number, hash: Uint8Array]>;
  node: Stmt<[level: number, idx: number], Buffer>;
  nodes: Stmt<[level: number, start: number, end: number], Buffer>;
  entry: Stmt<[idx: number], Buffer>;
  entries: Stmt<[start: number, end: number], Buffer>;
  leafHashes: Stmt<[start: number, end: number], Buffer>;
  entryIndexes: Stmt<[from: number, limit: number], number>;
  putCheckpoint: Stmt<[size: number, note: string]>;
  checkpoint: Stmt<[size: number], StoredCheckpoint>;
  latest: Stmt<[], StoredCheckpoint>;
  checkpoints: Stmt<[], StoredCheckpoint>;
}

/** A writer's own statements. */
export interface SqliteWriterStatements {
  /** Both lookups of a leaf hash in one call: [entries_by_leaf's index, nodes_by_leaf's index]. */
  byLeafBoth: Stmt<[leafHash: Buffer, leafHash: Buffer], [number | null, number | null]>;
}

/** Prepare the statements every open uses. */
export function prepareStatements(db: Database.Database): SqliteStatements {
  return {
    size: db.prepare<[], string>("SELECT value FROM meta WHERE key = 'size'").pluck(),
    setSize: db.prepare<[string]>("UPDATE meta SET value = ? WHERE key = 'size'"),
    byLeaf: db.prepare<[Buffer], number>('SELECT idx FROM entries WHERE leaf_hash = ?').pluck(),
    insertEntry: db.prepare<[number, Uint8Array, Buffer]>(
      'INSERT INTO entries (idx, leaf_hash, data) VALUES (?, ?, ?)',
    ),
    insertNode: db.prepare<[number, number, Uint8Array]>(
      'INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)',
    ),
    node: db.prepare<[number, number], Buffer>('SELECT hash FROM nodes WHERE level = ? AND idx = ?').pluck(),
    nodes: db
      .prepare<[number, number, number], Buffer>(
        'SELECT hash FROM nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx',
      )
      .pluck(),
    entry: db.prepare<[number], Buffer>('SELECT data FROM entries WHERE idx = ?').pluck(),
    entries: db
      .prepare<[number, number], Buffer>('SELECT data FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx')
      .pluck(),
    leafHashes: db
      .prepare<[number, number], Buffer>(
        'SELECT leaf_hash FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx',
      )
      .pluck(),
    entryIndexes: db
      .prepare<[number, number], number>('SELECT idx FROM entries WHERE idx >= ? ORDER BY idx LIMIT ?')
      .pluck(),
    putCheckpoint: db.prepare<[number, string]>(
      'INSERT INTO checkpoints (size, note) VALUES (?, ?) ON CONFLICT (size) DO UPDATE SET note = excluded.note',
    ),
    checkpoint: db.prepare<[number], StoredCheckpoint>('SELECT size, note FROM checkpoints WHERE size = ?'),
    latest: db.prepare<[], StoredCheckpoint>('SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1'),
    checkpoints: db.prepare<[], StoredCheckpoint>('SELECT size, note FROM checkpoints ORDER BY size'),
  };
}

/**
 * Prepare a writer's statements. One statement asks both lookups: one call into SQLite per entry instead
 * of two.
 */
export function prepareWriterStatements(db: Database.Database): SqliteWriterStatements {
  return {
    byLeafBoth: db
      .prepare<[Buffer, Buffer], [number | null, number | null]>(
        'SELECT (SELECT idx FROM entries INDEXED BY entries_by_leaf WHERE leaf_hash = ?), (SELECT idx FROM nodes INDEXED BY nodes_by_leaf WHERE level = 0 AND hash = ?)',
      )
      .raw(),
  };
}

/** A lookup row as SQLite returns it; a damaged row may hold values of any type. */
export interface RawLookupRow {
  hash: unknown;
  idx: unknown;
}

/**
 * Each lookup of leaf hashes, read from its own b-tree (`INDEXED BY`, covering, so SQLite never consults
 * the table), resumable after the last (hash, idx) seen.
 */
const LOOKUP_SQL: Record<IndexName, { first: string; after: string }> = {
  entries_by_leaf: {
    first:
      'SELECT leaf_hash AS hash, idx FROM entries INDEXED BY entries_by_leaf ORDER BY leaf_hash, idx LIMIT ?',
    after:
      'SELECT leaf_hash AS hash, idx FROM entries INDEXED BY entries_by_leaf WHERE (leaf_hash, idx) > (?, ?) ORDER BY leaf_hash, idx LIMIT ?',
  },
  nodes_by_leaf: {
    first: 'SELECT hash, idx FROM nodes INDEXED BY nodes_by_leaf WHERE level = 0 ORDER BY hash, idx LIMIT ?',
    after:
      'SELECT hash, idx FROM nodes INDEXED BY nodes_by_leaf WHERE level = 0 AND (hash, idx) > (?, ?) ORDER BY hash, idx LIMIT ?',
  },
};

/** The two statements that page through one lookup. */
export interface LookupStatements {
  first: Stmt<[limit: number], RawLookupRow>;
  after: Stmt<[hash: unknown, idx: unknown, limit: number], RawLookupRow>;
}

/** Prepare the paging statements of lookup `name` (an index of {@link INDEXES}). */
export function prepareLookup(db: Database.Database, name: IndexName): LookupStatements {
  const q = LOOKUP_SQL[name];
  return {
    first: db.prepare<[number], RawLookupRow>(q.first),
    after: db.prepare<[unknown, unknown, number], RawLookupRow>(q.after),
  };
}
