/**
 * @module evaluation/explain
 * Words and numbers for people: FTE and money formatting, fact lists, and one-line summaries of a
 * condition's measurement ("netNewFte 1,950 FTE vs target 2,000 FTE"). Explanations name the milestone,
 * the measured value against the target and the facts, so an analyst can check them by hand.
 */
import { formatPercent } from '../_lib/money.js';
import type { ConditionResult } from './types.js';

// One formatter for all calls: Number#toLocaleString builds a new one each time (~60 µs a call).
const FTE_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** FTE with at most one decimal: `1,950 FTE`. */
export function formatFte(fte: number): string {
  return `${FTE_FORMAT.format(fte)} FTE`;
}

/** `facts f1, f2` or `no counted facts`. */
export function factList(ids: readonly string[]): string {
  return ids.length === 0 ? 'no counted facts' : `${ids.length === 1 ? 'fact' : 'facts'} ${ids.join(', ')}`;
}

/** A percent for sentences: `92.5%`. */
export function percent(ppm: number): string {
  return `${formatPercent(ppm)}%`;
}

/**
 * The measured values of a condition, leaf by leaf: `netNewFte (…) 1,950 FTE vs target 2,000 FTE`.
 */
export function summarize(result: ConditionResult): string {
  if (result.children && result.children.length > 0) return result.children.map(summarize).join('; ');
  const measured =
    result.value !== undefined ? ` ${result.value}` : result.holds ? ' holds' : ' does not hold';
  const target = result.target !== undefined ? ` vs target ${result.target}` : '';
  const tol = result.withinTolerance ? ' (within tolerance)' : '';
  return `${result.label}:${measured}${target}${tol}`;
}
