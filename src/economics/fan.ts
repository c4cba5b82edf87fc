/**
 * @module economics/fan
 * The data of a fan chart: Monte Carlo percentiles per year of the term, one fan per term variant, laid
 * out as the steps a chart draws. Drawing them is left to the edges (src/render), so the domain loads no
 * plotting or rasterising library.
 */
import type { Percentiles } from './monte-carlo.js';

/** One fan: a labelled series of yearly percentiles. */
export interface Fan {
  label: string;
  /** Percentiles for years 1..n. */
  years: Percentiles[];
}

/** One step of a fan: a year's percentiles, scaled, under its variant's label. */
export interface FanStep {
  variant: string;
  year: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/**
 * The steps of every fan, values divided by `scale`. Each year's value holds from its start to the next
 * year's start, so the last year is repeated (as year n+1) to close the step.
 */
export function fanSteps(fans: readonly Fan[], scale = 1): FanStep[] {
  return fans.flatMap((f) =>
    [...f.years, ...f.years.slice(-1)].map((p, i) => ({
      variant: f.label,
      year: i + 1,
      p5: p.p5 / scale,
      p25: p.p25 / scale,
      p50: p.p50 / scale,
      p75: p.p75 / scale,
      p95: p.p95 / scale,
    })),
  );
}
