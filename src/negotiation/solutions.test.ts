import { describe, expect, it } from 'vitest';
import {
  egalitarianPoint,
  idealPoint,
  kalaiSmorodinskyPoint,
  maxWelfarePoint,
  nashPoint,
  oppositionLevel,
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

describe('oppositionLevel', () => {
  it('is √41/9 for a zero-sum 10-point scale', () => {
    const pts = Array.from({ length: 10 }, (_, k) => [k / 9, 1 - k / 9] as const);
    expect(oppositionLevel(pts, [0, 1], [0, 1])).toBeCloseTo(Math.sqrt(41) / 9, 9);
  });
  it('is √2/2 for the continuous pie and 0 when one outcome is best for both', () => {
    expect(
      oppositionLevel(
        curve((x) => 1 - x, 1000),
        [0, 1],
        [0, 1],
      ),
    ).toBeCloseTo(Math.SQRT1_2, 9);
    expect(oppositionLevel([[1, 1]], [0, 1], [0, 1])).toBe(0);
  });
});
