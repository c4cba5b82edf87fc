/**
 * @module tariff/formulas/ad-valorem
 * An additional ad valorem duty: the layer's rate on its base (layers add on the same customs value and do
 * not compound — tariff-law.md b.1 rule 1).
 */
import { applyRate, formatPercent } from '../../_lib/money.js';
import type { FormulaInput, FormulaResult } from './formula.js';

/** Rate × base, rounded half up to the cent. */
export function adValorem({ layer, base }: FormulaInput): FormulaResult {
  return {
    rate: layer.rate,
    duty: applyRate(base, layer.rate),
    heading: layer.heading,
    why: `${formatPercent(layer.rate)}% additional duty`,
  };
}
