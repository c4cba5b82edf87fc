/**
 * @module server/server
 * Start the server: open (or create) the store, seed a new one with the US–Japan history, read the server
 * state (log key, policy, accounts), replay the log and listen on loopback by default.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { AccordError } from '../_lib/problem.js';
import type { LedgerStore } from '../ledger/index.js';
import { isPostgresUrl, openLedgerStore } from '../store/open.js';
import { createHandler } from './app.js';
import { LEDGER_AGREEMENT, loadServed, ServerContext } from './context.js';
import type { RateLimitOptions } from './rate-limit.js';
import { SEED_ORIGIN, seedLedger, writeDemoSecrets } from './seed.js';
import { readState, writeState } from './state.js';

/** How to start. */
export interface ServeOptions {
  /** A SQLite file path or a postgres:// URL. */
  db: string;
  port: number;
  host?: string;
  /** The server state file (log key, policy, accounts); default beside the SQLite file, or in .accord/. */
  state?: string;
  /** Seed a new, empty store with the US–Japan history (default true). */
  seed?: boolean;
  rateLimit?: RateLimitOptions | false;
  log?: (line: string) => void;
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  context: ServerContext;
  /** Where the demo's tokens were written when this start seeded the store. */
  seededSecrets?: string;
  close(): Promise<void>;
}

/** The default state file for a database location. */
export function defaultStatePath(db: string): string {
  if (isPostgresUrl(db)) {
    const schema = new URL(db).searchParams.get('schema') ?? 'public';
    return join('.accord', `postgres-${schema}.server.json`);
  }
  return db.replace(/\.(sqlite3?|db)$/i, '') + '.server.json';
}

/**
 * Seed an empty store (and write its state file and the demo secrets) unless it already has a state;
 * returns where the demo tokens were written when it seeded.
 */
async function ensureSeeded(
  store: LedgerStore,
  created: boolean,
  statePath: string,
  seed: boolean | undefined,
): Promise<string | undefined> {
  const empty = (await store.size()) === 0;
  if (empty && !existsSync(statePath)) {
    if (seed === false)
      throw new AccordError(
        'server-state-missing',
        `the store is empty and there is no state at ${statePath}; start without --no-seed to create the demo`,
      );
    const seeded = await seedLedger(store, loadServed(LEDGER_AGREEMENT, 'ledger').agreement);
    writeState(statePath, seeded.state);
    writeDemoSecrets(dirname(statePath), seeded);
    return join(dirname(statePath), 'tokens.json');
  }
  if (created && !empty) throw new Error('a new store is not empty');
  return undefined;
}

/**
 * Open the store, seed it when new, and close it again: what a primary process does once before its
 * worker processes open the store themselves.
 */
export async function prepareStore(
  options: Pick<ServeOptions, 'db' | 'state' | 'seed'>,
): Promise<{ seededSecrets?: string; size: number; origin: string }> {
  const statePath = options.state ?? defaultStatePath(options.db);
  const { store, created } = await openLedgerStore(options.db, SEED_ORIGIN);
  try {
    const seededSecrets = await ensureSeeded(store, created, statePath, options.seed);
    readState(statePath);
    return { ...(seededSecrets ? { seededSecrets } : {}), size: await store.size(), origin: store.origin };
  } finally {
    await store.close();
  }
}

/** Open the store and start listening. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const statePath = options.state ?? defaultStatePath(options.db);
  let store: LedgerStore;
  let created: boolean;
  try {
    ({ store, created } = await openLedgerStore(options.db, SEED_ORIGIN));
  } catch (e) {
    if (e instanceof AccordError) throw e;
    throw new AccordError(
      'store-unopenable',
      `cannot open the store ${isPostgresUrl(options.db) ? '(PostgreSQL)' : options.db}: ${(e as Error).message}`,
    );
  }
  let seededSecrets: string | undefined;
  try {
    seededSecrets = await ensureSeeded(store, created, statePath, options.seed);
    const state = readState(statePath);
    if (state.origin !== store.origin)
      throw new AccordError(
        'server-state-mismatch',
        `${statePath} is for the log ${state.origin}, but the store holds ${store.origin}`,
      );
    const context = new ServerContext({
      store,
      logKey: state.logKey,
      policy: state.policy,
      policyText: state.policyText,
      directory: state.directory,
      resultsDir: join(dirname(statePath), 'assessments'),
      statePath,
    });
    await context.start();
    // A log an earlier accord wrote (statement format v1) would be served with nothing counting; say so instead.
    if (context.ledger.replay.entries[0]?.problems[0]?.code === 'statement-old-version')
      throw new AccordError(
        'store-old-format',
        `${isPostgresUrl(options.db) ? 'the PostgreSQL store' : options.db} holds a log written by an earlier accord (statement format v1, which does not bind statements to their log); move it and its state aside (e.g. mv .accord .accord.v1) and start again to seed a new one`,
      );
    const host = options.host ?? '127.0.0.1';
    const { listener } = createHandler(context, {
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(options.log ? { log: options.log } : {}),
      hostname: host,
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = createServer(listener);
      s.listen(options.port, host, () => resolve(s));
      s.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          e.code === 'EADDRINUSE'
            ? new AccordError('port-in-use', `port ${options.port} is in use; choose another with --port`, {
                exitCode: 1,
              })
            : e,
        ),
      );
    });
    // Keep idle connections open longer than clients' own keep-alive (undici: 4 s), so a client never
    // reuses a socket the server is closing at that moment.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    const port = (server.address() as AddressInfo).port;
    return {
      url: `http://${host}:${port}/`,
      port,
      context,
      ...(seededSecrets ? { seededSecrets } : {}),
      close: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
