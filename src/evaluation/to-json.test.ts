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
});
