/**
 * @module economics/labels
 * Every number a model produces says which model produced it and under which assumptions (DESIGN:
 * SMART, GSIM and CES are different models and give different answers on the same data).
 */

/** The tariff models accord runs. */
export type ModelName = 'SMART' | 'GSIM' | 'CES';

/** The model that produced a result, with its assumptions in words and the sources of its equations. */
export interface ModelLabel {
  model: ModelName;
  assumptions: string[];
  citations: string[];
}

/** WITS treats an export-supply elasticity of 99 or more as infinite (world prices fixed). */
export const INFINITE_SUPPLY = 99;

/** True when an export-supply elasticity stands for perfectly elastic supply (WITS convention). */
export function isInfiniteSupply(ex: number): boolean {
  return ex >= INFINITE_SUPPLY || ex === Number.POSITIVE_INFINITY;
}

export const SOURCES = {
  smart: 'Laird & Yeats (1986); Jammes & Olarreaga (2005); WITS SMART online help',
  gsim: 'Francois & Hall (2003), "Global Simulation Analysis of Industry-Level Trade Policy", v3.0',
  ces: 'Hallren & Riker (2017), USITC WP 2017-07-B; Riker & Schreiber (2020), USITC WP 2020-11-B',
  witsOperators: 'WITS help, "Defining a Tariff change"',
  leontief: 'Leontief input–output; BEA RIMS II user guide (multipliers are upper bounds)',
} as const;
