/**
 * @module store/pg-connect
 * Reaching a PostgreSQL log: the connection pool for a URL and schema (checked before any connection is
 * made), how damage reports and errors name the log without its credentials, and PostgreSQL's error codes
 * that mean the log is damaged rather than the server busy or the query wrong.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { AccordError } from '../_lib/problem.js';
import { storeDamaged } from './damage.js';
import type { Rows } from './schema.js';

/** PostgreSQL's ways of saying the data is damaged or a part of the log is missing. */
const DAMAGE_CODES: Record<string, string> = {
  XX001: 'PostgreSQL finds its data corrupted',
  XX002: 'PostgreSQL finds an index corrupted',
  '42P01': 'a table of it is missing',
  '42703': 'a column of it is missing',
};

/** Turn PostgreSQL's reports of damage into `store-damaged`; anything else passes through unchanged. */
export function asStoreError(label: string, doing: string, e: unknown): unknown {
  const code = (e as { code?: unknown }).code;
  const what = typeof code === 'string' ? DAMAGE_CODES[code] : undefined;
  return what === undefined
    ? e
    : storeDamaged(label, `${what} (${(e as Error).message}), found while ${doing}`, e);
}

/** How to reach the database. */
export interface PgLedgerOptions {
  /** Schema holding the tables (created if missing); default `public`, or the URL's `?schema=`. */
  schema?: string;
  /** Connections in the pool. */
  poolSize?: number;
  /**
   * Open for reading only (audits): no migration, and every transaction is read-only, so auditing an old or
   * damaged log never changes it. Only {@link PgLedgerStore.open} honours it.
   */
  readonly?: boolean;
}

/** Where damage reports say a log is: the schema and the server, never the credentials. */
export function labelOf(url: string, schema: string): string {
  return `PostgreSQL schema ${schema} at ${new URL(url).host}`;
}

/** How to name a user, for a URL without one (pg then falls back to $PGUSER, then $USER). */
export function userHint(url: string): string {
  const u = new URL(url);
  if (u.username !== '') return '';
  return `; the URL names no user: write postgres://USER@HOST/DB, e.g. postgres://postgres@${u.host}${u.pathname}${u.search}`;
}

/** A pool on the database at `url`, its sessions in `schema` (read-only ones when asked). */
export function connect(url: string, options: PgLedgerOptions): { db: Kysely<Rows>; schema: string } {
  const u = new URL(url);
  const osUser = process.platform === 'win32' ? process.env.USERNAME : process.env.USER;
  // Without any user PostgreSQL only says "no PostgreSQL user name specified in startup packet".
  if (u.username === '' && !process.env.PGUSER && !osUser)
    throw new AccordError(
      'pg-user-missing',
      `cannot use PostgreSQL at ${u.host} as nobody${userHint(url)} (or set PGUSER)`,
    );
  const schema = options.schema ?? u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new AccordError('pg-schema-invalid', `schema "${schema}" must be lowercase letters, digits and _`);
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max: options.poolSize ?? 8,
    options: `-c search_path=${schema}${options.readonly ? ' -c default_transaction_read_only=on' : ''}`,
  });
  // A dropped idle connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return { db: new Kysely<Rows>({ dialect: new PostgresDialect({ pool }) }), schema };
}
