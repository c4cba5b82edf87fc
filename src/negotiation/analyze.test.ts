import { describe, expect, it } from 'vitest';
import { analyzeProposal, analyzeScenario, focusIssue, prepareScenario } from './analyze.js';
import type { Domain, Evaluator, Profile, Scenario } from './model.js';
import { seededRandom } from './test-random.js';

function randomScenario(seed: number): Scenario {
  const rand = seededRandom(seed);
  const issues = Array.from({ length: 2 + Math.floor(rand() * 3) }, (_, i) => ({
    kind: 'discrete' as const,
    name: `i${i}`,
    values: Array.from({ length: 2 + Math.floor(rand() * 6) }, (_, k) => `v${k}`),
  }));
  const profile = (name: string): Profile => {
    const raw = issues.map(() => rand() + 0.05);
    const total = raw.reduce((a, b) => a + b, 0);
    return {
      name,
      weights: Object.fromEntries(issues.map((i, k) => [i.name, raw[k]! / total])),
      evaluators: Object.fromEntries(
        issues.map((i) => [
          i.name,
          { kind: 'table', values: Object.fromEntries(i.values.map((v) => [v, rand()])) } as Evaluator,
        ]),
      ),
      reservationValue: rand() * 0.3,
    };
  };
  return { domain: { name: 'r', issues }, profiles: [profile('A'), profile('B')] };
}

/** Reverse the issue order and each issue's option order. */
function reorder(s: Scenario): Scenario {
  const domain: Domain = {
    name: s.domain.name,
    issues: [...s.domain.issues]
      .reverse()
      .map((i) => (i.kind === 'discrete' ? { ...i, values: [...i.values].reverse() } : i)),
  };
  return { domain, profiles: s.profiles };
}

/** Rescale a party's utility u → a·u + b (raw convention; b spread over issues so the form stays additive). */
function rescale(s: Scenario, party: number, a: number, b: number): Scenario {
  const profiles = s.profiles.map((p, k) => {
    if (k !== party) return p;
    const n = s.domain.issues.length;
    const evaluators: Record<string, Evaluator> = {};
    for (const issue of s.domain.issues) {
      const ev = p.evaluators[issue.name] as { kind: 'table'; values: Record<string, number> };
      const w = p.weights[issue.name]!;
      evaluators[issue.name] = {
        kind: 'table',
        values: Object.fromEntries(Object.entries(ev.values).map(([v, e]) => [v, (a * w * e + b / n) / w])),
      };
    }
    return { ...p, evaluators, reservationValue: a * (p.reservationValue ?? 0) + b };
  });
  return { domain: s.domain, profiles };
}

const frontierKey = (a: ReturnType<typeof analyzeScenario>) =>
  a.pareto.map((p) => JSON.stringify(p.outcome, Object.keys(p.outcome).sort())).sort();

describe('analysis invariance', () => {
  it('does not depend on the order of issues or of their values', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const s = randomScenario(seed);
      for (const c of ['genius', 'raw'] as const) {
        const a = analyzeScenario(s, c);
        const b = analyzeScenario(reorder(s), c);
        expect(frontierKey(b), `seed ${seed}`).toEqual(frontierKey(a));
        expect(b.nash!.utilities[0]).toBeCloseTo(a.nash!.utilities[0], 9);
        expect(b.kalaiSmorodinsky!.utilities[1]).toBeCloseTo(a.kalaiSmorodinsky!.utilities[1], 9);
        expect(b.opposition).toBeCloseTo(a.opposition, 9);
      }
    }
  });
  it('keeps the frontier, Nash, Kalai–Smorodinsky and min–max opposition under positive affine rescaling of one party', () => {
    for (let seed = 20; seed <= 35; seed++) {
      const s = randomScenario(seed);
      const a = analyzeScenario(s, 'raw');
      const b = analyzeScenario(rescale(s, seed % 2, 3.5, -1.25), 'raw');
      expect(frontierKey(b), `seed ${seed}`).toEqual(frontierKey(a));
      expect(JSON.stringify(b.nash!.outcome)).toBe(JSON.stringify(a.nash!.outcome));
      expect(JSON.stringify(b.kalaiSmorodinsky!.outcome)).toBe(JSON.stringify(a.kalaiSmorodinsky!.outcome));
      const k = seed % 2;
      expect(b.nash!.utilities[k]).toBeCloseTo(3.5 * a.nash!.utilities[k]! - 1.25, 9);
      expect(b.oppositionMinMax).toBeCloseTo(a.oppositionMinMax, 9);
    }
  });
  it('keeps the opposition (utilities divided by each best) when one party is rescaled by a factor alone', () => {
    for (let seed = 40; seed <= 50; seed++) {
      const s = randomScenario(seed);
      const a = analyzeScenario(s, 'raw');
      const b = analyzeScenario(rescale(s, seed % 2, 3.5, 0), 'raw');
      expect(b.opposition, `seed ${seed}`).toBeCloseTo(a.opposition, 9);
    }
  });
});

describe('analyzeProposal', () => {
  const s = randomScenario(7);
  const prep = prepareScenario(s, 'genius');
  it('finds frontier outcomes efficient at distance 0', () => {
    const f = analyzeScenario(s, 'genius').pareto[0]!;
    const p = analyzeProposal(prep, f.outcome);
    expect(p.dominated).toBe(false);
    expect(p.distanceToFrontier).toBe(0);
  });
  it('names a dominating package for an inefficient proposal', () => {
    // The worst outcome for A that is not on the frontier: take every issue's first value and check.
    const worst = Object.fromEntries(
      s.domain.issues.map((i) => [i.name, i.kind === 'discrete' ? i.values[0]! : 0]),
    );
    const p = analyzeProposal(prep, worst);
    if (p.dominated) {
      expect(p.bestImprovement!.utilities[0]).toBeGreaterThanOrEqual(p.utilities[0]);
      expect(p.bestImprovement!.utilities[1]).toBeGreaterThanOrEqual(p.utilities[1]);
      expect(p.distanceToFrontier).toBeGreaterThan(0);
    } else expect(p.distanceToFrontier).toBe(0);
  });
});

describe('focusIssue', () => {
  it('gives, per value, the Nash package using it; the best row equals the overall Nash product', () => {
    const s = randomScenario(11);
    const prep = prepareScenario(s, 'genius');
    const rows = focusIssue(prep, 'i0');
    expect(rows.length).toBe((s.domain.issues[0] as { values: readonly string[] }).values.length);
    for (const r of rows) if (r.nash) expect(r.nash.outcome.i0).toBe(r.value);
    const best = Math.max(...rows.map((r) => r.relativeNashProduct ?? 0));
    expect(best).toBeCloseTo(1, 9);
  });
});
