/**
 * Server load on loopback with autocannon: duty lookups per second and their p99 latency, and signed
 * statement submissions per second (each acknowledged only once durable) on SQLite and, when the local
 * server answers, PostgreSQL. The server runs as its own process (`accord serve`), as in production.
 *
 * Beside accord's duty figures it prints a peer: the same autocannon run against a bare `node:http` server
 * (its own process) returning a body of the same size — the floor the HTTP stack and the client set.
 *
 *   npx tsx bench/server/load.ts [--seconds 5] [--connections 50] [--workers 1] [--pg postgres://127.0.0.1/test]
 *     [--only duty|submissions] [--processes 2] [--profile DIR]
 *
 * `--processes N` adds a run on PostgreSQL with N separate `accord serve` processes on one schema (as behind
 * a load balancer), the load split evenly over them; the figure is the sum of their acknowledged req/s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// autocannon ships no types; the few fields used here are typed below.
// @ts-expect-error no declaration file
import autocannon from 'autocannon';
import pg from 'pg';
import { signStatement } from '../../src/ledger/index.js';
import { SEED_ORIGIN } from '../../src/server/seed.js';
import { parseSignerKey } from '../../src/tlog/index.js';

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Run = (options: Record<string, unknown>) => Promise<Result>;
const run = autocannon as unknown as Run;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const seconds = Number(arg('seconds', '5'));
const connections = Number(arg('connections', '50'));
const workers = arg('workers', '1');
const only = arg('only', 'all');
const processes = Number(arg('processes', '1'));
// --profile DIR: the server writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
const profile = arg('profile', '');
if (!['all', 'duty', 'submissions'].includes(only)) {
  console.error(`--only must be duty or submissions, not ${only}`);
  process.exit(2);
}
const pgUrl = arg('pg', process.env.ACCORD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function serve(
  db: string,
  state: string,
  workerCount = workers,
): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []),
      '--import',
      'tsx',
      join(ROOT, 'src/cli/entry.ts'),
      'serve',
      '--db',
      db,
      '--state',
      state,
      '--port',
      String(port),
      '--quiet',
      '--rate-limit',
      '0',
      '--workers',
      workerCount,
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/ledger`)).ok) {
        // The first worker answers; give the others time to open the store and replay the log.
        if (workerCount !== '1') await new Promise((r) => setTimeout(r, 4000));
        return { child, base };
      }
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

/** The floor: a bare node:http server in its own process answering every request with `size` bytes. */
async function bare(size: number): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const script = `const b = Buffer.alloc(${size}, 120);
require('node:http').createServer((q, r) => { r.writeHead(200, { 'content-type': 'application/json', 'content-length': b.length }); r.end(b); }).listen(${port}, '127.0.0.1');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(base)).ok) return { child, base };
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the bare node:http peer did not start');
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

function line(label: string, r: Result): string {
  return `${label.padEnd(44)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   non-2xx ${r.non2xx}   errors ${r.errors}`;
}

async function submissions(bases: string | string[], dir: string, label: string): Promise<Result> {
  const targets = typeof bases === 'string' ? [bases] : bases;
  const tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as Record<string, string>;
  const k = parseSignerKey(readFileSync(join(dir, 'keys', 'honda.key'), 'utf8'));
  if (!k.ok) throw new Error(k.message);
  // Enough distinct signed statements for the run (signing is done before the clock starts).
  const count = Math.max(5000, seconds * 8000);
  const bodies = Array.from({ length: count }, (_, i) =>
    signStatement(
      {
        v: 2,
        log: SEED_ORIGIN,
        type: 'investment-report',
        actor: 'honda',
        issued: '2027-02-01',
        commitment: 'honda-ohio-ev',
        asOf: '2027-01-31',
        disbursed: `${5_000_000_000 + i}.00`,
        evidence: [{ kind: 'cpa-attestation', sha256: 'd'.repeat(64) }],
      },
      k.key,
    ).entry.toString('utf8'),
  );
  let next = 0;
  // One autocannon per server, run together, each with its share of the connections and of the bodies.
  const results = await Promise.all(
    targets.map((base) =>
      run({
        url: `${base}/api/ledger/statements`,
        method: 'POST',
        connections: Math.max(1, Math.round(connections / targets.length)),
        duration: seconds,
        headers: { authorization: `Bearer ${tokens.honda}`, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (req: Record<string, unknown>) => ({
              ...req,
              body: bodies[next++ % bodies.length],
            }),
          },
        ],
      }),
    ),
  );
  const r: Result = {
    requests: {
      average: results.reduce((a, x) => a + x.requests.average, 0),
      total: results.reduce((a, x) => a + x.requests.total, 0),
    },
    latency: {
      p50: Math.max(...results.map((x) => x.latency.p50)),
      p99: Math.max(...results.map((x) => x.latency.p99)),
      average: results.reduce((a, x) => a + x.latency.average, 0) / results.length,
    },
    non2xx: results.reduce((a, x) => a + x.non2xx, 0),
    errors: results.reduce((a, x) => a + x.errors, 0),
  };
  console.log(line(`signed submissions, ${label}`, r));
  return r;
}

const dir = mkdtempSync(join(tmpdir(), 'accord-bench-server-'));
console.log(
  `autocannon on loopback, ${connections} connections, ${seconds} s per run; server: accord serve as its own process with ${workers} worker(s); load average before: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
try {
  const sqlite = await serve(join(dir, 'a.sqlite'), join(dir, 'a.server.json'));
  try {
    // A realistic mix: 400 distinct lines (codes, origins, dates across eras, values) asked again and again,
    // so the server's memo of pure duty answers serves most of them.
    const codes = ['8703.23.01', '8703.80.00', '8704.21.01', '8708.29.51', '8708.99.81'];
    const origins = ['JP', 'DE', 'KR', 'MX', 'GB'];
    const dates = ['2025-03-01', '2025-04-03', '2025-09-16', '2026-03-01'];
    const mix = Array.from(
      { length: 400 },
      (_, i) =>
        `/api/duty?hts=${codes[i % 5]}&origin=${origins[Math.floor(i / 5) % 5]}&date=${dates[Math.floor(i / 25) % 4]}&value=${30000 + 1000 * Math.floor(i / 100)}`,
    );
    if (only !== 'submissions') {
      let m = 0;
      const mixed = await run({
        url: sqlite.base,
        connections,
        duration: seconds,
        requests: [
          { setupRequest: (req: Record<string, unknown>) => ({ ...req, path: mix[m++ % mix.length] }) },
        ],
      });
      console.log(line('duty lookups, 400-line mix (GET /api/duty)', mixed));
      // Every request a line never asked before: each one runs the engine.
      let u = 0;
      const unique = await run({
        url: sqlite.base,
        connections,
        duration: seconds,
        requests: [
          {
            setupRequest: (req: Record<string, unknown>) => ({
              ...req,
              path: `/api/duty?hts=8703.23.01&origin=JP&date=2025-10-01&value=${40000 + u++}.00`,
            }),
          },
        ],
      });
      console.log(line('duty lookups, all distinct (engine each time)', unique));
      // The peer's body is the mix's mean answer size (answers differ by line: 1.6–5.7 KB).
      let bytes = 0;
      for (const path of mix)
        bytes += (await (await fetch(`${sqlite.base}${path}`)).arrayBuffer()).byteLength;
      const size = Math.round(bytes / mix.length);
      const peer = await bare(size);
      try {
        const floor = await run({ url: peer.base, connections, duration: seconds });
        console.log(line(`peer: bare node:http, ${size} B body`, floor));
      } finally {
        await stop(peer.child);
      }
    }
    if (only !== 'duty') await submissions(sqlite.base, dir, 'SQLite (synchronous=FULL)');
  } finally {
    await stop(sqlite.child);
  }
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  // Duty lookups do not touch PostgreSQL: a duty-only run skips it without asking.
  const pgUp =
    only !== 'duty' &&
    (await c.connect().then(
      () => true,
      () => false,
    ));
  if (only === 'duty') console.log('PostgreSQL skipped: --only duty');
  else if (!pgUp) console.log(`PostgreSQL skipped: no server at ${pgUrl}`);
  else {
    const schema = `accord_bench_${process.pid}`;
    const pgDir = join(dir, 'pg');
    const server = await serve(`${pgUrl}?schema=${schema}`, join(pgDir, 'server.json'));
    const more: { child: ChildProcess; base: string }[] = [];
    try {
      await submissions(server.base, pgDir, `PostgreSQL${workers !== '1' ? `, ${workers} workers` : ''}`);
      if (processes > 1) {
        // The same schema and state: N independent servers, as several machines behind a load balancer.
        for (let i = 1; i < processes; i++)
          more.push(await serve(`${pgUrl}?schema=${schema}`, join(pgDir, 'server.json'), '1'));
        await submissions(
          [server.base, ...more.map((m) => m.base)],
          pgDir,
          `PostgreSQL, ${processes} separate servers`,
        );
      }
    } finally {
      for (const m of more) await stop(m.child);
      await stop(server.child);
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  }
  await c.end().catch(() => {});
} finally {
  rmSync(dir, { recursive: true, force: true });
}
