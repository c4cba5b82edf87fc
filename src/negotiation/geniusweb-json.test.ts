import { describe, expect, it } from 'vitest';
import { AccordError } from '../_lib/problem.js';
import {
  domainToGeniusWebJson,
  parseGeniusWebDomain,
  parseGeniusWebProfile,
  profileToGeniusWebJson,
} from './geniusweb-json.js';
import { compileProfile, enumerateUtilities } from './model.js';

const DOMAIN = JSON.stringify({
  name: 'mini',
  issuesValues: { colour: { values: ['red', 'blue'] }, years: { range: { low: 7, high: 9, step: 1 } } },
});

const profile = (weights: Record<string, number>, extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      LinearAdditiveUtilitySpace: {
        issueUtilities: {
          colour: { discreteutils: { valueUtilities: { red: 1.0, blue: 0.4 } } },
          years: { numberutils: { lowValue: 7, lowUtility: 0, highValue: 9, highUtility: 1 } },
          ...extra,
        },
        issueWeights: weights,
        name: 'p1',
        reservationBid: { issuevalues: { colour: 'blue', years: 8 } },
      },
    },
    null,
    2,
  );

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof AccordError) return error.problems;
    throw error;
  }
  throw new Error('expected an AccordError');
}

describe('GeniusWeb JSON', () => {
  const domain = parseGeniusWebDomain('d.json', DOMAIN);

  it('reads discrete value sets and integer ranges', () => {
    expect(domain.issues).toEqual([
      { kind: 'discrete', name: 'colour', values: ['red', 'blue'] },
      { kind: 'integer', name: 'years', min: 7, max: 9 },
    ]);
  });

  it('reads a profile and turns the reservation bid into the reservation value', () => {
    const p = parseGeniusWebProfile('p.json', profile({ colour: 0.5, years: 0.5 }), domain);
    expect(compileProfile(domain, p, 'raw').reservation).toBeCloseTo(0.5 * 0.4 + 0.5 * 0.5, 12);
  });

  it('rejects weights that do not sum to one, pointing at issueWeights', () => {
    const [p] = problemsOf(() =>
      parseGeniusWebProfile('p.json', profile({ colour: 0.5, years: 0.6 }), domain),
    );
    expect(p!.code).toBe('geniusweb-weights-sum');
    expect(p!.where).toEqual({ file: 'p.json', pointer: '/LinearAdditiveUtilitySpace/issueWeights' });
    expect(p!.message).toContain('1.1');
  });

  it('accepts weights whose decimal sum is one despite binary rounding (0.15 + 0.05 + 0.3 + 0.3 + 0.2)', () => {
    const d = parseGeniusWebDomain(
      'd.json',
      JSON.stringify({
        issuesValues: Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((k) => [k, { values: ['x'] }])),
      }),
    );
    const w = { a: 0.15, b: 0.05, c: 0.3, d: 0.3, e: 0.2 };
    const text = JSON.stringify({
      LinearAdditiveUtilitySpace: {
        issueUtilities: Object.fromEntries(
          Object.keys(w).map((k) => [k, { discreteutils: { valueUtilities: { x: 1 } } }]),
        ),
        issueWeights: w,
      },
    });
    expect(() => parseGeniusWebProfile('p.json', text, d)).not.toThrow();
  });

  it('reports unknown values and missing issues', () => {
    const bad = profile({ colour: 0.5, years: 0.5 }).replace('"blue": 0.4', '"green": 0.4');
    const problems = problemsOf(() => parseGeniusWebProfile('p.json', bad, domain));
    expect(problems[0]).toMatchObject({
      code: 'geniusweb-unknown-value',
      where: {
        pointer: '/LinearAdditiveUtilitySpace/issueUtilities/colour/discreteutils/valueUtilities/green',
      },
    });
    const missing = JSON.parse(profile({ colour: 0.5, years: 0.5 }));
    delete missing.LinearAdditiveUtilitySpace.issueUtilities.years;
    const p2 = problemsOf(() => parseGeniusWebProfile('p.json', JSON.stringify(missing), domain));
    expect(p2.map((p) => p.code)).toContain('geniusweb-missing-issue');
  });

  it('reports a JSON syntax error with line and column', () => {
    const [p] = problemsOf(() =>
      parseGeniusWebDomain('d.json', '{\n  "name": "x",\n  "issuesValues": {,}\n}'),
    );
    expect(p!.code).toBe('json-syntax');
    expect(p!.where).toMatchObject({ file: 'd.json', line: 3 });
  });

  it('reports a domain without issues', () => {
    const [p] = problemsOf(() => parseGeniusWebDomain('d.json', '{"name": "x", "issuesValues": {}}'));
    expect(p!.code).toBe('geniusweb-no-issues');
  });

  it('rejects a negative weight even when the weights sum to one, pointing at that weight', () => {
    const problems = problemsOf(() =>
      parseGeniusWebProfile('p.json', profile({ colour: -0.5, years: 1.5 }), domain),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'geniusweb-negative-weight',
        where: { file: 'p.json', pointer: '/LinearAdditiveUtilitySpace/issueWeights/colour' },
      }),
    ]);
  });

  it('calls an infinite weight (1e999 in JSON) not finite, instead of a bad sum', () => {
    const text = profile({ colour: 0.5, years: 0.5 }).replace('"colour": 0.5', '"colour": 1e999');
    const problems = problemsOf(() => parseGeniusWebProfile('p.json', text, domain));
    expect(problems.map((p) => p.code)).toEqual(['geniusweb-weight-not-finite']);
    expect(problems[0]!.where!.pointer).toBe('/LinearAdditiveUtilitySpace/issueWeights/colour');
  });

  it('rejects negative value utilities and number utilities outside [0, 1]', () => {
    const neg = profile({ colour: 0.5, years: 0.5 }).replace('"blue": 0.4', '"blue": -0.4');
    expect(problemsOf(() => parseGeniusWebProfile('p.json', neg, domain))[0]).toMatchObject({
      code: 'geniusweb-value-utility',
      where: {
        pointer: '/LinearAdditiveUtilitySpace/issueUtilities/colour/discreteutils/valueUtilities/blue',
      },
    });
    const low = profile({ colour: 0.5, years: 0.5 }).replace('"lowUtility": 0', '"lowUtility": -1');
    expect(problemsOf(() => parseGeniusWebProfile('p.json', low, domain))[0]).toMatchObject({
      code: 'geniusweb-value-utility',
      where: { pointer: '/LinearAdditiveUtilitySpace/issueUtilities/years/numberutils/lowUtility' },
    });
  });

  it('marks value utilities as given: no convention divides them by the issue maximum', () => {
    const text = profile({ colour: 0.5, years: 0.5 }).replace('"red": 1', '"red": 0.8');
    const p = parseGeniusWebProfile('p.json', text, domain);
    expect(p.evaluators.colour).toEqual({
      kind: 'table',
      values: { red: 0.8, blue: 0.4 },
      scale: 'as-given',
    });
    for (const c of ['genius', 'raw'] as const) {
      expect(Array.from(compileProfile(domain, p, c).tables[0]!)).toEqual([0.4, 0.2]);
    }
  });

  it('round-trips domain and profile to the same utilities', () => {
    const p = parseGeniusWebProfile('p.json', profile({ colour: 0.5, years: 0.5 }), domain);
    const d2 = parseGeniusWebDomain('d2.json', domainToGeniusWebJson(domain));
    const p2 = parseGeniusWebProfile('p2.json', profileToGeniusWebJson(d2, p), d2);
    expect(d2.issues).toEqual(domain.issues);
    expect(enumerateUtilities(compileProfile(d2, p2, 'raw').tables)).toEqual(
      enumerateUtilities(compileProfile(domain, p, 'raw').tables),
    );
    expect(p2.reservationBid).toEqual({ colour: 'blue', years: 8 });
  });

  it('writes utilities whose best is below 1 as they are, so both conventions round-trip', () => {
    const text = profile({ colour: 0.5, years: 0.5 }).replace('"red": 1', '"red": 0.8');
    const p = parseGeniusWebProfile('p.json', text, domain);
    const p2 = parseGeniusWebProfile('p2.json', profileToGeniusWebJson(domain, p), domain);
    for (const c of ['genius', 'raw'] as const) {
      expect(enumerateUtilities(compileProfile(domain, p2, c).tables)).toEqual(
        enumerateUtilities(compileProfile(domain, p, c).tables),
      );
    }
  });
});
