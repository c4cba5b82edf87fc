/**
 * @module economics/ces
 * The exact (non-linear) CES Armington model of one import market (USITC-style partial equilibrium,
 * Hallren & Riker 2017): a CES price index over sources, constant-elasticity composite demand, and
 * constant-elasticity export supply per source. World prices are normalised to 1 in the base year.
 */
import type { ModelLabel } from './labels.js';
import { isInfiniteSupply, SOURCES } from './labels.js';
import { maxAbs, solve } from './linalg.js';

/** One source of imports into the market. */
export interface CesSource {
  source: string;
  /** Base imports at world prices (= quantity, world price 1). */
  imports: number;
  /** Base and new tariff powers (1 + rate). */
  T0: number;
  T1: number;
  /** Export-supply elasticity of this source; 99 or more means infinite. */
  Ex: number;
}

/** A CES market. */
export interface CesInput {
  sources: CesSource[];
  /** Composite import-demand elasticity (negative). */
  Em: number;
  /** Elasticity of substitution between sources σ (positive). */
  sigma: number;
}

/** One source's outcome. */
export interface CesSourceResult {
  source: string;
  worldPriceChange: number;
  quantityChange: number;
  /** New imports valued at new world prices. */
  newImports: number;
  producerSurplus: number;
  revenueChange: number;
}

/** The exact CES solution. */
export interface CesResult extends ModelLabel {
  model: 'CES';
  bySource: CesSourceResult[];
  /** P1/P0 − 1 for the composite (CES) import price. */
  compositePriceChange: number;
  consumerSurplus: number;
  producerSurplus: number;
  revenueChange: number;
  welfare: number;
  iterations: number;
}

/** The CES price index of internal prices `p` with weights `b` (σ = 1 is the Cobb–Douglas limit). */
function priceIndex(b: readonly number[], p: readonly number[], sigma: number): number {
  if (Math.abs(sigma - 1) < 1e-12) {
    let log = 0;
    for (let i = 0; i < p.length; i++) log += b[i]! * Math.log(p[i]!);
    return Math.exp(log);
  }
  let s = 0;
  for (let i = 0; i < p.length; i++) s += b[i]! * p[i]! ** (1 - sigma);
  return s ** (1 / (1 - sigma));
}

/**
 * Solve the exact CES market. With infinite supply the world prices stay at 1 and the solution is in
 * closed form; otherwise Newton's method on log world prices with a numerically exact Jacobian.
 *
 * @example
 * ces({ Em: -1.5, sigma: 1.5, sources: [{ source: 'JP', imports: 40, T0: 1.275, T1: 1.15, Ex: 99 }] })
 */
export function ces(input: CesInput): CesResult {
  const { Em, sigma } = input;
  const n = input.sources.length;
  const p0 = input.sources.map((s) => s.T0);
  const q0 = input.sources.map((s) => s.imports);
  const e0 = q0.reduce((acc, q, i) => acc + q * p0[i]!, 0);
  if (e0 <= 0) throw new Error('CES needs positive base imports');
  // Calibrate b_i so the base reproduces the data with P0 = 1 and Q0 = E0 (see module docs).
  const share = q0.map((q, i) => (q * p0[i]!) / e0);
  const b = Math.abs(sigma - 1) < 1e-12 ? share : share.map((s, i) => s * p0[i]! ** (sigma - 1));
  const P0 = priceIndex(b, p0, sigma);
  const demand = (w: readonly number[]) => {
    const p = w.map((x, i) => x * input.sources[i]!.T1);
    const P = priceIndex(b, p, sigma);
    const Q = e0 * (P / P0) ** Em;
    const q =
      Math.abs(sigma - 1) < 1e-12
        ? p.map((pi, i) => (Q * P * b[i]!) / pi)
        : p.map((pi, i) => Q * b[i]! * (pi / P) ** -sigma);
    return { p, P, q };
  };
  const finite = input.sources.map((s) => !isInfiniteSupply(s.Ex));
  // Residual in logs: ln q_i(w) − ln(q0_i·w_i^Ex) for finite-supply sources with trade.
  const active = input.sources.map((s, i) => finite[i]! && s.imports > 0);
  let logW = new Array<number>(n).fill(0);
  const resid = (lw: readonly number[]) => {
    const { q } = demand(lw.map(Math.exp));
    return lw.map((x, i) => (active[i] ? Math.log(q[i]!) - Math.log(q0[i]!) - input.sources[i]!.Ex * x : x));
  };
  let f = resid(logW);
  let iterations = 0;
  while (maxAbs(f) > 1e-13 && iterations < 50) {
    // Central differences on a smooth closed-form function: exact to ~1e-10, enough for Newton.
    const h = 1e-6;
    const jac = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let j = 0; j < n; j++) {
      const up = [...logW];
      const down = [...logW];
      up[j]! += h;
      down[j]! -= h;
      const fu = resid(up);
      const fd = resid(down);
      for (let i = 0; i < n; i++) jac[i]![j] = (fu[i]! - fd[i]!) / (2 * h);
    }
    const step = solve(
      jac,
      f.map((x) => -x),
    );
    logW = logW.map((x, i) => x + step[i]!);
    f = resid(logW);
    iterations++;
  }
  if (maxAbs(f) > 1e-9) throw new Error(`CES did not converge (residual ${maxAbs(f)})`);
  const w = logW.map(Math.exp);
  const { P, q } = demand(w);
  const ratio = P / P0;
  const consumerSurplus =
    Math.abs(1 + Em) < 1e-12 ? -e0 * Math.log(ratio) : (-e0 / (1 + Em)) * (ratio ** (1 + Em) - 1);
  const sources = input.sources.map((s, i): CesSourceResult => {
    const wi = w[i]!;
    const ex = s.Ex;
    // Producer surplus: the area left of the supply curve q0·w^Ex between world prices 1 and wi.
    const ps = !finite[i] ? 0 : (s.imports * (wi ** (ex + 1) - 1)) / (ex + 1);
    const newImports = wi * q[i]!;
    return {
      source: s.source,
      worldPriceChange: wi - 1,
      quantityChange: s.imports > 0 ? q[i]! / s.imports - 1 : 0,
      newImports,
      producerSurplus: ps,
      revenueChange: (s.T1 - 1) * newImports - (s.T0 - 1) * s.imports,
    };
  });
  const producerSurplus = sources.reduce((acc, s) => acc + s.producerSurplus, 0);
  const revenueChange = sources.reduce((acc, s) => acc + s.revenueChange, 0);
  return {
    model: 'CES',
    assumptions: [
      'partial equilibrium, one import market; exact non-linear CES (Armington) demand, no linearisation',
      `composite import demand elasticity Em = ${Em}; substitution elasticity σ = ${sigma}`,
      'export supply with constant elasticity per source (99 or more = infinite, world price fixed)',
      'consumer surplus is the exact area under the constant-elasticity composite demand curve',
    ],
    citations: [SOURCES.ces],
    bySource: sources,
    compositePriceChange: ratio - 1,
    consumerSurplus,
    producerSurplus,
    revenueChange,
    welfare: consumerSurplus + producerSurplus + revenueChange,
    iterations,
  };
}
