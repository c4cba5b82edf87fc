import { describe, expect, it } from 'vitest';
import { type IsoDate, isoDate } from '../../_lib/date.js';
import { AccordError } from '../../_lib/problem.js';
import { engine } from '../_test/duty-helpers.js';
import { computeDuty } from '../engine.js';
import { dutyInputProblems } from './input-problems.js';

const good = { hts: '8703.23.01', origin: 'JP', date: isoDate('2025-10-01'), value: 4_000_000n };

describe('dutyInputProblems', () => {
  it('finds nothing wrong with a good line', () => {
    expect(dutyInputProblems(engine, good)).toEqual([]);
  });

  it('lists every wrong field with its pointer, in reading order', () => {
    const problems = dutyInputProblems(engine, {
      ...good,
      hts: 'eighty-seven',
      origin: 'UK',
      meltPour: 'XX',
      date: isoDate('2025-10-01'),
      value: -1n,
      metalShare: 1_500_000,
      loaded: isoDate('2025-11-01'),
    });
    expect(problems.map((p) => p.where?.pointer)).toEqual([
      '/origin',
      '/meltPour',
      '/value',
      '/metalShare',
      '/loaded',
      '/hts',
    ]);
    expect(problems.every((p) => p.code === 'duty-input-invalid')).toBe(true);
    expect(problems[0]?.message).toMatch(/did you mean GB/);
  });

  it('refuses a CAFTA-DR claim for goods of a country outside CAFTA-DR, and accepts it for the six parties', () => {
    const [problem] = dutyInputProblems(engine, { ...good, caftaDr: true });
    expect(problem?.where?.pointer).toBe('/caftaDr');
    expect(problem?.message).toMatch(/goods of JP \(Japan\) cannot be CAFTA-DR originating/);
    for (const origin of ['CR', 'DO', 'SV', 'GT', 'HN', 'NI'])
      expect(dutyInputProblems(engine, { ...good, origin, caftaDr: true })).toEqual([]);
  });

  it('points at the date when it is not a date or before the rule base covers', () => {
    const at = (date: string) =>
      dutyInputProblems(engine, { ...good, date: isoDate(date) }).map((p) => p.where?.pointer);
    expect(at('2024-12-31')).toEqual(['/date']);
    expect(dutyInputProblems(engine, { ...good, date: '2025-02-30' as IsoDate })[0]?.message).toMatch(
      /not a calendar date/,
    );
  });
});

describe('computeDuty on a wrong line', () => {
  it('throws one AccordError carrying the problems, its message joining them', () => {
    let error: unknown;
    try {
      computeDuty(engine, { ...good, origin: 'jp', value: -1n });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AccordError);
    const e = error as AccordError;
    expect(e.code).toBe('duty-input-invalid');
    expect(e.problems.map((p) => p.where?.pointer)).toEqual(['/origin', '/value']);
    expect(e.message).toBe(e.problems.map((p) => p.message).join('; '));
  });

  it('points at the quantity or rate a line gives wrongly', () => {
    const pointer = (extra: object) => {
      try {
        computeDuty(engine, { ...good, ...extra });
      } catch (e) {
        return (e as AccordError).problems[0]?.where?.pointer;
      }
    };
    expect(pointer({ weightKg: 'ten' })).toBe('/weightKg');
    expect(pointer({ quantities: { litre: '1' } })).toBe('/quantities/litre');
    expect(pointer({ mfn: 'cheap' })).toBe('/mfn');
  });
});
