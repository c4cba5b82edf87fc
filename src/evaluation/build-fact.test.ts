import { describe, expect, it } from 'vitest';
import { buildFact } from './build-fact.js';

const origin = { kind: 'file' as const, file: 'f' };
const build = (record: Record<string, unknown>, flavour: 'json' | 'csv' = 'json') =>
  buildFact(
    { id: 'o1', recorded: '2027-02-01', ...record },
    flavour,
    (field) => ({ pointer: `/${field ?? ''}` }),
    origin,
  );
const obligation = (value: unknown, extra: Record<string, unknown> = {}, flavour: 'json' | 'csv' = 'json') =>
  build({ type: 'obligation', obligation: 'farm', periodEnd: '2026-12-31', value, ...extra }, flavour).fact;

describe('buildFact', () => {
  it('infers an obligation value’s unit from its form, or takes `unit`', () => {
    expect(obligation('$8bn')).toMatchObject({ value: { unit: 'usd', cents: 800_000_000_000n } });
    expect(obligation('2%')).toMatchObject({ value: { unit: 'share', ppm: 20_000 } });
    expect(obligation(true)).toMatchObject({ value: { unit: 'boolean', value: true } });
    expect(obligation('yes', {}, 'csv')).toMatchObject({ value: { unit: 'boolean', value: true } });
    expect(obligation(3)).toMatchObject({ value: { unit: 'count', value: 3 } });
    expect(obligation(8000000000, { unit: 'usd' })).toMatchObject({
      value: { unit: 'usd', cents: 800_000_000_000n },
    });
  });

  it('reports a value that fits no unit, with the field’s location', () => {
    const r = build({ type: 'obligation', obligation: 'farm', periodEnd: '2026-12-31', value: 2.5 });
    expect(r.fact).toBeUndefined();
    expect(r.problems).toMatchObject([{ code: 'invalid-number', where: { pointer: '/value' } }]);
    expect(
      build({ type: 'obligation', obligation: 'farm', periodEnd: '2026-12-31', value: 1, unit: 'kg' })
        .problems[0]?.code,
    ).toBe('invalid-field');
  });

  it('requires id, type and recorded, and names each missing one', () => {
    const r = buildFact({}, 'json', (field) => ({ pointer: `/${field ?? ''}` }), origin);
    expect(r.problems.map((p) => [p.code, p.where?.pointer])).toEqual([
      ['missing-field', '/id'],
      ['missing-field', '/type'],
      ['missing-field', '/recorded'],
    ]);
  });

  it('treats empty CSV cells as absent and de-duplicates lists', () => {
    const r = build(
      {
        type: 'capital',
        commitment: 'honda',
        asOf: '2027-01-31',
        disbursed: '5m',
        evidence: 'a;a;b',
        attestations: '',
      },
      'csv',
    );
    expect(r.fact).toMatchObject({ evidence: ['a', 'b'], attestations: [] });
  });
});
