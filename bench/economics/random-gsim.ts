/**
 * Random GSIM inputs for benchmarks: the same generator (a seeded LCG) is ported to Python in
 * gsim_scipy.py so both solvers see identical data.
 */
import type { GsimInput } from '../../src/economics/index.js';

/** A 32-bit LCG (Numerical Recipes constants): trivially portable, so Python reproduces the data exactly. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** n regions, flows 0–1000 (diagonal 0), tariffs 0–30%, a 10-point cut on every flow into region 0. */
export function randomGsim(n: number, seed = 1): GsimInput {
  const u = lcg(seed);
  const M = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, v) => (i === v ? 0 : 1000 * u())),
  );
  const T0 = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, v) => (i === v ? 1 : 1 + 0.3 * u())),
  );
  const T1 = T0.map((row, i) => row.map((t, v) => (v === 0 && i !== 0 ? Math.max(1, t - 0.1) : t)));
  return {
    regions: Array.from({ length: n }, (_, i) => `R${i}`),
    M,
    T0,
    T1,
    Em: Array.from({ length: n }, () => -0.5 - 1.5 * u()),
    Es: Array.from({ length: n }, () => 2 + 4 * u()),
    Ex: Array.from({ length: n }, () => 0.5 + 2 * u()),
  };
}
