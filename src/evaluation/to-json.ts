/**
 * @module evaluation/to-json
 * A JSON-safe copy of an evaluation, as `accord schedule --json` prints it: money (bigint cents) becomes a
 * decimal string with two places ("4500.00") and every rate or share (ppm) a decimal percent string
 * ("15", "2.5"), following docs/CONVENTIONS.md. A condition's measurement is machine-readable: `value` and
 * `target` are numbers in the `unit` beside them (money a decimal string, FTE and counts numbers, shares
 * percent strings), and the words people read are `valueText` and `targetText`. An evaluation of an
 * agreement that is not enacted says so at the top: `"hypothetical": true`.
 */
import { formatCents, formatPercent } from '../_lib/money.js';
import type { ConditionResult, Evaluation, Measure } from './types.js';

/** Keys whose numbers are ppm rates or shares in an {@link Evaluation}. */
const PPM_KEYS = new Set(['rate', 'ratio', 'share', 'performance', 'tolerance', 'repayShare']);

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Convert an evaluation for JSON output.
 *
 * @example
 * JSON.stringify(toJson(evaluate(agreement, facts, asOf)), null, 2)
 */
export function toJson(evaluation: Evaluation): Json {
  const json = convert(evaluation, undefined) as { [key: string]: Json };
  return evaluation.agreement.status === 'enacted' ? json : { hypothetical: true, ...json };
}

/** One number of a measure, as JSON carries numbers in that unit. */
function amount(unit: Measure['unit'], value: bigint | number | boolean): Json {
  if (typeof value === 'bigint') return formatCents(value);
  if (typeof value === 'boolean') return value;
  if (unit === 'percent') return formatPercent(value);
  // FTE are hours ÷ hours per FTE: keep three decimals, so binary noise never reaches the output.
  return Math.round(value * 1000) / 1000;
}

function conditionJson(c: ConditionResult): Json {
  const out: { [key: string]: Json } = { label: c.label, holds: c.holds };
  if (c.withinTolerance) out.withinTolerance = true;
  const m = c.measure;
  if (m) {
    if (m.value !== undefined) out.value = amount(m.unit, m.value);
    if (m.target !== undefined) out.target = amount(m.unit, m.target);
    out.unit = m.unit;
    if (m.per) out.per = m.per;
  }
  if (c.value !== undefined) out.valueText = c.value;
  if (c.target !== undefined) out.targetText = c.target;
  if (c.ratio !== undefined) out.ratio = formatPercent(c.ratio);
  out.facts = c.facts;
  if (c.children) out.children = c.children.map(conditionJson);
  return out;
}

function convert(value: unknown, key: string | undefined): Json {
  if (key === 'condition' && typeof value === 'object' && value !== null && 'holds' in value)
    return conditionJson(value as ConditionResult);
  if (typeof value === 'bigint') return formatCents(value);
  if (typeof value === 'number') return key !== undefined && PPM_KEYS.has(key) ? formatPercent(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => convert(v, undefined));
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (v !== undefined) out[k] = convert(v, k);
    return out;
  }
  return null;
}
