/**
 * @module tariff/duty/base
 * The second stage of the duty pipeline: what each rate is charged on. A layer charges the customs value or
 * the metal content (given in dollars, as a share of value, or — when neither is declared — the whole value,
 * said in the explanation); a specific column-1 rate charges quantities (net weight, liters, dozens …), read
 * here once per line in thousandths.
 */
import { applyRate, type Cents, formatUsd, parseScaledDecimal } from '../../_lib/money.js';
import { AccordError } from '../../_lib/problem.js';
import { quoteInput } from '../../_lib/words.js';
import type { Layer } from '../layer.js';
import {
  isQuantityKey,
  parseQuantity,
  QUANTITIES as QUANTITY_KEYS,
  type QuantitiesMilli,
} from '../rate-text.js';
import type { DutyInput } from './types.js';

/** Whole-kilogram digits a net weight may have (under a trillion kg): more is a typo, not a shipment. */
export const MAX_WEIGHT_DIGITS = 12;

/** An input error about one field, carrying its pointer as a problem. */
function fieldError(code: string, pointer: string, message: string): AccordError {
  return new AccordError(code, message, { problems: [{ code, message, where: { pointer } }] });
}

/**
 * Quantities of the line in thousandths (net weight from `weightKg` as `kg`). Throws an {@link AccordError}
 * pointing at the field for a weight or quantity that is not a number, or an unknown quantity.
 */
export function quantitiesOf(input: DutyInput): QuantitiesMilli {
  const q: QuantitiesMilli = {};
  if (input.weightKg !== undefined) {
    const grams =
      input.weightKg.length > 64
        ? undefined
        : parseScaledDecimal(input.weightKg.trim(), 3, MAX_WEIGHT_DIGITS);
    if (grams === undefined)
      throw fieldError(
        'weight-invalid',
        '/weightKg',
        `weight ${quoteInput(input.weightKg)} is not a non-negative number of kg (up to 3 decimals, at most ${MAX_WEIGHT_DIGITS} digits before the point)`,
      );
    q.kg = grams;
  }
  for (const [key, text] of Object.entries(input.quantities ?? {})) {
    const pointer = `/quantities/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!isQuantityKey(key))
      throw fieldError(
        'quantity-unknown',
        pointer,
        `unknown quantity ${quoteInput(key)}: the quantities are ${Object.keys(QUANTITY_KEYS).join(', ')}`,
      );
    if (key === 'kg' && q.kg !== undefined)
      throw fieldError('quantity-invalid', pointer, 'the net weight is given twice (weight and quantity kg)');
    const milli = parseQuantity(key, text);
    if (milli === undefined)
      throw fieldError(
        'quantity-invalid',
        pointer,
        `quantity ${key} ${quoteInput(text)} is not a non-negative number (up to 3 decimals, at most 12 digits before the point${key === 'degrees' ? ', at most 100 degrees' : ''})`,
      );
    q[key] = milli;
  }
  return q;
}

/** The metal content declared for the line, in dollars or as a share of value; undefined when neither is. */
export function metalContentOf(input: DutyInput): Cents | undefined {
  return (
    input.metalContent ??
    (input.metalShare !== undefined ? applyRate(input.value, input.metalShare) : undefined)
  );
}

/**
 * What `layer` is charged on before its interactions, and the note that says so when it is not simply the
 * value (`notes` is left empty when `explain` is false).
 *
 * @example
 * layerBase(steelLayer, input, undefined, true)
 * // { base: input.value, notes: ['metal content not given (…), so the whole value is treated as metal content'] }
 */
export function layerBase(
  layer: Layer,
  input: DutyInput,
  metalContent: Cents | undefined,
  explain: boolean,
): { base: Cents; notes: string[] } {
  if (layer.base !== 'metal-content') return { base: input.value, notes: [] };
  const notes: string[] = [];
  if (explain) {
    notes.push(
      metalContent === undefined
        ? 'metal content not given (--metal-content-usd or --metal-share), so the whole value is treated as metal content'
        : `metal content ${formatUsd(metalContent)}`,
    );
  }
  return { base: metalContent ?? input.value, notes };
}
