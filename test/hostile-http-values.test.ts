/**
 * Hostile values at the HTTP edge (issue 12), against the real `accord serve` process: a money value looked
 * up on the prototype (`1constructor`), a 309-digit value and `0x10` are 400 problems that name the field,
 * never 500s; the results CSV of a bulk assessment neutralises formula cells. The rest of the HTTP edge
 * (every route, fuzzed) is in fuzz-routes.test.ts; these are the parser findings, as a client meets them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCellCorpus, moneyCorpus, readCsv } from './helpers/corpus.js';
import { freePort, type Served, serve } from './helpers/serve.js';

let dir: string;
let server: Served;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-hostile-http-'));
  server = await serve(await freePort(), ['--db', join(dir, 'accord.sqlite')]);
}, 120_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const duty = (value: string, path = '/api/duty') =>
  fetch(
    `${server.base}${path}?${new URLSearchParams({ hts: '8703.23.01', origin: 'JP', date: '2025-10-01', value })}`,
  );

describe('the duty API with a hostile value', () => {
  it.each([
    ['1constructor', '1constructor', 'unknown suffix "constructor"'],
    ['a 309-digit value', '9'.repeat(309), 'at most 13 digits before the decimal point'],
    ['0x10', '0x10', 'is not a US-dollar amount'],
  ])(
    'GET /api/duty with %s is a 400 problem naming value (1constructor was a 500)',
    async (_label, value, says) => {
      const r = await duty(value);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      const body = (await r.json()) as { detail?: string; problems?: { where?: { pointer?: string } }[] };
      expect(body.detail).toContain(says);
      expect(body.problems?.[0]?.where?.pointer).toBe('/value');
      expect(JSON.stringify(body)).not.toMatch(/\\n\s+at /);
    },
  );

  it('GET /api/duty/history and the dashboard answer below 500 for every refused corpus value', async () => {
    for (const c of moneyCorpus().filter((m) => m.entry === 'refused' && !m.value.includes('\u0000'))) {
      for (const path of ['/api/duty', '/api/duty/history', '/duty/result']) {
        const r = await duty(c.value, path);
        expect(r.status, `${path} ${JSON.stringify(c.value).slice(0, 40)} (${c.why})`).toBeGreaterThanOrEqual(
          400,
        );
        expect(r.status, `${path} ${JSON.stringify(c.value).slice(0, 40)} (${c.why})`).toBeLessThan(500);
        await r.arrayBuffer();
      }
    }
  });
});

describe('bulk assessment over HTTP', () => {
  it('reports the hostile values as bad rows and serves a results CSV with every formula cell neutralised', async () => {
    const cells = csvCellCorpus();
    const q = (v: string) => `"${v.replace(/"/g, '""')}"`;
    const csv = [
      'entry_id,line,importer,hts,origin,entry_date,value',
      `B1,1,acme,8703.23.01,JP,2025-10-01,1constructor`,
      `B2,1,acme,8703.23.01,JP,2025-10-01,${'9'.repeat(309)}`,
      ...cells.map((c, i) => `${q(c.input)},${i},${q(c.input)},8703.23.01,JP,2025-10-01,100`),
    ].join('\n');
    const posted = await fetch(`${server.base}/api/assessments`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: `${csv}\n`,
    });
    expect(posted.status, await posted.clone().text()).toBeLessThan(300);
    let job = (await posted.json()) as {
      state: string;
      status: string;
      results?: string;
      badRows: number;
      problems?: { where?: { row?: number } }[];
    };
    for (let i = 0; i < 300 && job.state !== 'done' && job.state !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await (await fetch(`${server.base}${job.status}`)).json()) as typeof job;
    }
    expect(job.state).toBe('done');
    expect(job.badRows).toBe(2);
    expect(job.problems?.map((p) => p.where?.row)).toEqual([1, 2]);
    const download = await fetch(`${server.base}${job.results}`);
    expect(download.status).toBe(200);
    const text = await download.text();
    const records = readCsv(text).slice(1);
    expect(records).toHaveLength(cells.length);
    cells.forEach((c, i) => {
      expect(text, c.why).toContain(`\n${c.output},${i},${c.output},8703.23.01,JP,2025-10-01,100.00,`);
    });
    for (const rec of records) for (const cell of rec) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
