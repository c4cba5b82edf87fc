/**
 * @module store/schema
 * The log store's tables and indexes, described once and rendered to each dialect's DDL (SQLite and
 * PostgreSQL), with the schema version a store records in its `meta` table and the ordered forward
 * migrations that bring an older store up to it. Both stores create from {@link createStatements} and
 * migrate with {@link migrationsAfter}, so the two can no longer hold different tables, and a new version is
 * one entry here (its objects marked `since`, its step in {@link MIGRATIONS}) rather than two hand-written
 * schemas.
 *
 * Versions: 1 looked duplicates up only in the unique index on `entries.leaf_hash`; 2 adds `nodes_by_leaf`
 * (the tree's level-0 rows, a second b-tree), so a damaged index can neither hide a logged entry nor invent
 * one.
 */
import { AccordError } from '../_lib/problem.js';
import { storeDamaged } from './damage.js';

/** The SQL dialects a store speaks. */
export type Dialect = 'sqlite' | 'pg';

/** Column types, by what they hold; each dialect names its own type for them. */
type ColumnType = 'text' | 'int32' | 'int64' | 'bytes';

const SQL_TYPE: Record<Dialect, Record<ColumnType, string>> = {
  sqlite: { text: 'TEXT', int32: 'INTEGER', int64: 'INTEGER', bytes: 'BLOB' },
  pg: { text: 'text', int32: 'integer', int64: 'bigint', bytes: 'bytea' },
};

interface TableSpec {
  /** Column name → type; every column is NOT NULL. */
  readonly columns: Readonly<Record<string, ColumnType>>;
  readonly primaryKey: readonly string[];
  /** The name of a composite primary key's constraint (PostgreSQL reports it by this name). */
  readonly primaryKeyName?: string;
  /** SQLite: store rows in the primary key's b-tree (no rowid), for tables read only by their key. */
  readonly withoutRowid?: boolean;
  /** The schema version that added it (1 when absent). */
  readonly since?: number;
}

/** The tables, in creation order. `witness_state` belongs to witnesses; a log may hold it empty. */
export const TABLES = {
  meta: { columns: { key: 'text', value: 'text' }, primaryKey: ['key'] },
  entries: { columns: { idx: 'int64', leaf_hash: 'bytes', data: 'bytes' }, primaryKey: ['idx'] },
  nodes: {
    columns: { level: 'int32', idx: 'int64', hash: 'bytes' },
    primaryKey: ['level', 'idx'],
    primaryKeyName: 'nodes_pk',
    withoutRowid: true,
  },
  checkpoints: { columns: { size: 'int64', note: 'text' }, primaryKey: ['size'] },
  witness_state: {
    columns: { origin: 'text', size: 'int64', root: 'bytes', note: 'text' },
    primaryKey: ['origin'],
  },
} as const satisfies Record<string, TableSpec>;

export type TableName = keyof typeof TABLES;

/** The tables a log must have (`witness_state` may be absent). */
export const LOG_TABLES: readonly TableName[] = ['meta', 'entries', 'nodes', 'checkpoints'];

/** What a column of each type reads back as: PostgreSQL returns bigint as a string. */
interface ValueOf {
  text: string;
  int32: number;
  int64: string | number;
  bytes: Buffer;
}

type Columns<T extends TableName> = (typeof TABLES)[T]['columns'];

/** The row type of each table, derived from {@link TABLES} (kysely's database type for PostgreSQL). */
export type Rows = {
  -readonly [T in TableName]: { -readonly [C in keyof Columns<T>]: ValueOf[Columns<T>[C] & ColumnType] };
};

interface IndexSpec {
  readonly table: TableName;
  readonly columns: readonly string[];
  readonly unique?: boolean;
  /** A partial index's condition. */
  readonly where?: string;
  /** The schema version that added it. */
  readonly since: number;
  /**
   * The name in PostgreSQL when it differs: schema 1 there declared `leaf_hash` UNIQUE, which PostgreSQL
   * names `entries_leaf_hash_key`; stores already hold it under that name.
   */
  readonly pgName?: string;
}

/** The indexes. The two on leaf hashes are the log's duplicate lookups; each lists (hash, idx) in order. */
export const INDEXES = {
  entries_by_leaf: {
    table: 'entries',
    columns: ['leaf_hash'],
    unique: true,
    since: 1,
    pgName: 'entries_leaf_hash_key',
  },
  // `idx` is in the key so a scan can resume after a row, from the index alone.
  nodes_by_leaf: { table: 'nodes', columns: ['hash', 'idx'], where: 'level = 0', since: 2 },
} as const satisfies Record<string, IndexSpec>;

export type IndexName = keyof typeof INDEXES;

/** An index's name in a dialect. */
export function indexName(dialect: Dialect, name: IndexName): string {
  const spec: IndexSpec = INDEXES[name];
  return dialect === 'pg' ? (spec.pgName ?? name) : name;
}

/** The indexes a store of schema `version` has, by their names in `dialect`, oldest first. */
export function indexesAt(dialect: Dialect, version: number): string[] {
  return (Object.keys(INDEXES) as IndexName[])
    .filter((n) => INDEXES[n].since <= version)
    .map((n) => indexName(dialect, n));
}

/** `CREATE TABLE IF NOT EXISTS` for one table. */
export function createTable(dialect: Dialect, name: TableName): string {
  const spec: TableSpec = TABLES[name];
  const single = spec.primaryKey.length === 1 ? spec.primaryKey[0] : undefined;
  const columns = Object.entries(spec.columns).map(
    ([c, type]) => `${c} ${SQL_TYPE[dialect][type]} ${c === single ? 'PRIMARY KEY' : 'NOT NULL'}`,
  );
  if (single === undefined) {
    const constraint = spec.primaryKeyName ? `CONSTRAINT ${spec.primaryKeyName} ` : '';
    columns.push(`${constraint}PRIMARY KEY (${spec.primaryKey.join(', ')})`);
  }
  const rowid = dialect === 'sqlite' && spec.withoutRowid ? ' WITHOUT ROWID' : '';
  return `CREATE TABLE IF NOT EXISTS ${name} (${columns.join(', ')})${rowid}`;
}

/** `CREATE [UNIQUE] INDEX IF NOT EXISTS` for one index. */
export function createIndex(dialect: Dialect, name: IndexName): string {
  const spec: IndexSpec = INDEXES[name];
  const where = spec.where ? ` WHERE ${spec.where}` : '';
  return `CREATE ${spec.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${indexName(dialect, name)} ON ${spec.table} (${spec.columns.join(', ')})${where}`;
}

/** Every table (none of the indexes): what a store checks for a log before it writes anything else. */
export function tableStatements(dialect: Dialect): string[] {
  return (Object.keys(TABLES) as TableName[]).map((t) => createTable(dialect, t));
}

/** Every index of the current schema. */
export function indexStatements(dialect: Dialect): string[] {
  return (Object.keys(INDEXES) as IndexName[]).map((i) => createIndex(dialect, i));
}

/** The whole current schema, tables then indexes; every statement is idempotent. */
export function createStatements(dialect: Dialect): string[] {
  return [...tableStatements(dialect), ...indexStatements(dialect)];
}

/** One forward step: the DDL that takes a store of version `to - 1` to version `to`. */
export interface Migration {
  readonly to: number;
  readonly why: string;
  statements(dialect: Dialect): string[];
}

/** The objects a version added, created as that version's migration (tables first). */
function objectsSince(version: number): (dialect: Dialect) => string[] {
  return (dialect) => [
    ...(Object.keys(TABLES) as TableName[])
      .filter((t) => ((TABLES[t] satisfies TableSpec as TableSpec).since ?? 1) === version)
      .map((t) => createTable(dialect, t)),
    ...(Object.keys(INDEXES) as IndexName[])
      .filter((i) => INDEXES[i].since === version)
      .map((i) => createIndex(dialect, i)),
  ];
}

/** The forward migrations, in order; the last one's `to` is the current version. */
export const MIGRATIONS: readonly Migration[] = [
  {
    to: 2,
    why: 'a second lookup of leaf hashes (nodes_by_leaf), so a damaged index cannot make an append log a duplicate',
    statements: objectsSince(2),
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.to ?? 1;

/** The migrations that take a store of `version` to {@link SCHEMA_VERSION}, in the order to apply them. */
export function migrationsAfter(version: number): readonly Migration[] {
  return MIGRATIONS.filter((m) => m.to > version);
}

/**
 * The schema version a store records (`meta.schema`; a store without the row can only be schema 1).
 * Refuses text that is no version (the store is damaged) and a version newer than this code knows.
 * `where` names the store as a sentence's subject and verb, e.g. "x.db is" or "PostgreSQL schema s holds".
 */
export function storedVersion(text: string | undefined, label: string, where: string): number {
  const t = text ?? '1';
  if (!/^[1-9][0-9]*$/.test(t))
    throw storeDamaged(label, `its meta table records schema "${t}", which is no version`);
  const version = Number(t);
  if (version > SCHEMA_VERSION)
    throw new AccordError(
      'store-schema-newer',
      `${where} a schema ${version} log store; this accord knows schemas up to ${SCHEMA_VERSION}. Open it with the accord release that wrote it, or a newer one`,
    );
  return version;
}
