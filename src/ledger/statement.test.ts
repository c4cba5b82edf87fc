import { describe, expect, it } from 'vitest';
import { generateSigner } from '../tlog/keys.js';
import { decodeEntry, type EmploymentReport, signStatement, validateStatement } from './statement.js';

const digest = 'a'.repeat(64);
const report = (actor = 'toyota-na'): EmploymentReport => ({
  v: 2,
  log: 'accord.example/test',
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

describe('statements', () => {
  it('sign to canonical JSON that decodes back to the same statement', () => {
    const k = generateSigner('toyota-na');
    const { entry, signed } = signStatement(report(), k);
    expect(entry.toString()).toMatch(/^\{"signature":\{"key":"toyota-na\+[0-9a-f]{8}","sig":"/);
    expect(decodeEntry(entry)).toEqual({ ok: true, value: signed });
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

  it('refuse format v1, which names no log, with a code that says how to fix it', () => {
    const { log: _log, ...old } = report();
    const r = validateStatement({ ...old, v: 1 }, 'old.json');
    expect(r).toMatchObject({
      ok: false,
      problems: [{ code: 'statement-old-version', where: { pointer: '/v' } }],
    });
    expect(validateStatement({ ...report(), log: 'has space' }).ok).toBe(false);
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
