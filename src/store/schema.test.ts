/**
 * Stores written by earlier releases open with this one: a version-1 and a version-2 log, each written with
 * the DDL that release ran (verbatim, not rendered from schema.ts), are migrated on open, read back the same
 * entries, leaf hashes, roots and proofs, and end with the same tables, columns and indexes as a store this
 * release creates. For SQLite and for PostgreSQL (the local server, database `test`, in schemas made for this
 * run and dropped afterwards; skipped with a message when the server does not answer).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { leafHash } from '../tlog/hash.js';
import { MemoryTree } from '../tlog/memory-tree.js';
import type { LedgerStore } from '../tlog/store.js';
import { PgLedgerStore } from './pg-ledger.js';
import { createStatements, MIGRATIONS, migrationsAfter, SCHEMA_VERSION } from './schema.js';
import { SqliteLedgerStore } from './sqlite-ledger.js';

const ORIGIN = 'schema.example/log';
/** The local PostgreSQL server, as in ledger-store.test.ts. */
const PG_URL = process.env.ACCORD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const ENTRIES = Array.from({ length: 13 }, (_, i) => Buffer.from(`entry ${i}`));

/** Every row a log of ENTRIES holds: its entries, and each stored subtree hash in the order appends wrote them. */
function rowsOf(entries: readonly Buffer[]) {
  const tree = new MemoryTree();
  const nodes: [level: number, idx: number, hash: Buffer][] = [];
  for (const e of entries) {
    let i = tree.append(leafHash(e));
    nodes.push([0, i, leafHash(e)]);
    for (let level = 1; i % 2 === 1; level++) {
      i = (i - 1) / 2;
      nodes.push([level, i, Buffer.from(tree.read(level, i))]);
    }
  }
  return { tree, nodes };
}

/** The log reads back exactly what was written: entries, leaf hashes, roots and proofs at every size. */
async function expectSameLog(store: LedgerStore): Promise<void> {
  const { tree } = rowsOf(ENTRIES);
  expect(store.origin).toBe(ORIGIN);
  expect(await store.size()).toBe(ENTRIES.length);
  expect(await store.entries(0, ENTRIES.length)).toEqual(ENTRIES);
  expect(await store.entryLeafHashes(0, ENTRIES.length)).toEqual(ENTRIES.map((e) => leafHash(e)));
  for (let n = 1; n <= ENTRIES.length; n++) {
    expect(Buffer.from(await store.root(n)).equals(Buffer.from(tree.root(n)))).toBe(true);
    expect((await store.inclusionProof(n - 1, n)).map((h) => h.toString('hex'))).toEqual(
      tree.inclusionProof(n - 1, n).map((h) => Buffer.from(h).toString('hex')),
    );
  }
  // Appends after the migration find old entries through every lookup and extend the same tree.
  const r = await store.append([ENTRIES[4]!, Buffer.from('after')]);
  expect(r.map((x) => [x.index, x.existed])).toEqual([
    [4, true],
    [ENTRIES.length, false],
  ]);
  tree.append(leafHash(Buffer.from('after')));
  expect(Buffer.from(await store.root(ENTRIES.length + 1)).equals(Buffer.from(tree.root()))).toBe(true);
}

describe('schema description', () => {
  it('lists migrations in order, the last one the current version', () => {
    expect(MIGRATIONS.map((m) => m.to)).toEqual([...MIGRATIONS.map((m) => m.to)].sort((a, b) => a - b));
    expect(MIGRATIONS.at(-1)?.to).toBe(SCHEMA_VERSION);
    expect(migrationsAfter(SCHEMA_VERSION)).toEqual([]);
    expect(migrationsAfter(1).map((m) => m.to)).toEqual(MIGRATIONS.map((m) => m.to));
  });

  it('renders the same tables and indexes for both dialects', () => {
    const objects = (d: 'sqlite' | 'pg') =>
      createStatements(d).map((s) => /^CREATE (?:UNIQUE )?(TABLE|INDEX) IF NOT EXISTS (\w+)/.exec(s)?.[1]);
    expect(objects('sqlite')).toEqual(objects('pg'));
    expect(createStatements('pg').join(';')).not.toMatch(/BLOB|WITHOUT ROWID/);
  });
});

// ---- SQLite -------------------------------------------------------------------------------------------

/** The DDL of the first release, verbatim. */
const SQLITE_V1 = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, data BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS entries_by_leaf ON entries (leaf_hash);
CREATE TABLE IF NOT EXISTS nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS witness_state (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL);
`;
/** What version 2 added, verbatim. */
const SQLITE_TO_V2 = 'CREATE INDEX IF NOT EXISTS nodes_by_leaf ON nodes (hash, idx) WHERE level = 0';

function writeSqliteLog(path: string, version: 1 | 2): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(SQLITE_V1);
  if (version === 2) db.exec(SQLITE_TO_V2);
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  meta.run('origin', ORIGIN);
  meta.run('size', String(ENTRIES.length));
  // Version-1 stores of the earliest builds have no schema row at all; it means 1.
  if (version === 2) meta.run('schema', '2');
  const entry = db.prepare('INSERT INTO entries (idx, leaf_hash, data) VALUES (?, ?, ?)');
  for (const [i, e] of ENTRIES.entries()) entry.run(i, leafHash(e), e);
  const node = db.prepare('INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)');
  for (const n of rowsOf(ENTRIES).nodes) node.run(...n);
  db.close();
}

/** Tables with their columns (name, type, not null, key position), and index names. */
function sqliteCatalog(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    const objects = db
      .prepare<[], { type: string; name: string }>(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all();
    return objects.map((o) => ({
      ...o,
      columns: o.type === 'table' ? db.pragma(`table_info(${o.name})`) : db.pragma(`index_info(${o.name})`),
    }));
  } finally {
    db.close();
  }
}

const sqliteVersion = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get();
  } finally {
    db.close();
  }
};

describe('SQLite: stores of earlier versions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-schema-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const version of [1, 2] as const) {
    it(`migrates a version-${version} file on open and reads back the same log`, async () => {
      const path = join(dir, `v${version}.db`);
      writeSqliteLog(path, version);
      const fresh = join(dir, `fresh-${version}.db`);
      await SqliteLedgerStore.create(fresh, ORIGIN).close();

      const store = SqliteLedgerStore.open(path);
      try {
        expect(store.leafLookups()).toEqual(['entries_by_leaf', 'nodes_by_leaf']);
        await expectSameLog(store);
      } finally {
        await store.close();
      }
      expect(sqliteVersion(path)).toBe(String(SCHEMA_VERSION));
      expect(sqliteCatalog(path)).toEqual(sqliteCatalog(fresh));
    });
  }
});

// ---- PostgreSQL -----------------------------------------------------------------------------------------

/** The DDL the first release ran (kysely's schema builder rendered it so), verbatim. */
const PG_V1 = `
create table if not exists meta (key text primary key, value text not null);
create table if not exists entries (idx bigint primary key, leaf_hash bytea not null unique, data bytea not null);
create table if not exists nodes (level integer not null, idx bigint not null, hash bytea not null, constraint nodes_pk primary key (level, idx));
create table if not exists checkpoints (size bigint primary key, note text not null);
create table if not exists witness_state (origin text primary key, size bigint not null, root bytea not null, note text not null);
`;
const PG_TO_V2 = 'CREATE INDEX IF NOT EXISTS nodes_by_leaf ON nodes (hash, idx) WHERE level = 0';

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

const reachable = await pgReachable();
if (!reachable) console.warn(`PostgreSQL migration tests skipped: no server answers at ${PG_URL}`);

describe.skipIf(!reachable)('PostgreSQL: stores of earlier versions', () => {
  const run = `accord_schema${process.pid}_${Date.now().toString(36)}`;
  const schemas: string[] = [];
  const withClient = async <T>(schema: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await c.query(`SET search_path = ${schema}`);
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  afterAll(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await c.end();
  });
  const newSchema = (what: string) => {
    const s = `${run}_${what}`;
    schemas.push(s);
    return s;
  };

  const writePgLog = (schema: string, version: 1 | 2) =>
    withClient(schema, async (c) => {
      await c.query(PG_V1);
      if (version === 2) await c.query(PG_TO_V2);
      await c.query("INSERT INTO meta (key, value) VALUES ('origin', $1), ('size', $2)", [
        ORIGIN,
        String(ENTRIES.length),
      ]);
      if (version === 2) await c.query("INSERT INTO meta (key, value) VALUES ('schema', '2')");
      for (const [i, e] of ENTRIES.entries())
        await c.query('INSERT INTO entries (idx, leaf_hash, data) VALUES ($1, $2, $3)', [i, leafHash(e), e]);
      for (const n of rowsOf(ENTRIES).nodes)
        await c.query('INSERT INTO nodes (level, idx, hash) VALUES ($1, $2, $3)', n);
    });

  const catalog = (schema: string) =>
    withClient(schema, async (c) => ({
      columns: (
        await c.query(
          `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
           WHERE table_schema = $1 ORDER BY table_name, column_name`,
          [schema],
        )
      ).rows,
      indexes: (
        await c.query(
          `SELECT tablename, indexname, regexp_replace(indexdef, ' ON [^ ]+ ', ' ON ') AS def FROM pg_indexes
           WHERE schemaname = $1 ORDER BY indexname`,
          [schema],
        )
      ).rows,
      version: (await c.query("SELECT value FROM meta WHERE key = 'schema'")).rows[0]?.value,
    }));

  for (const version of [1, 2] as const) {
    it(`migrates a version-${version} log on open and reads back the same log`, async () => {
      const schema = newSchema(`v${version}`);
      await writePgLog(schema, version);
      const fresh = newSchema(`fresh${version}`);
      await (await PgLedgerStore.openOrCreate(PG_URL, ORIGIN, { schema: fresh })).store.close();

      const store = await PgLedgerStore.open(PG_URL, { schema });
      try {
        expect(store.leafLookups()).toEqual(['entries_leaf_hash_key', 'nodes_by_leaf']);
        await expectSameLog(store);
      } finally {
        await store.close();
      }
      const migrated = await catalog(schema);
      expect(migrated.version).toBe(String(SCHEMA_VERSION));
      expect(migrated).toEqual(await catalog(fresh));
    });
  }
});
