/**
 * @module tariff/formulas
 * Formula kinds by name, so the engine dispatches on data rather than on programs.
 */
import type { Formula } from '../layer.js';
import { adValorem } from './ad-valorem.js';
import { claim } from './claim.js';
import type { FormulaInput, FormulaResult } from './formula.js';
import { inclusive } from './inclusive.js';

export type { FormulaInput, FormulaResult } from './formula.js';

/** The formula function for each kind. */
export const FORMULAS: Record<Formula, (input: FormulaInput) => FormulaResult> = {
  'ad-valorem': adValorem,
  inclusive,
  claim,
};
