/**
 * @module negotiation/pareto
 * Exact Pareto frontiers. Utilities are compared on a grid of {@link PARETO_TOLERANCE}: two utilities
 * within the same grid cell are a tie, so floating-point noise from summing weights in another order
 * cannot create or remove frontier points. An outcome is on the frontier when no other outcome is at
 * least as good for every party and strictly better for one; outcomes tied on every utility are all kept.
 */

/** Utilities closer than this (after rounding to this grid) count as equal. */
export const PARETO_TOLERANCE = 1e-12;

const INV_TOL = 1 / PARETO_TOLERANCE;

/** The tie key of a utility: its position on the tolerance grid. */
export function tieKey(u: number): number {
  return Math.round(u * INV_TOL);
}

/** True when `a` Pareto-dominates `b` under the tie tolerance (≥ everywhere, > somewhere). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strict = false;
  for (let i = 0; i < a.length; i++) {
    const ka = tieKey(a[i]!);
    const kb = tieKey(b[i]!);
    if (ka < kb) return false;
    if (ka > kb) strict = true;
  }
  return strict;
}

/**
 * Brute force, any number of parties: indices of the non-dominated points, in input order. O(n²) —
 * the reference the fast algorithms are tested against.
 */
export function bruteForcePareto(points: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length; i++) {
    let dominated = false;
    for (let j = 0; j < points.length && !dominated; j++) {
      if (j !== i && dominates(points[j]!, points[i]!)) dominated = true;
    }
    if (!dominated) out.push(i);
  }
  return out;
}

/**
 * Two-party frontier of a point set in O(n log n) worst case: a linear bucket pass first discards every
 * point beaten by a point in a strictly higher bucket of uA (most points, in practice), then the
 * survivors are sorted by (uA desc, uB desc) and swept once. Returns frontier indices ordered by uA
 * descending, ties by index.
 *
 * @example
 * paretoIndices2(Float64Array.of(1, 0, 0.5, 0.4), Float64Array.of(0, 1, 0.5, 0.4)) // Uint32Array [0, 2, 1]
 */
export function paretoIndices2(uA: Float64Array, uB: Float64Array): Uint32Array {
  const n = uA.length;
  if (uB.length !== n) throw new Error('paretoIndices2: utility arrays differ in length');
  if (n === 0) return new Uint32Array(0);
  let minA = Number.POSITIVE_INFINITY;
  let maxA = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const k = tieKey(uA[i]!);
    if (k < minA) minA = k;
    if (k > maxA) maxA = k;
  }
  // Bucket filter. Equal uA keys share a bucket, so a higher bucket always means strictly higher uA.
  const buckets = Math.max(1, Math.min(n, 1 << 16));
  const span = maxA - minA;
  const scale = span > 0 ? (buckets - 1) / span : 0;
  const bucketMax = new Float64Array(buckets).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const b = Math.floor((tieKey(uA[i]!) - minA) * scale);
    const kb = tieKey(uB[i]!);
    if (kb > bucketMax[b]!) bucketMax[b] = kb;
  }
  // above[b] = best uB key in buckets strictly above b.
  const above = new Float64Array(buckets);
  let running = Number.NEGATIVE_INFINITY;
  for (let b = buckets - 1; b >= 0; b--) {
    above[b] = running;
    if (bucketMax[b]! > running) running = bucketMax[b]!;
  }
  let count = 0;
  const survivors = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const b = Math.floor((tieKey(uA[i]!) - minA) * scale);
    if (tieKey(uB[i]!) > above[b]!) survivors[count++] = i;
  }
  const cand = survivors.subarray(0, count);
  cand.sort((x, y) => {
    const d = tieKey(uA[y]!) - tieKey(uA[x]!);
    if (d !== 0) return d;
    const e = tieKey(uB[y]!) - tieKey(uB[x]!);
    return e !== 0 ? e : x - y;
  });
  // Sweep groups of equal uA: the group's best uB points survive if they beat everything with higher uA.
  const out: number[] = [];
  let best = Number.NEGATIVE_INFINITY;
  let g = 0;
  while (g < count) {
    const ka = tieKey(uA[cand[g]!]!);
    const top = tieKey(uB[cand[g]!]!);
    let h = g;
    while (h < count && tieKey(uA[cand[h]!]!) === ka) {
      if (top > best && tieKey(uB[cand[h]!]!) === top) out.push(cand[h]!);
      h++;
    }
    if (top > best) best = top;
    g = h;
  }
  return Uint32Array.from(out);
}

/** One outcome on a frontier found by {@link additiveFrontier2}. */
export interface FrontierPoint {
  /** Option index per issue (domain order). */
  indices: number[];
  utilities: [number, number];
}

interface Partial {
  a: number;
  b: number;
  parent: number;
  option: number;
}

/** Keep the non-dominated partial sums (ties kept) using the two-party sweep. */
function prune(parts: Partial[]): Partial[] {
  const uA = new Float64Array(parts.length);
  const uB = new Float64Array(parts.length);
  parts.forEach((p, i) => {
    uA[i] = p.a;
    uB[i] = p.b;
  });
  return Array.from(paretoIndices2(uA, uB), (i) => parts[i]!);
}

/**
 * Exact two-party frontier of a linear-additive outcome space **without enumerating it**. For additive
 * utilities, an outcome whose value on some issue is beaten (on that issue alone) by another option is
 * beaten overall by the outcome that swaps in that option — so only per-issue non-dominated options can
 * appear, and frontier(S ⊕ T) ⊆ frontier(frontier(S) ⊕ frontier(T)). Issues are merged one at a time,
 * pruning after each, so the work is bounded by the sizes of the intermediate frontiers, not by the
 * product of option counts.
 *
 * `tablesA[i][k]` and `tablesB[i][k]` are the weighted utilities of option k of issue i for each party.
 * Returns the frontier ordered by uA descending.
 */
export function additiveFrontier2(
  tablesA: readonly Float64Array[],
  tablesB: readonly Float64Array[],
): FrontierPoint[] {
  if (tablesA.length !== tablesB.length)
    throw new Error('additiveFrontier2: parties disagree on issue count');
  const levels: Partial[][] = [];
  let current: Partial[] = [{ a: 0, b: 0, parent: -1, option: -1 }];
  for (let i = 0; i < tablesA.length; i++) {
    const ta = tablesA[i]!;
    const tb = tablesB[i]!;
    const options = prune(Array.from(ta, (a, k) => ({ a, b: tb[k]!, parent: -1, option: k })));
    const next: Partial[] = [];
    current.forEach((p, pi) => {
      for (const o of options) next.push({ a: p.a + o.a, b: p.b + o.b, parent: pi, option: o.option });
    });
    levels.push(current);
    current = prune(next);
  }
  return current.map((p) => {
    const indices = new Array<number>(tablesA.length);
    let node: Partial = p;
    for (let i = tablesA.length - 1; i >= 0; i--) {
      indices[i] = node.option;
      node = levels[i]![node.parent]!;
    }
    return { indices, utilities: [p.a, p.b] };
  });
}
