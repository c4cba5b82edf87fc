import { describe, expect, it } from 'vitest';
import { factsFromLog } from './facts.js';
import { formatVerifierKey, generateSigner, type SignerKey } from './keys.js';
import { Registry, replay, replayParallel } from './registry.js';
import {
  decodeEntry,
  type EmploymentReport,
  type Statement,
  signStatement,
  statementHash,
  validateStatement,
} from './statement.js';

const digest = 'a'.repeat(64);
const report = (actor = 'toyota-na'): EmploymentReport => ({
  v: 1,
  type: 'employment-report',
  actor,
  issued: '2027-02-01',
  commitment: 'toyota-nc-battery',
  site: 'liberty-nc',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  paidHours: 2_080_000,
  relocatedHours: 20_800,
  wages: { total: '62400000.00', lowestAnnualized: '41600.00' },
  healthPlan: { offered: true, employerSharePctSingle: 85 },
  evidence: [{ kind: 'ui-wage-records', sha256: digest }],
});

function reg(
  registrar: SignerKey,
  subject: string,
  role: 'firm' | 'auditor' | 'government',
  key: SignerKey,
): Statement {
  return {
    v: 1,
    type: 'key-registration',
    actor: registrar.name,
    issued: '2026-01-02',
    subject,
    role,
    key: formatVerifierKey(key),
  };
}

describe('statements', () => {
  it('sign to canonical JSON that decodes back to the same statement', () => {
    const k = generateSigner('toyota-na');
    const { entry, signed } = signStatement(report(), k);
    expect(entry.toString()).toMatch(/^\{"signature":\{"key":"toyota-na\+[0-9a-f]{8}","sig":"/);
    expect(decodeEntry(entry)).toEqual({ ok: true, signed });
  });

  it('refuse personal wage records and other unknown fields, pointing at them', () => {
    const bad = { ...report(), employees: [{ name: 'A. Person', wage: '50000.00' }] };
    const r = validateStatement(bad, 'r.json');
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toMatchObject({
        code: 'statement-unknown-field',
        where: { file: 'r.json', pointer: '' },
      });
    const r2 = validateStatement({ ...report(), wages: { total: '12.5' } });
    expect(!r2.ok && r2.problems[0]!.where?.pointer).toBe('/wages/total');
    const r3 = validateStatement({ ...report(), relocatedHours: 3_000_000 });
    expect(!r3.ok && r3.problems[0]!.where?.pointer).toBe('/relocatedHours');
    expect(validateStatement({ ...report(), type: 'poem' }).ok).toBe(false);
  });

  it('refuse entries that are not canonical or exceed 64 KiB', () => {
    const k = generateSigner('toyota-na');
    const { entry } = signStatement(report(), k);
    const spaced = Buffer.from(JSON.stringify(JSON.parse(entry.toString()), null, 1));
    expect(decodeEntry(spaced)).toMatchObject({ ok: false, problems: [{ code: 'statement-not-canonical' }] });
    expect(decodeEntry(Buffer.alloc(70_000, 32))).toMatchObject({
      ok: false,
      problems: [{ code: 'statement-too-large' }],
    });
    expect(() =>
      signStatement(
        {
          ...report(),
          evidence: Array.from({ length: 64 }, () => ({
            kind: 'x',
            sha256: digest,
            description: 'd'.repeat(500),
          })),
        },
        k,
      ),
    ).not.toThrow();
  });
});

describe('replaying the log', () => {
  const us = generateSigner('us-commerce');
  const firm = generateSigner('toyota-na');
  const auditor = generateSigner('kpmg-audit');
  const auditor2 = generateSigner('ey-audit');

  it('counts statements only from registered keys in roles that may make them, and builds facts with attestations', () => {
    const r = new Registry();
    r.add(signStatement(reg(us, 'us-commerce', 'government', us), us).entry);
    r.add(signStatement(reg(us, 'toyota-na', 'firm', firm), us).entry);
    r.add(signStatement(reg(us, 'kpmg-audit', 'auditor', auditor), us).entry);
    const rep = signStatement(report(), firm).entry;
    expect(r.add(rep).counts).toBe(true);
    const attest: Statement = {
      v: 1,
      type: 'attestation',
      actor: 'kpmg-audit',
      issued: '2027-03-01',
      subject: statementHash(rep),
      evidenceChecked: ['cpa-attestation', 'ui-wage-records'],
      result: 'confirmed',
    };
    expect(r.add(signStatement(attest, auditor).entry).counts).toBe(true);
    // An unregistered auditor's attestation does not count, nor does a firm attesting itself.
    expect(r.add(signStatement({ ...attest, actor: 'ey-audit' }, auditor2).entry)).toMatchObject({
      counts: false,
      problems: [{ code: 'statement-unknown-actor' }],
    });
    expect(r.add(signStatement({ ...attest, actor: 'toyota-na' }, firm).entry)).toMatchObject({
      counts: false,
      problems: [{ code: 'statement-role' }],
    });
    // A report signed by the wrong key does not count.
    expect(r.add(signStatement(report(), auditor).entry)).toMatchObject({
      problems: [{ code: 'statement-bad-signature' }],
    });
    const { facts } = factsFromLog(r);
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({
      type: 'employment',
      id: 'log-3',
      paidHours: 2_080_000,
      relocatedHours: 20_800,
      totalWages: 6_240_000_000n,
      evidence: ['cpa-attestation', 'ui-wage-records'],
      attestations: ['kpmg-audit'],
      origin: { kind: 'log', index: 3, leafHash: statementHash(rep) },
    });
  });

  it('follows key rotation: the old key stops counting after the rotation entry', () => {
    const r = new Registry();
    r.add(signStatement(reg(us, 'us-commerce', 'government', us), us).entry);
    r.add(signStatement(reg(us, 'toyota-na', 'firm', firm), us).entry);
    const next = generateSigner('toyota-na');
    r.add(
      signStatement(
        {
          v: 1,
          type: 'key-rotation',
          actor: 'toyota-na',
          issued: '2026-06-01',
          key: formatVerifierKey(next),
        },
        firm,
      ).entry,
    );
    expect(r.add(signStatement(report(), firm).entry).counts).toBe(false);
    expect(r.add(signStatement(report(), next).entry).counts).toBe(true);
  });

  it('decides the same in parallel as in order, also when a forged registration must not count', async () => {
    const entries = [
      signStatement(reg(us, 'us-commerce', 'government', us), us).entry,
      signStatement(reg(us, 'toyota-na', 'firm', firm), us).entry,
      signStatement(report(), firm).entry,
    ];
    // A registration of an auditor whose signature is replaced by another key's: it must not count, and
    // the "auditor"'s later attestation must then not count either.
    const forged = JSON.parse(signStatement(reg(us, 'kpmg-audit', 'auditor', auditor), us).entry.toString());
    forged.signature.sig = JSON.parse(
      signStatement(reg(us, 'kpmg-audit', 'auditor', auditor), auditor2).entry.toString(),
    ).signature.sig;
    const { canonicalBytes } = await import('./statement.js');
    entries.push(canonicalBytes(forged));
    entries.push(
      signStatement(
        {
          v: 1,
          type: 'attestation',
          actor: 'kpmg-audit',
          issued: '2027-03-01',
          subject: statementHash(entries[2]!),
          evidenceChecked: ['cpa-attestation'],
          result: 'confirmed',
        },
        auditor,
      ).entry,
    );
    const seq = replay(entries).entries.map((e) => [e.counts, e.problems.map((p) => p.code)]);
    const par = (await replayParallel(entries, 2)).entries.map((e) => [
      e.counts,
      e.problems.map((p) => p.code),
    ]);
    expect(par).toEqual(seq);
    expect(seq.slice(3)).toEqual([
      [false, ['statement-bad-signature']],
      [false, ['statement-unknown-actor']],
    ]);
    const honest = await replayParallel(entries.slice(0, 3));
    expect(honest.entries.map((e) => e.counts)).toEqual([true, true, true]);
  });
});
