import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diskSource } from '../_lib/read-file.js';
import { analyzeScenario } from './analyze.js';
import { usJapanSimulator } from './simulator-economics.js';
import { exactUsJapanAnalysis } from './us-japan-exact.js';
import { US_JAPAN_DOMAIN } from './us-japan-utilities.js';
import { parseYamlScenario } from './yaml-scenario.js';

describe('exactUsJapanAnalysis with the simulator (SMART), as the example uses it', () => {
  const exact = exactUsJapanAnalysis(usJapanSimulator('SMART', diskSource));
  it('enumerates every package and finds a Nash package that beats no deal for both', () => {
    expect(exact.outcomes).toBe(414_720);
    expect(exact.frontierSize).toBeGreaterThan(1);
    expect(exact.nash!.utilities[0]).toBeGreaterThan(exact.disagreement[0]);
    expect(exact.nash!.utilities[1]).toBeGreaterThan(exact.disagreement[1]);
    expect(exact.nash!.gainsBn[1]).toBeGreaterThan(0);
  });
  it('names the simulator model it ran', () => {
    expect(exact.model).toContain('SMART');
    expect(exact.model).toContain('data/economics/us-japan-autos-base-2024.csv');
  });
  it('agrees with the linear-additive example on the phase-down, milestones, verification and amount', () => {
    // The linearisation is exact only at its reference; with the simulator's larger job values the two Nash
    // packages still differ on snap-back and defense (the README says so), but not on the tariff mechanics.
    const path = new URL('../../examples/us-japan-negotiation/domain.yaml', import.meta.url);
    const additive = analyzeScenario(parseYamlScenario('domain.yaml', readFileSync(path, 'utf8')), 'genius');
    const differs = US_JAPAN_DOMAIN.issues
      .filter((i) => String(additive.nash!.outcome[i.name]) !== String(exact.nash!.outcome[i.name]))
      .map((i) => i.name);
    for (const core of ['phase-steps', 'final-rate', 'jobs-per-step', 'verification', 'investment-usd-bn'])
      expect(differs).not.toContain(core);
  });
  it('still runs on the linear formula when given it (the model is a parameter)', () => {
    const formula = exactUsJapanAnalysis();
    expect(formula.model).toContain('linear import response');
    expect(formula.nash!.utilities[0]).toBeGreaterThan(formula.disagreement[0]);
  });
});
