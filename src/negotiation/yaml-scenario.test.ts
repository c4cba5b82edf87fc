import { describe, expect, it } from 'vitest';
import { AccordError } from '../_lib/problem.js';
import { analyzePrepared, analyzeScenario, prepareScenario } from './analyze.js';
import { recommend } from './recommend.js';
import { parseYamlScenario, validateOutcome } from './yaml-scenario.js';

const GOOD = `name: mini
issues:
  - { name: term, type: integer, min: 7, max: 9 }
  - { name: rate, type: discrete, values: ["15%", "0%"] }
parties:
  - name: US
    reservation: 0.2
    weights: { term: 0.6, rate: 0.4 }
    utilities:
      term: { low: 7, lowUtility: 0, high: 9, highUtility: 1 }
      rate: { "15%": 1, "0%": 0 }
  - name: JP
    weights: { term: 0.5, rate: 0.5 }
    utilities:
      term: { 7: 1, 8: 0.5, 9: 0 }
      rate: { "15%": 0, "0%": 1 }
history:
  - { date: "2025-05", round: one, party: US, label: open, outcome: { term: 9, rate: "15%" } }
`;

function problemsOf(text: string) {
  try {
    parseYamlScenario('s.yaml', text);
  } catch (error) {
    if (error instanceof AccordError) return error.problems;
    throw error;
  }
  throw new Error('expected an AccordError');
}

describe('parseYamlScenario', () => {
  it('reads numbers as a person writes them: 0x10 and .inf are not numbers', () => {
    for (const bad of ['0x10', '.inf', '0o17']) {
      const problems = problemsOf(GOOD.replace('reservation: 0.2', `reservation: ${bad}`));
      const line = GOOD.split('\n').findIndex((l) => l.includes('reservation: 0.2')) + 1;
      expect(
        problems.map((p) => p.where?.line),
        bad,
      ).toEqual([line]);
    }
  });

  it('reads issues, parties and history', () => {
    const s = parseYamlScenario('s.yaml', GOOD);
    expect(s.domain.issues.map((i) => i.kind)).toEqual(['integer', 'discrete']);
    expect(s.profiles[0]!.evaluators.term!.kind).toBe('interpolate');
    expect(s.profiles[1]!.evaluators.term).toEqual({
      kind: 'table',
      values: { 7: 1, 8: 0.5, 9: 0 },
      scale: 'issue-max',
    });
    expect(s.history[0]!.outcome).toEqual({ term: 9, rate: '15%' });
  });
  it('rejects weights that do not sum to one, at the weights line', () => {
    const [p] = problemsOf(GOOD.replace('{ term: 0.6, rate: 0.4 }', '{ term: 0.6, rate: 0.5 }'));
    expect(p).toMatchObject({ code: 'scenario-weights-sum', where: { file: 's.yaml', line: 8 } });
  });
  it('points at an unknown value with its line and column', () => {
    const [p] = problemsOf(GOOD.replace('rate: { "15%": 1, "0%": 0 }', 'rate: { "15%": 1, "5%": 0 }'));
    expect(p).toMatchObject({ code: 'scenario-unknown-value', where: { line: 11 } });
    expect(p!.message).toContain('"5%"');
  });
  it('reports a missing issues list and a party without utilities for an issue', () => {
    expect(problemsOf(GOOD.replace(/issues:[\s\S]*?parties:/, 'parties:')).map((p) => p.code)).toContain(
      'scenario-no-issues',
    );
    const codes = problemsOf(GOOD.replace('      rate: { "15%": 0, "0%": 1 }\n', '')).map((p) => p.code);
    expect(codes).toContain('scenario-missing-issue');
  });
  it('reports YAML syntax errors with a position', () => {
    const [p] = problemsOf('issues: [1,\n  parties: x');
    expect(p!.code).toBe('yaml-syntax');
    expect(p!.where!.line).toBeGreaterThan(0);
  });
  it('carries "utilitiesFrom" into the analysis and the recommendation, and rejects a non-text one', () => {
    const s = parseYamlScenario('s.yaml', `utilitiesFrom: economic simulator, SMART\n${GOOD}`);
    expect(s.utilitiesFrom).toBe('economic simulator, SMART');
    expect(analyzeScenario(s, 'genius').utilitiesFrom).toBe('economic simulator, SMART');
    const prep = prepareScenario(s, 'genius');
    const rec = recommend(prep, analyzePrepared(prep));
    expect(rec?.reasons[0]).toBe('Utilities derived from: economic simulator, SMART.');
    expect('utilitiesFrom' in analyzeScenario(parseYamlScenario('s.yaml', GOOD), 'genius')).toBe(false);
    const p = problemsOf(`utilitiesFrom: [1, 2]\n${GOOD}`);
    expect(p.map((x) => x.code)).toEqual(['scenario-utilities-from']);
    expect(p[0]!.where).toMatchObject({ line: 1 });
  });
  it('rejects a negative weight as negative (not "missing"), at the weight', () => {
    const problems = problemsOf(GOOD.replace('{ term: 0.6, rate: 0.4 }', '{ term: -0.6, rate: 1.6 }'));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'scenario-negative-weight',
        where: { file: 's.yaml', line: 8, column: 22, pointer: '/parties/0/weights/term' },
      }),
    ]);
  });
  it('rejects NaN and infinite weights instead of accepting them silently', () => {
    for (const v of ['.nan', '.inf']) {
      const problems = problemsOf(GOOD.replace('{ term: 0.6, rate: 0.4 }', `{ term: ${v}, rate: 0.4 }`));
      expect(problems.map((p) => p.code)).toEqual(['scenario-weight-not-finite']);
      expect(problems[0]!.where).toMatchObject({ line: 8, column: 22 });
    }
  });
  it('rejects weights summing to 3 or 0.5 (the format requires 1 within 1e-6)', () => {
    for (const w of ['{ term: 2, rate: 1 }', '{ term: 0.3, rate: 0.2 }']) {
      const [p] = problemsOf(GOOD.replace('{ term: 0.6, rate: 0.4 }', w));
      expect(p).toMatchObject({ code: 'scenario-weights-sum', where: { line: 8 } });
    }
  });
  it('rejects negative and NaN utilities at the value, in tables and in numeric ranges', () => {
    const neg = problemsOf(GOOD.replace('{ 7: 1, 8: 0.5, 9: 0 }', '{ 7: 1, 8: 0.5, 9: -0.5 }'));
    expect(neg).toEqual([
      expect.objectContaining({
        code: 'scenario-negative-utility',
        where: { file: 's.yaml', line: 15, column: 32, pointer: '/parties/1/utilities/term/9' },
      }),
    ]);
    const nan = problemsOf(GOOD.replace('{ 7: 1, 8: 0.5, 9: 0 }', '{ 7: 1, 8: .nan, 9: 0 }'));
    expect(nan.map((p) => p.code)).toEqual(['scenario-value-utility']);
    expect(nan[0]!.where).toMatchObject({ line: 15, column: 24 });
    const range = problemsOf(GOOD.replace('high: 9, highUtility: 1 }', 'high: 9, highUtility: .nan }'));
    expect(range[0]).toMatchObject({ code: 'scenario-utilities', where: { line: 10 } });
    const lowNeg = problemsOf(GOOD.replace('lowUtility: 0, high: 9', 'lowUtility: -1, high: 9'));
    expect(lowNeg[0]).toMatchObject({ code: 'scenario-negative-utility', where: { line: 10 } });
  });
  it('rejects a NaN reservation value or discount', () => {
    expect(problemsOf(GOOD.replace('reservation: 0.2', 'reservation: .nan'))[0]).toMatchObject({
      code: 'scenario-reservation',
      where: { line: 7 },
    });
    expect(problemsOf(GOOD.replace('reservation: 0.2', 'discount: .nan'))[0]!.code).toBe('scenario-discount');
  });
  it('rejects a history offer with a value outside the domain', () => {
    const [p] = problemsOf(
      GOOD.replace('outcome: { term: 9, rate: "15%" }', 'outcome: { term: 20, rate: "15%" }'),
    );
    expect(p).toMatchObject({ code: 'scenario-unknown-value', where: { line: 18 } });
  });
});

describe('validateOutcome', () => {
  it('requires every issue and known values', () => {
    const s = parseYamlScenario('s.yaml', GOOD);
    expect(validateOutcome(s.domain, { term: 8, rate: '0%' })).toEqual({ term: 8, rate: '0%' });
    expect(() => validateOutcome(s.domain, { term: 8 })).toThrow(AccordError);
  });
});
