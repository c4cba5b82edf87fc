/**
 * @module economics/smart
 * WITS SMART for one importing market and one product line: trade creation (finite or infinite export
 * supply), trade diversion between partners, the world-price effect, tariff revenue and welfare.
 * Values are import values at world prices (world price normalised to 1); rates are fractions.
 */
import type { ModelLabel } from './labels.js';
import { isInfiniteSupply, SOURCES } from './labels.js';

/** One partner's imports on the line. */
export interface SmartPartner {
  partner: string;
  /** Base imports at world prices. */
  imports: number;
  /** Base ad-valorem tariff (fraction). */
  t0: number;
  /** New tariff (fraction). */
  t1: number;
  /** This partner's export-supply elasticity; default the line's `Ex` (WITS has one Ex per line). */
  Ex?: number;
}

/** A SMART line: partners plus the line's elasticities. */
export interface SmartInput {
  line?: string;
  partners: SmartPartner[];
  /** Import-demand elasticity (negative). */
  Em: number;
  /** Substitution elasticity between sources (positive); WITS default 1.5. */
  Es: number;
  /** Export-supply elasticity (positive); 99 or more means infinite (WITS default 99). */
  Ex: number;
}

/** Per-partner SMART effects. */
export interface SmartPartnerResult {
  partner: string;
  tradeCreation: number;
  tradeDiversion: number;
  /** tradeCreation + tradeDiversion. */
  totalEffect: number;
  newImports: number;
  /** Change in the partner's world export price (fraction); 0 with infinite supply. */
  priceEffect: number;
  revenueChange: number;
  /** ½·|Δt|·TC: the consumer-surplus triangle WITS reports as welfare. */
  welfare: number;
}

/** A SMART result for one line. */
export interface SmartResult extends ModelLabel {
  model: 'SMART';
  line?: string;
  partners: SmartPartnerResult[];
  tradeCreation: number;
  tradeDiversion: number;
  revenueChange: number;
  /** Sum of the partners' welfare triangles. */
  welfare: number;
}

const ASSUMPTIONS = [
  'partial equilibrium, one importing market, quasi-linear utility (no income effects)',
  'Armington: partners are imperfect substitutes; two-stage budgeting (Em for total imports, Es for the split)',
  'trade diversion holds the line’s total imports fixed and re-splits them by 1 + Es·(relative price change); it equals the two-group Laird–Yeats form when one group’s tariff changes',
];

/**
 * Run SMART on one line.
 *
 * @example
 * smart({ partners: [{ partner: 'JP', imports: 100, t0: 0.275, t1: 0.15 }], Em: -1, Es: 1.5, Ex: 99 })
 *   .tradeCreation // 100·(−1)·(−0.125)/1.275 ≈ 9.8039
 */
export function smart(input: SmartInput): SmartResult {
  const { Em, Es, Ex } = input;
  const infinite = isInfiniteSupply(Ex);
  const exOf = (p: SmartPartner) => p.Ex ?? Ex;
  const created = input.partners.map((p) => {
    const ex = exOf(p);
    const supplyFactor = isInfiniteSupply(ex) ? 1 : 1 - Em / ex;
    return (p.imports * Em * (p.t1 - p.t0)) / ((1 + p.t0) * supplyFactor);
  });
  // Diversion: weights M_k·(1 + Es·ρ_k), ρ_k = (1+t0_k)/(1+t1_k) − 1, renormalised to the base total.
  // A weight cannot fall below zero: diversion reaches its ceiling with existing trade (WITS help).
  const total = input.partners.reduce((s, p) => s + p.imports, 0);
  const weights = input.partners.map((p) =>
    Math.max(0, p.imports * (1 + Es * ((1 + p.t0) / (1 + p.t1) - 1))),
  );
  const weightSum = weights.reduce((s, w) => s + w, 0);
  const partners = input.partners.map((p, k): SmartPartnerResult => {
    const tc = created[k]!;
    const td = weightSum > 0 ? (total * weights[k]!) / weightSum - p.imports : 0;
    const newImports = p.imports + tc + td;
    const ex = exOf(p);
    const priceEffect = isInfiniteSupply(ex) || p.imports === 0 ? 0 : tc / p.imports / ex;
    return {
      partner: p.partner,
      tradeCreation: tc,
      tradeDiversion: td,
      totalEffect: tc + td,
      newImports,
      priceEffect,
      revenueChange: p.t1 * newImports - p.t0 * p.imports,
      welfare: 0.5 * Math.abs(p.t1 - p.t0) * tc,
    };
  });
  const sum = (f: (r: SmartPartnerResult) => number) => partners.reduce((s, r) => s + f(r), 0);
  return {
    model: 'SMART',
    assumptions: [
      ...ASSUMPTIONS,
      infinite
        ? `export supply infinitely elastic (Ex = ${Ex} ≥ 99): world prices fixed`
        : `export supply elasticity Ex = ${Ex}: world prices move by (ΔM/M)/Ex`,
      ...input.partners
        .filter((p) => p.Ex !== undefined && p.Ex !== Ex)
        .map((p) => `${p.partner}: export supply elasticity Ex = ${p.Ex} (its own)`),
    ],
    citations: [SOURCES.smart],
    ...(input.line === undefined ? {} : { line: input.line }),
    partners,
    tradeCreation: sum((r) => r.tradeCreation),
    tradeDiversion: sum((r) => r.tradeDiversion),
    revenueChange: sum((r) => r.revenueChange),
    welfare: sum((r) => r.welfare),
  };
}
