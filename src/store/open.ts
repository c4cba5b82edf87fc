/**
 * @module store/open
 * Open a log by its location: a SQLite file path or a `postgres://` URL. Both implement the same
 * {@link LedgerStore}; the caller learns whether the log was just created (and so is empty).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AccordError } from '../_lib/problem.js';
import type { LedgerStore } from '../tlog/index.js';
import { PgLedgerStore } from './pg-ledger.js';
import { SqliteLedgerStore } from './sqlite-ledger.js';

/** True when `db` names a PostgreSQL database. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/** Open the log at `db`, creating it with `origin` when absent. */
export async function openLedgerStore(
  db: string,
  origin: string,
): Promise<{ store: LedgerStore; created: boolean }> {
  if (isPostgresUrl(db)) return PgLedgerStore.openOrCreate(db, origin);
  if (existsSync(db)) return { store: SqliteLedgerStore.open(db), created: false };
  // A fresh clone has no .accord/ yet: create the store's folder (but never guess at a root that is missing).
  if (!existsSync(dirname(dirname(db))) && dirname(dirname(db)) !== dirname(db))
    throw new AccordError(
      'store-folder-missing',
      `cannot create ${db}: ${dirname(dirname(db))} does not exist`,
    );
  mkdirSync(dirname(db), { recursive: true });
  return { store: SqliteLedgerStore.create(db, origin), created: true };
}
