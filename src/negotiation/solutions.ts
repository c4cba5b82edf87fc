/**
 * @module negotiation/solutions
 * Bargaining solutions over a finite set of utility pairs (normally the Pareto frontier; every solution
 * below is attained there). Each takes the disagreement point d explicitly. Only outcomes that are
 * individually rational (u_i ≥ d_i for both parties) are eligible; when none is, the result is `null`.
 * Ties are broken by input order, so pass the frontier in a fixed order for reproducible picks.
 */

/** A utility pair (party A, party B). */
export type UtilityPair = readonly [number, number];

/** Which input point a solution picked, with its utilities. */
export interface SolutionPoint {
  index: number;
  utilities: [number, number];
}

const EPS = 1e-12;

function argmax(points: readonly UtilityPair[], d: UtilityPair, score: (p: UtilityPair) => number) {
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  points.forEach((p, i) => {
    if (p[0] < d[0] - EPS || p[1] < d[1] - EPS) return;
    const s = score(p);
    // A strict improvement beyond noise is required, so ties keep the earliest point.
    if (best < 0 || s > bestScore + EPS * Math.max(1, Math.abs(bestScore))) {
      best = i;
      bestScore = s;
    }
  });
  return best < 0
    ? null
    : ({ index: best, utilities: [points[best]![0], points[best]![1]] } as SolutionPoint);
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
 * (u_i − d_i)/(ideal_i − d_i); on a finite set, the point that maximises the smaller share. This is the
 * textbook definition; Genius's "KalaiSmorodinsky" (min |uA − uB|) agrees only when d = 0 and both ideals are 1.
 */
export function kalaiSmorodinskyPoint(points: readonly UtilityPair[], d: UtilityPair): SolutionPoint | null {
  const ideal = idealPoint(points, d);
  if (!ideal) return null;
  const ga = ideal[0] - d[0];
  const gb = ideal[1] - d[1];
  return argmax(points, d, (p) => Math.min(ga > 0 ? (p[0] - d[0]) / ga : 1, gb > 0 ? (p[1] - d[1]) / gb : 1));
}

/** Egalitarian point (Kalai 1977; NegMAS `kalai_points`): maximises min_i (u_i − d_i). Not scale invariant. */
export function egalitarianPoint(points: readonly UtilityPair[], d: UtilityPair): SolutionPoint | null {
  return argmax(points, d, (p) => Math.min(p[0] - d[0], p[1] - d[1]));
}

/** Maximum social welfare: maximises uA + uB on the utilities as given (not invariant to rescaling one party). */
export function maxWelfarePoint(points: readonly UtilityPair[], d: UtilityPair): SolutionPoint | null {
  return argmax(points, d, (p) => p[0] + p[1]);
}

/**
 * Opposition level (NegMAS `opposition_level`): the smallest distance from an outcome to the ideal
 * point (1, 1) after rescaling each party's utilities to [0, 1] by its worst and best outcome. 0 means
 * an outcome is best for both; √2/2 ≈ 0.7071 is a continuous zero-sum pie. Pass the frontier (the
 * minimum is always on it) and each party's [worst, best] utility over the whole outcome space.
 */
export function oppositionLevel(
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
