/**
 * @module server/server
 * Start the server: open (or create) the store, seed a new one with the US–Japan history, read the server
 * state (log key, policy, accounts), replay the log and listen on loopback by default.
 *
 * Each store has its own state: the default state file is named for the store (a SQLite file's beside
 * it, a PostgreSQL database's in its own folder under .accord/, named for host, port, database and
 * schema), the demo secrets are written beside the state unless that folder already holds another store's
 * state (then into a folder of their own), and a state whose log key did not sign the store's checkpoints
 * is refused. So seeding one store never rewrites another's tokens or keys.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import { AccordError } from '../_lib/problem.js';
import { isPostgresUrl, openLedgerStore } from '../store/index.js';
import { type LedgerStore, verifyNote } from '../tlog/index.js';
import type { ApiEnv } from './api.js';
import { createHandler } from './app.js';
import { type ContextOptions, LEDGER_AGREEMENT, loadServed, ServerContext } from './context.js';
import { HostAllowList } from './http-edge.js';
import type { RateLimitOptions } from './rate-limit.js';
import { SEED_ORIGIN, seedLedger, writeDemoSecrets } from './seed.js';
import type { AuthFailureCounter } from './shared-limits.js';
import { demoSecretsDir, readState, writeState } from './state.js';

/** How long a stopping server lets requests in flight finish before it cuts their connections. */
const CLOSE_GRACE_MS = 3_000;
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
  /** Failed authentications per client (see {@link AppOptions}); default 10 at once, then 10 a minute. */
  authFailures?: AuthFailureCounter | RateLimitOptions | false;
  /** Host names answered besides the bound address and loopback names (`*`: any). */
  allowedHosts?: readonly string[];
  log?: (line: string) => void;
  /**
   * Witness URLs by their name in the trust policy (`--witness NAME=URL`), added to those the policy gives:
   * each new checkpoint is sent to them (c2sp.org/tlog-witness).
   */
  witnessUrls?: ReadonlyMap<string, string>;
  /** Bulk-assessment limits other than the defaults (see assess-limits), and a clock for expiry (tests). */
  assessments?: ContextOptions['assessments'];
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  context: ServerContext;
  /** The application itself, for in-process requests (`app.fetch`) that skip the socket. */
  app: Hono<ApiEnv>;
  /** Where the demo's tokens were written when this start seeded the store. */
  seededSecrets?: string;
  close(): Promise<void>;
}

/**
 * The default state file for a database location: beside a SQLite file (`x.sqlite` → `x.server.json`);
 * for PostgreSQL, `.accord/postgres-HOST-PORT-DB-SCHEMA/server.json`, a folder of its own so its demo
 * secrets never land beside another store's. A state an earlier accord kept at
 * `.accord/postgres-SCHEMA.server.json` is still used when it exists and the new one does not.
 */
export function defaultStatePath(db: string): string {
  if (isPostgresUrl(db)) {
    const u = new URL(db);
    const schema = u.searchParams.get('schema') ?? 'public';
    const part = (s: string) => s.replace(/[^A-Za-z0-9._]+/g, '_') || '_';
    const folder = `postgres-${part(u.hostname || 'localhost')}-${u.port || '5432'}-${part(decodeURIComponent(u.pathname.slice(1)) || 'postgres')}-${part(schema)}`;
    const path = join('.accord', folder, 'server.json');
    const legacy = join('.accord', `postgres-${schema}.server.json`);
    return !existsSync(path) && existsSync(legacy) ? legacy : path;
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
    // Decided before the state is written: a folder holding another store's state keeps that store's secrets.
    const secrets = demoSecretsDir(statePath);
    writeState(statePath, seeded.state);
    writeDemoSecrets(secrets, seeded);
    return join(secrets, 'tokens.json');
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
    // Every store of the demo has the same origin; its log key tells them apart.
    const latest = await store.latestCheckpoint();
    if (latest && !verifyNote(latest.note, [state.logKey]).ok)
      throw new AccordError(
        'server-state-mismatch',
        `${statePath} belongs to another store: its log key did not sign this store's checkpoints; give each store its own state (--state FILE)`,
      );
    for (const [name, url] of options.witnessUrls ?? []) {
      if (!state.policy.witnesses.has(name))
        throw new AccordError(
          'witness-unknown',
          `--witness ${name}=…: the trust policy in ${statePath} names no witness ${name}; it names ${[...state.policy.witnesses.keys()].join(', ') || 'none'}`,
          { exitCode: 2 },
        );
      state.policy.witnessUrls.set(name, url);
    }
    const context = new ServerContext({
      store,
      logKey: state.logKey,
      policy: state.policy,
      policyText: state.policyText,
      directory: state.directory,
      resultsDir: join(dirname(statePath), 'assessments'),
      statePath,
      ...(options.assessments ? { assessments: options.assessments } : {}),
    });
    await context.start();
    // A witness that is down or refuses is an operator's concern even with the request log off.
    context.ledger.witnessPush.report = (o) =>
      process.stderr.write(
        `${new Date().toISOString()} witness ${o.name} (${o.url}) ${o.outcome} checkpoint ${o.size}${o.status ? ` (${o.status})` : ''}: ${o.message}\n`,
      );
    // A log an earlier accord wrote (statement format v1) would be served with nothing counting; say so instead.
    if (context.ledger.replay.entries[0]?.problems[0]?.code === 'statement-old-version')
      throw new AccordError(
        'store-old-format',
        `${isPostgresUrl(options.db) ? 'the PostgreSQL store' : options.db} holds a log written by an earlier accord (statement format v1, which does not bind statements to their log); move it and its state aside (e.g. mv .accord .accord.v1) and start again to seed a new one`,
      );
    const host = options.host ?? '127.0.0.1';
    const hosts = new HostAllowList({ host, port: options.port, extra: options.allowedHosts ?? [] });
    const { app, listener } = createHandler(context, {
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      ...(options.authFailures === undefined ? {} : { authFailures: options.authFailures }),
      ...(options.log ? { log: options.log } : {}),
      hostname: host,
      hosts,
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
    hosts.setPort(port);
    return {
      url: `http://${host}:${port}/`,
      port,
      context,
      app,
      ...(seededSecrets ? { seededSecrets } : {}),
      close: async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // close() waits for every connection to end, and a client that opened one without finishing its request
        // holds it for up to headersTimeout (66 s): requests in flight get a grace period, then every connection
        // is cut, so that a stop (SIGTERM) always ends.
        server.closeIdleConnections();
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        await closed;
        clearTimeout(cut);
        await context.close();
        await store.close();
      },
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}
