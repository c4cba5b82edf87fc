/**
 * The desk's two reads per action, one client at a time (a person at a form, not a crowd):
 * `POST /api/ledger/statements/check` (run as the form is typed: shape, the log's rules as a trial, the
 * evaluation's fact rules) and `GET /api/agreements/{id}/changes?from=N&to=N+1` (after each action: two
 * evaluations, one of them over a replay of the log's first N entries). Beside them, on the same server, the
 * cached evaluation read, and a bare node:http server answering a fixed JSON body — the floor of one HTTP
 * round trip on this machine.
 *
 *   npx tsx bench/server/desk.ts [--requests 300]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../../src/server/server.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const N = Number(values.requests);

async function timed(label: string, call: () => Promise<Response>): Promise<void> {
  for (let i = 0; i < 20; i++) await (await call()).arrayBuffer();
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const r = await call();
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`${label}: HTTP ${r.status}`);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(2);
  console.log(
    `| ${label} | ${q(0.5)} ms | ${q(0.99)} ms | ${(1000 / (ms.reduce((a, b) => a + b, 0) / N)).toFixed(0)} |`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'accord-bench-desk-'));
const server = await startServer({ db: join(dir, 'accord.sqlite'), port: 0, rateLimit: false });
const tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as Record<string, string>;
const origin = ((await (await fetch(new URL('/api/ledger', server.url))).json()) as { origin: string })
  .origin;
const draft = JSON.stringify({
  statement: {
    v: 2,
    log: origin,
    actor: 'honda',
    issued: '2026-12-07',
    type: 'employment-report',
    commitment: 'honda-ohio-ev',
    site: 'US-OH',
    periodStart: '2025-12-01',
    periodEnd: '2026-11-30',
    paidHours: 4_100_000,
    relocatedHours: 0,
    wages: { total: '145000000.00' },
    healthPlan: { offered: true },
    evidence: [{ kind: 'ui-wage-records', sha256: 'a'.repeat(64) }],
  },
});
const body = JSON.stringify({ ok: true, problems: [], status: 'counts' });
const bare = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}/`;

console.log(`${N} sequential requests each, one client; log of 58 entries (the seeded US–Japan history)\n`);
console.log('| request | p50 | p99 | req/s |\n|---|---|---|---|');
await timed('bare node:http, fixed JSON', () => fetch(bareUrl));
await timed('GET evaluation (cached)', () =>
  fetch(new URL('/api/agreements/us-japan-milestones/evaluation', server.url)),
);
await timed('POST statements/check', () =>
  fetch(new URL('/api/ledger/statements/check', server.url), {
    method: 'POST',
    body: draft,
    headers: { authorization: `Bearer ${tokens.honda}`, 'content-type': 'application/json' },
  }),
);
await timed('GET changes?from=57&to=58', () =>
  fetch(new URL('/api/agreements/us-japan-milestones/changes?from=57&to=58', server.url)),
);
bare.close();
await server.close();
rmSync(dir, { recursive: true, force: true });
