/**
 * @module store
 * Storage implementations behind the domain's interfaces. SQLite now; PostgreSQL can follow behind the
 * same `LedgerStore` interface.
 */
export { type SqliteLedgerOptions, SqliteLedgerStore, SqliteWitnessState } from './sqlite-ledger.js';
