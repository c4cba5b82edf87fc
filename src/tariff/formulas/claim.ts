/**
 * @module tariff/formulas/claim
 * A relief claim filed as its own Chapter 99 line at no duty (9903.96.02 civil aircraft of Japan): its
 * presence is what makes other layers step aside.
 */
import type { FormulaInput, FormulaResult } from './formula.js';

/** Zero duty under the claim heading. */
export function claim({ layer }: FormulaInput): FormulaResult {
  return { rate: 0, duty: 0n, heading: layer.heading, why: `relief claimed under ${layer.heading}` };
}
