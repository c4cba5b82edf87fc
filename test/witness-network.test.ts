/**
 * Witnesses over the network: two `accord witness serve` processes cosign the log server's checkpoints over
 * HTTP (c2sp.org/tlog-witness), the server stores their cosignatures so the checkpoint satisfies the
 * governments' trust policy, and a witness that is down or refuses is reported — in the answer, in
 * /api/ledger/witnesses and on the server's stderr — never skipped in silence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStatement } from '../src/ledger/index.js';
import { SEED_ORIGIN } from '../src/server/seed.js';
import { checkPolicy, parsePolicy } from '../src/tlog/index.js';
import { accord } from './helpers/cli.js';
import {
  demoSecrets,
  freePort,
  type Served,
  serve,
  type WitnessProcess,
  witnessServe,
} from './helpers/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'accord-witness-net-'));
const running: { stop(): Promise<void> }[] = [];

/** Start `accord witness serve …args` on a free port; it is stopped after the file's tests. */
async function witness(args: readonly string[]): Promise<WitnessProcess> {
  const w = await witnessServe(args);
  running.push(w);
  return w;
}

afterAll(async () => {
  for (const r of running) await r.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('accord witness serve (the process), alone', () => {
  let w: WitnessProcess;
  beforeAll(async () => {
    expect(
      accord(['ledger', 'keygen', 'witness.test', '--witness', '--out', join(dir, 'solo.key')]).status,
    ).toBe(0);
    expect(accord(['ledger', 'keygen', 'log.test', '--out', join(dir, 'log.key')]).status).toBe(0);
    w = await witness([
      '--key',
      join(dir, 'solo.key'),
      '--log-key',
      join(dir, 'log.key.pub'),
      '--state',
      join(dir, 'solo.db'),
    ]);
  }, 60_000);

  it('answers the protocol’s status codes for bad requests, never a 500', async () => {
    const post = (body: string) =>
      fetch(`${w.url}add-checkpoint`, { method: 'POST', body }).then(async (r) => ({
        status: r.status,
        type: r.headers.get('content-type') ?? '',
        text: await r.text(),
      }));
    expect((await fetch(`${w.url}add-checkpoint`)).status).toBe(405);
    expect((await fetch(`${w.url}other`, { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await post('not a request')).status).toBe(400);
    expect((await post('x'.repeat(70_000))).status).toBe(413);
    // An unknown log: 404; a checkpoint nobody trusted signed: 403 (for a known origin).
    const sig = Buffer.alloc(68).toString('base64');
    const root = Buffer.alloc(32).toString('base64');
    const unknown = await post(`old 0\n\nother.example\n1\n${root}\n\n— other.example ${sig}\n`);
    expect(unknown.status).toBe(404);
    const forged = await post(`old 0\n\nlog.test\n1\n${root}\n\n— log.test ${sig}\n`);
    expect(forged.status).toBe(403);
    expect(w.child.exitCode).toBeNull();
  });

  it('refuses a signing key where a witness key belongs, with a hint and no stack', () => {
    const r = accord([
      'witness',
      'serve',
      '--key',
      join(dir, 'log.key'),
      '--log-key',
      join(dir, 'log.key.pub'),
      '--state',
      join(dir, 'x.db'),
      '--port',
      '0',
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/keygen NAME --witness/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the log server pushes checkpoints to two witness processes', () => {
  let server: Served;
  let us: WitnessProcess;
  let jp: WitnessProcess;
  let tokens: Record<string, string>;
  let keys: ReturnType<typeof demoSecrets>['keys'];
  const db = join(dir, 'accord.sqlite');
  const state = join(dir, 'accord.server.json');
  let logKey = '';
  let policyText = '';

  const checkpoint = async () => {
    const r = await fetch(`${server.base}/api/ledger/checkpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['us-gov']}` },
    });
    expect(r.status).toBe(201);
    return (await r.json()) as {
      size: number;
      note: string;
      witnesses: { name: string; outcome: string; status?: number; message: string }[];
    };
  };
  const startServer = async (extra: string[]) => {
    server = await serve(await freePort(), ['--db', db, '--state', state, ...extra]);
    running.push(server);
  };

  beforeAll(async () => {
    // Seed once to learn the log's key and the demo witnesses' keys, then start the witnesses.
    await startServer([]);
    const ledger = (await (await fetch(`${server.base}/api/ledger`)).json()) as { policy: string };
    policyText = ledger.policy;
    logKey = /^log (\S+)/m.exec(policyText)![1]!;
    await server.stop();
    ({ tokens, keys } = demoSecrets(dir));
    const args = (name: string, file: string) => [
      '--key',
      join(dir, 'keys', `${name}.key`),
      '--log-key',
      logKey,
      '--state',
      join(dir, file),
    ];
    us = await witness(args('witness.us.example', 'us-witness.db'));
    jp = await witness(args('witness.jp.example', 'jp-witness.db'));
    await startServer(['--witness', `US=${us.url}`, '--witness', `JP=${jp.url}`]);
  }, 120_000);

  it('stores both cosignatures, so the checkpoint satisfies the governments’ policy (quorum: both)', async () => {
    const cp = await checkpoint();
    expect(cp.witnesses.map((w) => [w.name, w.outcome])).toEqual([
      ['US', 'cosigned'],
      ['JP', 'cosigned'],
    ]);
    const policy = parsePolicy(policyText);
    if (!policy.ok) throw new Error('policy');
    const check = checkPolicy(cp.note, policy.value);
    expect(check.ok).toBe(true);
    expect(check.cosigners.sort()).toEqual(['JP', 'US']);
    // What the server stored is what it answered.
    const stored = (await (await fetch(`${server.base}/api/ledger/checkpoints`)).json()) as {
      checkpoints: { size: number; note: string }[];
    };
    expect(stored.checkpoints.find((c) => c.size === cp.size)?.note).toBe(cp.note);
  });

  it('sends a consistency proof once the log has grown, and the witnesses accept it', async () => {
    const before = await checkpoint();
    const statement = signStatement(
      {
        v: 2,
        log: SEED_ORIGIN,
        type: 'investment-report',
        actor: 'honda',
        issued: '2027-01-20',
        commitment: 'honda-ohio-ev',
        asOf: '2026-12-31',
        disbursed: '4100000000.00',
        evidence: [{ kind: 'cpa-attestation', sha256: 'c'.repeat(64) }],
      },
      keys.honda!,
    );
    const sub = await fetch(`${server.base}/api/ledger/statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.honda}`, 'content-type': 'application/json' },
      body: statement.entry,
    });
    expect(sub.status).toBe(201);
    const after = await checkpoint();
    expect(after.size).toBe(before.size + 1);
    expect(after.witnesses.every((w) => w.outcome === 'cosigned')).toBe(true);
    expect(us.err()).toMatch(new RegExp(`200 ${SEED_ORIGIN.replace(/\./g, '\\.')} size ${after.size}`));
  });

  it('reports a witness that is down, and one that refuses, and keeps the other’s cosignature', async () => {
    await jp.stop();
    const down = await checkpoint();
    const byName = Object.fromEntries(down.witnesses.map((w) => [w.name, w]));
    expect(byName.US?.outcome).toBe('cosigned');
    expect(byName.JP?.outcome).toBe('unreachable');
    expect(byName.JP?.message).toMatch(/unreachable/);
    const listed = (await (await fetch(`${server.base}/api/ledger/witnesses`)).json()) as {
      witnesses: { name: string; url: string; last: { outcome: string } }[];
    };
    expect(listed.witnesses.find((w) => w.name === 'JP')?.last.outcome).toBe('unreachable');
    // A JP witness that now trusts another log refuses (404 unknown origin) — reported with its status.
    expect(accord(['ledger', 'keygen', 'other.example', '--out', join(dir, 'other.key')]).status).toBe(0);
    const strange = await witness([
      '--key',
      join(dir, 'keys', 'witness.jp.example.key'),
      '--log-key',
      join(dir, 'other.key.pub'),
      '--state',
      join(dir, 'jp-other.db'),
    ]);
    await server.stop();
    await startServer(['--witness', `US=${us.url}`, '--witness', `JP=${strange.url}`]);
    const refused = await checkpoint();
    const jpOutcome = refused.witnesses.find((w) => w.name === 'JP');
    expect(jpOutcome).toMatchObject({ outcome: 'refused', status: 404 });
    expect(refused.witnesses.find((w) => w.name === 'US')?.outcome).toBe('cosigned');
  }, 60_000);

  it('refuses --witness for a name the policy does not have, and a URL that is not http(s)', () => {
    const bad = accord([
      'serve',
      '--db',
      db,
      '--state',
      state,
      '--port',
      '0',
      '--witness',
      'FR=http://127.0.0.1:1/',
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/names no witness FR; it names US, JP/);
    const url = accord(['serve', '--db', db, '--state', state, '--port', '0', '--witness', 'US=ftp://x/']);
    expect(url.status).toBe(2);
    expect(url.stderr).toMatch(/NAME=URL/);
  });
});
