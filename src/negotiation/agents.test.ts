import { describe, expect, it } from 'vitest';
import { makeAgent, OwnSpace, TimeBasedAgent } from './agents.js';
import { prepareScenario } from './analyze.js';
import type { CompiledProfile, Scenario } from './model.js';
import { FrequencyOpponentModel } from './opponent-model.js';
import { negotiate, runAlternatingOffers } from './protocol.js';

/** A pie of 101 slices: A's utility k/100, B's 1 − k/100. */
const PIE: Scenario = {
  domain: { name: 'pie', issues: [{ kind: 'integer', name: 'share', min: 0, max: 100 }] },
  profiles: [
    {
      name: 'A',
      weights: { share: 1 },
      evaluators: { share: { kind: 'linear', slope: 0.01, offset: 0, from: 0 } },
    },
    {
      name: 'B',
      weights: { share: 1 },
      evaluators: { share: { kind: 'linear', slope: -0.01, offset: 1, from: 0 } },
    },
  ],
};

const unitSpace = (): OwnSpace => {
  const profile: CompiledProfile = {
    name: 'u',
    tables: [Float64Array.from({ length: 1001 }, (_, k) => k / 1000)],
    reservation: 0,
    discount: 1,
  };
  return new OwnSpace(profile);
};

describe('time-based agents (Genius exponent e)', () => {
  it('aim at 0.96875 (Boulware e = 0.2), 0.5 (linear) and 0.292893 (conceder e = 2) at t = 0.5', () => {
    const space = unitSpace();
    expect(new TimeBasedAgent(space, 0.2).target(0.5)).toBeCloseTo(0.96875, 6);
    expect(new TimeBasedAgent(space, 1).target(0.5)).toBeCloseTo(0.5, 6);
    expect(new TimeBasedAgent(space, 2).target(0.5)).toBeCloseTo(0.292893, 6);
    expect(new TimeBasedAgent(space, 0).target(0.99)).toBe(1);
  });
  it('offer the lowest bid still at or above the target', () => {
    const agent = new TimeBasedAgent(unitSpace(), 1);
    expect(agent.act({ t: 0.5, opponentOffer: null })).toEqual({ type: 'offer', outcome: 500 });
  });
  it('accept an offer at least as good as their planned bid (AC_next)', () => {
    const agent = new TimeBasedAgent(unitSpace(), 1);
    expect(agent.act({ t: 0.5, opponentOffer: 600 })).toEqual({ type: 'accept' });
    expect(agent.act({ t: 0.5, opponentOffer: 400 })).toEqual({ type: 'offer', outcome: 500 });
  });
  it('never go below the reservation value', () => {
    const space = new OwnSpace({
      name: 'u',
      tables: [Float64Array.from({ length: 11 }, (_, k) => k / 10)],
      reservation: 0.4,
      discount: 1,
    });
    expect(new TimeBasedAgent(space, 1).target(1)).toBeCloseTo(0.4, 12);
  });
  it('reject unknown strategy names with a usage error', () => {
    expect(() => makeAgent('stubborn', unitSpace())).toThrow(/unknown agent strategy/);
  });
});

describe('alternating-offers protocol', () => {
  const prep = prepareScenario(PIE, 'raw');
  it('gives everything to a hardliner facing a conceder', () => {
    const run = negotiate(prep, ['hardliner', 'conceder'], 20);
    expect(run.agreement).toEqual({ share: 100 });
    expect(run.trace.at(-1)!.party).toBe('B');
    expect(run.trace.at(-1)!.action).toBe('accept');
  });
  it('ends without agreement between two hardliners, paying reservation values', () => {
    const run = negotiate(prep, ['hardliner', 'hardliner'], 10);
    expect(run.agreement).toBeNull();
    expect(run.trace.length).toBe(20);
    expect(run.utilities).toEqual([0, 0]);
  });
  it('lets two linear agents meet in the middle of the pie', () => {
    const run = negotiate(prep, ['linear', 'linear'], 50);
    expect(run.agreement).not.toBeNull();
    expect(Math.abs(Number(run.agreement!.share) - 50)).toBeLessThanOrEqual(2);
    // Every offer on a one-issue pie is efficient.
    expect(run.trace.every((s) => s.dominated === false)).toBe(true);
  });
  it('does not allow accepting on the first turn', () => {
    const acceptor = { strategy: 'eager', act: () => ({ type: 'accept' as const }) };
    const run = runAlternatingOffers(
      prep,
      [acceptor, makeAgent('hardliner', new OwnSpace(prep.parties[1]))],
      1,
    );
    expect(run.agreement).toBeNull();
    expect(run.trace.map((s) => s.action)).toEqual(['offer']);
  });
  it('reciprocates with tit-for-tat: a conceding opponent is matched, and they agree', () => {
    const run = negotiate(prep, ['tit-for-tat', 'linear'], 40);
    expect(run.agreement).not.toBeNull();
    const aOffers = run.trace
      .filter((s) => s.party === 'A' && s.action === 'offer')
      .map((s) => s.utilities![0]);
    expect(aOffers[0]).toBe(1);
    expect(aOffers.at(-1)!).toBeLessThan(1);
  });
  it('discounts agreement utilities by d^t', () => {
    const discounted: Scenario = { ...PIE, profiles: PIE.profiles.map((p) => ({ ...p, discount: 0.5 })) };
    const p2 = prepareScenario(discounted, 'raw');
    const run = negotiate(p2, ['linear', 'linear'], 50);
    const step = run.trace.at(-1)!;
    expect(run.utilities[0]).toBeCloseTo(step.utilities![0] * 0.5 ** step.t, 12);
  });
});

describe('FrequencyOpponentModel', () => {
  it('learns the opponent favourite value and the issue it never changes', () => {
    const m = new FrequencyOpponentModel([3, 3]);
    for (const o of [
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 1],
    ])
      m.observe(o);
    expect(m.estimate([0, 1])).toBeGreaterThan(m.estimate([2, 1]));
    const [w0, w1] = m.weights();
    expect(w0!).toBeGreaterThan(w1!);
    expect(w0! + w1!).toBeCloseTo(1, 12);
  });
});
