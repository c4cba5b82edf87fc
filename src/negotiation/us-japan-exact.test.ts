import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeScenario } from './analyze.js';
import { exactUsJapanAnalysis } from './us-japan-exact.js';
import { US_JAPAN_DOMAIN } from './us-japan-utilities.js';
import { parseYamlScenario } from './yaml-scenario.js';

describe('exactUsJapanAnalysis', () => {
  const exact = exactUsJapanAnalysis();
  it('enumerates every package and finds a Nash package that beats no deal for both', () => {
    expect(exact.outcomes).toBe(414_720);
    expect(exact.frontierSize).toBeGreaterThan(1);
    expect(exact.nash!.utilities[0]).toBeGreaterThan(exact.disagreement[0]);
    expect(exact.nash!.utilities[1]).toBeGreaterThan(exact.disagreement[1]);
    expect(exact.nash!.gainsBn[1]).toBeGreaterThan(0);
  });
  it('agrees with the linear-additive example on every issue but the term (the linearisation holds where it matters)', () => {
    const path = new URL('../../examples/us-japan-negotiation/domain.yaml', import.meta.url);
    const additive = analyzeScenario(parseYamlScenario('domain.yaml', readFileSync(path, 'utf8')), 'genius');
    const differs = US_JAPAN_DOMAIN.issues
      .filter((i) => String(additive.nash!.outcome[i.name]) !== String(exact.nash!.outcome[i.name]))
      .map((i) => i.name);
    expect(differs.filter((n) => n !== 'term-years')).toEqual([]);
  });
});
