import { describe, expect, it } from 'vitest';
import { smart } from './smart.js';

const base = {
  Em: -1.5,
  Es: 1.5,
  Ex: 99,
  partners: [
    { partner: 'JP', imports: 40_000, t0: 0.275, t1: 0.15 },
    { partner: 'ROW', imports: 180_000, t0: 0.275, t1: 0.275 },
  ],
};

describe('SMART', () => {
  it('computes trade creation with infinite supply as M·Em·Δt/(1+t0)', () => {
    const r = smart(base);
    expect(r.partners[0]!.tradeCreation).toBeCloseTo((40_000 * -1.5 * -0.125) / 1.275, 9);
    expect(r.partners[1]!.tradeCreation).toBeCloseTo(0, 12);
    expect(r.partners[0]!.priceEffect).toBe(0);
    expect(r.model).toBe('SMART');
  });

  it('damps trade creation by 1 − Em/Ex with finite export supply and reports the price effect', () => {
    const r = smart({ ...base, Ex: 3 });
    const tc = (40_000 * -1.5 * -0.125) / (1.275 * (1 + 1.5 / 3));
    expect(r.partners[0]!.tradeCreation).toBeCloseTo(tc, 9);
    expect(r.partners[0]!.priceEffect).toBeCloseTo(tc / 40_000 / 3, 12);
  });

  it('matches the two-group diversion form M_j·M_K·Es·r/(M_j + M_K + M_j·Es·r)', () => {
    const r = smart(base);
    const rel = 1.275 / 1.15 - 1;
    const td = (40_000 * 180_000 * 1.5 * rel) / (40_000 + 180_000 + 40_000 * 1.5 * rel);
    expect(r.partners[0]!.tradeDiversion).toBeCloseTo(td, 6);
    expect(r.partners[1]!.tradeDiversion).toBeCloseTo(-td, 6);
    expect(r.tradeDiversion).toBeCloseTo(0, 6);
  });

  it('gives zero effects when no tariff changes', () => {
    const r = smart({ ...base, partners: base.partners.map((p) => ({ ...p, t1: p.t0 })) });
    expect(r.tradeCreation).toBe(0);
    expect(r.tradeDiversion).toBe(0);
    expect(r.revenueChange).toBe(0);
    expect(r.welfare).toBe(0);
  });

  it('has total welfare equal to the sum of the partners’ triangles and revenue to the sum of parts', () => {
    const r = smart({
      ...base,
      partners: [
        { partner: 'JP', imports: 40_000, t0: 0.275, t1: 0.15 },
        { partner: 'KR', imports: 38_000, t0: 0.275, t1: 0.15 },
        { partner: 'ROW', imports: 140_000, t0: 0.275, t1: 0.2 },
      ],
    });
    expect(r.welfare).toBeCloseTo(
      r.partners.reduce((s, p) => s + p.welfare, 0),
      9,
    );
    for (const p of r.partners) {
      expect(p.revenueChange).toBeCloseTo(
        (p.partner === 'ROW' ? 0.2 : 0.15) * p.newImports -
          0.275 * (p.partner === 'KR' ? 38_000 : p.partner === 'JP' ? 40_000 : 140_000),
        6,
      );
    }
  });

  it('never diverts more than the existing trade', () => {
    const r = smart({ ...base, Es: 1e6 });
    expect(r.partners[1]!.newImports).toBeGreaterThanOrEqual(0);
    expect(r.partners[1]!.tradeDiversion).toBeGreaterThanOrEqual(-180_000);
    expect(r.partners[1]!.tradeDiversion).toBeLessThan(-179_000);
  });
});
