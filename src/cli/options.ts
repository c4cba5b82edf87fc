/**
 * @module cli/options
 * Strict readers for option values. `Number('0x10')` is 16, `Number('')` is 0 and `parseInt('15abc')` is 15:
 * none of those is what a person meant, so whole numbers are decimal digits and nothing else.
 */
import { AccordError } from '../_lib/problem.js';
import { quoteInput } from '../_lib/words.js';

/**
 * A whole-number option from `min` to `max`, written in decimal digits; a usage error (exit 2) otherwise.
 *
 * @example
 * wholeNumberOption('--top', '15', 1, 10_000) // 15
 * wholeNumberOption('--top', '0x10', 1, 10_000) // throws: --top must be a whole number from 1 to 10000 …
 */
export function wholeNumberOption(flag: string, text: string, min: number, max: number): number {
  const n = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max))
    throw new AccordError(
      'usage',
      `${flag} must be a whole number from ${min} to ${max} (got ${quoteInput(text)})`,
      {
        exitCode: 2,
      },
    );
  return n;
}
