import { describe, expect, it } from 'vitest';
import { AccordError, type Problem } from '../_lib/problem.js';
import {
  domainToGeniusXml,
  parseGeniusDomain,
  parseGeniusProfile,
  profileToGeniusXml,
} from './genius-xml.js';
import { compileProfile, enumerateUtilities } from './model.js';

const DOMAIN = `<negotiation_template>
<utility_space number_of_issues="2">
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="Price" etype="discrete" type="discrete" vtype="discrete">
<item index="1" value="low"></item>
<item index="2" value="high"></item>
</issue>
<issue index="2" name="Years" etype="integer" type="integer" vtype="integer" lowerbound="7" upperbound="9">
</issue>
</objective>
</utility_space>
</negotiation_template>`;

const PROFILE = `<utility_space>
<reservation value="0.25" />
<objective index="0" name="root" type="objective" etype="objective">
<issue index="1" name="Price" etype="discrete" type="discrete" vtype="discrete">
<item index="1" value="low" evaluation="2"></item>
<item index="2" value="high" evaluation="8"></item>
</issue>
<issue index="2" name="Years" etype="integer" type="integer" vtype="integer" lowerbound="7" upperbound="9">
<evaluator ftype="linear" slope="0.5" offset="0"></evaluator>
</issue>
<weight index="1" value="0.6"></weight>
<weight index="2" value="0.4"></weight>
</objective>
<discount_factor value="0.9" />
</utility_space>`;

function problemsOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (error instanceof AccordError) return error.problems;
    throw error;
  }
  throw new Error('expected an AccordError');
}

describe('parseGeniusDomain', () => {
  it('reads discrete and integer issues', () => {
    const d = parseGeniusDomain('d.xml', DOMAIN);
    expect(d.issues).toEqual([
      { kind: 'discrete', name: 'Price', values: ['low', 'high'] },
      { kind: 'integer', name: 'Years', min: 7, max: 9 },
    ]);
  });
  it('reports malformed XML with line and column', () => {
    const [p] = problemsOf(() =>
      parseGeniusDomain('d.xml', '<negotiation_template>\n<utility_space>\n</negotiation_template>'),
    );
    expect(p!.code).toBe('xml-syntax');
    expect(p!.where).toMatchObject({ file: 'd.xml', line: 3 });
  });
  it('reports a domain without issues', () => {
    const [p] = problemsOf(() =>
      parseGeniusDomain(
        'd.xml',
        '<negotiation_template><utility_space><objective index="0" name="root"></objective></utility_space></negotiation_template>',
      ),
    );
    expect(p!.code).toBe('genius-no-issues');
  });
});

describe('parseGeniusProfile', () => {
  const domain = parseGeniusDomain('d.xml', DOMAIN);
  it('keeps raw evaluations, weights, reservation value and discount', () => {
    const p = parseGeniusProfile('a.xml', PROFILE, domain);
    expect(p.weights).toEqual({ Price: 0.6, Years: 0.4 });
    expect(p.evaluators.Price).toEqual({ kind: 'table', values: { low: 2, high: 8 }, scale: 'issue-max' });
    expect(p.evaluators.Years).toEqual({ kind: 'linear', slope: 0.5, offset: 0, from: 7 });
    expect(p.reservationValue).toBe(0.25);
    expect(p.discount).toBe(0.9);
  });
  it('points at an unknown option value', () => {
    const bad = PROFILE.replace('value="high" evaluation="8"', 'value="huge" evaluation="8"');
    const problems = problemsOf(() => parseGeniusProfile('a.xml', bad, domain));
    const unknown = problems.find((p) => p.code === 'genius-unknown-value')!;
    expect(unknown.message).toContain('"huge"');
    expect(unknown.where).toMatchObject({ file: 'a.xml', line: 6 });
    expect(problems.some((p) => p.code === 'genius-missing-evaluation' && p.message.includes('"high"'))).toBe(
      true,
    );
  });
  it('reports a domain issue the profile leaves out', () => {
    const bad = PROFILE.replace(/<issue index="2"[\s\S]*?<\/issue>/, '');
    const problems = problemsOf(() => parseGeniusProfile('a.xml', bad, domain));
    expect(problems.map((p) => p.code)).toContain('genius-missing-issue');
  });
  it('reports an issue the domain does not have', () => {
    const bad = PROFILE.replace('name="Price"', 'name="Cost"');
    const problems = problemsOf(() => parseGeniusProfile('a.xml', bad, domain));
    expect(problems.map((p) => p.code)).toEqual(
      expect.arrayContaining(['genius-unknown-issue', 'genius-missing-issue']),
    );
  });
});

describe('parseGeniusProfile: numbers Genius would reject or misread', () => {
  const domain = parseGeniusDomain('d.xml', DOMAIN);
  it('rejects a negative evaluation at its item, as Genius does', () => {
    const bad = PROFILE.replace('value="low" evaluation="2"', 'value="low" evaluation="-2"');
    const [p, ...rest] = problemsOf(() => parseGeniusProfile('a.xml', bad, domain));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ code: 'genius-negative-evaluation', where: { file: 'a.xml', line: 5 } });
    expect(p!.message).toContain('-2');
  });
  it('calls a NaN or infinite evaluation what it is, not "missing"', () => {
    for (const text of ['NaN', 'Infinity', 'abc', '']) {
      const bad = PROFILE.replace('value="high" evaluation="8"', `value="high" evaluation="${text}"`);
      const problems = problemsOf(() => parseGeniusProfile('a.xml', bad, domain));
      expect(problems.map((p) => p.code)).toEqual(['genius-evaluation-not-a-number']);
      expect(problems[0]!.where).toMatchObject({ line: 6 });
    }
  });
  it('rejects negative and NaN weights at their <weight> element', () => {
    const neg = PROFILE.replace('<weight index="2" value="0.4">', '<weight index="2" value="-0.4">');
    expect(problemsOf(() => parseGeniusProfile('a.xml', neg, domain))).toEqual([
      expect.objectContaining({
        code: 'genius-negative-weight',
        where: { file: 'a.xml', line: 12, column: 1 },
      }),
    ]);
    const nan = PROFILE.replace('<weight index="1" value="0.6">', '<weight index="1" value="NaN">');
    expect(problemsOf(() => parseGeniusProfile('a.xml', nan, domain))).toEqual([
      expect.objectContaining({
        code: 'genius-weight-not-a-number',
        where: { file: 'a.xml', line: 11, column: 1 },
      }),
    ]);
  });
  it('rejects a non-numeric linear evaluator, reservation value or discount factor', () => {
    const slope = PROFILE.replace('slope="0.5"', 'slope="NaN"');
    expect(problemsOf(() => parseGeniusProfile('a.xml', slope, domain))[0]).toMatchObject({
      code: 'genius-evaluator-not-a-number',
      where: { line: 9 },
    });
    const res = PROFILE.replace('<reservation value="0.25" />', '<reservation value="NaN" />');
    expect(problemsOf(() => parseGeniusProfile('a.xml', res, domain))[0]).toMatchObject({
      code: 'genius-reservation-not-a-number',
      where: { line: 2 },
    });
    const disc = PROFILE.replace('<discount_factor value="0.9" />', '<discount_factor value="Infinity" />');
    expect(problemsOf(() => parseGeniusProfile('a.xml', disc, domain))[0]!.code).toBe(
      'genius-discount-factor-not-a-number',
    );
  });
  it('warns, with the position of the weights, when they sum to 3 or 0.5; accepts 1 ± 0.001', () => {
    for (const [a, b, sum] of [
      ['2', '1', 3],
      ['0.3', '0.2', 0.5],
    ] as const) {
      const text = PROFILE.replace('value="0.6"', `value="${a}"`).replace('value="0.4"', `value="${b}"`);
      const warnings: Problem[] = [];
      const p = parseGeniusProfile('a.xml', text, domain, warnings);
      expect(p.weights).toEqual({ Price: Number(a), Years: Number(b) });
      expect(warnings).toEqual([
        expect.objectContaining({
          code: 'genius-weights-sum',
          severity: 'warning',
          where: { file: 'a.xml', line: 11, column: 1 },
          params: { sum },
        }),
      ]);
    }
    const close: Problem[] = [];
    parseGeniusProfile('a.xml', PROFILE.replace('value="0.4"', 'value="0.4009"'), domain, close);
    expect(close).toEqual([]);
  });
});

describe('Genius XML export', () => {
  it('round-trips a domain and a profile to the same utilities', () => {
    const domain = parseGeniusDomain('d.xml', DOMAIN);
    const profile = parseGeniusProfile('a.xml', PROFILE, domain);
    const domain2 = parseGeniusDomain('d2.xml', domainToGeniusXml(domain));
    const profile2 = parseGeniusProfile('a2.xml', profileToGeniusXml(domain2, profile), domain2);
    expect(domain2.issues).toEqual(domain.issues);
    for (const c of ['genius', 'raw'] as const) {
      expect(enumerateUtilities(compileProfile(domain2, profile2, c).tables)).toEqual(
        enumerateUtilities(compileProfile(domain, profile, c).tables),
      );
    }
    expect(profile2.reservationValue).toBe(0.25);
    expect(profile2.discount).toBe(0.9);
  });
});
