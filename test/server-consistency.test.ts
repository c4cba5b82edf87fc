/**
 * One truth across processes: several `accord serve` processes on one store (worker processes sharing a
 * port, or separate servers on one PostgreSQL database, as behind a load balancer) take 200 concurrent
 * signed submissions, then every fresh connection lists the same entries, leaf hashes and decisions and
 * gets the same evaluation for the same tree size — because no process changes its view of the log before
 * the store has committed where the entries go.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditStore, type Statement, signStatement, statementHash } from '../src/ledger/index.js';
import { SEED_ORIGIN } from '../src/server/seed.js';
import { readState } from '../src/server/state.js';
import { PgLedgerStore } from '../src/store/pg-ledger.js';
import { SqliteLedgerStore } from '../src/store/sqlite-ledger.js';
import type { LedgerStore, SignerKey } from '../src/tlog/index.js';
import {
  demoSecrets,
  dropSchema,
  freePort,
  PG_URL,
  pgReachable,
  type Served,
  serve,
} from './helpers/serve.js';

const pgUp = await pgReachable();
if (!pgUp) console.warn(`consistency tests on PostgreSQL skipped: no server answers at ${PG_URL}`);
const run = `${process.pid}_${Date.now().toString(36)}`;
const dirs: string[] = [];
const running: Served[] = [];
const schemas: string[] = [];
afterAll(async () => {
  for (const s of running) await s.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const s of schemas) await dropSchema(s);
});

interface Setup {
  name: string;
  enabled: boolean;
  /** Start the servers; returns the base URLs to spread connections over and how to open the store. */
  start(dir: string): Promise<{ bases: string[]; store: () => Promise<LedgerStore>; state: string }>;
}

const SETUPS: Setup[] = [
  {
    name: 'SQLite, --workers 2',
    enabled: true,
    async start(dir) {
      const db = join(dir, 'accord.sqlite');
      const s = await serve(await freePort(), ['--db', db, '--workers', '2']);
      running.push(s);
      return {
        bases: [s.base],
        store: async () => SqliteLedgerStore.open(db),
        state: join(dir, 'accord.server.json'),
      };
    },
  },
  {
    name: 'PostgreSQL, --workers 2',
    enabled: pgUp,
    async start(dir) {
      const schema = `accord_consistency_w_${run}`;
      schemas.push(schema);
      const db = `${PG_URL}?schema=${schema}`;
      const state = join(dir, 'pg.server.json');
      const s = await serve(await freePort(), ['--db', db, '--state', state, '--workers', '2']);
      running.push(s);
      return { bases: [s.base], store: () => PgLedgerStore.open(db), state };
    },
  },
  {
    name: 'PostgreSQL, two separate servers',
    enabled: pgUp,
    async start(dir) {
      const schema = `accord_consistency_p_${run}`;
      schemas.push(schema);
      const db = `${PG_URL}?schema=${schema}`;
      const state = join(dir, 'pg.server.json');
      const a = await serve(await freePort(), ['--db', db, '--state', state]);
      running.push(a);
      const b = await serve(await freePort(), ['--db', db, '--state', state]);
      running.push(b);
      return { bases: [a.base, b.base], store: () => PgLedgerStore.open(db), state };
    },
  },
];

/** 200 statements: 190 that keep the rules and 10 disputes by a firm outside its sphere (R7). */
function submissions(keys: Record<string, SignerKey>, seeded: { leafHash: string; type: string }[]) {
  const reports = seeded.filter((e) => e.type === 'investment-report' || e.type === 'employment-report');
  const hondaQ1 = seeded.find((e) => e.type === 'employment-report')!.leafHash;
  const out: { actor: string; entry: Buffer; ok: boolean }[] = [];
  const add = (s: Statement, ok = true) =>
    out.push({ actor: s.actor, entry: signStatement(s, keys[s.actor]!).entry, ok });
  const base = { v: 2 as const, log: SEED_ORIGIN };
  for (let i = 0; i < 120; i++) {
    const firm = i % 2 ? 'honda' : 'tx-semi';
    add({
      ...base,
      type: 'investment-report',
      actor: firm,
      issued: '2027-01-20',
      commitment: firm === 'honda' ? 'honda-ohio-ev' : 'texas-semiconductors',
      asOf: '2026-12-31',
      disbursed: `${4_000_000_000 + i}.00`,
      evidence: [{ kind: 'cpa-attestation', sha256: 'c'.repeat(64) }],
    });
  }
  for (let i = 0; i < 40; i++)
    add({
      ...base,
      type: 'attestation',
      actor: i % 2 ? 'aud-us' : 'aud-jp',
      issued: '2027-01-21',
      subject: reports[i % reports.length]!.leafHash,
      evidenceChecked: ['cpa-attestation'],
      result: 'confirmed',
      note: `re-check ${i}`,
    });
  for (let i = 0; i < 20; i++)
    add({
      ...base,
      type: 'dispute',
      actor: 'jp-gov',
      issued: '2027-01-22',
      subject: reports[(i * 7) % reports.length]!.leafHash,
      reason: `grounds ${i}`,
    });
  for (let i = 0; i < 10; i++)
    add({
      ...base,
      type: 'waiver',
      actor: 'jp-gov',
      issued: '2027-01-23',
      milestone: i % 2 ? 'm3' : 'm4',
      extendTo: `2031-0${1 + i}-01`.replace('2031-010', '2031-10'),
      reason: `extension ${i}`,
    });
  for (let i = 0; i < 10; i++)
    add(
      {
        ...base,
        type: 'dispute',
        actor: 'mw-renew',
        issued: '2027-01-24',
        subject: hondaQ1,
        reason: `x ${i}`,
      },
      false,
    );
  return out;
}

describe.each(SETUPS)('one truth: $name', ({ name, enabled, start }) => {
  if (!enabled) {
    it.skip(`${name}: PostgreSQL is not reachable`, () => {});
    return;
  }
  it('200 concurrent submissions, then every connection lists the same log and evaluates it the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-consistency-'));
    dirs.push(dir);
    const { bases, store, state } = await start(dir);
    const { keys, tokens } = demoSecrets(dir);
    // A new connection each time, so the workers (or servers) take turns answering.
    let turn = 0;
    const get = async (path: string) => {
      const res = await fetch(`${bases[turn++ % bases.length]}${path}`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const seeded = (await get('/api/ledger/entries?limit=1000')) as {
      size: number;
      entries: { leafHash: string; statement: { type: string } }[];
    };
    const subs = submissions(
      keys,
      seeded.entries.map((e) => ({ leafHash: e.leafHash, type: e.statement.type })),
    );
    const answers = await Promise.all(
      subs.map(async (s, i) => {
        const res = await fetch(`${bases[i % bases.length]}/api/ledger/statements`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens[s.actor]}`,
            'content-type': 'application/json',
            connection: 'close',
          },
          body: s.entry,
        });
        return {
          status: res.status,
          body: (await res.json()) as { index: number; leafHash: string; code?: string },
        };
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(subs.map((s) => (s.ok ? 201 : 422)));
    expect(answers.filter((a) => a.status === 422).map((a) => a.body.code)).toEqual(
      Array(10).fill('dispute-outside-sphere'),
    );
    const indices = answers
      .filter((a) => a.status === 201)
      .map((a) => a.body.index)
      .sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 190 }, (_, i) => seeded.size + i));

    const listings = [];
    const evaluations = [];
    for (let i = 0; i < 8; i++) {
      const l = (await get('/api/ledger/entries?limit=1000')) as {
        size: number;
        root: string;
        entries: { index: number; leafHash: string; status: string }[];
      };
      listings.push(
        JSON.stringify({
          size: l.size,
          root: l.root,
          e: l.entries.map((e) => [e.index, e.leafHash, e.status]),
        }),
      );
      evaluations.push(JSON.stringify(await get('/api/agreements/us-japan-milestones/evaluation')));
    }
    expect(new Set(listings).size).toBe(1);
    expect(new Set(evaluations).size).toBe(1);
    const listing = JSON.parse(listings[0]!) as { size: number; e: [number, string, string][] };
    expect(listing.size).toBe(seeded.size + 190);
    // Every acknowledged entry sits where the server said, with the leaf hash of the bytes submitted.
    answers.forEach((a, i) => {
      if (a.status !== 201) return;
      expect(listing.e[a.body.index]![1]).toBe(statementHash(subs[i]!.entry));
      expect(a.body.leafHash).toBe(statementHash(subs[i]!.entry));
    });
    const ev = JSON.parse(evaluations[0]!) as {
      ledger: { size: number; decisions: { kind: string; status: string }[] };
      disputes: unknown[];
    };
    expect(ev.ledger.size).toBe(seeded.size + 190);
    expect(ev.ledger.decisions.filter((d) => d.kind === 'waiver' && d.status === 'pending')).toHaveLength(10);
    expect(ev.disputes.length).toBeGreaterThanOrEqual(20);

    const s = await store();
    try {
      const report = await auditStore(s, { policy: readState(state).policy });
      expect(report.problems.filter((p) => p.severity !== 'warning')).toEqual([]);
      expect(report.size).toBe(seeded.size + 190);
    } finally {
      await s.close();
    }
  }, 240_000);
});
