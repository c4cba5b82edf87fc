/**
 * @module store
 * Storage implementations behind the domain's interfaces: SQLite (embedded, one file) and PostgreSQL (for
 * servers), with the same tables behind the same `LedgerStore` interface.
 */
export { isPostgresUrl, openLedgerStore } from './open.js';
export { type PgLedgerOptions, PgLedgerStore } from './pg-ledger.js';
export { type SqliteLedgerOptions, SqliteLedgerStore, SqliteWitnessState } from './sqlite-ledger.js';
