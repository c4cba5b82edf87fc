import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../src/_lib/date.js';
import type { Problem } from '../src/_lib/problem.js';
import { loadAgreement } from '../src/agreement/load.js';
import type { Agreement } from '../src/agreement/model.js';
import { auditStore, auditTiles } from '../src/ledger/audit.js';
import { evaluateAtCheckpoint, milestoneEvaluationStatement } from '../src/ledger/evaluate-log.js';
import {
  addCosignatures,
  appendStatements,
  checkpointLog,
  exportTiles,
  witnessRequest,
} from '../src/ledger/log.js';
import { type Statement, signStatement, statementHash } from '../src/ledger/statement.js';
import { SqliteLedgerStore } from '../src/store/sqlite-ledger.js';
import { formatVerifierKey, generateSigner, SIG_TYPE, type SignerKey } from '../src/tlog/keys.js';
import { parsePolicy, type TrustPolicy } from '../src/tlog/policy.js';
import { MemoryWitnessState, Witness } from '../src/tlog/witness.js';
import { ROOT } from './helpers/cli.js';

const ORIGIN = 'ledger.example/us-jp-autos-2025';
const digest = (c: string) => c.repeat(64);

let dir: string;
let file: string;
let policy: TrustPolicy;
let agreement: Agreement;
let tiles: Map<string, Buffer>;
let built: Awaited<ReturnType<typeof buildLog>>;

/** Build a log: registrations, a report, two attestations, an investment report, a cosigned evaluation. */
async function buildLog(path: string) {
  const log = generateSigner(ORIGIN);
  const keys: Record<string, SignerKey> = Object.fromEntries(
    ['us-gov', 'jp-gov', 'honda', 'aud-us', 'aud-jp'].map((n) => [n, generateSigner(n)]),
  );
  const wUS = generateSigner('witness.us.example', SIG_TYPE.cosignatureV1);
  const wJP = generateSigner('witness.jp.example', SIG_TYPE.cosignatureV1);
  const p = parsePolicy(
    `log ${formatVerifierKey(log)}\nwitness US ${formatVerifierKey(wUS)}\nwitness JP ${formatVerifierKey(wJP)}\ngroup BOTH all US JP\nquorum BOTH\n`,
  );
  if (!p.ok) throw new Error('policy');
  const logs = new Map([[ORIGIN, p.value.logs]]);
  const witnesses = [wUS, wJP].map(
    (key) => new Witness({ key, logs, state: new MemoryWitnessState(), now: () => 1_780_000_000 }),
  );
  const cosigned = new Map<string, number>();
  const store = SqliteLedgerStore.create(path, ORIGIN);
  const sign = (s: Statement) => signStatement(s, keys[s.actor]!).entry;
  const reg = (subject: string, role: 'firm' | 'auditor' | 'government', by = 'us-gov'): Statement => ({
    v: 2,
    log: ORIGIN,
    type: 'key-registration',
    actor: by,
    issued: '2025-08-01',
    subject,
    role,
    key: formatVerifierKey(keys[subject]!),
  });
  const checkpointAndCosign = async () => {
    const { checkpoint, note } = await checkpointLog(store, log);
    for (const w of witnesses) {
      const req = await witnessRequest(store, cosigned.get(w.name) ?? 0, note);
      const r = await w.addCheckpoint(req);
      if (r.status !== 200) throw new Error(`witness ${w.name}: ${r.status}`);
      cosigned.set(w.name, checkpoint.size);
      await addCosignatures(store, checkpoint.size, [r.cosignature]);
    }
    return (await store.checkpoint(checkpoint.size))!.note;
  };
  const report = sign({
    v: 2,
    log: ORIGIN,
    type: 'employment-report',
    actor: 'honda',
    issued: '2026-07-15',
    commitment: 'honda-ohio-ev',
    site: 'US-OH',
    periodStart: '2025-07-01',
    periodEnd: '2026-06-30',
    paidHours: 2_496_000,
    relocatedHours: 0,
    wages: { total: '84000000.00' },
    healthPlan: { offered: true, employerSharePctSingle: 85 },
    evidence: [{ kind: 'ui-wage-records', sha256: digest('1') }],
  });
  await appendStatements(store, [
    sign(reg('us-gov', 'government')),
    sign(reg('jp-gov', 'government', 'jp-gov')),
    sign(reg('honda', 'firm')),
    // A firm's registration by the US counts once Japan approves it too (R4, R6).
    sign({
      v: 2,
      log: ORIGIN,
      type: 'approval',
      actor: 'jp-gov',
      issued: '2025-08-01',
      subject: statementHash(sign(reg('honda', 'firm'))),
    }),
    sign(reg('aud-us', 'auditor')),
    sign(reg('aud-jp', 'auditor', 'jp-gov')),
    report,
  ]);
  await checkpointAndCosign();
  const attest = (actor: string): Statement => ({
    v: 2,
    log: ORIGIN,
    type: 'attestation',
    actor,
    issued: '2026-08-01',
    subject: statementHash(report),
    evidenceChecked: ['cpa-attestation', 'ui-wage-records'],
    result: 'confirmed',
  });
  await appendStatements(store, [
    sign(attest('aud-us')),
    sign(attest('aud-jp')),
    sign({
      v: 2,
      log: ORIGIN,
      type: 'investment-report',
      actor: 'honda',
      issued: '2026-08-02',
      commitment: 'honda-ohio-ev',
      asOf: '2026-06-30',
      disbursed: '3100000000.00',
      evidence: [{ kind: 'cpa-attestation', sha256: digest('2') }],
    }),
  ]);
  const note = await checkpointAndCosign();
  const size = await store.size();
  const result = evaluateAtCheckpoint(
    agreement,
    await store.entries(0, size),
    note,
    p.value,
    isoDate('2026-09-01'),
  );
  await appendStatements(store, [
    sign(milestoneEvaluationStatement(result, 'us-gov', isoDate('2026-09-02'))),
  ]);
  await checkpointAndCosign();
  const files = await exportTiles(store);
  await store.close();
  return { policy: p.value, result, files, gov: keys['us-gov']!, log };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-audit-'));
  file = join(dir, 'log.db');
  const loaded = loadAgreement(
    readFileSync(join(ROOT, 'examples/us-japan-milestones/agreement.yaml')),
    'agreement.yaml',
  );
  if (!loaded.agreement) throw new Error(JSON.stringify(loaded.problems));
  agreement = loaded.agreement;
  built = await buildLog(file);
  policy = built.policy;
  tiles = built.files;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const errors = (r: { problems: Problem[] }) => r.problems.filter((p) => p.severity !== 'warning');

describe('accord audit (library)', () => {
  it('finds nothing wrong in an honest log and reproduces the logged evaluation', async () => {
    const store = SqliteLedgerStore.open(file);
    const r = await auditStore(store, { policy, agreement });
    await store.close();
    expect(errors(r)).toEqual([]);
    expect(r.size).toBe(11);
    expect(r.entries.counted).toBe(11);
    expect(r.checkpoints.map((c) => [c.size, c.quorum])).toEqual([
      [7, true],
      [10, true],
      [11, true],
    ]);
    expect(r.evaluations).toEqual([{ index: 10, asOf: '2026-09-01', checkpointSize: 10, reproduced: true }]);
  });

  it('counts the report both auditors attested, and not the unattested investment report', async () => {
    const store = SqliteLedgerStore.open(file);
    const note = (await store.checkpoint(10))!.note;
    const r = evaluateAtCheckpoint(
      agreement,
      await store.entries(0, 10),
      note,
      policy,
      isoDate('2026-09-01'),
    );
    await store.close();
    expect(r.evaluation.checkpoint).toMatchObject({ origin: ORIGIN, size: 10 });
    expect(r.evaluation.facts.counted).toEqual(['log-6']);
    // The investment report carries a CPA digest but no auditor signed an attestation of it: no quorum.
    expect(r.evaluation.facts.rejected).toEqual([
      { id: 'log-9', problems: [expect.objectContaining({ code: 'quorum-not-met' })] },
    ]);
    expect(r.cosigners).toEqual(['US', 'JP']);
  });

  it('refuses to evaluate at a checkpoint the policy quorum has not cosigned', async () => {
    const store = SqliteLedgerStore.open(file);
    const note = (await store.checkpoint(10))!.note;
    const logOnly = `${note.split('\n\n')[0]}\n\n${note.split('\n\n')[1]!.split('\n')[0]}\n`;
    expect(() => evaluateAtCheckpoint(agreement, [], logOnly, policy, isoDate('2026-09-01'))).toThrow(
      /trust policy/,
    );
    await store.close();
  });

  it('reports a logged evaluation whose result does not reproduce, at its entry', async () => {
    const copy = join(dir, 'forged-eval.db');
    const src = new Database(file, { readonly: true });
    await src.backup(copy);
    src.close();
    const store = SqliteLedgerStore.open(copy);
    const forged = milestoneEvaluationStatement(built.result, 'us-gov', isoDate('2026-09-03'));
    forged.milestones = Object.fromEntries(Object.keys(forged.milestones).map((m) => [m, 'met' as const]));
    forged.resultSha256 = 'f'.repeat(64);
    await appendStatements(store, [signStatement(forged, built.gov).entry]);
    await checkpointLog(store, built.log);
    const r = await auditStore(store, { policy, agreement });
    await store.close();
    expect(errors(r)).toEqual([
      expect.objectContaining({
        code: 'evaluation-mismatch',
        where: { file: 'entry 11', pointer: '/statement/resultSha256' },
      }),
    ]);
    expect(r.evaluations.map((e) => e.reproduced)).toEqual([true, false]);
  });

  it('verifies the exported tiles as an independent mirror', async () => {
    const r = await auditTiles((p) => tiles.get(p), { policy, agreement });
    expect(errors(r)).toEqual([]);
    // A mirror has only the latest checkpoint; the evaluation's prefix is covered by it.
    expect(r.evaluations[0]?.reproduced).toBe(true);
    const bad = new Map(tiles);
    const bundle = Buffer.from(bad.get('tile/entries/000.p/11')!);
    bundle[40]! ^= 0x01;
    bad.set('tile/entries/000.p/11', bundle);
    const r2 = await auditTiles((p) => bad.get(p), { policy });
    expect(errors(r2).map((p) => [p.code, p.where?.file])).toContainEqual([
      'tile-mismatch',
      'tile/0/000.p/11',
    ]);
  });

  it('catches and locates every byte flipped at random across entries, nodes and checkpoints', async () => {
    // A deterministic generator, so a failure can be replayed.
    let seed = 20251128;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const copy = join(dir, 'tamper.db');
    for (let round = 0; round < 60; round++) {
      const src = new Database(file, { readonly: true });
      await src.backup(copy);
      src.close();
      const db = new Database(copy);
      const kind = ['entries.data', 'entries.leaf_hash', 'nodes', 'checkpoints'][round % 4]!;
      let expected: string;
      if (kind === 'nodes') {
        const rows = db.prepare('SELECT level, idx, hash FROM nodes').all() as {
          level: number;
          idx: number;
          hash: Buffer;
        }[];
        const row = rows[rand(rows.length)]!;
        row.hash[rand(32)]! ^= 1 << rand(8);
        db.prepare('UPDATE nodes SET hash = ? WHERE level = ? AND idx = ?').run(row.hash, row.level, row.idx);
        expected = `/nodes/${row.level}/${row.idx}`;
      } else if (kind === 'checkpoints') {
        const rows = db.prepare('SELECT size, note FROM checkpoints').all() as {
          size: number;
          note: string;
        }[];
        const row = rows[rand(rows.length)]!;
        const bytes = Buffer.from(row.note, 'utf8');
        bytes[rand(bytes.length)]! ^= 1 << rand(7);
        db.prepare('UPDATE checkpoints SET note = ? WHERE size = ?').run(bytes.toString('utf8'), row.size);
        expected = `checkpoint ${row.size}`;
      } else {
        const col = kind === 'entries.data' ? 'data' : 'leaf_hash';
        const rows = db.prepare(`SELECT idx, ${col} AS v FROM entries`).all() as { idx: number; v: Buffer }[];
        const row = rows[rand(rows.length)]!;
        row.v[rand(row.v.length)]! ^= 1 << rand(8);
        db.prepare(`UPDATE entries SET ${col} = ? WHERE idx = ?`).run(row.v, row.idx);
        expected = `entry ${row.idx}`;
      }
      db.close();
      const store = SqliteLedgerStore.open(copy);
      const r = await auditStore(store, { policy, agreement });
      await store.close();
      const found = errors(r).map((p) => `${p.where?.file} ${p.where?.pointer ?? ''}`);
      expect(found.length, `round ${round}: ${kind} flip not detected`).toBeGreaterThan(0);
      expect(
        found.some((f) => f.includes(expected)),
        `round ${round}: ${kind} flip at ${expected} located as ${found.join(' | ')}`,
      ).toBe(true);
      rmSync(copy);
      rmSync(`${copy}-wal`, { force: true });
      rmSync(`${copy}-shm`, { force: true });
    }
  });
});
