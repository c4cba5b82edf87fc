/**
 * @module server/seed
 * A realistic ledger history for the US–Japan milestone compromise, built through the real ledger code
 * and kept to the agreement's rules R1–R9: both governments register themselves; each registers the
 * auditor it appoints; firms are registered by one government and approved by the other; firms report
 * capital and employment each quarter; both registered auditors attest (one report is self-reported only,
 * one is attested by a single auditor, so the dashboard shows facts that do not count and why); the log
 * signs checkpoints that both governments' witnesses cosign; the US logs a milestone evaluation at a
 * cosigned checkpoint; Japan's auditor disputes a capital report (left open) and both governments
 * jointly extend a deadline (an illustrative waiver), so the pages show both.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoDate } from '../_lib/date.js';
import type { Agreement } from '../agreement/index.js';
import {
  addCosignatures,
  appendStatements,
  checkpointLog,
  evaluateAtCheckpoint,
  milestoneEvaluationStatement,
  type Statement,
  signStatement,
  statementHash,
  witnessRequest,
} from '../ledger/index.js';
import {
  formatSignerKey,
  formatVerifierKey,
  generateSigner,
  type LedgerStore,
  MemoryWitnessState,
  parsePolicy,
  SIG_TYPE,
  type SignerKey,
  type TrustPolicy,
  Witness,
} from '../tlog/index.js';
import { type Account, newToken, type ServerRole, tokenDigest } from './actors.js';
import type { ServerStateFile } from './state.js';

/** The log's origin line for the seeded agreement. */
export const SEED_ORIGIN = 'accord.example/us-japan-milestones';

/** The seeded actors: who they are, their role and what a firm owns. */
export const SEED_ACTORS: readonly {
  id: string;
  name: string;
  role: ServerRole;
  commitments?: string[];
  registrar?: string;
}[] = [
  { id: 'us-gov', name: 'United States (USTR / Commerce)', role: 'government' },
  { id: 'jp-gov', name: 'Japan (METI)', role: 'government' },
  {
    id: 'honda',
    name: 'Honda Motor Co. (with LG Energy Solution)',
    role: 'firm',
    commitments: ['honda-ohio-ev'],
    registrar: 'us-gov',
  },
  {
    id: 'tx-semi',
    name: 'Japanese semiconductor consortium (Texas)',
    role: 'firm',
    commitments: ['texas-semiconductors'],
    registrar: 'us-gov',
  },
  {
    id: 'mw-renew',
    name: 'Japanese energy consortium (Midwest)',
    role: 'firm',
    commitments: ['midwest-renewables'],
    registrar: 'jp-gov',
  },
  {
    id: 'softbank',
    name: 'SoftBank Group',
    role: 'firm',
    commitments: ['softbank-pittsburgh-ai'],
    registrar: 'jp-gov',
  },
  { id: 'aud-us', name: 'US-appointed independent auditor (CPA firm)', role: 'auditor', registrar: 'us-gov' },
  { id: 'aud-jp', name: 'Japan-appointed independent auditor', role: 'auditor', registrar: 'jp-gov' },
  { id: 'press', name: 'Press and analysts (read only)', role: 'observer' },
];

/** What seeding produced: the state file content, the actors' tokens and keys (for the demo only). */
export interface Seeded {
  state: ServerStateFile;
  tokens: Record<string, string>;
  keys: Record<string, SignerKey>;
  witnesses: SignerKey[];
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const usd = (bn: number) => `${(bn * 1e9).toFixed(0)}.00`;

/** The seeded log as it is written: its keys, the witnesses' cosigning, and how statements are signed. */
interface SeedLog {
  store: LedgerStore;
  origin: string;
  logKey: SignerKey;
  keys: Record<string, SignerKey>;
  witnessKeys: SignerKey[];
  policyText: string;
  policy: TrustPolicy;
  /** Sign a statement with its actor's key. */
  sign: (s: Statement) => Buffer;
  /** An approval of a decision by `actor` (R6). */
  approve: (decision: Buffer, actor: string, issued: string) => Buffer;
  /** Sign a checkpoint, have both witnesses cosign it; its note. */
  checkpoint: () => Promise<string>;
}

/** Keys for the log, every actor and both witnesses; the trust policy naming them; the witnesses. */
function openSeedLog(store: LedgerStore, now: () => number): SeedLog {
  const logKey = generateSigner(store.origin);
  const keys: Record<string, SignerKey> = {};
  for (const a of SEED_ACTORS) if (a.role !== 'observer') keys[a.id] = generateSigner(a.id);
  const wUS = generateSigner('witness.us.example', SIG_TYPE.cosignatureV1);
  const wJP = generateSigner('witness.jp.example', SIG_TYPE.cosignatureV1);
  const policyText = `# Evaluations count only at checkpoints both governments' witnesses cosigned.\nlog ${formatVerifierKey(logKey)}\nwitness US ${formatVerifierKey(wUS)}\nwitness JP ${formatVerifierKey(wJP)}\ngroup BOTH all US JP\nquorum BOTH\n`;
  const policy = parsePolicy(policyText);
  if (!policy.ok) throw new Error('seed policy does not parse');
  const logs = new Map([[store.origin, policy.value.logs]]);
  const witnesses = [wUS, wJP].map((key) => new Witness({ key, logs, state: new MemoryWitnessState(), now }));
  const cosigned = new Map<string, number>();
  const origin = store.origin;
  const sign = (s: Statement) => signStatement(s, keys[s.actor]!).entry;
  const approve = (decision: Buffer, actor: string, issued: string) =>
    sign({ v: 2, log: origin, type: 'approval', actor, issued, subject: statementHash(decision) });

  const checkpoint = async () => {
    const { checkpoint: cp, note } = await checkpointLog(store, logKey);
    for (const w of witnesses) {
      const r = await w.addCheckpoint(await witnessRequest(store, cosigned.get(w.name) ?? 0, note));
      if (r.status !== 200) throw new Error(`witness ${w.name} refused: ${r.status}`);
      cosigned.set(w.name, cp.size);
      await addCosignatures(store, cp.size, [r.cosignature]);
    }
    return (await store.checkpoint(cp.size))!.note;
  };
  return {
    store,
    origin,
    logKey,
    keys,
    witnessKeys: [wUS, wJP],
    policyText,
    policy: policy.value,
    sign,
    approve,
    checkpoint,
  };
}

/**
 * Seed an empty store with the history (through appendStatements, checkpointLog, Witness and
 * addCosignatures — no rows written directly). `now` is the witnesses' clock (unix seconds).
 */
export async function seedLedger(
  store: LedgerStore,
  agreement: Agreement,
  now = () => 1_795_000_000,
): Promise<Seeded> {
  if ((await store.size()) !== 0) throw new Error('seedLedger needs an empty store');
  const log = openSeedLog(store, now);
  await seedRegistrations(log);
  const { note, texasCap } = await seedReports(log);
  await seedEvaluation(log, agreement, note);
  await seedDisputeAndWaiver(log, texasCap);
  const { tokens, accounts } = seedAccounts();
  return {
    state: {
      accordServer: 1,
      origin: store.origin,
      logKey: formatSignerKey(log.logKey),
      policy: log.policyText,
      accounts,
    },
    tokens,
    keys: log.keys,
    witnesses: log.witnessKeys,
  };
}

/**
 * Registrations (R4): each government registers itself (trust on first use, in the open) and the auditor it
 * appoints; a firm's registration, proposed by one government, counts once the other approves it (R6).
 */
async function seedRegistrations({ store, origin, keys, sign, approve, checkpoint }: SeedLog): Promise<void> {
  const register = (a: (typeof SEED_ACTORS)[number]) =>
    sign({
      v: 2,
      log: origin,
      type: 'key-registration',
      actor: a.registrar ?? a.id,
      issued: '2025-09-04',
      subject: a.id,
      role: a.role as 'government' | 'firm' | 'auditor',
      key: formatVerifierKey(keys[a.id]!),
    });
  const other = (gov: string) => (gov === 'us-gov' ? 'jp-gov' : 'us-gov');
  const registrations: Buffer[] = [];
  for (const a of SEED_ACTORS) {
    if (a.role === 'observer') continue;
    const r = register(a);
    registrations.push(r);
    if (a.role === 'firm') registrations.push(approve(r, other(a.registrar!), '2025-09-04'));
  }
  await appendStatements(store, registrations);
  await checkpoint();
}

/** Signed reports and attestations, as the firms and auditors of the seed write them. */
function reportWriters({ origin, sign }: SeedLog) {
  const firmOf = (commitment: string) => SEED_ACTORS.find((a) => a.commitments?.includes(commitment))!.id;
  const capital = (commitment: string, asOf: string, bn: number, issued: string) =>
    sign({
      v: 2,
      log: origin,
      type: 'investment-report',
      actor: firmOf(commitment),
      issued,
      commitment,
      asOf,
      disbursed: usd(bn),
      evidence: [
        {
          kind: 'cpa-attestation',
          sha256: digest(`${commitment} capital ${asOf}`),
          description: 'CPA agreed-upon-procedures report on capital disbursed',
        },
      ],
    });
  const employment = (
    commitment: string,
    site: string,
    periodEnd: string,
    paidHours: number,
    relocatedHours: number,
    wages: number,
    issued: string,
    kinds: string[] = ['ui-wage-records', 'cpa-attestation'],
  ) => {
    const end = isoDate(periodEnd);
    const start = `${Number(end.slice(0, 4)) - 1}${end.slice(4, 8)}${String(Math.min(28, Number(end.slice(8)))).padStart(2, '0')}`;
    return sign({
      v: 2,
      log: origin,
      type: 'employment-report',
      actor: firmOf(commitment),
      issued,
      commitment,
      site,
      periodStart: start < '2025-07-01' ? '2025-07-01' : start,
      periodEnd,
      paidHours,
      relocatedHours,
      wages: { total: `${wages}.00` },
      healthPlan: { offered: true, employerSharePctSingle: 85, employerSharePctFamily: 60 },
      evidence: kinds.map((kind) => ({ kind, sha256: digest(`${commitment} ${kind} ${periodEnd}`) })),
    });
  };
  const attest = (report: Buffer, auditor: string, issued: string, kinds: string[]) =>
    sign({
      v: 2,
      log: origin,
      type: 'attestation',
      actor: auditor,
      issued,
      subject: statementHash(report),
      evidenceChecked: kinds,
      result: 'confirmed',
    });
  const attestAll = (reports: Buffer[], auditors: string[], issued: string) =>
    reports.flatMap((r) => {
      const isEmployment = JSON.parse(r.toString()).statement.type === 'employment-report';
      return auditors.map((a) =>
        attest(r, a, issued, isEmployment ? ['cpa-attestation', 'ui-wage-records'] : ['cpa-attestation']),
      );
    });
  return { capital, employment, attest, attestAll };
}

/**
 * Two quarters of reports that both auditors attest, then October's: a self-report alone, a report one
 * auditor attested, and a capital report both attested. The note of the checkpoint after October, and that
 * capital report (which is disputed later).
 */
async function seedReports(log: SeedLog): Promise<{ note: string; texasCap: Buffer }> {
  const { store, checkpoint } = log;
  const { capital, employment, attest, attestAll } = reportWriters(log);
  // 2026 Q1: capital for all four projects, Honda's first employment report; both auditors attest.
  const q1 = [
    capital('honda-ohio-ev', '2026-03-31', 1.6, '2026-04-20'),
    capital('texas-semiconductors', '2026-03-31', 1.2, '2026-04-20'),
    capital('midwest-renewables', '2026-03-31', 0.3, '2026-04-20'),
    capital('softbank-pittsburgh-ai', '2026-03-31', 0.1, '2026-04-20'),
    employment('honda-ohio-ev', 'US-OH', '2026-03-31', 2_246_400, 62_400, 69_300_000, '2026-04-20'),
  ];
  await appendStatements(store, q1);
  await appendStatements(store, attestAll(q1, ['aud-us', 'aud-jp'], '2026-04-20'));
  await checkpoint();

  // 2026 Q3: employment at every site and capital; both auditors attest.
  const q3 = [
    employment('honda-ohio-ev', 'US-OH', '2026-09-30', 3_598_400, 62_400, 113_900_000, '2026-10-30'),
    employment('texas-semiconductors', 'US-TX', '2026-09-30', 728_000, 0, 31_850_000, '2026-10-30'),
    employment('midwest-renewables', 'US-OH', '2026-09-30', 395_200, 0, 12_160_000, '2026-10-30'),
    employment('softbank-pittsburgh-ai', 'US-PA', '2026-09-30', 124_800, 0, 8_100_000, '2026-10-30'),
    capital('honda-ohio-ev', '2026-09-30', 2.9, '2026-10-30'),
    capital('texas-semiconductors', '2026-09-30', 2.6, '2026-10-30'),
    capital('midwest-renewables', '2026-09-30', 0.9, '2026-10-30'),
  ];
  await appendStatements(store, q3);
  await appendStatements(store, attestAll(q3, ['aud-us', 'aud-jp'], '2026-10-30'));
  await checkpoint();

  // October 2026: a self-report alone (does not verify, E1), a report only one auditor attested (quorum 2),
  // and a capital report both attested.
  const selfReport = employment(
    'texas-semiconductors',
    'US-TX',
    '2026-10-31',
    1_456_000,
    0,
    63_000_000,
    '2026-11-10',
    ['self-report'],
  );
  const oneAuditor = employment(
    'midwest-renewables',
    'US-OH',
    '2026-10-31',
    540_800,
    0,
    16_640_000,
    '2026-11-12',
  );
  const texasCap = capital('texas-semiconductors', '2026-10-31', 3.1, '2026-11-20');
  await appendStatements(store, [selfReport, oneAuditor, texasCap]);
  await appendStatements(store, [
    attest(oneAuditor, 'aud-us', '2026-11-12', ['cpa-attestation', 'ui-wage-records']),
    ...attestAll([texasCap], ['aud-us', 'aud-jp'], '2026-11-20'),
  ]);
  const note = await checkpoint();
  return { note, texasCap };
}

/** The US evaluates the milestones at the cosigned checkpoint and logs the result (E2). */
async function seedEvaluation(
  { store, policy, sign, checkpoint }: SeedLog,
  agreement: Agreement,
  note: string,
): Promise<void> {
  const entries = await store.entries(0, await store.size());
  const result = evaluateAtCheckpoint(agreement, entries, note, policy, isoDate('2026-11-20'));
  await appendStatements(store, [
    sign(milestoneEvaluationStatement(result, 'us-gov', isoDate('2026-11-21'))),
  ]);
  await checkpoint();
}

/**
 * Japan's auditor disputes the Texas October capital report (R7); it stays open, suspending the report (R8).
 * Then Japan proposes, and the US approves, an extension of m3's deadline (C6, R6). Both are illustrative.
 */
async function seedDisputeAndWaiver(
  { store, origin, sign, approve, checkpoint }: SeedLog,
  texasCap: Buffer,
): Promise<void> {
  const dispute = sign({
    v: 2,
    log: origin,
    type: 'dispute',
    actor: 'aud-jp',
    issued: '2026-11-24',
    subject: statementHash(texasCap),
    reason:
      'Illustrative (demo data): the October figure counts $0.5 bn of equipment deposits that the CPA report lists as committed, not disbursed',
  });
  const waiver = sign({
    v: 2,
    log: origin,
    type: 'waiver',
    actor: 'jp-gov',
    issued: '2026-11-25',
    milestone: 'm3',
    extendTo: '2028-12-31',
    reason:
      "Illustrative force-majeure extension (demo data): an export-licence delay on lithography tools pushes the Texas fabs' ramp-up back six months",
  });
  await appendStatements(store, [dispute, waiver]);
  await appendStatements(store, [approve(waiver, 'us-gov', '2026-11-27')]);
  await checkpoint();
}

/** An account and a fresh token for every seeded actor. */
function seedAccounts(): { tokens: Record<string, string>; accounts: Account[] } {
  const tokens: Record<string, string> = {};
  const accounts: Account[] = SEED_ACTORS.map((a) => {
    tokens[a.id] = newToken();
    return {
      id: a.id,
      name: a.name,
      role: a.role,
      commitments: a.commitments ?? [],
      tokenSha256: tokenDigest(tokens[a.id]!),
    };
  });
  return { tokens, accounts };
}

/**
 * Write the demo's tokens and signing keys beside the state (owner-only files), for people trying the API:
 * tokens.json, each token alone in tokens/ID (for `--credentials`), each actor's and witness's signer key in
 * keys/, and beside them what is public: the trust policy (keys/policy.txt) and the log's verifier key
 * (keys/log.pub, which a witness is started with).
 */
export function writeDemoSecrets(dir: string, seeded: Seeded): void {
  mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
  mkdirSync(join(dir, 'tokens'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'tokens.json'), `${JSON.stringify(seeded.tokens, null, 2)}\n`, { mode: 0o600 });
  for (const [id, token] of Object.entries(seeded.tokens))
    writeFileSync(join(dir, 'tokens', id), `${token}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'keys', 'policy.txt'), seeded.state.policy);
  const logKey = /^log (\S+)/m.exec(seeded.state.policy)?.[1];
  if (logKey) writeFileSync(join(dir, 'keys', 'log.pub'), `${logKey}\n`);
  for (const [id, key] of Object.entries(seeded.keys))
    writeFileSync(join(dir, 'keys', `${id}.key`), `${formatSignerKey(key)}\n`, { mode: 0o600 });
  for (const w of seeded.witnesses)
    writeFileSync(join(dir, 'keys', `${w.name}.key`), `${formatSignerKey(w)}\n`, { mode: 0o600 });
}
