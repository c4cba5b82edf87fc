/**
 * @module economics/market-response
 * The response of one import market (Japan against the rest of the world on one HS heading) to a change
 * in tariffs, in the numbers the term paths need, from whichever tariff model is chosen.
 */
import { ces } from './ces.js';
import { solveGsim } from './gsim.js';
import { isInfiniteSupply, type ModelName } from './labels.js';
import { gsimSingleMarket } from './single-market.js';

/** A two-partner market at base-year flows and tariffs (fractions). */
export interface TwoPartnerMarket {
  jpImports: number;
  rowImports: number;
  jpT0: number;
  rowT0: number;
  Em: number;
  Es: number;
  /** Export-supply elasticity of the rest of the world (and of Japan when `ExJp` is not given). */
  Ex: number;
  /** Japan's export-supply elasticity; finite supply lets Japan's exporters gain from a lower tariff. */
  ExJp?: number;
}

/** What a market looks like after moving to new tariffs, in US dollars at world prices. */
export interface MarketOutcome {
  jpImports: number;
  rowImports: number;
  /** Duty collected at the new tariffs on the new flows. */
  revenue: number;
  /** Change in the composite (consumer) price of the imports against the base year (fraction). */
  priceChange: number;
  /** Consumer surplus change against the base year. */
  consumerSurplus: number;
  /** Producer surplus of Japan's exporters against the base year (0 with infinite supply: the whole
   * duty change then passes to US buyers and Japan's exporters keep their world price). */
  jpProducerSurplus: number;
}

/**
 * Move the market from its base tariffs to `jpT1` and `rowT1` with the named model.
 *
 * @example
 * respond('SMART', market, 0.175, 0.275).jpImports
 */
export function respond(model: ModelName, m: TwoPartnerMarket, jpT1: number, rowT1: number): MarketOutcome {
  if (model === 'SMART') return smartTwoPartner(m, jpT1, rowT1);
  const exJp = m.ExJp ?? m.Ex;
  if (model === 'CES') {
    const r = ces({
      Em: m.Em,
      sigma: m.Es,
      sources: [
        { source: 'JP', imports: m.jpImports, T0: 1 + m.jpT0, T1: 1 + jpT1, Ex: exJp },
        { source: 'ROW', imports: m.rowImports, T0: 1 + m.rowT0, T1: 1 + rowT1, Ex: m.Ex },
      ],
    });
    const jp = r.bySource[0]!;
    const row = r.bySource[1]!;
    return {
      jpImports: jp.newImports,
      rowImports: row.newImports,
      revenue: jpT1 * jp.newImports + rowT1 * row.newImports,
      priceChange: r.compositePriceChange,
      consumerSurplus: r.consumerSurplus,
      jpProducerSurplus: jp.producerSurplus,
    };
  }
  const input = gsimSingleMarket({
    importer: 'US',
    partners: [
      { partner: 'JP', imports: m.jpImports, t0: m.jpT0, t1: jpT1, Ex: exJp },
      { partner: 'ROW', imports: m.rowImports, t0: m.rowT0, t1: rowT1, Ex: m.Ex },
    ],
    Em: m.Em,
    Es: m.Es,
  });
  const r = solveGsim(input);
  const us = r.regions[2]!;
  return {
    jpImports: r.flows[0]![2]!,
    rowImports: r.flows[1]![2]!,
    revenue: jpT1 * r.flows[0]![2]! + rowT1 * r.flows[1]![2]!,
    priceChange: us.importPriceChange,
    consumerSurplus: us.consumerSurplus,
    jpProducerSurplus: r.regions[0]!.producerSurplus,
  };
}

/**
 * SMART for Japan against the rest of the world without allocations (the Monte Carlo calls it millions
 * of times). It is the same arithmetic as `smart()` with each partner's own Ex; a test holds the two equal.
 */
export function smartTwoPartner(m: TwoPartnerMarket, jpT1: number, rowT1: number): MarketOutcome {
  const exJp = m.ExJp ?? m.Ex;
  const infiniteJ = isInfiniteSupply(exJp);
  const infiniteR = isInfiniteSupply(m.Ex);
  const sfJ = infiniteJ ? 1 : 1 - m.Em / exJp;
  const sfR = infiniteR ? 1 : 1 - m.Em / m.Ex;
  const tcJ = (m.jpImports * m.Em * (jpT1 - m.jpT0)) / ((1 + m.jpT0) * sfJ);
  const tcR = (m.rowImports * m.Em * (rowT1 - m.rowT0)) / ((1 + m.rowT0) * sfR);
  const wJ = Math.max(0, m.jpImports * (1 + m.Es * ((1 + m.jpT0) / (1 + jpT1) - 1)));
  const wR = Math.max(0, m.rowImports * (1 + m.Es * ((1 + m.rowT0) / (1 + rowT1) - 1)));
  const w = wJ + wR;
  const total = m.jpImports + m.rowImports;
  const tdJ = w > 0 ? (total * wJ) / w - m.jpImports : 0;
  const tdR = w > 0 ? (total * wR) / w - m.rowImports : 0;
  const jp = m.jpImports + tcJ + tdJ;
  const row = m.rowImports + tcR + tdR;
  // World-price effects (WITS: (ΔM/M)/Ex), zero with infinite supply.
  const peJ = infiniteJ || m.jpImports === 0 ? 0 : tcJ / m.jpImports / exJp;
  const peR = infiniteR || m.rowImports === 0 ? 0 : tcR / m.rowImports / m.Ex;
  // Internal price change per unit of base imports: the tariff change plus the world-price change.
  const dpJ = jpT1 - m.jpT0 + peJ * (1 + jpT1);
  const dpR = rowT1 - m.rowT0 + peR * (1 + rowT1);
  const base = m.jpImports * (1 + m.jpT0) + m.rowImports * (1 + m.rowT0);
  const after = m.jpImports * (1 + m.jpT0 + dpJ) + m.rowImports * (1 + m.rowT0 + dpR);
  return {
    jpImports: jp,
    rowImports: row,
    revenue: jpT1 * jp + rowT1 * row,
    priceChange: base > 0 ? after / base - 1 : 0,
    // ΔCS = −Σ Δp·(M0 + ½·TC): the price change on base imports plus the creation triangle; with finite
    // supply Δp includes the exporters' world-price change, which is their producer surplus.
    consumerSurplus: -dpJ * (m.jpImports + 0.5 * tcJ) - dpR * (m.rowImports + 0.5 * tcR),
    jpProducerSurplus: peJ * m.jpImports,
  };
}
