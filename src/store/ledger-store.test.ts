/**
 * One behavioural suite for every LedgerStore implementation, so SQLite and PostgreSQL are held to exactly
 * the same contract: appends, idempotence, roots, proofs, checkpoints, persistence and concurrent writers
 * through separate connections. PostgreSQL runs against the local server (database `test`), in schemas
 * made for this run and dropped afterwards; it skips with a message when the server does not answer.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { AccordError } from '../_lib/problem.js';
import { checkpointLog } from '../ledger/log.js';
import { EMPTY_ROOT, leafHash, nodeHash } from '../tlog/hash.js';
import { generateSigner } from '../tlog/keys.js';
import { MemoryTree } from '../tlog/memory-tree.js';
import { verifyConsistency, verifyInclusion } from '../tlog/merkle.js';
import type { LedgerStore } from '../tlog/store.js';
import { PgLedgerStore } from './pg-ledger.js';
import { SqliteLedgerStore } from './sqlite-ledger.js';

/** How the suite gets stores: a fresh log, and a second handle (another connection) to the same log. */
interface StoreFactory {
  /** A new, empty log with this origin. */
  create(origin: string): Promise<LedgerStore>;
  /** Another handle on the log `create` made last (separate connection or file handle). */
  reopen(): Promise<LedgerStore>;
  /** Run SQL straight on the log `create` made last, behind the store's back (to damage it). */
  exec(sqlText: string): Promise<void>;
}

const bytes = (s: string) => Buffer.from(s, 'utf8');
const ORIGIN = 'test.example/store-suite';

async function expectedRoot(store: LedgerStore, size: number): Promise<Buffer> {
  const t = new MemoryTree();
  for (const e of await store.entries(0, size)) t.append(leafHash(e));
  return Buffer.from(t.root());
}

/** Register the suite under `name`. */
function ledgerStoreSuite(name: string, factory: StoreFactory): void {
  describe(`LedgerStore contract: ${name}`, () => {
    it('starts empty with the RFC 6962 empty root', async () => {
      const s = await factory.create(ORIGIN);
      try {
        expect(await s.size()).toBe(0);
        expect(s.origin).toBe(ORIGIN);
        expect((await s.root(0)).equals(Buffer.from(EMPTY_ROOT))).toBe(true);
      } finally {
        await s.close();
      }
    });

    it('appends in order, deduplicates identical entries (also within a batch) and agrees with an in-memory tree', async () => {
      const s = await factory.create(ORIGIN);
      try {
        const r1 = await s.append([bytes('a'), bytes('b'), bytes('a'), bytes('c')]);
        expect(r1.map((r) => [r.index, r.existed])).toEqual([
          [0, false],
          [1, false],
          [0, true],
          [2, false],
        ]);
        const r2 = await s.append([bytes('b'), bytes('d')]);
        expect(r2.map((r) => [r.index, r.existed])).toEqual([
          [1, true],
          [3, false],
        ]);
        expect(await s.size()).toBe(4);
        expect(await s.indexOf(leafHash(bytes('d')).toString('hex'))).toBe(3);
        expect(await s.indexOf('00'.repeat(32))).toBeUndefined();
        for (let n = 0; n <= 4; n++) expect((await s.root(n)).equals(await expectedRoot(s, n))).toBe(true);
        expect((await s.entry(2))?.toString()).toBe('c');
        expect((await s.entryLeafHashes(0, 4)).map((h) => h.toString('hex'))).toEqual(
          ['a', 'b', 'c', 'd'].map((x) => leafHash(bytes(x)).toString('hex')),
        );
      } finally {
        await s.close();
      }
    });

    it('gives inclusion and consistency proofs that verify for every index and size up to 37', async () => {
      const s = await factory.create(ORIGIN);
      try {
        const all = Array.from({ length: 37 }, (_, i) => bytes(`entry ${i}`));
        // Uneven batches exercise subtrees completed across batch boundaries.
        for (const [a, b] of [
          [0, 1],
          [1, 6],
          [6, 7],
          [7, 20],
          [20, 37],
        ] as const)
          await s.append(all.slice(a, b));
        for (const size of [1, 2, 5, 8, 13, 32, 37]) {
          const root = await s.root(size);
          for (let i = 0; i < size; i++) {
            const proof = await s.inclusionProof(i, size);
            expect(verifyInclusion(i, size, leafHash(all[i]!), proof, root).ok).toBe(true);
          }
          for (const older of [1, 3, 8, size]) {
            if (older > size) continue;
            const proof = await s.consistencyProof(older, size);
            expect(verifyConsistency(older, size, await s.root(older), root, proof).ok).toBe(true);
          }
        }
        await expect(s.inclusionProof(37, 37)).rejects.toThrow(/not in the tree/);
        await expect(s.root(38)).rejects.toThrow(/not a tree it holds/);
        expect((await s.storedHashes(0, 0, 4)).map((h) => h.toString('hex'))).toEqual(
          all.slice(0, 4).map((e) => leafHash(e).toString('hex')),
        );
        // Every complete subtree is stored with its RFC 6962 hash, built here the slow way, level by level.
        let level = all.map((e) => leafHash(e));
        for (let l = 0; level.length > 0; l++) {
          const stored = await s.storedHashes(l, 0, level.length);
          expect(stored.map((h) => h.toString('hex'))).toEqual(level.map((h) => h.toString('hex')));
          level = Array.from({ length: Math.floor(level.length / 2) }, (_, i) =>
            nodeHash(level[2 * i]!, level[2 * i + 1]!),
          );
        }
      } finally {
        await s.close();
      }
    });

    it('records checkpoints only for trees it holds, and lists them by size', async () => {
      const s = await factory.create(ORIGIN);
      try {
        const key = generateSigner(ORIGIN);
        await s.append([bytes('x'), bytes('y')]);
        const { note } = await checkpointLog(s, key);
        await s.append([bytes('z')]);
        await checkpointLog(s, key);
        expect((await s.checkpoints()).map((c) => c.size)).toEqual([2, 3]);
        expect((await s.latestCheckpoint())?.size).toBe(3);
        expect((await s.checkpoint(2))?.note).toBe(note);
        expect(await s.checkpoint(1)).toBeUndefined();
        const wrongRoot = Buffer.alloc(32, 7);
        await expect(s.putCheckpoint(2, wrongRoot, note)).rejects.toThrow(/does not name this log/);
      } finally {
        await s.close();
      }
    });

    it('keeps everything after the handle is closed and the log reopened', async () => {
      const s = await factory.create(ORIGIN);
      await s.append([bytes('p'), bytes('q'), bytes('r')]);
      const root = await s.root(3);
      await s.close();
      const again = await factory.reopen();
      try {
        expect(await again.size()).toBe(3);
        expect(again.origin).toBe(ORIGIN);
        expect((await again.root(3)).equals(root)).toBe(true);
      } finally {
        await again.close();
      }
    });

    it('lists every row of each lookup of leaf hashes, in chunks, and the entry rows present', async () => {
      const s = await factory.create(ORIGIN);
      try {
        const all = Array.from({ length: 10 }, (_, i) => bytes(`entry ${i}`));
        await s.append(all);
        expect(s.leafLookups()).toHaveLength(2);
        const want = all.map((e, i) => `${leafHash(e).toString('hex')} ${i}`).sort();
        for (const lookup of s.leafLookups()) {
          const chunks: number[] = [];
          const got: string[] = [];
          for await (const rows of s.leafLookupRows(lookup, 3)) {
            chunks.push(rows.length);
            for (const r of rows) got.push(`${r.leafHash.toString('hex')} ${r.index}`);
          }
          expect(chunks).toEqual([3, 3, 3, 1]);
          expect(got.sort()).toEqual(want);
        }
        expect(await s.entryIndexes(0, 4)).toEqual([0, 1, 2, 3]);
        expect(await s.entryIndexes(8, 4)).toEqual([8, 9]);
      } finally {
        await s.close();
      }
    });

    it('refuses an append whose lookups disagree (a damaged index), and writes nothing of the batch', async () => {
      const s = await factory.create(ORIGIN);
      try {
        await s.append([bytes('a'), bytes('b'), bytes('c')]);
        // Entry 1 is still found through the entries' index, but no longer through the tree's leaves.
        await factory.exec('DELETE FROM nodes WHERE level = 0 AND idx = 1');
        const err = await s.append([bytes('new'), bytes('b')]).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'store-damaged' });
        expect((err as AccordError).problems[0]!.message).toMatch(
          /indexes disagree.*nothing of the batch was appended.*accord audit/,
        );
        expect(await s.size()).toBe(3);
        expect(await s.entries(0, 10)).toHaveLength(3);
        expect((await s.root(2)).equals(await expectedRoot(s, 2))).toBe(true);
        // Appends that touch neither lookup's damage still work.
        expect((await s.append([bytes('a')]))[0]).toMatchObject({ index: 0, existed: true });
      } finally {
        await s.close();
      }
    });

    it('serializes concurrent writers on separate connections: no index is given twice and the tree verifies', async () => {
      const a = await factory.create(ORIGIN);
      const b = await factory.reopen();
      try {
        const jobs = Array.from({ length: 24 }, (_, i) =>
          (i % 2 ? a : b).append(Array.from({ length: 5 }, (_, j) => bytes(`w${i}-${j}`))),
        );
        const results = (await Promise.all(jobs)).flat();
        const indices = results.map((r) => r.index).sort((x, y) => x - y);
        expect(indices).toEqual(Array.from({ length: 120 }, (_, i) => i));
        expect(await a.size()).toBe(120);
        expect((await a.root(120)).equals(await expectedRoot(a, 120))).toBe(true);
        expect((await b.root(120)).equals(await a.root(120))).toBe(true);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'accord-store-suite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let file = '';
ledgerStoreSuite('SQLite', {
  create: async (origin) => {
    file = join(dir, `log-${n++}.sqlite`);
    return SqliteLedgerStore.create(file, origin);
  },
  reopen: async () => SqliteLedgerStore.open(file),
  exec: async (sqlText) => {
    const db = new Database(file);
    db.exec(sqlText);
    db.close();
  },
});

/** The local PostgreSQL server (trust auth, database `test`); each run uses its own schemas and drops them. */
export const PG_URL = process.env.ACCORD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

const reachable = await pgReachable();
if (!reachable) console.warn(`PostgreSQL store suite skipped: no server answers at ${PG_URL}`);

describe.skipIf(!reachable)('PostgreSQL', () => {
  const run = `accord_t${process.pid}_${Date.now().toString(36)}`;
  const schemas: string[] = [];
  let current = '';
  afterAll(async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await c.end();
  });
  ledgerStoreSuite('PostgreSQL', {
    create: async (origin) => {
      current = `${run}_${schemas.length}`;
      schemas.push(current);
      return (await PgLedgerStore.openOrCreate(PG_URL, origin, { schema: current })).store;
    },
    reopen: async () => PgLedgerStore.open(PG_URL, { schema: current }),
    exec: async (sqlText) => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`SET search_path = ${current}`);
      await c.query(sqlText);
      await c.end();
    },
  });

  const query = async (schema: string, sqlText: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(`SET search_path = ${schema}`);
      return (await c.query(sqlText)).rows;
    } finally {
      await c.end();
    }
  };
  const newSchema = () => {
    const s = `${run}_${schemas.length}`;
    schemas.push(s);
    return s;
  };

  it('migrates a schema-1 log when opened for writing, and leaves it alone when opened read-only', async () => {
    const schema = newSchema();
    const { store } = await PgLedgerStore.openOrCreate(PG_URL, ORIGIN, { schema });
    const all = Array.from({ length: 5 }, (_, i) => bytes(`old ${i}`));
    await store.append(all);
    await store.close();
    // Schema 1 had the same tables, without the second lookup.
    await query(schema, "DROP INDEX nodes_by_leaf; UPDATE meta SET value = '1' WHERE key = 'schema'");
    const indexes = async () =>
      (await query(schema, 'SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()'))
        .map((r) => r.indexname as string)
        .filter((n) => n.endsWith('_by_leaf') || n.endsWith('leaf_hash_key'))
        .sort();
    const version = async () =>
      (await query(schema, "SELECT value FROM meta WHERE key = 'schema'"))[0]!.value;
    expect(await indexes()).toEqual(['entries_leaf_hash_key']);

    const reader = await PgLedgerStore.open(PG_URL, { schema, readonly: true });
    expect(reader.leafLookups()).toEqual(['entries_leaf_hash_key']);
    await expect(reader.append([bytes('x')])).rejects.toMatchObject({ code: 'store-readonly' });
    await reader.close();
    expect(await version()).toBe('1');

    const writer = await PgLedgerStore.open(PG_URL, { schema });
    expect(await version()).toBe('2');
    expect(await indexes()).toEqual(['entries_leaf_hash_key', 'nodes_by_leaf']);
    const r = await writer.append([all[2]!, bytes('new'), bytes('new')]);
    expect(r.map((x) => [x.index, x.existed])).toEqual([
      [2, true],
      [5, false],
      [5, true],
    ]);
    expect((await writer.root(6)).equals(await expectedRoot(writer, 6))).toBe(true);
    await writer.close();
  });

  it('refuses a log of a newer schema than it knows', async () => {
    const schema = newSchema();
    await (await PgLedgerStore.openOrCreate(PG_URL, ORIGIN, { schema })).store.close();
    await query(schema, "UPDATE meta SET value = '3' WHERE key = 'schema'");
    await expect(PgLedgerStore.open(PG_URL, { schema })).rejects.toMatchObject({
      code: 'store-schema-newer',
    });
    await expect(PgLedgerStore.open(PG_URL, { schema, readonly: true })).rejects.toMatchObject({
      code: 'store-schema-newer',
    });
    await expect(PgLedgerStore.openOrCreate(PG_URL, ORIGIN, { schema })).rejects.toMatchObject({
      code: 'store-schema-newer',
    });
  });
});
