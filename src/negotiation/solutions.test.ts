import { describe, expect, it } from 'vitest';
import {
  egalitarianPoint,
  idealPoint,
  kalaiSmorodinskyPoint,
  maxWelfarePoint,
  nashPoint,
  oppositionLevel,
  oppositionLevelMinMax,
  SOLUTION_TIE_TOLERANCE,
  type UtilityPair,
} from './solutions.js';

/** A frontier sampled finely: u1 = x on [0, xmax], u2 = f(x). */
function curve(f: (x: number) => number, n = 60_000, xmax = 1): UtilityPair[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const x = (xmax * i) / n;
    return [x, f(x)] as const;
  });
}

describe('nashPoint', () => {
  it('splits the pie equally with d = (0, 0)', () => {
    expect(
      nashPoint(
        curve((x) => 1 - x),
        [0, 0],
      )!.utilities[0],
    ).toBeCloseTo(0.5, 4);
  });
  it('gives x1 = (1 + d1 − d2)/2 with a disagreement point', () => {
    const p = nashPoint(
      curve((x) => 1 - x),
      [0.2, 0],
    )!;
    expect(p.utilities[0]).toBeCloseTo(0.6, 4);
    expect(p.utilities[1]).toBeCloseTo(0.4, 4);
  });
  it('gives x = a/(a + b) for power utilities (a = 1, b = 1/2)', () => {
    const p = nashPoint(
      curve((x) => Math.sqrt(1 - x)),
      [0, 0],
    )!;
    expect(p.utilities[0]).toBeCloseTo(2 / 3, 4);
    expect(p.utilities[1]).toBeCloseTo(0.57735, 4);
  });
  it('gives u1 = 1/√3 on the frontier u2 = 1 − u1²', () => {
    const p = nashPoint(
      curve((x) => 1 - x * x),
      [0, 0],
    )!;
    expect(p.utilities[0]).toBeCloseTo(1 / Math.sqrt(3), 4);
    expect(p.utilities[1]).toBeCloseTo(2 / 3, 4);
  });
  it('is unchanged when the set shrinks but keeps the solution (IIA)', () => {
    const p = nashPoint(
      curve((x) => 1 - x, 30_000, 0.5),
      [0, 0],
    )!;
    expect(p.utilities[0]).toBeCloseTo(0.5, 4);
  });
  it('returns null when no outcome is individually rational', () => {
    expect(nashPoint([[0.1, 0.1]], [0.5, 0.5])).toBeNull();
  });
});

describe('kalaiSmorodinskyPoint', () => {
  it('solves x² + x − 1 = 0 for u2 = √(1 − x): x = 0.618034', () => {
    const p = kalaiSmorodinskyPoint(
      curve((x) => Math.sqrt(1 - x)),
      [0, 0],
    )!;
    expect(p.utilities[0]).toBeCloseTo(0.618034, 4);
    expect(p.utilities[0]).toBeCloseTo(p.utilities[1], 4);
  });
  it('gives 0.618034 on u2 = 1 − u1² too', () => {
    expect(
      kalaiSmorodinskyPoint(
        curve((x) => 1 - x * x),
        [0, 0],
      )!.utilities[0],
    ).toBeCloseTo(0.618034, 4);
  });
  it('moves with the ideal point when the set is cut (monotonicity, unlike Nash)', () => {
    const p = kalaiSmorodinskyPoint(
      curve((x) => 1 - x, 30_000, 0.5),
      [0, 0],
    )!;
    expect(p.utilities[0]).toBeCloseTo(1 / 3, 4);
    expect(p.utilities[1]).toBeCloseTo(2 / 3, 4);
    expect(
      idealPoint(
        curve((x) => 1 - x, 30_000, 0.5),
        [0, 0],
      ),
    ).toEqual([0.5, 1]);
  });
});

describe('egalitarianPoint and maxWelfarePoint', () => {
  it('egalitarian equals Nash on the triangle with d = (0.2, 0)', () => {
    const p = egalitarianPoint(
      curve((x) => 1 - x),
      [0.2, 0],
    )!;
    expect(p.utilities[0]).toBeCloseTo(0.6, 4);
    expect(p.utilities[1]).toBeCloseTo(0.4, 4);
  });
  it('max welfare picks the largest sum', () => {
    expect(
      maxWelfarePoint(
        [
          [0.9, 0.2],
          [0.6, 0.6],
          [0.2, 0.9],
        ],
        [0, 0],
      )!.index,
    ).toBe(1);
  });
});

describe('oppositionLevel (distance to (1, 1), each utility divided by its best)', () => {
  it('is √41/9 for a zero-sum 10-point scale', () => {
    const pts = Array.from({ length: 10 }, (_, k) => [k / 9, 1 - k / 9] as const);
    expect(oppositionLevel(pts, [1, 1])).toBeCloseTo(Math.sqrt(41) / 9, 9);
  });
  it('is √2/2 for the continuous pie and 0 when one outcome is best for both', () => {
    expect(
      oppositionLevel(
        curve((x) => 1 - x, 1000),
        [1, 1],
      ),
    ).toBeCloseTo(Math.SQRT1_2, 9);
    expect(oppositionLevel([[1, 1]], [1, 1])).toBe(0);
  });
  it('divides by the best utility, not by the range: a worst outcome above 0 counts as a gain', () => {
    // A's utilities run 0.5..1 and B's 0..1: the nearest point (0.75, 0.6) is (0.25, 0.4) from (1, 1).
    const pts: UtilityPair[] = [
      [1, 0],
      [0.75, 0.6],
      [0.5, 0.7],
    ];
    expect(oppositionLevel(pts, [1, 1])).toBeCloseTo(Math.hypot(0.25, 0.4), 12);
    // Min–max rescaling stretches A's 0.5..1 to 0..1, so the same point is (0.5, 0.4) away.
    expect(oppositionLevelMinMax(pts, [0.5, 1], [0, 1])).toBeCloseTo(Math.hypot(0.5, 0.4), 12);
  });
  it('is unchanged when a party’s utilities are multiplied by a positive factor', () => {
    const pts: UtilityPair[] = [
      [1, 0.2],
      [0.8, 0.7],
      [0.3, 1],
    ];
    const scaled = pts.map(([a, b]) => [a * 250, b] as const);
    expect(oppositionLevel(scaled, [250, 1])).toBeCloseTo(oppositionLevel(pts, [1, 1]), 12);
  });
});

describe('ties', () => {
  // Fifty2013 under the raw convention: eleven splits of 1,000, no deal worth 0.5 to each side.
  const pie: UtilityPair[] = Array.from({ length: 11 }, (_, k) => [1000 - 100 * k, 100 * k] as const);
  const d: UtilityPair = [0.5, 0.5];
  it('reports every individually rational point with the maximum welfare, not one arbitrary point', () => {
    const w = maxWelfarePoint(pie, d)!;
    expect(w.ties).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(w.index).toBe(1);
  });
  it('reports a unique point as a tie of one', () => {
    expect(nashPoint(pie, d)!.ties).toEqual([5]);
    expect(kalaiSmorodinskyPoint(pie, d)!.ties).toEqual([5]);
    expect(egalitarianPoint(pie, d)!.ties).toEqual([5]);
  });
  it('finds ties in Nash, Kalai–Smorodinsky and egalitarian scores the same way', () => {
    const sym: UtilityPair[] = [
      [0.9, 0.4],
      [0.6, 0.6],
      [0.4, 0.9],
    ];
    // Products 0.36 each; smaller shares 0.4/0.9, 0.6/0.9 and 0.4/0.9 — Nash ties, KS does not.
    expect(nashPoint(sym, [0, 0])!.ties).toEqual([0, 1, 2]);
    expect(kalaiSmorodinskyPoint(sym, [0, 0])!.ties).toEqual([1]);
    expect(
      egalitarianPoint(
        [
          [0.5, 0.7],
          [0.7, 0.5],
          [0.2, 0.9],
        ],
        [0, 0],
      )!.ties,
    ).toEqual([0, 1]);
  });
  it('treats scores within the relative tolerance as tied, and scores just outside it as distinct', () => {
    const base = 1000;
    const near = base * (1 + SOLUTION_TIE_TOLERANCE / 2);
    const far = base * (1 + SOLUTION_TIE_TOLERANCE * 4);
    expect(
      maxWelfarePoint(
        [
          [base, 0],
          [near, 0],
        ],
        [0, 0],
      )!.ties,
    ).toEqual([0, 1]);
    expect(
      maxWelfarePoint(
        [
          [base, 0],
          [far, 0],
        ],
        [0, 0],
      )!.ties,
    ).toEqual([1]);
  });
});
