/**
 * Browser sessions over HTTP, in process: signing in trades the token for a sealed cookie; a change made
 * with the cookie needs the session's CSRF token and this site's Origin, while forms that need no session
 * keep working signed in; a refused sign-in is a page for a browser and problem+json for a program;
 * signing out ends the cookie.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server.js';

let dir: string;
let server: RunningServer;
let tokens: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-desk-'));
  server = await startServer({ db: join(dir, 'accord.sqlite'), port: 0, rateLimit: false });
  tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as Record<string, string>;
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const url = (path: string) => new URL(path, server.url);

async function signIn(actor: string): Promise<{ cookie: string; csrf: string }> {
  const r = await fetch(url('/signin'), {
    method: 'POST',
    body: new URLSearchParams({ token: tokens[actor]! }),
    redirect: 'manual',
  });
  expect(r.status).toBe(303);
  expect(r.headers.get('location')).toBe('/act');
  const set = r.headers.get('set-cookie')!;
  expect(set).toMatch(/HttpOnly; SameSite=Strict/);
  const cookie = set.split(';')[0]!;
  const desk = await (await fetch(url('/act'), { headers: { cookie } })).text();
  const csrf = /data-csrf="([^"]+)"/.exec(desk)![1]!;
  return { cookie, csrf };
}

const draft = (origin: string) =>
  JSON.stringify({
    statement: {
      v: 2,
      log: origin,
      actor: 'honda',
      issued: '2026-12-07',
      type: 'investment-report',
      commitment: 'honda-ohio-ev',
      asOf: '2026-11-30',
      disbursed: '6800000000.00',
      evidence: [{ kind: 'cpa-attestation', sha256: 'c'.repeat(64) }],
    },
  });

describe('browser sessions', () => {
  it('a change with the cookie needs the CSRF token and this Origin; forms that need no session still work', async () => {
    const { cookie, csrf } = await signIn('honda');
    const origin = ((await (await fetch(url('/api/ledger'))).json()) as { origin: string }).origin;
    const check = (headers: Record<string, string>) =>
      fetch(url('/api/ledger/statements/check'), {
        method: 'POST',
        body: draft(origin),
        headers: { cookie, 'content-type': 'application/json', ...headers },
      });
    const without = await check({});
    expect(without.status).toBe(403);
    expect(((await without.json()) as { code: string }).code).toBe('csrf-invalid');
    const elsewhere = await check({ 'x-csrf-token': csrf, origin: 'https://evil.example' });
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { code: string }).code).toBe('cross-origin');
    const ok = await check({ 'x-csrf-token': csrf, origin: server.url.replace(/\/$/, '') });
    expect(ok.status).toBe(200);
    const verdict = (await ok.json()) as { ok: boolean; status: string; canonical: string };
    expect(verdict).toMatchObject({ ok: true, status: 'counts' });
    expect(JSON.parse(verdict.canonical)).toMatchObject({ actor: 'honda', type: 'investment-report' });
    // The simulator's form needs no session: signed in without a CSRF token, it is served as anyone is.
    const sim = await fetch(url('/api/simulations'), {
      method: 'POST',
      body: '{}',
      headers: { cookie, 'content-type': 'application/json' },
    });
    expect(sim.status).toBe(200);
  });

  it('a bad field is pointed at inside the statement', async () => {
    const { cookie, csrf } = await signIn('honda');
    const r = await fetch(url('/api/ledger/statements/check'), {
      method: 'POST',
      body: JSON.stringify({ statement: { v: 2, type: 'investment-report', disbursed: '1e9' } }),
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    });
    const body = (await r.json()) as { ok: boolean; problems: { where: { pointer: string } }[] };
    expect(body.ok).toBe(false);
    expect(body.problems.map((p) => p.where.pointer)).toEqual(
      expect.arrayContaining(['/statement/disbursed', '/statement/log']),
    );
  });

  it('a refused sign-in is a page for a browser and a problem for a program; a foreign form is refused', async () => {
    const page = await fetch(url('/signin'), {
      method: 'POST',
      body: new URLSearchParams({ token: 'acc_wrong' }),
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(401);
    expect(await page.text()).toMatch(/not an API token of this server/);
    const problem = await fetch(url('/signin'), { method: 'POST', body: new URLSearchParams({ token: '' }) });
    expect(problem.status).toBe(401);
    expect(problem.headers.get('content-type')).toMatch(/problem\+json/);
    const foreign = await fetch(url('/signin'), {
      method: 'POST',
      body: new URLSearchParams({ token: tokens.honda! }),
      headers: { origin: 'https://evil.example' },
      redirect: 'manual',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('set-cookie')).toBeNull();
    const desk = await fetch(url('/act'), { redirect: 'manual' });
    expect(desk.status).toBe(303);
    expect(desk.headers.get('location')).toBe('/signin');
  });

  it('signing out needs the form’s token and ends the cookie', async () => {
    const { cookie, csrf } = await signIn('aud-us');
    const stale = await fetch(url('/signout'), {
      method: 'POST',
      body: new URLSearchParams({ _csrf: 'x' }),
      headers: { cookie },
      redirect: 'manual',
    });
    expect(stale.status).toBe(403);
    expect((await fetch(url('/api/session'), { headers: { cookie } })).status).toBe(200);
    const out = await fetch(url('/signout'), {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf }),
      headers: { cookie },
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    const after = await fetch(url('/api/session'), { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { detail: string }).detail).toMatch(/signed out; sign in again/);
  });
});
