import { describe, expect, it } from 'vitest';
import {
  compileProfile,
  type Domain,
  discounted,
  enumerateUtilities,
  indicesOfNumber,
  issueValues,
  outcomeAt,
  outcomeCount,
  outcomeIndices,
  type Profile,
  tabulateNumericTables,
  utilityOfIndices,
} from './model.js';

const domain: Domain = {
  name: 't',
  issues: [
    { kind: 'discrete', name: 'price', values: ['low', 'mid', 'high'] },
    { kind: 'integer', name: 'years', min: 7, max: 9 },
    { kind: 'real', name: 'rate', min: 0, max: 0.25, levels: 6 },
  ],
};

const profile: Profile = {
  name: 'A',
  weights: { price: 0.5, years: 0.3, rate: 0.2 },
  evaluators: {
    price: { kind: 'table', values: { low: 1, mid: 5, high: 10 } },
    years: { kind: 'linear', slope: 0.5, offset: 0, from: 7 },
    rate: { kind: 'interpolate', lowValue: 0, lowUtility: 1, highValue: 0.25, highUtility: 0 },
  },
  reservationValue: 0.1,
};

describe('issues and outcomes', () => {
  it('enumerates integers and evenly spaced real levels including both ends', () => {
    expect(issueValues(domain.issues[1]!)).toEqual([7, 8, 9]);
    expect(issueValues(domain.issues[2]!)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25]);
    expect(outcomeCount(domain)).toBe(54);
  });
  it('maps outcome numbers, indices and outcomes consistently', () => {
    const idx = indicesOfNumber(domain, 53);
    expect(idx).toEqual([2, 2, 5]);
    expect(outcomeAt(domain, idx)).toEqual({ price: 'high', years: 9, rate: 0.25 });
    expect(outcomeIndices(domain, { price: 'high', years: 9, rate: 0.25 })).toEqual(idx);
  });
});

describe('compileProfile', () => {
  it('divides discrete evaluations by the issue maximum under the genius convention', () => {
    const c = compileProfile(domain, profile, 'genius');
    expect(Array.from(c.tables[0]!)).toEqual([0.05, 0.25, 0.5]);
    expect(utilityOfIndices(c.tables, [2, 0, 0])).toBeCloseTo(0.5 + 0 + 0.2, 12);
    expect(c.reservation).toBe(0.1);
  });
  it('uses a table of utilities (as-given, from GeniusWeb) unscaled under both conventions', () => {
    const utilities: Profile = {
      ...profile,
      evaluators: {
        ...profile.evaluators,
        price: { kind: 'table', values: { low: 0.1, mid: 0.5, high: 0.9 }, scale: 'as-given' },
      },
    };
    for (const c of ['genius', 'raw'] as const) {
      const t = Array.from(compileProfile(domain, utilities, c).tables[0]!);
      expect(t.map((x) => +x.toFixed(12))).toEqual([0.05, 0.25, 0.45]);
    }
  });
  it('keeps raw evaluations under the raw convention', () => {
    const c = compileProfile(domain, profile, 'raw');
    expect(Array.from(c.tables[0]!)).toEqual([0.5, 2.5, 5]);
  });
  it('uses the reservation bid utility as the reservation value when a bid is given', () => {
    const c = compileProfile(
      domain,
      { ...profile, reservationBid: { price: 'mid', years: 7, rate: 0.25 } },
      'genius',
    );
    expect(c.reservation).toBeCloseTo(0.25, 12);
  });
  it('applies the linear evaluator from the lower bound and interpolates number utilities', () => {
    const c = compileProfile(domain, profile, 'raw');
    expect(Array.from(c.tables[1]!)).toEqual([0, 0.15, 0.3]);
    expect(c.tables[2]![0]).toBeCloseTo(0.2, 12);
    expect(c.tables[2]![5]).toBeCloseTo(0, 12);
  });
});

describe('enumerateUtilities', () => {
  it('lists every outcome utility in enumeration order', () => {
    const c = compileProfile(domain, profile, 'genius');
    const all = enumerateUtilities(c.tables);
    expect(all.length).toBe(54);
    for (let n = 0; n < 54; n++) {
      expect(all[n]).toBeCloseTo(utilityOfIndices(c.tables, indicesOfNumber(domain, n)), 12);
    }
  });
});

describe('discounted', () => {
  it('applies U·d^t (Fifty2013, d = 0.25)', () => {
    expect(discounted(1, 0.25, 0.5)).toBeCloseTo(0.5, 12);
    expect(discounted(0.5, 0.25, 1)).toBeCloseTo(0.125, 12);
  });
});

describe('tabulateNumericTables', () => {
  it('turns a numeric issue evaluated by a table into a discrete one with the same utilities', () => {
    const tableYears: Profile = {
      ...profile,
      evaluators: { ...profile.evaluators, years: { kind: 'table', values: { 7: 0.2, 8: 1, 9: 0.5 } } },
    };
    const s = tabulateNumericTables({ domain, profiles: [tableYears, profile] });
    expect(s.domain.issues[1]).toEqual({ kind: 'discrete', name: 'years', values: ['7', '8', '9'] });
    expect(s.domain.issues[2]!.kind).toBe('real');
    for (const [before, after] of [
      [tableYears, s.profiles[0]!],
      [profile, s.profiles[1]!],
    ] as const) {
      expect(enumerateUtilities(compileProfile(s.domain, after, 'raw').tables)).toEqual(
        enumerateUtilities(compileProfile(domain, before, 'raw').tables),
      );
    }
  });
  it('leaves a scenario without numeric tables untouched', () => {
    const s = { domain, profiles: [profile] };
    expect(tabulateNumericTables(s)).toBe(s);
  });
});
