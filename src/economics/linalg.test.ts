import { describe, expect, it } from 'vitest';
import { invert, matVec, solve } from './linalg.js';

describe('linalg', () => {
  it('solves a system that needs pivoting', () => {
    const a = [
      [0, 2, 1],
      [1, 1, 1],
      [2, 1, 0],
    ];
    const x = solve(a, [5, 6, 4]);
    expect(matVec(a, x).map((v) => Number(v.toFixed(12)))).toEqual([5, 6, 4]);
  });

  it('inverts so that A·A⁻¹ is the identity', () => {
    const a = [
      [4, 7],
      [2, 6],
    ];
    const inv = invert(a);
    expect(inv[0]![0]).toBeCloseTo(0.6, 12);
    expect(inv[0]![1]).toBeCloseTo(-0.7, 12);
    expect(inv[1]![0]).toBeCloseTo(-0.2, 12);
    expect(inv[1]![1]).toBeCloseTo(0.4, 12);
  });

  it('refuses a singular matrix', () => {
    expect(() =>
      solve(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toThrow(/singular/);
  });
});
