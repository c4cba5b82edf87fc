/**
 * The HTTP API end to end (in-process server on loopback, real SQLite store seeded through the ledger):
 * problem+json for every kind of failure, signed submissions, concurrent writers, and the authorization
 * matrix — every role against every write route.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Statement, signStatement } from '../src/ledger/index.js';
import { SEED_ORIGIN } from '../src/server/seed.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import {
  cosign,
  leafHash,
  MemoryTree,
  parseCheckpoint,
  parseSignerKey,
  type SignerKey,
  verifyInclusion,
} from '../src/tlog/index.js';

let dir: string;
let server: RunningServer;
let tokens: Record<string, string>;
const keys: Record<string, SignerKey> = {};
let counter = 0;
/** The leaf hash of a seeded report, for attestations that name something real. */
let seededReport = '';

function key(id: string): SignerKey {
  const k = parseSignerKey(readFileSync(join(dir, 'keys', `${id}.key`), 'utf8'));
  if (!k.ok) throw new Error(k.message);
  return k.key;
}

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: string | Buffer; type?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = options.type ?? 'application/json';
  const res = await fetch(new URL(path, server.url), {
    method,
    headers,
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text,
    json: () => JSON.parse(text),
    headers: res.headers,
  };
}

const day = () => `2027-0${1 + (counter % 9)}-${String(1 + (counter++ % 28)).padStart(2, '0')}`;
const digest = 'a'.repeat(64);

/** A fresh statement of a kind, by `actor` (unique each call, so it is never a duplicate). */
function statement(kind: string, actor: string): Statement {
  const issued = day();
  const n = counter++;
  switch (kind) {
    case 'own-report':
      return {
        v: 2,
        log: SEED_ORIGIN,
        type: 'investment-report',
        actor,
        issued,
        commitment: 'honda-ohio-ev',
        asOf: issued,
        disbursed: `${3_000_000_000 + n}.00`,
        evidence: [{ kind: 'cpa-attestation', sha256: digest }],
      };
    case 'other-report':
      return {
        v: 2,
        log: SEED_ORIGIN,
        type: 'investment-report',
        actor,
        issued,
        commitment: 'texas-semiconductors',
        asOf: issued,
        disbursed: `${3_000_000_000 + n}.00`,
        evidence: [{ kind: 'cpa-attestation', sha256: digest }],
      };
    case 'attestation':
      return {
        v: 2,
        log: SEED_ORIGIN,
        type: 'attestation',
        actor,
        issued,
        subject: seededReport,
        evidenceChecked: ['cpa-attestation'],
        result: 'confirmed',
        note: `n${n}`,
      };
    case 'decision':
      return {
        v: 2,
        log: SEED_ORIGIN,
        type: 'snap-back',
        actor,
        issued,
        track: 'autos',
        effective: issued,
        reason: `matrix test ${n}`,
      };
    default:
      throw new Error(kind);
  }
}

function signedAs(kind: string, actor: string): Buffer {
  const k = keys[actor] ?? key('honda'); // the observer has no ledger key; any key will do, the role check comes first
  const s = statement(kind, actor);
  return signStatement(s, k.name === actor ? k : { ...k, name: actor }).entry;
}

function errorsSuite(): void {
  describe('errors are problem+json', () => {
    it('an unknown API path is a 404 problem naming the path', async () => {
      const r = await call('GET', '/api/no/such/thing');
      expect(r.status).toBe(404);
      expect(r.type).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ status: 404, code: 'not-found', instance: '/api/no/such/thing' });
    });

    it('a bad query value is a 400 problem with a pointer to the field', async () => {
      const r = await call('GET', '/api/duty?hts=8703.23.01&origin=Japan&date=2025-10-01&value=40000');
      expect(r.status).toBe(400);
      expect(r.type).toContain('application/problem+json');
      expect(r.json().problems[0].where.pointer).toBe('/origin');
    });

    it('a missing query field is a 400 problem pointing at it', async () => {
      const r = await call('GET', '/api/duty?hts=8703.23.01&origin=JP&value=40000');
      expect(r.status).toBe(400);
      expect(r.json().problems.map((p: { where: { pointer: string } }) => p.where.pointer)).toContain(
        '/date',
      );
    });

    it('a write without a token is 401 with WWW-Authenticate; an unknown token is 401 too', async () => {
      const a = await call('POST', '/api/ledger/checkpoints');
      expect(a.status).toBe(401);
      expect(a.headers.get('www-authenticate')).toContain('Bearer');
      const b = await call('POST', '/api/ledger/checkpoints', { token: 'acc_not-a-real-token' });
      expect(b.status).toBe(401);
      expect(b.json().code).toBe('token-invalid');
    });

    it('a body over the limit is 413', async () => {
      const r = await call('POST', '/api/ledger/statements', {
        token: tokens.honda,
        body: `{"x":"${'y'.repeat(200_000)}"}`,
      });
      expect(r.status).toBe(413);
      expect(r.type).toContain('application/problem+json');
    });

    it('a malformed statement is 422 with the positions of its problems', async () => {
      const r = await call('POST', '/api/ledger/statements', {
        token: tokens.honda,
        body: JSON.stringify({
          statement: { v: 1, type: 'investment-report', actor: 'honda' },
          signature: { key: 'x', sig: 'y' },
        }),
      });
      expect(r.status).toBe(422);
      expect(
        r
          .json()
          .problems.some((p: { where: { pointer: string } }) => p.where.pointer.startsWith('/statement/')),
      ).toBe(true);
    });

    it('a statement signed with a key that is not the actor’s registered key is 422', async () => {
      const s = statement('own-report', 'honda');
      const forged = signStatement(s, { ...keys['tx-semi']!, name: 'honda' }).entry;
      const r = await call('POST', '/api/ledger/statements', { token: tokens.honda, body: forged });
      expect(r.status).toBe(422);
      expect(r.json().code).toBe('statement-bad-signature');
    });
  });
}

describe('rate limits', () => {
  it('a client over its limit gets 429 problems with Retry-After', async () => {
    const d = mkdtempSync(join(tmpdir(), 'accord-rate-'));
    const s = await startServer({ db: join(d, 'a.sqlite'), port: 0, rateLimit: { perSecond: 1, burst: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(new URL('/api/ledger', s.url))).status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      const r = await fetch(new URL('/api/ledger', s.url));
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await s.close();
      rmSync(d, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('logs', () => {
  it('never carry tokens, query strings or bodies', async () => {
    const d = mkdtempSync(join(tmpdir(), 'accord-log-'));
    const lines: string[] = [];
    const s = await startServer({
      db: join(d, 'a.sqlite'),
      port: 0,
      rateLimit: false,
      log: (l) => lines.push(l),
    });
    try {
      const t = JSON.parse(readFileSync(join(d, 'tokens.json'), 'utf8')) as Record<string, string>;
      await fetch(new URL('/api/ledger/checkpoints', s.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${t['us-gov']}` },
      });
      await fetch(new URL('/api/ledger?token=secret-in-query', s.url), {
        headers: { authorization: 'Bearer acc_wrong-token-value' },
      });
      expect(lines.length).toBeGreaterThanOrEqual(2);
      const all = lines.join('\n');
      expect(all).toContain('POST /api/ledger/checkpoints 201');
      expect(all).not.toContain(t['us-gov']!);
      expect(all).not.toContain('acc_');
      expect(all).not.toContain('secret-in-query');
      // The state file keeps token digests only.
      expect(readFileSync(join(d, 'a.server.json'), 'utf8')).not.toContain(t['us-gov']!);
    } finally {
      await s.close();
      rmSync(d, { recursive: true, force: true });
    }
  }, 60_000);
});

function documentSuite(): void {
  describe('the OpenAPI document, docs and tiles', () => {
    it('is OpenAPI 3.1 and marks every write route as needing a session', async () => {
      const doc = (await call('GET', '/openapi.json')).json();
      expect(doc.openapi).toBe('3.1.0');
      for (const path of [
        '/ledger/statements',
        '/ledger/checkpoints',
        '/ledger/checkpoints/{size}/cosignatures',
      ])
        expect(doc.paths[path].post.security, path).toEqual([{ bearer: [] }]);
      for (const path of [
        '/duty',
        '/agreements/{id}/evaluation',
        '/ledger/proofs/inclusion',
        '/simulations',
        '/negotiations/us-japan',
      ])
        expect(doc.paths[path], path).toBeDefined();
      expect((await call('GET', '/docs')).text).toContain('/api/ledger/statements');
    });

    it('serves the checkpoint and tiles as static paths that match the stored hashes', async () => {
      const store = server.context.ledger.store;
      const cp = (await store.latestCheckpoint())!;
      expect((await call('GET', '/api/ledger/checkpoint')).text).toBe(cp.note);
      const width = cp.size % 256;
      const res = await fetch(new URL(`/api/ledger/tile/0/000${width ? `.p/${width}` : ''}`, server.url));
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.equals(Buffer.concat(await store.storedHashes(0, 0, width || 256)))).toBe(true);
      expect((await call('GET', '/api/ledger/tile/0/999')).status).toBe(404);
    });
  });
}

function submissionsSuite(): void {
  describe('signed submissions', () => {
    it('logs a statement durably, and the same bytes again return the same index', async () => {
      const entry = signedAs('own-report', 'honda');
      const a = await call('POST', '/api/ledger/statements', { token: tokens.honda, body: entry });
      expect(a.status).toBe(201);
      const b = await call('POST', '/api/ledger/statements', { token: tokens.honda, body: entry });
      expect(b.status).toBe(200);
      expect(b.json()).toMatchObject({ index: a.json().index, existed: true });
      expect(await server.context.ledger.store.entry(a.json().index)).toEqual(entry);
    });

    it('serializes 60 parallel submissions from several firms into distinct, contiguous indices of a tree that verifies', async () => {
      const before = await server.context.ledger.store.size();
      const firms = ['honda', 'tx-semi'];
      const bodies = Array.from({ length: 60 }, (_, i) => {
        const firm = firms[i % 2]!;
        const s = statement('own-report', firm) as Statement & { commitment: string };
        if (firm === 'tx-semi') s.commitment = 'texas-semiconductors';
        return { firm, entry: signStatement(s, keys[firm]!).entry };
      });
      const results = await Promise.all(
        bodies.map((b) => call('POST', '/api/ledger/statements', { token: tokens[b.firm]!, body: b.entry })),
      );
      expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
      const indices = results.map((r) => r.json().index as number).sort((x, y) => x - y);
      expect(indices).toEqual(Array.from({ length: 60 }, (_, i) => before + i));
      const store = server.context.ledger.store;
      const size = await store.size();
      const tree = new MemoryTree();
      for (const e of await store.entries(0, size)) tree.append(leafHash(e));
      expect((await store.root(size)).equals(Buffer.from(tree.root()))).toBe(true);
      for (const [i, r] of results.entries()) {
        const idx = r.json().index as number;
        const proof = await store.inclusionProof(idx, size);
        expect(verifyInclusion(idx, size, leafHash(bodies[i]!.entry), proof, await store.root(size)).ok).toBe(
          true,
        );
      }
    }, 60_000);
  });
}

/**
 * Every role against every write route; the expected status of each cell. The API decides who a session
 * is (401, 403 for another actor or an observer); what a role may log is the replay's rule (R3, R5), which
 * the submission queue applies before appending: 422 with the rule's problem. A government's snap-back is
 * a joint decision: logged (201) but pending until Japan approves it.
 */
const MATRIX: { route: string; expect: Record<string, number> }[] = [
  {
    route: 'report on own commitment',
    expect: { government: 422, firm: 201, auditor: 422, observer: 403, anonymous: 401 },
  },
  {
    route: "report on another's commitment",
    expect: { government: 422, firm: 422, auditor: 422, observer: 403, anonymous: 401 },
  },
  {
    route: 'attestation',
    expect: { government: 422, firm: 422, auditor: 201, observer: 403, anonymous: 401 },
  },
  {
    route: 'decision (snap-back)',
    expect: { government: 201, firm: 422, auditor: 422, observer: 403, anonymous: 401 },
  },
  {
    route: 'sign checkpoint',
    expect: { government: 201, firm: 403, auditor: 403, observer: 403, anonymous: 401 },
  },
  {
    route: 'add cosignature',
    expect: { government: 200, firm: 403, auditor: 403, observer: 403, anonymous: 401 },
  },
];
const ROLE_ACTOR: Record<string, string | undefined> = {
  government: 'us-gov',
  firm: 'honda',
  auditor: 'aud-us',
  observer: 'press',
  anonymous: undefined,
};

async function attempt(route: string, role: string): Promise<number> {
  const actor = ROLE_ACTOR[role];
  const token = actor ? tokens[actor] : undefined;
  const asActor = actor ?? 'honda';
  const post = (path: string, body?: string | Buffer, type?: string) =>
    call('POST', path, {
      ...(token ? { token } : {}),
      ...(body !== undefined ? { body, ...(type ? { type } : {}) } : {}),
    });
  switch (route) {
    case 'report on own commitment': {
      // Each firm's own commitment: Honda owns honda-ohio-ev.
      return (await post('/api/ledger/statements', signedAs('own-report', asActor))).status;
    }
    case "report on another's commitment":
      return (await post('/api/ledger/statements', signedAs('other-report', asActor))).status;
    case 'attestation':
      return (await post('/api/ledger/statements', signedAs('attestation', asActor))).status;
    case 'decision (snap-back)':
      return (await post('/api/ledger/statements', signedAs('decision', asActor))).status;
    case 'sign checkpoint':
      return (await post('/api/ledger/checkpoints')).status;
    case 'add cosignature': {
      const cp = (await server.context.ledger.store.latestCheckpoint())!;
      const text = cp.note.slice(0, cp.note.indexOf('\n\n') + 1);
      if (!parseCheckpoint(text).ok) throw new Error('checkpoint text');
      const w = key('witness.us.example');
      const sig = cosign(text, w, 1_800_000_000 + counter++);
      const id = Buffer.alloc(4);
      id.writeUInt32BE(sig.keyId >>> 0);
      const line = `— ${sig.name} ${Buffer.concat([id, sig.signature]).toString('base64')}`;
      return (await post(`/api/ledger/checkpoints/${cp.size}/cosignatures`, line, 'text/plain')).status;
    }
    case 'create account':
      return (
        await post(
          '/api/accounts',
          JSON.stringify({
            id: `new-firm-${counter++}`,
            name: 'A new firm',
            role: 'firm',
            commitments: ['softbank-pittsburgh-ai'],
          }),
        )
      ).status;
    default:
      throw new Error(route);
  }
}

function matrixSuite(): void {
  describe('authorization matrix: every role × every write route', () => {
    for (const row of MATRIX) {
      for (const [role, status] of Object.entries(row.expect)) {
        it(`${role} → ${row.route}: ${status}`, async () => {
          expect(await attempt(row.route, role)).toBe(status);
        });
      }
    }

    it('a new account works at once, but its statements count only after a government registers its key in the log', async () => {
      const created = await call('POST', '/api/accounts', {
        token: tokens['us-gov']!,
        body: JSON.stringify({ id: 'new-auditor', name: 'A new auditor', role: 'auditor' }),
      });
      expect(created.status).toBe(201);
      const token = created.json().token as string;
      expect(token).toMatch(/^acc_/);
      const again = await call('POST', '/api/accounts', {
        token: tokens['us-gov']!,
        body: JSON.stringify({ id: 'new-auditor', name: 'x', role: 'auditor' }),
      });
      expect(again.status).toBe(409);
      // Which commitments a firm reports on is the agreement's to say (R5), not an account's.
      const badCommitment = await call('POST', '/api/accounts', {
        token: tokens['us-gov']!,
        body: JSON.stringify({ id: 'f2', name: 'x', role: 'firm', commitments: ['honda-ohio-ev'] }),
      });
      expect(badCommitment.status).toBe(422);
      expect(badCommitment.json()).toMatchObject({
        code: 'commitments-assigned-by-agreement',
        problems: [{ where: { pointer: '/commitments' } }],
      });
      const k = key('aud-us');
      const entry = signStatement(statement('attestation', 'new-auditor'), {
        ...k,
        name: 'new-auditor',
      }).entry;
      const r = await call('POST', '/api/ledger/statements', { token, body: entry });
      expect(r.status).toBe(422);
      expect(r.json().code).toBe('statement-unknown-actor');
      expect(readFileSync(join(dir, 'accord.server.json'), 'utf8')).toContain('new-auditor');
      expect(readFileSync(join(dir, 'accord.server.json'), 'utf8')).not.toContain(token);
    });

    it('anyone reads: every role gets 200 on the read routes', async () => {
      for (const actor of ['us-gov', 'honda', 'aud-us', 'press', undefined]) {
        for (const path of [
          '/api/ledger',
          '/api/ledger/entries?limit=5',
          '/api/agreements/us-japan-milestones/evaluation',
          '/api/ledger/checkpoints',
        ]) {
          const r = await call('GET', path, actor ? { token: tokens[actor]! } : {});
          expect(r.status, `${actor ?? 'anonymous'} ${path}`).toBe(200);
        }
      }
    });
  });
}

const PG_URL = process.env.ACCORD_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
async function pgReachable(): Promise<boolean> {
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
const pgUp = await pgReachable();
if (!pgUp) console.warn(`API tests on PostgreSQL skipped: no server answers at ${PG_URL}`);
const SCHEMA = `accord_api_${process.pid}_${Date.now().toString(36)}`;

/** The same API tests on both stores. */
const STORES = [
  { name: 'SQLite', enabled: true, db: (d: string) => join(d, 'accord.sqlite') },
  { name: 'PostgreSQL', enabled: pgUp, db: () => `${PG_URL}?schema=${SCHEMA}` },
];

describe.each(STORES)('the API on $name', ({ name, enabled, db }) => {
  if (!enabled) {
    it.skip(`${name} is not reachable`, () => {});
    return;
  }
  beforeAll(async () => {
    counter = 0;
    dir = mkdtempSync(join(tmpdir(), 'accord-server-api-'));
    server = await startServer({
      db: db(dir),
      state: join(dir, 'accord.server.json'),
      port: 0,
      rateLimit: false,
    });
    tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8'));
    for (const id of ['us-gov', 'jp-gov', 'honda', 'tx-semi', 'aud-us', 'aud-jp']) keys[id] = key(id);
    const listed = (await call('GET', '/api/ledger/entries?limit=100')).json() as {
      entries: { leafHash: string; statement?: { type: string } }[];
    };
    seededReport = listed.entries.find((e) => e.statement?.type === 'investment-report')!.leafHash;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    if (name === 'PostgreSQL') {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      await c.end();
    }
  });
  errorsSuite();
  documentSuite();
  submissionsSuite();
  matrixSuite();
});
