/**
 * Start the real `accord serve` as a process (from source, through tsx) and stop it again; and what the
 * tests that talk to it need: a free port, the demo actors' keys and tokens, a PostgreSQL schema per run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { parseSignerKey, type SignerKey } from '../../src/tlog/index.js';
import { ROOT } from './cli.js';

const ENTRY = join(ROOT, 'src/cli/entry.ts');
export const PG_URL = process.env.ACCORD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A running `accord serve` process. */
export interface Served {
  child: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

/** Spawn `accord serve …args` and wait until it says it serves (all workers listening). */
export async function serve(port: number, args: readonly string[]): Promise<Served> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ENTRY, 'serve', '--port', String(port), '--quiet', '--rate-limit', '0', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const workers = args.includes('--workers') ? Number(args[args.indexOf('--workers') + 1]) : 1;
  const ready = workers > 1 ? `${workers} worker processes` : 'accord is serving';
  for (let i = 0; i < 600 && !out.includes(ready); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!out.includes(ready)) {
    child.kill('SIGKILL');
    throw new Error(`accord serve did not start:\n${out}\n${err}`);
  }
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    },
  };
}

/** A running `accord witness serve` process. */
export interface WitnessProcess {
  child: ChildProcess;
  url: string;
  err: () => string;
  stop(): Promise<void>;
}

/** Start `accord witness serve …args` (on `port`, else a free one) and wait until it says it serves. */
export async function witnessServe(args: readonly string[], port?: number): Promise<WitnessProcess> {
  const at = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ENTRY, 'witness', 'serve', '--port', String(at), ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  for (let i = 0; i < 300 && !out.includes('is serving'); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!out.includes('is serving')) {
    child.kill('SIGKILL');
    throw new Error(`accord witness serve did not start:\n${out}\n${err}`);
  }
  return {
    child,
    url: `http://127.0.0.1:${at}/`,
    err: () => err,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    },
  };
}

/** The demo actors' signing keys and API tokens, written beside the server state when it seeded. */
export function demoSecrets(dir: string): {
  keys: Record<string, SignerKey>;
  tokens: Record<string, string>;
} {
  const tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as Record<string, string>;
  const keys: Record<string, SignerKey> = {};
  for (const id of ['us-gov', 'jp-gov', 'honda', 'tx-semi', 'mw-renew', 'softbank', 'aud-us', 'aud-jp']) {
    const k = parseSignerKey(readFileSync(join(dir, 'keys', `${id}.key`), 'utf8'));
    if (!k.ok) throw new Error(k.message);
    keys[id] = k.key;
  }
  return { keys, tokens };
}

/** Whether the local PostgreSQL answers. */
export async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Drop a test schema. */
export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}
