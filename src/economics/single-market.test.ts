import { describe, expect, it } from 'vitest';
import { compareModels, type Market } from './single-market.js';

const market: Market = {
  importer: 'US',
  Em: -1.5,
  Es: 1.5,
  partners: [
    { partner: 'JP', imports: 40, t0: 0.275, t1: 0.15, Ex: 99 },
    { partner: 'ROW', imports: 180, t0: 0.275, t1: 0.275, Ex: 99 },
  ],
};

describe('one market through three models', () => {
  it('labels each summary with its model and citations, in the order asked', () => {
    const r = compareModels(market);
    expect(r.map((s) => s.model)).toEqual(['SMART', 'GSIM', 'CES']);
    for (const s of r) {
      expect(s.citations.length).toBeGreaterThan(0);
      expect(s.assumptions.length).toBeGreaterThan(0);
    }
    expect(compareModels(market, ['CES']).map((s) => s.model)).toEqual(['CES']);
  });

  it('agrees on the direction: more from Japan, lower consumer prices, less revenue', () => {
    for (const s of compareModels(market)) {
      expect(s.imports.JP!).toBeGreaterThan(40);
      expect(s.consumerPriceChange).toBeLessThan(0);
      expect(s.revenueChange).toBeLessThan(0);
    }
  });

  it('gives zero change in every model when no tariff moves', () => {
    const still = { ...market, partners: market.partners.map((p) => ({ ...p, t1: p.t0 })) };
    for (const s of compareModels(still)) {
      expect(s.totalImportsChange).toBeCloseTo(0, 9);
      expect(s.revenueChange).toBeCloseTo(0, 9);
      expect(s.welfare).toBeCloseTo(0, 9);
    }
  });
});
