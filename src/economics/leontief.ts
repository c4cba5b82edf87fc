/**
 * @module economics/leontief
 * Input–output (Leontief) employment: direct jobs, Type I (direct + supplier) and Type II (+ induced,
 * households closed into the table). Jobs count positions per unit of output, so results carry the
 * boundary they use; BEA stresses that such multipliers are upper bounds (no supply constraints).
 */
import { invert, type Matrix, matVec } from './linalg.js';

/** An input–output table: inter-industry flows, gross output and jobs per industry. */
export interface IoTable {
  industries: string[];
  /** Z: z_ij = sales of industry i to industry j. */
  Z: number[][];
  /** x: gross output per industry. */
  output: number[];
  /** Employment per industry (same year as the table). */
  jobs: number[];
  /** For Type II: household labour income received from each industry (the closing row). */
  laborIncome?: number[];
  /** For Type II: household purchases from each industry (the closing column). */
  householdSpending?: number[];
  /** For Type II: total household income (the closed table's output of the household sector). */
  householdIncome?: number;
}

/** Jobs from a final-demand shock, split by the boundary they belong to. */
export interface JobsEstimate {
  /** e_j·f_j: jobs in the industries that receive the spending (what payroll records can verify). */
  direct: number;
  /** Type I − direct: supplier jobs (modelled). */
  supplier: number;
  /** Type II − Type I: household-spending jobs (modelled); 0 when the table is not closed. */
  induced: number;
  /** direct + supplier + induced. */
  total: number;
}

/** Technical coefficients A = Z·diag(x)⁻¹. */
export function technicalCoefficients(Z: readonly (readonly number[])[], output: readonly number[]): Matrix {
  return Z.map((row) => row.map((z, j) => (output[j]! > 0 ? z / output[j]! : 0)));
}

/** The Leontief inverse L = (I − A)⁻¹. */
export function leontiefInverse(A: readonly (readonly number[])[]): Matrix {
  return invert(A.map((row, i) => row.map((a, j) => (i === j ? 1 : 0) - a)));
}

/**
 * Jobs supported by final demand `f` (same units as the table's output).
 *
 * @example
 * ioJobs(table, [100, 0]).direct // e_1·100
 */
export function ioJobs(table: IoTable, f: readonly number[]): JobsEstimate {
  const n = table.industries.length;
  const e = table.jobs.map((j, i) => (table.output[i]! > 0 ? j / table.output[i]! : 0));
  const A = technicalCoefficients(table.Z, table.output);
  const x1 = matVec(leontiefInverse(A), f);
  const direct = f.reduce((s, fj, j) => s + e[j]! * fj, 0);
  const typeI = x1.reduce((s, xi, i) => s + e[i]! * xi, 0);
  let typeII = typeI;
  if (table.laborIncome && table.householdSpending && table.householdIncome) {
    const h = table.householdIncome;
    // Closed model: households become industry n + 1 selling labour and buying consumption.
    const closed = A.map((row, i) => [...row, table.householdSpending![i]! / h]);
    closed.push([...table.laborIncome.map((l, j) => (table.output[j]! > 0 ? l / table.output[j]! : 0)), 0]);
    const xBar = matVec(leontiefInverse(closed), [...f, 0]);
    typeII = 0;
    for (let i = 0; i < n; i++) typeII += e[i]! * xBar[i]!;
  }
  return { direct, supplier: typeI - direct, induced: typeII - typeI, total: typeII };
}

/** Type I employment multiplier per direct job for each industry: (Σ_i e_i·L_ij)/e_j. */
export function typeIMultipliers(table: IoTable): number[] {
  const e = table.jobs.map((j, i) => (table.output[i]! > 0 ? j / table.output[i]! : 0));
  const L = leontiefInverse(technicalCoefficients(table.Z, table.output));
  return e.map((ej, j) => {
    if (ej === 0) return 0;
    let s = 0;
    for (let i = 0; i < e.length; i++) s += e[i]! * L[i]![j]!;
    return s / ej;
  });
}
