/**
 * @module cli/commands/ledger/with-store
 * Every `accord ledger` subcommand that reads or writes a log opens its SQLite file for the length of the
 * command and closes it however the command ends, so a failed command never leaves the file open.
 */
import { SqliteLedgerStore } from '../../../store/sqlite-ledger.js';

/** Open the log in `file`, run `fn` on it and close it. */
export async function withStore<T>(file: string, fn: (s: SqliteLedgerStore) => Promise<T>): Promise<T> {
  const store = SqliteLedgerStore.open(file);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
