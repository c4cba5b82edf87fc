import { describe, expect, it } from 'vitest';
import { capital, d, jobs, testAgreement, verified } from './_test/agreement.js';
import type { RawAgreement } from './_test/base.js';
import { baseAgreement } from './_test/base.js';
import { evaluate } from './evaluate.js';
import { toJson } from './to-json.js';

describe('toJson', () => {
  it('turns cents into "123.45" strings and ppm rates into percent strings, and survives JSON.stringify', () => {
    const raw = baseAgreement();
    raw.clawback = { formula: 'pro-rata', tolerance: '92.5%', at: ['2028-01-01'] };
    const r = evaluate(
      testAgreement(raw),
      [
        jobs('e1', 'honda', '2027-06-30', 1100, '2027-08-01'),
        capital('c1', 'honda', '2027-06-30', 1_000_000_000, '2027-08-01'),
        {
          ...verified('r1', '2027-08-01'),
          type: 'relief-granted',
          track: 'autos',
          periodEnd: d('2027-06-30'),
          amount: 12_345n,
        },
      ],
      d('2028-02-01'),
    );
    const json = toJson(r) as RawAgreement;
    expect(json.tracks[0].inForce[0].rate).toBe('25');
    expect(json.tracks[0].planned[0].rate).toBe('20');
    expect(json.milestones[0].condition.ratio).toBe('100');
    expect(json.clawback.tolerance).toBe('92.5');
    expect(json.clawback.reliefGranted).toBe('123.45');
    expect(typeof json.clawback.performance).toBe('string');
    expect(() => JSON.stringify(json)).not.toThrow();
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('gives a measured condition its value and target in their unit, with the words beside them', () => {
    const r = evaluate(
      testAgreement(baseAgreement()),
      [
        jobs('e1', 'honda', '2027-06-30', 1100, '2027-08-01'),
        capital('c1', 'honda', '2027-06-30', 1_500_000_000, '2027-08-01'),
      ],
      d('2028-02-01'),
    );
    const json = toJson(r) as RawAgreement;
    const [m1, m2] = json.milestones;
    // 1,100 FTE reported against the commitment's baseline of 100: 1,000 net new.
    expect(m1.condition).toMatchObject({ value: 1000, target: 1000, unit: 'FTE', valueText: '1,000 FTE' });
    expect(typeof m1.condition.value).toBe('number');
    expect(m2.condition).toMatchObject({
      value: '1500000000.00',
      target: '2000000000.00',
      unit: 'USD',
      valueText: '$1,500,000,000.00',
      targetText: '$2,000,000,000.00',
    });
  });

  it('marks an evaluation of an agreement that is not enacted as hypothetical, and an enacted one not', () => {
    const hypothetical = toJson(
      evaluate(testAgreement(baseAgreement()), [], d('2026-01-01')),
    ) as RawAgreement;
    expect(hypothetical.hypothetical).toBe(true);
    expect(Object.keys(hypothetical)[0]).toBe('hypothetical');
    const raw = baseAgreement();
    raw.status = 'enacted';
    const enacted = toJson(evaluate(testAgreement(raw), [], d('2026-01-01'))) as RawAgreement;
    expect(enacted.hypothetical).toBeUndefined();
  });
});
