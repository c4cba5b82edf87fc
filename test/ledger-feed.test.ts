/**
 * Following the record: the ledger feed (JSON and Atom) of the seeded server, for the whole log and for one
 * commitment, and a follower that asks only for what it has not seen.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStatement } from '../src/ledger/index.js';
import { SEED_ORIGIN } from '../src/server/seed.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { parseSignerKey } from '../src/tlog/index.js';

interface Item {
  index: number;
  type: string;
  actor: string;
  commitment: string | null;
  status: string;
  title: string;
}

let dir: string;
let server: RunningServer;

const get = async (path: string) => {
  const res = await fetch(new URL(path, server.url));
  return { status: res.status, headers: res.headers, text: await res.text() };
};
const feed = async (query = '') => {
  const r = await get(`/api/ledger/feed.json${query}`);
  expect(r.status).toBe(200);
  return JSON.parse(r.text) as { size: number; items: Item[]; commitment: string | null };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-feed-'));
  server = await startServer({ db: join(dir, 'accord.sqlite'), port: 0, rateLimit: false });
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/ledger/feed.json', () => {
  it('lists the newest entries first, 50 by default, with what each is and whether it counts', async () => {
    const f = await feed();
    expect(f.size).toBeGreaterThan(50);
    expect(f.items).toHaveLength(50);
    expect(f.items[0]!.index).toBe(f.size - 1);
    expect(f.items.map((i) => i.index)).toEqual([...f.items.map((i) => i.index)].sort((a, b) => b - a));
    for (const i of f.items) expect(i.title).toMatch(/\S/);
  });

  it('follows one commitment, with the attestations and disputes of its reports', async () => {
    const honda = await feed('?commitment=honda-ohio-ev&limit=1000');
    expect(honda.items.length).toBeGreaterThan(2);
    expect(honda.items.every((i) => i.commitment === 'honda-ohio-ev')).toBe(true);
    const types = new Set(honda.items.map((i) => i.type));
    expect(types.has('employment-report')).toBe(true);
    expect(types.has('attestation')).toBe(true);
    // Nothing of another firm's commitment.
    expect(honda.items.some((i) => i.actor === 'tx-semi')).toBe(false);
    const all = await feed('?limit=1000');
    expect(all.items.filter((i) => i.commitment === 'honda-ohio-ev')).toEqual(honda.items);
  });

  it('gives a follower only what it has not seen', async () => {
    const before = await feed();
    const none = await feed(`?after=${before.size - 1}`);
    expect(none.items).toEqual([]);
    const tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as Record<string, string>;
    const key = parseSignerKey(readFileSync(join(dir, 'keys', 'honda.key'), 'utf8'));
    if (!key.ok) throw new Error(key.message);
    const signed = signStatement(
      {
        v: 2,
        log: SEED_ORIGIN,
        type: 'investment-report',
        actor: 'honda',
        issued: '2027-01-20',
        commitment: 'honda-ohio-ev',
        asOf: '2026-12-31',
        disbursed: '4200000000.00',
        evidence: [{ kind: 'cpa-attestation', sha256: 'd'.repeat(64) }],
      },
      key.key,
    );
    const res = await fetch(new URL('/api/ledger/statements', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.honda}`, 'content-type': 'application/json' },
      body: signed.entry,
    });
    expect(res.status).toBe(201);
    const next = await feed(`?after=${before.size - 1}`);
    expect(next.items.map((i) => [i.index, i.type, i.commitment])).toEqual([
      [before.size, 'investment-report', 'honda-ohio-ev'],
    ]);
    expect((await feed(`?after=${before.size - 1}&commitment=texas-semiconductors`)).items).toEqual([]);
  });

  it('refuses an unknown commitment and a bad index with where and what to do', async () => {
    const unknown = await get('/api/ledger/feed.json?commitment=nope');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toMatch(/honda-ohio-ev/);
    expect(unknown.text).toMatch(/"\/commitment"/);
    expect((await get('/api/ledger/feed.json?after=abc')).status).toBe(400);
    expect((await get('/api/ledger/feed.json?limit=0')).status).toBe(400);
  });
});

describe('GET /api/ledger/feed.atom', () => {
  it('is an Atom feed of the same entries, with stable ids and an ETag', async () => {
    const json = await feed('?commitment=honda-ohio-ev');
    const atom = await get('/api/ledger/feed.atom?commitment=honda-ohio-ev');
    expect(atom.status).toBe(200);
    expect(atom.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect(atom.headers.get('etag')).toMatch(/^"\d+-/);
    expect(atom.text).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    );
    const ids = [
      ...atom.text.matchAll(
        /<entry>\s*<id>(urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})<\/id>/g,
      ),
    ];
    expect(ids).toHaveLength(json.items.length);
    expect(new Set(ids.map((m) => m[1])).size).toBe(ids.length);
    // Ids do not depend on the host name the feed was read under.
    const again = await fetch(
      new URL('/api/ledger/feed.atom?commitment=honda-ohio-ev', server.url.replace('127.0.0.1', 'localhost')),
    );
    const againIds = [...(await again.text()).matchAll(/<entry>\s*<id>([^<]+)<\/id>/g)].map((m) => m[1]);
    expect(againIds).toEqual(ids.map((m) => m[1]));
    // Every element is closed and no text carries a raw "<" or "&".
    expect(atom.text.match(/<entry>/g)?.length).toBe(atom.text.match(/<\/entry>/g)?.length);
    for (const m of atom.text.matchAll(/>([^<]*)</g)) expect(m[1]).not.toMatch(/&(?!(lt|gt|amp|quot|apos);)/);
  });
});
