/**
 * @module evaluation/to-json
 * A JSON-safe copy of an evaluation, as `accord schedule --json` prints it: money (bigint cents) becomes a
 * decimal string with two places ("4500.00") and every rate or share (ppm) a decimal percent string
 * ("15", "2.5"), following docs/CONVENTIONS.md.
 */
import { formatCents, formatPercent } from '../_lib/money.js';
import type { Evaluation } from './types.js';

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
  return convert(evaluation, undefined);
}

function convert(value: unknown, key: string | undefined): Json {
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
