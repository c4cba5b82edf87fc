import { describe, expect, it } from 'vitest';
import { enumerateUtilities } from './model.js';
import { additiveFrontier2, bruteForcePareto, dominates, paretoIndices2, tieKey } from './pareto.js';
import { seededRandom } from './test-random.js';

/** O(n²) reference over typed arrays, fast enough for 10,000 points. */
function bruteForce2(uA: Float64Array, uB: Float64Array): number[] {
  const out: number[] = [];
  const ka = Array.from(uA, tieKey);
  const kb = Array.from(uB, tieKey);
  for (let i = 0; i < ka.length; i++) {
    let dominated = false;
    for (let j = 0; j < ka.length; j++) {
      if (ka[j]! >= ka[i]! && kb[j]! >= kb[i]! && (ka[j]! > ka[i]! || kb[j]! > kb[i]!)) {
        dominated = true;
        break;
      }
    }
    if (!dominated) out.push(i);
  }
  return out;
}

function randomTables(rand: () => number, sizes: number[], coarse: boolean): Float64Array[] {
  // Coarse values (multiples of 1/4) create many exact ties, the hard case for tie handling.
  return sizes.map((s) =>
    Float64Array.from({ length: s }, () => (coarse ? Math.floor(rand() * 5) / 4 : rand())),
  );
}

describe('dominates', () => {
  it('needs at least as good everywhere and strictly better somewhere', () => {
    expect(dominates([1, 1], [1, 0])).toBe(true);
    expect(dominates([1, 1], [1, 1])).toBe(false);
    expect(dominates([2, 0], [1, 1])).toBe(false);
  });
  it('treats differences below the tolerance as ties', () => {
    expect(dominates([1 + 1e-15, 1], [1, 1])).toBe(false);
  });
});

describe('paretoIndices2', () => {
  it('returns the frontier ordered by the first utility, keeping exact ties', () => {
    const uA = Float64Array.of(1, 0, 0.5, 0.4, 0.5, 0.2);
    const uB = Float64Array.of(0, 1, 0.5, 0.4, 0.5, 0.1);
    expect(Array.from(paretoIndices2(uA, uB))).toEqual([0, 2, 4, 1]);
  });
  it('equals brute force on random point sets with and without ties', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rand = seededRandom(seed);
      const n = 1 + Math.floor(rand() * 1500);
      const coarse = seed % 2 === 0;
      const uA = Float64Array.from({ length: n }, () => (coarse ? Math.floor(rand() * 20) / 19 : rand()));
      const uB = Float64Array.from({ length: n }, () => (coarse ? Math.floor(rand() * 20) / 19 : rand()));
      const fast = Array.from(paretoIndices2(uA, uB)).sort((a, b) => a - b);
      expect(fast, `seed ${seed}`).toEqual(bruteForce2(uA, uB));
    }
  });
  it('handles an anti-diagonal where every point is efficient', () => {
    const n = 1000;
    const uA = Float64Array.from({ length: n }, (_, i) => i / n);
    const uB = Float64Array.from({ length: n }, (_, i) => 1 - i / n);
    expect(paretoIndices2(uA, uB).length).toBe(n);
  });
  it('agrees with the n-party brute force for two parties', () => {
    const rand = seededRandom(99);
    const pts = Array.from({ length: 300 }, () => [Math.floor(rand() * 10), Math.floor(rand() * 10)]);
    const uA = Float64Array.from(pts, (p) => p[0]!);
    const uB = Float64Array.from(pts, (p) => p[1]!);
    expect(Array.from(paretoIndices2(uA, uB)).sort((a, b) => a - b)).toEqual(bruteForcePareto(pts));
  });
});

describe('additiveFrontier2', () => {
  it('equals brute force over the enumerated space on random domains of up to 10,000 outcomes (within 1e-9)', () => {
    for (let seed = 1; seed <= 24; seed++) {
      const rand = seededRandom(1000 + seed);
      const issues = 1 + Math.floor(rand() * 5);
      const sizes: number[] = [];
      let n = 1;
      for (let i = 0; i < issues; i++) {
        const s = 1 + Math.floor(rand() * 9);
        if (n * s > 10_000) break;
        sizes.push(s);
        n *= s;
      }
      const coarse = seed % 3 === 0;
      const ta = randomTables(rand, sizes, coarse);
      const tb = randomTables(rand, sizes, coarse);
      const uA = enumerateUtilities(ta);
      const uB = enumerateUtilities(tb);
      const expected = bruteForce2(uA, uB);
      const got = additiveFrontier2(ta, tb);
      // Compare as sets of outcome numbers (first issue slowest, as enumerateUtilities walks).
      const numbers = got
        .map((f) => f.indices.reduce((acc, k, i) => acc * sizes[i]! + k, 0))
        .sort((a, b) => a - b);
      expect(numbers, `seed ${seed}, sizes ${sizes.join('x')}`).toEqual(expected);
      for (const f of got) {
        const num = f.indices.reduce((acc, k, i) => acc * sizes[i]! + k, 0);
        expect(Math.abs(f.utilities[0] - uA[num]!)).toBeLessThan(1e-9);
        expect(Math.abs(f.utilities[1] - uB[num]!)).toBeLessThan(1e-9);
      }
    }
  });
  it('equals brute force on a full 10×10×10×10 domain (10,000 outcomes) with opposed, tied utilities', () => {
    const rand = seededRandom(4242);
    const ta = randomTables(rand, [10, 10, 10, 10], true);
    // B's evaluation is 1.25 minus A's on two issues (pure conflict) and independent on the others.
    const tb = ta.map((t, i) =>
      i < 2 ? Float64Array.from(t, (x) => 1.25 - x) : randomTables(rand, [10], true)[0]!,
    );
    const uA = enumerateUtilities(ta);
    const uB = enumerateUtilities(tb);
    const expected = bruteForce2(uA, uB);
    const got = additiveFrontier2(ta, tb)
      .map((f) => f.indices.reduce((acc, k) => acc * 10 + k, 0))
      .sort((a, b) => a - b);
    expect(got).toEqual(expected);
    expect(Array.from(paretoIndices2(uA, uB)).sort((a, b) => a - b)).toEqual(expected);
  });
  it('returns the single empty outcome for a domain without issues', () => {
    expect(additiveFrontier2([], [])).toEqual([{ indices: [], utilities: [0, 0] }]);
  });
});
