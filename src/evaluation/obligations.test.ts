import { describe, expect, it } from 'vitest';
import { d, testAgreement, verified } from './_test/agreement.js';
import { baseAgreement, type RawAgreement } from './_test/base.js';
import { evaluate } from './evaluate.js';
import type { Fact, ObligationFact } from './facts.js';

const linked = (raw: RawAgreement) => {
  raw.linked = [
    { id: 'farm', party: 'JP', title: 'US farm purchases', unit: 'usd', atLeast: '8bn', per: 'year' },
    { id: 'defense', party: 'JP', title: 'Defense spending', unit: 'share', atLeast: '2%', by: '2027-12-31' },
    { id: 'quantum', party: 'JP', title: 'Quantum protocol', unit: 'boolean', by: '2026-12-31' },
  ];
  raw.milestones.push({ id: 'm-farm', when: { obligation: 'farm' }, by: '2027-12-31' });
};
const ob = (
  id: string,
  obligation: string,
  periodEnd: string,
  value: ObligationFact['value'],
  recorded: string,
): Fact => ({
  ...verified(id, recorded),
  type: 'obligation',
  obligation,
  periodEnd: d(periodEnd),
  value,
});
const usd = (bn: number) => ({ unit: 'usd' as const, cents: BigInt(bn * 1e9) * 100n });
const run = (facts: Fact[], asOf: string) => {
  const raw = baseAgreement();
  linked(raw);
  return evaluate(testAgreement(raw), facts, d(asOf));
};
const status = (facts: Fact[], asOf: string) =>
  Object.fromEntries(run(facts, asOf).obligations.map((o) => [o.id, o.status]));

describe('linked obligations', () => {
  it('per-year: every completed calendar year within the term needs a report meeting the target', () => {
    // The term starts 2025-10-01, so 2026 is the first full calendar year.
    expect(status([], '2026-06-01').farm).toBe('pending');
    expect(status([ob('o1', 'farm', '2026-12-31', usd(8), '2027-02-01')], '2027-03-01').farm).toBe('met');
    expect(status([ob('o1', 'farm', '2026-12-31', usd(7.5), '2027-02-01')], '2027-03-01').farm).toBe(
      'missed',
    );
    expect(status([ob('o1', 'farm', '2026-12-31', usd(8), '2027-02-01')], '2028-03-01').farm).toBe('pending');
  });

  it('a milestone referencing a per-year obligation holds when each completed year up to its date met it', () => {
    const ms = (facts: Fact[]) => run(facts, '2028-03-01').milestones.find((m) => m.id === 'm-farm')!;
    const y26 = ob('o1', 'farm', '2026-12-31', usd(8), '2027-02-01');
    expect(ms([y26, ob('o2', 'farm', '2027-12-31', usd(9), '2028-02-01')])).toMatchObject({
      status: 'met',
      decidedOn: '2028-02-01',
    });
    expect(ms([y26, ob('o2', 'farm', '2027-12-31', usd(6), '2028-02-01')]).status).toBe('missed');
  });

  it('share and boolean targets, checked against their `by` date', () => {
    const def = (pct: number) => ob('o1', 'defense', '2027-06-30', { unit: 'share', ppm: pct }, '2027-08-01');
    expect(status([def(20_000)], '2027-09-01').defense).toBe('met');
    expect(status([def(19_999)], '2027-09-01').defense).toBe('pending');
    expect(status([def(19_999)], '2028-01-01').defense).toBe('missed');
    const q = (v: boolean) => ob('o2', 'quantum', '2026-11-30', { unit: 'boolean', value: v }, '2026-12-01');
    expect(status([q(true)], '2027-01-01').quantum).toBe('met');
    expect(status([q(false)], '2027-01-01').quantum).toBe('missed');
  });

  it('explains with the obligation title, the value and the target', () => {
    const o = run([ob('o1', 'farm', '2026-12-31', usd(7.5), '2027-02-01')], '2027-03-01').obligations.find(
      (x) => x.id === 'farm',
    )!;
    expect(o.explanation).toContain('US farm purchases');
    expect(o.explanation).toContain('$8,000,000,000.00 a year');
    expect(o.facts).toEqual(['o1']);
  });
});
