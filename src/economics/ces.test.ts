import { describe, expect, it } from 'vitest';
import { ces } from './ces.js';
import { solveGsim } from './gsim.js';
import { gsimSingleMarket } from './single-market.js';

const market = {
  Em: -1.5,
  sigma: 1.5,
  sources: [
    { source: 'JP', imports: 40, T0: 1.275, T1: 1.15, Ex: 99 },
    { source: 'ROW', imports: 180, T0: 1.275, T1: 1.275, Ex: 99 },
  ],
};

describe('exact CES', () => {
  it('gives zero effects when no tariff changes', () => {
    const r = ces({ ...market, sources: market.sources.map((s) => ({ ...s, T1: s.T0 })) });
    expect(r.compositePriceChange).toBeCloseTo(0, 14);
    expect(r.consumerSurplus).toBeCloseTo(0, 10);
    expect(r.revenueChange).toBeCloseTo(0, 10);
    for (const s of r.bySource) expect(s.quantityChange).toBeCloseTo(0, 12);
    expect(r.model).toBe('CES');
  });

  it('with infinite supply moves the liberalised source by the closed-form CES response', () => {
    const r = ces(market);
    // Composite price and the JP quantity from the calibrated CES directly.
    const e0 = 40 * 1.275 + 180 * 1.275;
    const sJ = (40 * 1.275) / e0;
    const P1 = (sJ * (1.15 / 1.275) ** -0.5 + (1 - sJ)) ** (1 / -0.5);
    expect(r.compositePriceChange).toBeCloseTo(P1 - 1, 12);
    const qJ = e0 * P1 ** -1.5 * sJ * 1.275 ** 0.5 * (1.15 / P1) ** -1.5;
    expect(r.bySource[0]!.quantityChange).toBeCloseTo(qJ / 40 - 1, 10);
    expect(r.bySource[0]!.worldPriceChange).toBe(0);
  });

  it('has no cross effect when Em = −σ', () => {
    const r = ces({ ...market, Em: -1.5, sigma: 1.5 });
    expect(r.bySource[1]!.quantityChange).toBeCloseTo(0, 12);
    const finite = ces({
      ...market,
      Em: -4,
      sigma: 4,
      sources: market.sources.map((s) => ({ ...s, Ex: 2 })),
    });
    expect(finite.bySource[1]!.quantityChange).toBeCloseTo(0, 9);
    expect(finite.bySource[1]!.worldPriceChange).toBeCloseTo(0, 9);
  });

  it('raises the liberalised source’s world price when its supply is finite, and clears its market', () => {
    const r = ces({ ...market, sources: market.sources.map((s) => ({ ...s, Ex: 1.5 })) });
    const jp = r.bySource[0]!;
    expect(jp.worldPriceChange).toBeGreaterThan(0);
    // Supply q0·w^Ex equals demand.
    expect(1 + jp.quantityChange).toBeCloseTo((1 + jp.worldPriceChange) ** 1.5, 9);
  });

  it('has welfare equal to consumer surplus + producer surplus + revenue', () => {
    const r = ces({ ...market, sources: market.sources.map((s) => ({ ...s, Ex: 3 })) });
    expect(r.welfare).toBeCloseTo(r.consumerSurplus + r.producerSurplus + r.revenueChange, 10);
  });

  it('agrees with linearised GSIM to first order for a small cut', () => {
    const small = { ...market, sources: market.sources.map((s, i) => ({ ...s, T1: i === 0 ? 1.27 : s.T0 })) };
    const exact = ces(small);
    const linear = solveGsim(gsimSingleMarket(small));
    const qExact = exact.bySource[0]!.quantityChange;
    const qLinear = linear.quantityChange[0]![2]!;
    expect(Math.abs(qExact - qLinear) / Math.abs(qLinear)).toBeLessThan(0.01);
  });
});
