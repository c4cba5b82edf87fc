/**
 * @module tariff/formulas/formula
 * The contract of a layer formula: given the layer, the base it is charged on and the line's column-1 AVE,
 * the rate charged, the duty rounded to the cent, the heading filed and a sentence saying why.
 */
import type { Cents, Ppm } from '../../_lib/money.js';
import type { Layer } from '../layer.js';

/** What a formula needs. */
export interface FormulaInput {
  layer: Layer;
  base: Cents;
  /** Column-1 ad valorem equivalent of the line. */
  mfnAve: Ppm;
}

/** What a formula gives. */
export interface FormulaResult {
  rate: Ppm;
  duty: Cents;
  heading: string;
  why: string;
}
