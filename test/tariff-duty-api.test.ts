/**
 * /api/duty over the whole shipped schedule (in-process server on loopback): any line of the HTS answers,
 * a code that is not a line names the nearest ones, an origin that is not an ISO 3166-1 country says what
 * was meant, and a rate per quantity says which quantity it needs — each a problem+json with its pointer.
 * Declared facts go through the socket too, where the fast path replays remembered URLs: each URL keeps its
 * own answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server.js';

let dir: string;
let server: RunningServer;

async function get(path: string) {
  const res = await fetch(new URL(path, server.url));
  const body = (await res.json()) as {
    lines: { heading: string; rate: string; duty: string }[];
    problems: { message: string; where: { pointer: string } }[];
  };
  return { status: res.status, type: res.headers.get('content-type') ?? '', body };
}

describe('/api/duty with the whole schedule', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-duty-api-'));
    server = await startServer({
      db: join(dir, 'accord.sqlite'),
      state: join(dir, 'accord.server.json'),
      port: 0,
      rateLimit: false,
    });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a line the old extract did not have, at its USITC general rate', async () => {
    // 0101.30.00.00 (asses): 6.8% in 2026 Revision 10; before 2025-02-04 no additional duty applies to China.
    const r = await get('/api/duty?hts=0101.30.00.00&origin=CN&date=2025-01-15&value=1000');
    expect(r.status).toBe(200);
    expect(r.body.lines.at(-1)).toMatchObject({ heading: '0101.30.00.00', rate: '6.8', duty: '68.00' });
  });

  it('refuses UK, EU and XX at /origin, saying what was meant', async () => {
    const uk = await get('/api/duty?hts=8703.40.00&origin=UK&date=2026-03-15&value=50000');
    expect(uk.status).toBe(400);
    expect(uk.type).toContain('application/problem+json');
    expect(uk.body.problems[0]!.where.pointer).toBe('/origin');
    expect(uk.body.problems[0]!.message).toMatch(/did you mean GB \(United Kingdom\)\?/);
    const eu = await get('/api/duty?hts=8703.40.00&origin=EU&date=2026-03-15&value=50000');
    expect(eu.body.problems[0]!.message).toMatch(/give the member state/);
    const xx = await get('/api/duty?hts=8703.40.00&origin=XX&date=2026-03-15&value=50000');
    expect(xx.body.problems[0]!.message).toMatch(/user-assigned code, not a country/);
  });

  it('refuses a code that is not a line at /hts, naming the nearest lines', async () => {
    const r = await get('/api/duty?hts=8708.29.50&origin=JP&date=2026-07-01&value=100');
    expect(r.status).toBe(400);
    expect(r.body.problems[0]!.where.pointer).toBe('/hts');
    expect(r.body.problems[0]!.message).toMatch(
      /not a line of the HTS 2026 Revision 10; nearest: 8708\.29\.51/,
    );
  });

  it('says which quantity a rate per unit needs', async () => {
    const r = await get('/api/duty?hts=2204.21.50&origin=FR&date=2026-07-01&value=9000');
    expect(r.status).toBe(400);
    expect(r.body.problems[0]!.message).toMatch(/"6\.3¢\/liter" is charged on the volume in liters/);
  });

  it('gives each declared line its own answer, also when the fast path replays a remembered URL', async () => {
    const car = '/api/duty?hts=8703.23.01&origin=MX&date=2025-05-01&value=40000';
    const total = async (path: string) =>
      ((await get(path)).body as unknown as { totalDuty: string }).totalDuty;
    // Each URL twice: the first answer is remembered, the second replayed before the framework.
    for (let i = 0; i < 2; i++) {
      expect(await total(`${car}&usmca=true`)).toBe('10000.00');
      expect(await total(car)).toBe('11000.00');
      expect(await total(`${car}&usmca=false`)).toBe('11000.00');
      expect(await total(`${car}&usmca=yes`)).toBe('10000.00');
    }
    const bad = await get(`${car}&metalShare=140`);
    expect(bad.status).toBe(400);
    expect(bad.body.problems[0]!.where.pointer).toBe('/metalShare');
  });
});
