/**
 * `accord serve --workers 2`: two processes share the port and the SQLite store; parallel signed
 * submissions spread over both still get distinct, contiguous indices and the log audits clean, and an
 * assessment uploaded to one worker downloads from either.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditStore, signStatement } from '../src/ledger/index.js';
import { SEED_ORIGIN } from '../src/server/seed.js';
import { readState } from '../src/server/state.js';
import { SqliteLedgerStore } from '../src/store/sqlite-ledger.js';
import { parseSignerKey } from '../src/tlog/index.js';
import { ROOT } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'accord-workers-'));
let child: ChildProcess | undefined;
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const done = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await done;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('two worker processes on one store', () => {
  it('serialize parallel submissions and share assessment results', async () => {
    const port = await freePort();
    const db = join(dir, 'a.sqlite');
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'src/cli/entry.ts'),
        'serve',
        '--db',
        db,
        '--port',
        String(port),
        '--workers',
        '2',
        '--quiet',
        '--rate-limit',
        '0',
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    for (let i = 0; i < 400 && !out.includes('2 worker processes'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('2 worker processes');
    const base = `http://127.0.0.1:${port}`;
    const token = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')).honda as string;
    const k = parseSignerKey(readFileSync(join(dir, 'keys', 'honda.key'), 'utf8'));
    if (!k.ok) throw new Error(k.message);
    const bodies = Array.from(
      { length: 40 },
      (_, i) =>
        signStatement(
          {
            v: 2,
            log: SEED_ORIGIN,
            type: 'investment-report',
            actor: 'honda',
            issued: '2027-03-01',
            commitment: 'honda-ohio-ev',
            asOf: '2027-02-28',
            disbursed: `${6_000_000_000 + i}.00`,
            evidence: [{ kind: 'cpa-attestation', sha256: 'e'.repeat(64) }],
          },
          k.key,
        ).entry,
    );
    const results = await Promise.all(
      bodies.map(async (body) => {
        const res = await fetch(`${base}/api/ledger/statements`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body,
        });
        return { status: res.status, json: (await res.json()) as { index: number } };
      }),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
    expect(results.map((r) => r.json.index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => 58 + i),
    );

    const upload = await fetch(`${base}/api/assessments`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'entry_id,line,hts,origin,entry_date,value\nE1,1,8703.23.01,JP,2025-10-01,40000\n',
    });
    expect(upload.status).toBe(201);
    const link = ((await upload.json()) as { results: string }).results;
    // New connections each time, so both workers are asked.
    for (let i = 0; i < 6; i++)
      expect((await fetch(`${base}${link}`, { headers: { connection: 'close' } })).status).toBe(200);

    const store = SqliteLedgerStore.open(db);
    try {
      const report = await auditStore(store, { policy: readState(join(dir, 'a.server.json')).policy });
      expect(report.problems.filter((p) => p.severity !== 'warning')).toEqual([]);
      expect(report.size).toBe(98);
    } finally {
      await store.close();
    }
  }, 120_000);
});
