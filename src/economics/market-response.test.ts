import { describe, expect, it } from 'vitest';
import { respond, smartTwoPartner } from './market-response.js';
import { smart } from './smart.js';

const market = { jpImports: 40, rowImports: 180, jpT0: 0.025, rowT0: 0.025, Em: -1.3, Es: 1.5, Ex: 99 };

describe('market response', () => {
  it('the allocation-free SMART kernel equals smart() for finite and infinite supply', () => {
    for (const Ex of [99, 2.5]) {
      const m = { ...market, Ex };
      const fast = smartTwoPartner(m, 0.175, 0.275);
      const full = smart({
        partners: [
          { partner: 'JP', imports: 40, t0: 0.025, t1: 0.175 },
          { partner: 'ROW', imports: 180, t0: 0.025, t1: 0.275 },
        ],
        Em: -1.3,
        Es: 1.5,
        Ex,
      });
      expect(fast.jpImports).toBeCloseTo(full.partners[0]!.newImports, 12);
      expect(fast.rowImports).toBeCloseTo(full.partners[1]!.newImports, 12);
      expect(fast.revenue - 0.025 * 220).toBeCloseTo(full.revenueChange, 12);
      expect(fast.jpProducerSurplus).toBeCloseTo(full.partners[0]!.priceEffect * 40, 12);
    }
  });

  it('all three models agree there is no change when tariffs do not move', () => {
    for (const model of ['SMART', 'GSIM', 'CES'] as const) {
      const o = respond(model, market, 0.025, 0.025);
      expect(o.jpImports).toBeCloseTo(40, 9);
      expect(o.rowImports).toBeCloseTo(180, 9);
      expect(o.consumerSurplus).toBeCloseTo(0, 9);
      expect(o.priceChange).toBeCloseTo(0, 12);
    }
  });

  it('all three models lower consumer surplus and Japan’s imports when both tariffs rise by 25 points', () => {
    for (const model of ['SMART', 'GSIM', 'CES'] as const) {
      const o = respond(model, market, 0.275, 0.275);
      expect(o.consumerSurplus).toBeLessThan(0);
      expect(o.jpImports).toBeLessThan(40);
      expect(o.priceChange).toBeGreaterThan(0.2);
    }
  });
});
