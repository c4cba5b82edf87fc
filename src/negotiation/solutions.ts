/**
 * @module negotiation/solutions
 * Bargaining solutions over a finite set of utility pairs (normally the Pareto frontier; every solution
 * below is attained there). Each takes the disagreement point d explicitly. Only outcomes that are
 * individually rational (u_i ≥ d_i for both parties) are eligible; when none is, the result is `null`.
 *
 * **Ties.** A finite set can have several points with the same best score (Fifty2013 under the raw
 * convention: nine outcomes with welfare 1,000). Every solution reports all of them in `ties` (input
 * order); `index` is the first, so pass the frontier in a fixed order for reproducible picks. Scores
 * within {@link SOLUTION_TIE_TOLERANCE} (relative) of the best count as tied, so floating-point noise
 * neither creates nor hides a tie.
 */

/** A utility pair (party A, party B). */
export type UtilityPair = readonly [number, number];

/** Which input point a solution picked, with its utilities, and every input point tied with it. */
export interface SolutionPoint {
  /** The first of the tied points (input order). */
  index: number;
  utilities: [number, number];
  /** Indices of every eligible point whose score ties the best, in input order; `index` is `ties[0]`. */
  ties: number[];
}

const EPS = 1e-12;

/** Relative tolerance under which two solution scores count as a tie: |s − best| ≤ 1e-12·max(1, |best|). */
export const SOLUTION_TIE_TOLERANCE = 1e-12;

function argmax(
  points: readonly UtilityPair[],
  d: UtilityPair,
  score: (p: UtilityPair) => number,
): SolutionPoint | null {
  const scores = points.map((p) => (p[0] < d[0] - EPS || p[1] < d[1] - EPS ? Number.NaN : score(p)));
  let best = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > best) best = s;
  if (best === Number.NEGATIVE_INFINITY) return null;
  // Two passes (best first, then everything near it), so the tie set does not depend on input order.
  const floor = best - SOLUTION_TIE_TOLERANCE * Math.max(1, Math.abs(best));
  const ties: number[] = [];
  scores.forEach((s, i) => {
    if (s >= floor) ties.push(i);
  });
  const first = ties[0]!;
  return { index: first, utilities: [points[first]![0], points[first]![1]], ties };
}

/**
 * Nash bargaining point: maximises (uA − dA)·(uB − dB) over individually rational points.
 * Invariant to positive affine rescaling of either party (with d rescaled too).
 */
export function nashPoint(points: readonly UtilityPair[], d: UtilityPair): SolutionPoint | null {
  return argmax(points, d, (p) => (p[0] - d[0]) * (p[1] - d[1]));
}

/** The ideal (utopia) point: each party's best utility among individually rational points. */
export function idealPoint(points: readonly UtilityPair[], d: UtilityPair): [number, number] | null {
  let a = Number.NEGATIVE_INFINITY;
  let b = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p[0] < d[0] - EPS || p[1] < d[1] - EPS) continue;
    a = Math.max(a, p[0]);
    b = Math.max(b, p[1]);
  }
  return Number.isFinite(a) ? [a, b] : null;
}

/**
 * Kalai–Smorodinsky point (Kalai & Smorodinsky 1975): each party gets the same share of its possible gain,
 * (u_i − d_i)/(ideal_i − d_i), with the ideal taken over the individually rational points. A finite set
 * rarely has a point exactly on that line, so accord takes the point that maximises the smaller share (the
 * largest smaller normalised gain); NegMAS 0.15.7 instead reports the frontier point nearest the line
 * from d to the ideal, which can differ. Genius's "KalaiSmorodinsky" (min |uA − uB|) agrees only when
 * d = 0 and both ideals are 1.
 */
export function kalaiSmorodinskyPoint(points: readonly UtilityPair[], d: UtilityPair): SolutionPoint | null {
  const ideal = idealPoint(points, d);
  if (!ideal) return null;
  const ga = ideal[0] - d[0];
  const gb = ideal[1] - d[1];
  return argmax(points, d, (p) => Math.min(ga > 0 ? (p[0] - d[0]) / ga : 1, gb > 0 ? (p[1] - d[1]) / gb : 1));
}

/**
 * Egalitarian point (Kalai 1977; what NegMAS's `kalai_points` computes): maximises min_i (u_i − d_i).
 * Not scale invariant.
 */
export function egalitarianPoint(points: readonly UtilityPair[], d: UtilityPair): SolutionPoint | null {
  return argmax(points, d, (p) => Math.min(p[0] - d[0], p[1] - d[1]));
}

/** Maximum social welfare: maximises uA + uB on the utilities as given (not invariant to rescaling one party). */
export function maxWelfarePoint(points: readonly UtilityPair[], d: UtilityPair): SolutionPoint | null {
  return argmax(points, d, (p) => p[0] + p[1]);
}

/**
 * Opposition level, the literature's measure (Baarslag et al., the ANAC 2011–2013 analyses; NegMAS
 * `opposition_level` as its scenario statistics call it): the smallest Euclidean distance from (1, 1) to an
 * outcome after dividing each party's utility by its best (maximum) utility over the whole outcome space.
 * 0 means one outcome is best for both; √2/2 ≈ 0.7071 is a continuous zero-sum pie. Pass the frontier (the
 * minimum is always on it) and each party's best utility. A party whose best utility is 0 is compared
 * undivided, as NegMAS does. The measure is invariant to rescaling a party's utilities by a positive factor,
 * not to shifting them (it takes 0 as the worst possible utility, as Genius's normalised utilities do).
 * NegMAS also skips outcomes below a party's reservation value; that changes the value only when the
 * outcome nearest to (1, 1) is worse than no deal for someone, and accord does not skip them: opposition
 * describes the preferences, the disagreement point is reported on its own.
 *
 * @example
 * oppositionLevel([[1, 0], [0.5, 0.5], [0, 1]], [1, 1]) // √0.5 ≈ 0.7071
 */
export function oppositionLevel(points: readonly UtilityPair[], best: UtilityPair): number {
  let min = Number.POSITIVE_INFINITY;
  for (const p of points) {
    const x = best[0] !== 0 ? p[0] / best[0] : p[0];
    const y = best[1] !== 0 ? p[1] / best[1] : p[1];
    min = Math.min(min, (1 - x) ** 2 + (1 - y) ** 2);
  }
  return Math.sqrt(min);
}

/**
 * Opposition level after min–max rescaling (accord's earlier figure, kept under its own name): the smallest
 * distance from (1, 1) to an outcome after rescaling each party's utilities to [0, 1] by its worst and best
 * outcome. It equals {@link oppositionLevel} when each party's worst outcome is worth 0, and is invariant
 * to any positive affine rescaling. Pass the frontier and each party's [worst, best] utility over the
 * whole outcome space.
 */
export function oppositionLevelMinMax(
  frontier: readonly UtilityPair[],
  rangeA: readonly [number, number],
  rangeB: readonly [number, number],
): number {
  const sa = rangeA[1] - rangeA[0];
  const sb = rangeB[1] - rangeB[0];
  let best = Number.POSITIVE_INFINITY;
  for (const p of frontier) {
    const x = sa > 0 ? (p[0] - rangeA[0]) / sa : 1;
    const y = sb > 0 ? (p[1] - rangeB[0]) / sb : 1;
    best = Math.min(best, Math.hypot(1 - x, 1 - y));
  }
  return best;
}
