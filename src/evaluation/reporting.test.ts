import { describe, expect, it } from 'vitest';
import { d, jobs, testAgreement } from './_test/agreement.js';
import { baseAgreement } from './_test/base.js';
import { evaluate } from './evaluate.js';
import type { Fact } from './facts.js';
import { monthsLate } from './reporting.js';

const withCalendar = () => {
  const raw = baseAgreement();
  raw.verification.reporting = { annualDue: '03-01', lateFeePerMonth: 500 };
  raw.commitments = raw.commitments.slice(0, 1); // honda only, starting 2025-10-01
  return testAgreement(raw);
};
const run = (facts: Fact[], asOf: string) => evaluate(withCalendar(), facts, d(asOf));

describe('reporting deadline (T1)', () => {
  it('counts months or parts of months after the due date', () => {
    expect(monthsLate(d('2026-03-01'), d('2026-03-01'))).toBe(0);
    expect(monthsLate(d('2026-03-01'), d('2026-03-02'))).toBe(1);
    expect(monthsLate(d('2026-03-01'), d('2026-04-01'))).toBe(1);
    expect(monthsLate(d('2026-03-01'), d('2026-04-02'))).toBe(2);
  });

  it('a report recorded by the due date is on time; none is due before it', () => {
    expect(run([], '2026-02-28').reporting).toEqual([]);
    const r = run([jobs('e1', 'honda', '2025-12-31', 10, '2026-03-01')], '2026-03-01').reporting!;
    expect(r).toMatchObject([
      { commitment: 'honda', year: 2025, due: '2026-03-01', status: 'on-time', monthsLate: 0, facts: ['e1'] },
    ]);
    expect(r[0]?.lateFee).toBeUndefined();
  });

  it('a report recorded a day late is late by a month and owes the fee, which the notes repeat', () => {
    const ev = run([jobs('e1', 'honda', '2025-12-31', 10, '2026-03-02')], '2026-06-01');
    expect(ev.reporting).toMatchObject([
      { status: 'late', monthsLate: 1, lateFee: 50_000n, recorded: '2026-03-02' },
    ]);
    expect(ev.notes.some((n) => n.includes('late fee $500.00') && n.includes('T1'))).toBe(true);
  });

  it('a report not recorded by the as-of date is missing and its fee runs to the as-of date', () => {
    const ev = run([], '2026-05-15');
    expect(ev.reporting).toMatchObject([
      { year: 2025, status: 'missing', monthsLate: 3, lateFee: 150_000n, facts: [] },
    ]);
  });

  it('without a reporting calendar there is no reporting result', () => {
    expect(evaluate(testAgreement(baseAgreement()), [], d('2030-01-01')).reporting).toBeUndefined();
  });
});
