/**
 * Every public ANAC domain in ../shared/conformance/negotiation loads (Genius XML and GeniusWeb JSON) with
 * the right number of issues and outcomes, and analyses under both conventions.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeScenario, CONVENTIONS, loadScenario, outcomeCount } from '../src/negotiation/index.js';
import { ROOT } from './helpers/cli.js';

const DIR = join(ROOT, '../shared/conformance/negotiation');
const present = existsSync(DIR);
if (!present)
  console.warn(`skipped negotiation conformance tests: ${DIR} is absent (needs the shared conformance data)`);

/** Per-issue option counts read from the domain files by hand; outcomes are their product. */
const CASES = [
  {
    name: 'Camera',
    format: 'genius' as const,
    files: ['camera_domain.xml', 'camera_buyer_utility.xml', 'camera_seller_utility.xml'],
    issues: 6,
    outcomes: 5 * 4 * 3 * 3 * 5 * 4,
  },
  {
    name: 'EnglandZimbabwe',
    format: 'genius' as const,
    files: ['EnglandZimbabwe_domain.xml', 'England.xml', 'Zimbabwe.xml'],
    issues: 5,
    outcomes: 4 * 4 * 3 * 3 * 4,
  },
  {
    name: 'Fifty2013',
    format: 'genius' as const,
    files: ['FiftyFifty2013_domain.xml', 'FiftyFifty2013_prof1.xml', 'FiftyFifty2013_prof2.xml'],
    issues: 1,
    outcomes: 11,
  },
  {
    name: 'ItexvsCypress',
    format: 'genius' as const,
    files: ['ItexvsCypress_domain.xml', 'ItexvsCypress_Itex.xml', 'ItexvsCypress_Cypress.xml'],
    issues: 4,
    outcomes: 180,
  },
  {
    name: 'Laptop',
    format: 'genius' as const,
    files: ['laptop_domain.xml', 'laptop_buyer_utility.xml', 'laptop_seller_utility.xml'],
    issues: 3,
    outcomes: 27,
  },
  {
    name: 'Party',
    format: 'genius' as const,
    files: ['party_domain.xml', 'party1_utility.xml', 'party2_utility.xml', 'party3_utility.xml'],
    issues: 6,
    outcomes: 3072,
  },
  {
    name: 'Fitness',
    format: 'geniusweb' as const,
    files: ['fitness.json', 'fitness1.json', 'fitness2.json'],
    issues: 5,
    outcomes: 1280,
  },
];

describe.skipIf(!present)('ANAC conformance domains', () => {
  const load = (c: (typeof CASES)[number]) =>
    loadScenario(
      c.format,
      c.files.map((f) => join(DIR, c.name, f)),
    );

  it.each(CASES)('$name loads with $issues issues and $outcomes outcomes', (c) => {
    const s = load(c);
    expect(s.domain.issues.length).toBe(c.issues);
    expect(outcomeCount(s.domain)).toBe(c.outcomes);
    expect(s.profiles.length).toBe(c.files.length - 1);
  });

  it.each(CASES)('$name analyses under both conventions with a non-empty frontier and solutions', (c) => {
    const s = load(c);
    for (const convention of CONVENTIONS) {
      const a = analyzeScenario(s, convention);
      expect(a.outcomes).toBe(c.outcomes);
      expect(a.pareto.length).toBeGreaterThan(0);
      expect(a.nash).not.toBeNull();
      expect(a.kalaiSmorodinsky).not.toBeNull();
      expect(a.opposition).toBeGreaterThanOrEqual(0);
      expect(a.opposition).toBeLessThanOrEqual(Math.SQRT2);
    }
  });

  it('Fifty2013 is a pie: all 11 outcomes efficient, Nash at 50_50, opposition √2/2', () => {
    const a = analyzeScenario(load(CASES[2]!), 'genius');
    expect(a.pareto.length).toBe(11);
    expect(a.nash!.outcome).toEqual({ Fifty_Fifty: '50_50' });
    expect(a.opposition).toBeCloseTo(Math.SQRT1_2, 9);
    expect(a.disagreement).toEqual([0.5, 0.5]);
  });

  it('Genius and raw conventions give different frontiers on ItexvsCypress', () => {
    const s = load(CASES[3]!);
    const key = (a: ReturnType<typeof analyzeScenario>) =>
      a.pareto.map((p) => JSON.stringify(p.outcome)).sort();
    expect(key(analyzeScenario(s, 'genius'))).not.toEqual(key(analyzeScenario(s, 'raw')));
  });

  it('Genius normalisation puts the best outcome at the sum of weights (Laptop sums to 1.0001)', () => {
    const a = analyzeScenario(load(CASES[4]!), 'genius');
    expect(a.ranges[0][1]).toBeCloseTo(1.0001, 4);
  });

  it("Fitness reads the reservation bid as the reservation value, on each convention's scale", () => {
    const s = load(CASES[6]!);
    // running 0.2·0.15 + 3 hours 0.22·0.05 + 40 km 0.25·0.3 + bootcamp 0.14·0.3 + $50 0.2·0.2 (values as given)
    expect(analyzeScenario(s, 'raw').disagreement[0]).toBeCloseTo(0.198, 12);
    // Genius divides each issue by its best value: type by 0.9, duration by 0.8, the others by 1.
    const genius = (0.2 / 0.9) * 0.15 + (0.22 / 0.8) * 0.05 + 0.25 * 0.3 + 0.14 * 0.3 + 0.2 * 0.2;
    expect(analyzeScenario(s, 'genius').disagreement[0]).toBeCloseTo(genius, 12);
  });

  it('lists every conformance folder in the table above', () => {
    expect(readdirSync(DIR).sort()).toEqual(CASES.map((c) => c.name).sort());
  });
});
