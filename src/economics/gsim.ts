/**
 * @module economics/gsim
 * GSIM (Francois & Hall 2003): n regions trading one product, world export prices solved from market
 * clearing. Demand responses are linear in percentage price changes, so the clearing system is solved by
 * Newton's method with an analytic Jacobian (it converges in one step; the loop checks the residual).
 */
import type { ModelLabel } from './labels.js';
import { SOURCES } from './labels.js';
import { luFactor, luSolve, maxAbs } from './linalg.js';

/** GSIM inputs. Rows of `M`, `T0`, `T1` are exporters, columns importers. */
export interface GsimInput {
  regions: string[];
  /** Base flows at world prices. */
  M: number[][];
  /** Base tariff powers (1 + rate). */
  T0: number[][];
  /** New tariff powers. */
  T1: number[][];
  /** Composite import-demand elasticity per importer (negative). */
  Em: number[];
  /** Substitution elasticity per importer (positive). */
  Es: number[];
  /** Export-supply elasticity per exporter (positive). */
  Ex: number[];
}

/** One region's outcome. Values are in the units of `M`. */
export interface GsimRegionResult {
  region: string;
  /** P̂*: change in the region's world export price (fraction). */
  worldPriceChange: number;
  /** P̂: change in the composite internal price of the region's imports (fraction). */
  importPriceChange: number;
  producerSurplus: number;
  consumerSurplus: number;
  tariffRevenue: number;
  /** producerSurplus + consumerSurplus + tariffRevenue. */
  welfare: number;
}

/** The GSIM solution. */
export interface GsimResult extends ModelLabel {
  model: 'GSIM';
  regions: GsimRegionResult[];
  /** New flows at world prices, exporters × importers. */
  flows: number[][];
  /** M̂: proportional change of each flow's quantity. */
  quantityChange: number[][];
  iterations: number;
  residual: number;
}

/** Solver controls. */
export interface GsimOptions {
  tolerance?: number;
  maxIterations?: number;
}

/** Precomputed shares: θ (import shares at internal prices) and φ (export shares at world prices). */
interface Shares {
  theta: Float64Array[];
  phi: Float64Array[];
  tHat: Float64Array[];
}

function shares(input: GsimInput): Shares {
  const n = input.regions.length;
  const theta = Array.from({ length: n }, () => new Float64Array(n));
  const phi = Array.from({ length: n }, () => new Float64Array(n));
  const tHat = Array.from({ length: n }, () => new Float64Array(n));
  for (let v = 0; v < n; v++) {
    let inner = 0;
    for (let k = 0; k < n; k++) inner += input.M[k]![v]! * input.T0[k]![v]!;
    for (let i = 0; i < n; i++) {
      theta[i]![v] = inner > 0 ? (input.M[i]![v]! * input.T0[i]![v]!) / inner : 0;
    }
  }
  for (let i = 0; i < n; i++) {
    let out = 0;
    for (let w = 0; w < n; w++) out += input.M[i]![w]!;
    for (let v = 0; v < n; v++) {
      phi[i]![v] = out > 0 ? input.M[i]![v]! / out : 0;
      tHat[i]![v] = input.T1[i]![v]! / input.T0[i]![v]! - 1;
    }
  }
  return { theta, phi, tHat };
}

/**
 * M̂_{i,v} for all flows at world-price changes `p`. Uses the identity
 * M̂_{i,v} = (Em_v + Es_v)·Σ_k θ_{k,v}·P̂_{k,v} − Es_v·P̂_{i,v}, which is the own- and cross-price sum
 * of the reference equations written in O(n²).
 */
function quantityChanges(input: GsimInput, s: Shares, p: readonly number[]): number[][] {
  const n = input.regions.length;
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let v = 0; v < n; v++) {
    const em = input.Em[v]!;
    const es = input.Es[v]!;
    let composite = 0;
    for (let k = 0; k < n; k++) composite += s.theta[k]![v]! * (s.tHat[k]![v]! + p[k]!);
    for (let i = 0; i < n; i++) out[i]![v] = (em + es) * composite - es * (s.tHat[i]![v]! + p[i]!);
  }
  return out;
}

/** Market-clearing residual F_i = Σ_v φ_{i,v}·M̂_{i,v} − Ex_i·P̂*_i. */
function residual(input: GsimInput, s: Shares, p: readonly number[]): number[] {
  const mHat = quantityChanges(input, s, p);
  return p.map((pi, i) => {
    let sum = 0;
    for (let v = 0; v < p.length; v++) sum += s.phi[i]![v]! * mHat[i]![v]!;
    return sum - input.Ex[i]! * pi;
  });
}

/** ∂F_i/∂P̂*_j = Σ_v φ_{i,v}·[(Em_v + Es_v)·θ_{j,v} − Es_v·δ_ij] − Ex_i·δ_ij. */
function jacobian(input: GsimInput, s: Shares): Float64Array[] {
  const n = input.regions.length;
  // θ transposed so the inner loop over j reads memory in order.
  const thetaT = Array.from({ length: n }, (_, v) => {
    const col = new Float64Array(n);
    for (let j = 0; j < n; j++) col[j] = s.theta[j]![v]!;
    return col;
  });
  const jac = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const row = jac[i]!;
    const phiI = s.phi[i]!;
    for (let v = 0; v < n; v++) {
      const f = phiI[v]!;
      if (f === 0) continue;
      const a = f * (input.Em[v]! + input.Es[v]!);
      const col = thetaT[v]!;
      for (let j = 0; j < n; j++) row[j]! += a * col[j]!;
      row[i]! -= f * input.Es[v]!;
    }
    row[i]! -= input.Ex[i]!;
  }
  return jac;
}

/**
 * Solve GSIM for the world-price changes and report prices, flows, surplus, revenue and welfare per region.
 * Inputs are assumed valid (see `parseGsimInput` for checked parsing of user files).
 *
 * @example
 * const r = solveGsim(input);
 * r.regions[0].worldPriceChange // 0.079181 for the reference's 4-region US–EU FTA
 */
export function solveGsim(input: GsimInput, options: GsimOptions = {}): GsimResult {
  const n = input.regions.length;
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 20;
  const s = shares(input);
  const factors = luFactor(jacobian(input, s));
  let p = new Array<number>(n).fill(0);
  let f = residual(input, s, p);
  let iterations = 0;
  while (maxAbs(f) > tolerance && iterations < maxIterations) {
    const step = luSolve(
      factors,
      f.map((x) => -x),
    );
    p = p.map((x, i) => x + step[i]!);
    f = residual(input, s, p);
    iterations++;
  }
  const res = maxAbs(f);
  if (res > tolerance * 1e3) throw new Error(`GSIM did not converge (residual ${res})`);

  const mHat = quantityChanges(input, s, p);
  const flows = input.M.map((row, i) => row.map((m, v) => m * (1 + mHat[i]![v]!) * (1 + p[i]!)));
  const regions: GsimRegionResult[] = input.regions.map((region, r) => {
    // Exporter side: producer surplus on all the region's shipments at world prices.
    let exports = 0;
    for (let v = 0; v < n; v++) exports += input.M[r]![v]!;
    const pr = p[r]!;
    const producerSurplus = exports * pr + 0.5 * input.Ex[r]! * exports * pr * pr;
    // Importer side: composite price, consumer surplus and revenue.
    let importPriceChange = 0;
    let inner = 0;
    let revenue = 0;
    for (let i = 0; i < n; i++) {
      importPriceChange += s.theta[i]![r]! * ((1 + p[i]!) * (1 + s.tHat[i]![r]!) - 1);
      inner += input.M[i]![r]! * input.T0[i]![r]!;
      revenue += (input.T1[i]![r]! - 1) * flows[i]![r]! - (input.T0[i]![r]! - 1) * input.M[i]![r]!;
    }
    // ΔCS = −R·P̂·(1 + ½·Em·P̂): the rectangle plus the demand triangle. The reference writes the
    // triangle as +½·Em·R·P̂²·sgn(P̂), which is the same for price falls (liberalisation, GSIM's use) but
    // enlarges the loss for a price rise; the area under a downward demand curve shrinks it.
    const consumerSurplus =
      -inner * importPriceChange - 0.5 * input.Em[r]! * inner * importPriceChange * importPriceChange;
    return {
      region,
      worldPriceChange: pr,
      importPriceChange,
      producerSurplus,
      consumerSurplus,
      tariffRevenue: revenue,
      welfare: producerSurplus + consumerSurplus + revenue,
    };
  });
  return {
    model: 'GSIM',
    assumptions: [
      'partial equilibrium, one product, n regions; world export prices clear each exporter’s market',
      'Armington: sources are imperfect substitutes (Es by importer); composite import demand (Em by importer)',
      'export supply with constant elasticity Ex by exporter',
      'linearised demand in percentage changes; surplus measures are second-order (triangle) approximations',
    ],
    citations: [SOURCES.gsim],
    regions,
    flows,
    quantityChange: mHat,
    iterations,
    residual: res,
  };
}
