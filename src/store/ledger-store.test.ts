import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { ledgerStoreSuite } from './ledger-store.suite.js';
import { PgLedgerStore } from './pg-ledger.js';
import { SqliteLedgerStore } from './sqlite-ledger.js';

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
  beforeAll(() => {});
  ledgerStoreSuite('PostgreSQL', {
    create: async (origin) => {
      current = `${run}_${schemas.length}`;
      schemas.push(current);
      return (await PgLedgerStore.openOrCreate(PG_URL, origin, { schema: current })).store;
    },
    reopen: async () => PgLedgerStore.open(PG_URL, { schema: current }),
  });
});
