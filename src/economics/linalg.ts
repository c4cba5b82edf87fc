/**
 * @module economics/linalg
 * Dense linear algebra for the models: LU factorisation with partial pivoting, solves and inverses.
 * Matrices are row-major arrays of rows; sizes here are small (≤ a few hundred), so dense is right.
 */

/** A dense matrix as an array of rows. */
export type Matrix = number[][];

/** LU factors of a square matrix, with the row permutation from partial pivoting. */
export interface LuFactors {
  lu: Float64Array[];
  perm: Int32Array;
  n: number;
}

/**
 * Factor `a` as P·A = L·U. Throws when the matrix is singular (a pivot below `tolerance` times the
 * largest entry): callers turn that into a problem the user can act on.
 */
export function luFactor(a: readonly ArrayLike<number>[], tolerance = 1e-13): LuFactors {
  const n = a.length;
  const lu = a.map((row) => Float64Array.from(row as ArrayLike<number>));
  const perm = new Int32Array(n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    perm[i] = i;
    const row = lu[i]!;
    for (let j = 0; j < n; j++) scale = Math.max(scale, Math.abs(row[j]!));
  }
  for (let k = 0; k < n; k++) {
    let pivot = k;
    let best = Math.abs(lu[k]![k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(lu[i]![k]!);
      if (v > best) {
        best = v;
        pivot = i;
      }
    }
    if (best <= tolerance * Math.max(scale, 1)) throw new Error(`singular matrix (pivot ${k})`);
    if (pivot !== k) {
      [lu[k], lu[pivot]] = [lu[pivot]!, lu[k]!];
      [perm[k], perm[pivot]] = [perm[pivot]!, perm[k]!];
    }
    const rowK = lu[k]!;
    const d = rowK[k]!;
    for (let i = k + 1; i < n; i++) {
      const rowI = lu[i]!;
      const f = rowI[k]! / d;
      rowI[k] = f;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) rowI[j]! -= f * rowK[j]!;
    }
  }
  return { lu, perm, n };
}

/** Solve A·x = b from LU factors. */
export function luSolve(f: LuFactors, b: readonly number[]): number[] {
  const { lu, perm, n } = f;
  const x = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let s = b[perm[i]!]!;
    const row = lu[i]!;
    for (let j = 0; j < i; j++) s -= row[j]! * x[j]!;
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    const row = lu[i]!;
    for (let j = i + 1; j < n; j++) s -= row[j]! * x[j]!;
    x[i] = s / row[i]!;
  }
  return x;
}

/**
 * Solve A·x = b.
 *
 * @example
 * solve([[2, 0], [0, 4]], [2, 2]) // [1, 0.5]
 */
export function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  return luSolve(luFactor(a), b);
}

/** The inverse of a square matrix. */
export function invert(a: readonly (readonly number[])[]): Matrix {
  const f = luFactor(a);
  const n = a.length;
  const inv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const e = new Array<number>(n).fill(0);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = luSolve(f, e);
    for (let i = 0; i < n; i++) inv[i]![j] = col[i]!;
  }
  return inv;
}

/** y = A·x. */
export function matVec(a: readonly (readonly number[])[], x: readonly number[]): number[] {
  return a.map((row) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += row[j]! * x[j]!;
    return s;
  });
}

/** The largest absolute entry of a vector (the residual norm the solvers report). */
export function maxAbs(v: readonly number[]): number {
  let m = 0;
  for (const x of v) m = Math.max(m, Math.abs(x));
  return m;
}
