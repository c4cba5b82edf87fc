/**
 * @module cli/commands/serve
 * `accord serve`: the multi-party HTTP API and the dashboard over a SQLite file or PostgreSQL, optionally as
 * several worker processes sharing the port (each replays the log and serializes its appends through the
 * store, so they stay consistent with each other). Limits hold for the whole server, not per worker: each
 * worker gets its share of the request rate, and failed authentications are counted in the primary.
 */
import cluster from 'node:cluster';
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../_lib/problem.js';
import { plural } from '../../_lib/words.js';
import { parseAllowedHosts } from '../../server/http-edge.js';
import { prepareStore, startServer } from '../../server/server.js';
import {
  countAuthFailuresInPrimary,
  WorkerAuthFailures,
  type WorkerChannel,
} from '../../server/shared-limits.js';
import { witnessUrl } from '../../tlog/policy.js';

function wholeNumber(flag: string, text: string, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > max)
    throw new AccordError('usage', `${flag} must be a whole number from 0 to ${max} (got "${text}")`, {
      exitCode: 2,
    });
  return n;
}

/** Register `serve` on the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (OpenAPI at /openapi.json) and the dashboard')
    .option(
      '--db <location>',
      'a SQLite file, or a postgres:// URL (add ?schema=NAME to pick a schema)',
      '.accord/accord.sqlite',
    )
    .option('--port <n>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option(
      '--state <file>',
      "server state: log key, witness policy, accounts (default beside a SQLite file; a PostgreSQL store's in .accord/postgres-HOST-PORT-DB-SCHEMA/)",
    )
    .option('--no-seed', 'do not seed an empty store with the US–Japan history')
    .option(
      '--rate-limit <n>',
      'requests per second per client, pages and API, for the whole server (0: no limit)',
      '50',
    )
    .option(
      '--allowed-hosts <names>',
      'host names to answer besides the bound address and localhost, comma-separated (others get 421)',
    )
    .option('--workers <n>', 'worker processes sharing the port (1: this process only)', '1')
    .option(
      '--witness <name=url>',
      'send each new checkpoint to this witness of the trust policy (c2sp.org/tlog-witness); repeat for several',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--quiet', 'do not log requests')
    .addHelpText(
      'after',
      `
Examples:
  $ accord serve                                   # .accord/accord.sqlite, seeded on first start
  $ accord serve --db 'postgres://postgres@127.0.0.1/test?schema=accord' --port 8081 --workers 2
  $ accord serve --host 0.0.0.0 --allowed-hosts accord.example.org
  $ accord serve --witness US=http://127.0.0.1:8090/ --witness JP=http://127.0.0.1:8091/

Limits are per client address (an IPv6 client by its /64) and hold for the whole server: with --workers N
each worker allows 1/N of --rate-limit, and failed authentications (10 at once, then 10 a minute) are counted
once for all workers. Separate servers behind a load balancer each count their own; limit there, or keep a
client on one server. Requests whose Host is not the bound address, localhost or an --allowed-hosts name get
421 (this stops DNS rebinding against a dashboard on localhost).

A new store is seeded with the US–Japan milestone history; the demo actors' API tokens and signing keys
are written beside the state file (owner-only files; in NAME.secrets/ when that folder holds another store's
state) and never printed or logged. Each store has its own state: a state whose log key did not sign the
store's checkpoints is refused.`,
    )
    .action(serve);
}

interface ServeOptions {
  db: string;
  port: string;
  host: string;
  state?: string;
  seed: boolean;
  rateLimit: string;
  allowedHosts?: string;
  workers: string;
  witness?: string[];
  quiet?: boolean;
}

/** The numbers and lists the options give, checked before anything starts. */
interface ServeSettings {
  port: number;
  rate: number;
  workers: number;
  allowedHosts: string[];
  witnessUrls: Map<string, string>;
}

/** Prints where the server listens and what store it serves, once it (or every worker) is listening. */
type Announce = (url: string, origin: string, size: number, seededSecrets?: string) => void;

/** Serve until a signal stops the process: this process alone, or a primary with its workers. */
async function serve(opts: ServeOptions): Promise<void> {
  const settings = serveSettings(opts);
  const storeName = /^postgres/i.test(opts.db) ? 'PostgreSQL' : opts.db;
  const announce: Announce = (url, origin, size, seededSecrets) => {
    process.stdout.write(`accord is serving ${url} (API ${url}api/, OpenAPI ${url}openapi.json)\n`);
    process.stdout.write(
      `store: ${storeName}, log ${origin}, ${plural(size, 'entry', 'entries')}${settings.workers > 1 ? `, ${settings.workers} worker processes` : ''}\n`,
    );
    if (seededSecrets)
      process.stdout.write(
        `seeded the US–Japan history; demo API tokens and signing keys are in ${seededSecrets} and keys/ beside it\n`,
      );
  };
  if (settings.workers > 1 && cluster.isPrimary) await servePrimary(opts, settings, announce);
  await serveHere(opts, settings, announce);
}

/** Check the options: numbers in range, host names, witnesses as NAME=URL. */
function serveSettings(opts: ServeOptions): ServeSettings {
  const port = wholeNumber('--port', opts.port, 65535);
  const rate = wholeNumber('--rate-limit', opts.rateLimit, 1_000_000);
  const workers = wholeNumber('--workers', opts.workers, 64);
  if (workers < 1) throw new AccordError('usage', '--workers must be at least 1', { exitCode: 2 });
  const allowed = parseAllowedHosts(opts.allowedHosts ?? '');
  if (allowed.bad.length > 0)
    throw new AccordError(
      'usage',
      `--allowed-hosts takes host names or addresses, comma-separated (e.g. a.example,b.example:8443); not ${allowed.bad.map((b) => JSON.stringify(b)).join(', ')}`,
      { exitCode: 2 },
    );
  const witnessUrls = new Map<string, string>();
  for (const w of opts.witness ?? []) {
    const eq = w.indexOf('=');
    const url = eq > 0 ? witnessUrl(w.slice(eq + 1)) : undefined;
    if (!url)
      throw new AccordError(
        'usage',
        `--witness takes NAME=URL, a witness name of the trust policy and its http(s) address (e.g. US=http://127.0.0.1:8090/); not ${JSON.stringify(w)}`,
        { exitCode: 2 },
      );
    witnessUrls.set(w.slice(0, eq), url);
  }
  return { port, rate, workers, allowedHosts: allowed.hosts, witnessUrls };
}

/**
 * The primary of several workers: it prepares (and seeds) the store once, counts failed authentications
 * for all of them, replaces a worker that dies, and never returns.
 */
async function servePrimary(opts: ServeOptions, settings: ServeSettings, announce: Announce): Promise<never> {
  const { port, workers } = settings;
  if (port === 0) throw new AccordError('usage', '--workers needs a fixed --port', { exitCode: 2 });
  const prepared = await prepareStore({
    db: opts.db,
    ...(opts.state ? { state: opts.state } : {}),
    seed: opts.seed,
  });
  countAuthFailuresInPrimary(cluster);
  let listening = 0;
  let stopping = false;
  cluster.on('listening', () => {
    if (++listening === workers)
      announce(`http://${opts.host}:${port}/`, prepared.origin, prepared.size, prepared.seededSecrets);
  });
  cluster.on('exit', (w, code) => {
    if (stopping) return;
    process.stderr.write(`worker ${w.process.pid} exited (${code}); starting another\n`);
    cluster.fork();
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 200);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return await new Promise<never>(() => {});
}

/** The server in this process: the only one, or one worker of several. */
async function serveHere(opts: ServeOptions, settings: ServeSettings, announce: Announce): Promise<void> {
  const { port, rate, workers, allowedHosts, witnessUrls } = settings;
  const log = opts.quiet
    ? undefined
    : (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const running = await startServer({
    db: opts.db,
    port,
    host: opts.host,
    ...(opts.state ? { state: opts.state } : {}),
    // Workers never seed: their primary prepared the store before forking them.
    seed: cluster.isWorker ? false : opts.seed,
    // Each worker gets its share, so the server as a whole allows the stated rate (a client held on one
    // connection, and so one worker, gets that share; a browser opens several connections).
    rateLimit:
      rate === 0 ? false : { perSecond: rate / workers, burst: Math.max(1, Math.ceil((rate * 2) / workers)) },
    ...(cluster.isWorker ? { authFailures: new WorkerAuthFailures(primaryChannel()) } : {}),
    ...(allowedHosts.length > 0 ? { allowedHosts } : {}),
    ...(witnessUrls.size > 0 ? { witnessUrls } : {}),
    ...(log ? { log } : {}),
  });
  if (!cluster.isWorker)
    announce(
      running.url,
      running.context.ledger.store.origin,
      await running.context.ledger.store.size(),
      running.seededSecrets,
    );
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await new Promise(() => {});
}

/** A worker's IPC channel to its primary: the process's own, which cluster opens for every worker. */
function primaryChannel(): WorkerChannel {
  return {
    send: (message) => process.send?.(message),
    on: (event, listener) => process.on(event, listener),
  };
}
