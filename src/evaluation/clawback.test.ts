import { describe, expect, it } from 'vitest';
import { capital, d, jobs, testAgreement, verified } from './_test/agreement.js';
import { baseAgreement, type RawAgreement } from './_test/base.js';
import { evaluate } from './evaluate.js';
import type { Fact } from './facts.js';

const withClawback =
  (extra: Record<string, unknown> = {}) =>
  (raw: RawAgreement) => {
    raw.clawback = { formula: 'pro-rata', tolerance: '90%', ...extra };
  };
const run = (facts: Fact[], asOf: string, edit: (raw: RawAgreement) => void) => {
  const raw = baseAgreement();
  edit(raw);
  return evaluate(testAgreement(raw), facts, d(asOf)).clawback;
};
const relief = (id: string, usd: number, periodEnd = '2030-12-31'): Fact => ({
  ...verified(id, '2031-01-15'),
  type: 'relief-granted',
  track: 'autos',
  periodEnd: d(periodEnd),
  amount: BigInt(usd) * 100n,
});
// Targets: jobs 1000 + 1000 FTE, capital $4bn + $6bn.
const half = [
  jobs('e1', 'honda', '2031-12-31', 1100, '2032-02-01'), // 1,000 net new of 2,000 → 50%
  capital('c1', 'honda', '2031-12-31', 4_000_000_000, '2032-02-01'),
  capital('c2', 'fab', '2031-12-31', 4_000_000_000, '2032-02-01'), // $8bn of $10bn → 80%
];

describe('clawback (C1, C7)', () => {
  it('is not measured before the term ends or an `at` date passes', () => {
    expect(run(half, '2032-09-30', withClawback())).toBeUndefined();
    expect(run(half, '2032-10-01', withClawback())).toBeDefined();
    expect(run(half, '2031-01-01', withClawback({ at: ['2031-01-01'] }))).toBeDefined();
  });

  it('C1: performance is the mean of capped ratios; below tolerance 1 − performance is repaid', () => {
    const c = run([...half, relief('r1', 1_000_000), relief('r2', 500_000)], '2033-01-01', withClawback())!;
    expect(c).toMatchObject({ performance: 650_000, tolerance: 900_000, repayShare: 350_000 });
    expect(c.reliefGranted).toBe(150_000_000n);
    expect(c.due).toBe(52_500_000n);
    expect(c.explanation).toContain('Pro-rata clawback (C1)');
    expect(c.explanation).toContain('r1');
  });

  it('C1: at or above tolerance nothing is repaid; ratios are capped at 100%', () => {
    const over = [
      jobs('e1', 'honda', '2031-12-31', 3100, '2032-02-01'), // 3,000 of 2,000 → capped 100%
      capital('c1', 'honda', '2031-12-31', 8_000_000_000, '2032-02-01'), // $8bn of $10bn → 80%
    ];
    const c = run([...over, relief('r1', 1_000_000)], '2033-01-01', withClawback())!;
    expect(c).toMatchObject({ performance: 900_000, repayShare: 0, due: 0n });
    expect(c.explanation).toContain('No clawback');
  });

  it('measures only the chosen measures', () => {
    const c = run(half, '2033-01-01', withClawback({ measures: ['capital'] }))!;
    expect(c.performance).toBe(800_000);
  });

  it('without relief-granted facts the amount due is unknown', () => {
    const c = run(half, '2033-01-01', withClawback())!;
    expect(c.due).toBeUndefined();
    expect(c.explanation).toContain('unknown');
  });

  it('C7: a prohibited transaction within the lookback means full repayment, whatever the performance', () => {
    const breach = (date: string): Fact => ({
      ...verified('b1', date),
      type: 'breach',
      event: 'prohibited-transaction',
      date: d(date),
    });
    const edit = withClawback({ security: { lookbackYears: 5 } });
    const c = run([breach('2030-09-30'), relief('r1', 1_000_000)], '2031-02-01', edit)!;
    expect(c).toMatchObject({ repayShare: 1_000_000, due: 100_000_000n });
    expect(c.explanation).toContain('Security clawback (C7)');
    // signed 2025-10-01 + 5 years: a breach on 2030-10-01 is outside the lookback
    expect(run([breach('2030-10-01'), relief('r1', 1_000_000)], '2031-02-01', edit)).toBeUndefined();
  });
});
