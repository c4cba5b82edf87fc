/**
 * @module tariff/formulas/inclusive
 * The inclusive cap of EO 14345 (and the 232 timber note 37(i)): column 1 plus the layer equals the cap when
 * column 1 is below it, and the layer adds nothing when column 1 is at or above it. Column 1 enters as its ad
 * valorem equivalent (tariff-law.md a.2, b.1 rule 5).
 */
import { applyRate, formatPercent } from '../../_lib/money.js';
import type { FormulaInput, FormulaResult } from './formula.js';

/** max(0, cap − col1 AVE) on the base; the heading depends on which side of the cap column 1 falls. */
export function inclusive({ layer, base, mfnAve }: FormulaInput): FormulaResult {
  const cap = layer.rate;
  if (mfnAve >= cap) {
    return {
      rate: 0,
      duty: 0n,
      heading: layer.headingAtOrAbove ?? layer.heading,
      why: `inclusive ${formatPercent(cap)}%: column 1 (${formatPercent(mfnAve)}%) is at or above ${formatPercent(cap)}%, so no additional duty`,
    };
  }
  const rate = cap - mfnAve;
  return {
    rate,
    duty: applyRate(base, rate),
    heading: layer.heading,
    why: `inclusive ${formatPercent(cap)}%: column 1 is ${formatPercent(mfnAve)}%, so ${formatPercent(rate)}% brings the total to ${formatPercent(cap)}%`,
  };
}
