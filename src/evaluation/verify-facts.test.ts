import { describe, expect, it } from 'vitest';
import { capital, d, jobs, testAgreement, verified } from './_test/agreement.js';
import { baseAgreement } from './_test/base.js';
import type { Fact } from './facts.js';
import { verifyFacts } from './verify-facts.js';

const agreement = testAgreement(baseAgreement());
const codes = (facts: Fact[], a = agreement) =>
  verifyFacts(a, facts, d('2030-01-01')).rejected.flatMap((r) => r.problems.map((p) => `${r.id}:${p.code}`));

describe('verifyFacts', () => {
  it('counts a fact with one counting evidence kind attested by a registered auditor', () => {
    const r = verifyFacts(agreement, [jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01')], d('2030-01-01'));
    expect(r.counted.map((f) => f.id)).toEqual(['e1']);
    expect(r.rejected).toEqual([]);
  });

  it('E1: self-report alone never verifies, even with an attestation', () => {
    expect(
      codes([jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01', { evidence: ['self-report'] })]),
    ).toEqual(['e1:self-report-alone']);
  });

  it('E1: self-report counts only beside a counting kind', () => {
    const f = jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01', {
      evidence: ['self-report', 'cpa-attestation'],
    });
    expect(codes([f])).toEqual([]);
  });

  it('E1: self-report never verifies alone even when listed among the counting kinds', () => {
    const raw = baseAgreement();
    raw.verification.evidence.counts.push('self-report');
    const f = jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01', { evidence: ['self-report'] });
    expect(codes([f], testAgreement(raw))).toEqual(['e1:self-report-alone']);
  });

  it('E1: minKinds distinct counting kinds are required', () => {
    const raw = baseAgreement();
    raw.verification.evidence.minKinds = 2;
    const a = testAgreement(raw);
    const one = jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01', {
      evidence: ['ui-wage-records', 'ui-wage-records'],
    });
    const two = jobs('e2', 'honda', '2027-06-30', 10, '2027-08-01', {
      evidence: ['ui-wage-records', 'cpa-attestation'],
    });
    const other = jobs('e3', 'honda', '2027-06-30', 10, '2027-08-01', { evidence: ['irs-941'] });
    expect(codes([one, two, other], a)).toEqual(['e1:evidence-insufficient', 'e3:evidence-insufficient']);
  });

  it('quorum: attestations by distinct registered auditors; unregistered ones are named', () => {
    const raw = baseAgreement();
    raw.verification.auditors.quorum = 2;
    const a = testAgreement(raw);
    const twice = jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01', { attestations: ['kpmg', 'kpmg'] });
    const stranger = jobs('e2', 'honda', '2027-06-30', 10, '2027-08-01', { attestations: ['kpmg', 'bob'] });
    const ok = jobs('e3', 'honda', '2027-06-30', 10, '2027-08-01', { attestations: ['kpmg', 'ey'] });
    expect(codes([twice, stranger, ok], a)).toEqual([
      'e1:quorum-not-met',
      'e2:unregistered-auditor',
      'e2:quorum-not-met',
    ]);
  });

  it('quorum 0 needs no attestation', () => {
    const raw = baseAgreement();
    raw.verification.auditors.quorum = 0;
    expect(
      codes([jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01', { attestations: [] })], testAgreement(raw)),
    ).toEqual([]);
  });

  it('rejects references to commitments, obligations, milestones and tracks the agreement lacks', () => {
    const facts: Fact[] = [
      jobs('e1', 'toyota', '2027-06-30', 10, '2027-08-01'),
      capital('c1', 'nobody', '2027-06-30', 5, '2027-08-01'),
      {
        ...verified('o1', '2027-08-01'),
        type: 'obligation',
        obligation: 'farm',
        periodEnd: d('2027-06-30'),
        value: { unit: 'boolean', value: true },
      },
      {
        ...verified('w1', '2027-08-01'),
        type: 'waiver',
        milestone: 'm9',
        approvedBy: ['US', 'JP'],
        reason: 'x',
      },
      {
        ...verified('r1', '2027-08-01'),
        type: 'relief-granted',
        track: 'steel',
        periodEnd: d('2027-06-30'),
        amount: 1n,
      },
    ];
    expect(codes(facts)).toEqual([
      'c1:unknown-reference',
      'e1:unknown-reference',
      'o1:unknown-reference',
      'r1:unknown-reference',
      'w1:unknown-reference',
    ]);
  });

  it('J1: work reported at a site outside the commitment does not count', () => {
    expect(codes([jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01', { site: 'US-MI' })])).toEqual([
      'e1:site-not-covered',
    ]);
    expect(codes([jobs('e2', 'honda', '2027-06-30', 10, '2027-08-01', { site: 'US-OH' })])).toEqual([]);
  });

  it('C6: a waiver counts only with the approval of every approver (default: all parties)', () => {
    const waiver = (id: string, approvedBy: string[]): Fact => ({
      ...verified(id, '2027-08-01'),
      type: 'waiver',
      milestone: 'm1',
      approvedBy,
      reason: 'flood',
    });
    expect(codes([waiver('w1', ['US']), waiver('w2', ['US', 'JP'])])).toEqual(['w1:waiver-not-approved']);
    const raw = baseAgreement();
    raw.waivers = { approvers: ['US'] };
    expect(codes([waiver('w1', ['US'])], testAgreement(raw))).toEqual([]);
  });

  it('ignores facts recorded after the as-of date (not yet known)', () => {
    const r = verifyFacts(agreement, [jobs('e1', 'honda', '2027-06-30', 10, '2030-01-02')], d('2030-01-01'));
    expect(r).toEqual({ counted: [], rejected: [] });
    const onTheDay = verifyFacts(
      agreement,
      [jobs('e1', 'honda', '2027-06-30', 10, '2030-01-01')],
      d('2030-01-01'),
    );
    expect(onTheDay.counted).toHaveLength(1);
  });

  it('rejects every fact sharing an id, whatever the order', () => {
    const a = jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01');
    const b = jobs('e1', 'honda', '2027-06-30', 20, '2027-08-01');
    const ab = verifyFacts(agreement, [a, b], d('2030-01-01'));
    expect(ab.counted).toEqual([]);
    expect(ab.rejected.map((r) => r.problems[0]?.code)).toEqual(['duplicate-fact-id', 'duplicate-fact-id']);
    expect(verifyFacts(agreement, [b, a], d('2030-01-01'))).toEqual(ab);
  });

  it('an obligation value in the wrong unit does not count', () => {
    const raw = baseAgreement();
    raw.linked = [
      { id: 'farm', party: 'JP', title: 'Farm purchases', unit: 'usd', atLeast: '8bn', per: 'year' },
    ];
    const f: Fact = {
      ...verified('o1', '2027-08-01'),
      type: 'obligation',
      obligation: 'farm',
      periodEnd: d('2026-12-31'),
      value: { unit: 'count', value: 8 },
    };
    expect(codes([f], testAgreement(raw))).toEqual(['o1:unit-mismatch']);
  });

  it('problems of file facts carry the file position', () => {
    const f = jobs('e1', 'toyota', '2027-06-30', 10, '2027-08-01', {
      origin: { kind: 'file', file: 'facts.json', pointer: '/facts/3' },
    });
    const r = verifyFacts(agreement, [f], d('2030-01-01'));
    expect(r.rejected[0]?.problems[0]?.where).toEqual({ file: 'facts.json', pointer: '/facts/3' });
  });
});

describe('verifyFacts figures', () => {
  it('rejects impossible employment figures that did not come through a file parser', () => {
    const bad = [
      jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01', { months: 0 }),
      jobs('e2', 'honda', '2027-06-30', 10, '2027-08-01', { relocatedHours: 1e9 }),
      jobs('e3', 'honda', '2027-06-30', -1, '2027-08-01'),
    ];
    expect(codes(bad)).toEqual(['e1:invalid-figures', 'e2:invalid-figures', 'e3:invalid-figures']);
  });
});
