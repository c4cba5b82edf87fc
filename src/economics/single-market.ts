/**
 * @module economics/single-market
 * One import market described once and run through SMART, GSIM and exact CES side by side, with the
 * headline numbers in one shape so they can be compared (each still labelled with its model).
 */
import { type CesInput, type CesResult, ces } from './ces.js';
import { type GsimInput, type GsimResult, solveGsim } from './gsim.js';
import { isInfiniteSupply, type ModelName } from './labels.js';
import { type SmartResult, smart } from './smart.js';

/** The export-supply elasticity GSIM is given for "infinite" supply in single-market runs. */
export const GSIM_INFINITE = 1e12;

/** One partner on a market line. Rates are fractions. */
export interface MarketPartner {
  partner: string;
  imports: number;
  t0: number;
  t1: number;
  /** Export-supply elasticity; 99 or more = infinite. */
  Ex: number;
}

/** A single importing market on one product line. */
export interface Market {
  importer: string;
  line?: string;
  partners: MarketPartner[];
  Em: number;
  Es: number;
}

/** The headline numbers every model gives, in the market's value units. */
export interface MarketSummary {
  model: ModelName;
  assumptions: string[];
  citations: string[];
  /** New imports by partner at world prices. */
  imports: Record<string, number>;
  totalImportsChange: number;
  revenueChange: number;
  /** Change in the importer's internal price of the composite import (fraction). */
  consumerPriceChange: number;
  welfare: number;
}

/**
 * A single market as a GSIM input: the partners and the importer are the regions, only the partners'
 * flows into the importer are non-zero. The importer region is last.
 */
export function gsimSingleMarket(input: CesInput | Market): GsimInput {
  const partners =
    'partners' in input
      ? input.partners.map((p) => ({
          name: p.partner,
          imports: p.imports,
          T0: 1 + p.t0,
          T1: 1 + p.t1,
          Ex: p.Ex,
        }))
      : input.sources.map((s) => ({ name: s.source, imports: s.imports, T0: s.T0, T1: s.T1, Ex: s.Ex }));
  const n = partners.length + 1;
  const importer = 'importer' in input ? input.importer : 'importer';
  const es = 'Es' in input ? input.Es : input.sigma;
  const zero = () => Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const ones = () => Array.from({ length: n }, () => new Array<number>(n).fill(1));
  const M = zero();
  const T0 = ones();
  const T1 = ones();
  partners.forEach((p, i) => {
    M[i]![n - 1] = p.imports;
    T0[i]![n - 1] = p.T0;
    T1[i]![n - 1] = p.T1;
  });
  return {
    regions: [...partners.map((p) => p.name), importer],
    M,
    T0,
    T1,
    Em: new Array<number>(n).fill(input.Em),
    Es: new Array<number>(n).fill(es),
    // 99 means infinite supply in SMART and CES (WITS convention); GSIM takes Ex literally, so pass a
    // practically infinite elasticity to keep the three models on the same assumption.
    Ex: [...partners.map((p) => (isInfiniteSupply(p.Ex) ? GSIM_INFINITE : p.Ex)), GSIM_INFINITE],
  };
}

/** SMART on the market (one Ex for the line: the partners' smallest, WITS's single-Ex convention). */
export function runSmart(market: Market): { result: SmartResult; summary: MarketSummary } {
  const Ex = Math.min(...market.partners.map((p) => p.Ex));
  const result = smart({
    ...(market.line === undefined ? {} : { line: market.line }),
    partners: market.partners.map(({ partner, imports, t0, t1 }) => ({ partner, imports, t0, t1 })),
    Em: market.Em,
    Es: market.Es,
    Ex,
  });
  const base = market.partners.reduce((s, p) => s + p.imports * (1 + p.t0), 0);
  const after = market.partners.reduce((s, p) => s + p.imports * (1 + p.t1), 0);
  return {
    result,
    summary: {
      model: 'SMART',
      assumptions: result.assumptions,
      citations: result.citations,
      imports: Object.fromEntries(result.partners.map((p) => [p.partner, p.newImports])),
      totalImportsChange: result.tradeCreation + result.tradeDiversion,
      revenueChange: result.revenueChange,
      // SMART has no composite price; report the base-weighted change in internal prices it implies.
      consumerPriceChange: base > 0 ? after / base - 1 : 0,
      welfare: result.welfare,
    },
  };
}

/** GSIM on the market; welfare is the importer's plus the partners' producer surplus. */
export function runGsim(market: Market): { result: GsimResult; summary: MarketSummary } {
  const input = gsimSingleMarket(market);
  const result = solveGsim(input);
  const last = input.regions.length - 1;
  const importer = result.regions[last]!;
  return {
    result,
    summary: {
      model: 'GSIM',
      assumptions: result.assumptions,
      citations: result.citations,
      imports: Object.fromEntries(market.partners.map((p, i) => [p.partner, result.flows[i]![last]!])),
      totalImportsChange: market.partners.reduce((s, p, i) => s + result.flows[i]![last]! - p.imports, 0),
      revenueChange: importer.tariffRevenue,
      consumerPriceChange: importer.importPriceChange,
      welfare: result.regions.reduce((s, r) => s + r.welfare, 0),
    },
  };
}

/** Exact CES on the market. */
export function runCes(market: Market): { result: CesResult; summary: MarketSummary } {
  const result = ces({
    Em: market.Em,
    sigma: market.Es,
    sources: market.partners.map((p) => ({
      source: p.partner,
      imports: p.imports,
      T0: 1 + p.t0,
      T1: 1 + p.t1,
      Ex: p.Ex,
    })),
  });
  return {
    result,
    summary: {
      model: 'CES',
      assumptions: result.assumptions,
      citations: result.citations,
      imports: Object.fromEntries(result.bySource.map((s) => [s.source, s.newImports])),
      totalImportsChange: result.bySource.reduce(
        (s, r, i) => s + r.newImports - market.partners[i]!.imports,
        0,
      ),
      revenueChange: result.revenueChange,
      consumerPriceChange: result.compositePriceChange,
      welfare: result.welfare,
    },
  };
}

/** Run the models named (default all three) on one market. */
export function compareModels(
  market: Market,
  models: readonly ModelName[] = ['SMART', 'GSIM', 'CES'],
): MarketSummary[] {
  return models.map((m) =>
    m === 'SMART'
      ? runSmart(market).summary
      : m === 'GSIM'
        ? runGsim(market).summary
        : runCes(market).summary,
  );
}
