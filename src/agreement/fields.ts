/**
 * @module agreement/fields
 * Zod field types for the agreement file: dates, durations, rates, money, ids. Each parses the form a
 * person writes (`"15%"`, `"4.4bn"`, `2025-09-16`, `"180d"`) into the exact value the engine uses, and
 * fails with a message that says how to write it.
 */
import { z } from 'zod';
import { type Duration, type IsoDate, parseDuration, parseIsoDate } from '../_lib/date.js';
import { type Cents, MAX_USD_DIGITS, type Ppm, parseRate, readUsd } from '../_lib/money.js';
import { quoteInput } from '../_lib/words.js';

/** Identifiers: lowercase letters, digits and dashes, as used in references (`after: m1`). */
export const idField = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, {
  message: 'an id starts with a letter and has only letters, digits, "-", "_" or "." (at most 64)',
});

/** A `YYYY-MM-DD` calendar date. YAML may already have turned it into a Date; both are accepted. */
export const dateField = z
  .union([z.string(), z.date()])
  .transform((value, ctx): IsoDate => {
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : value;
    const date = parseIsoDate(text);
    if (!date) {
      ctx.addIssue({
        code: 'custom',
        message: `${quoteInput(text)} is not a calendar date; write YYYY-MM-DD`,
      });
      return z.NEVER;
    }
    return date;
  })
  .meta({ type: 'string', format: 'date', description: 'calendar date YYYY-MM-DD' });

/** `180d`, `6m`, `2y`. */
export const durationField = z
  .string()
  .transform((text, ctx): Duration => {
    const duration = parseDuration(text);
    if (!duration) {
      ctx.addIssue({
        code: 'custom',
        message: `${quoteInput(text)} is not a duration; write e.g. 180d, 6m or 2y`,
      });
      return z.NEVER;
    }
    return duration;
  })
  .meta({ description: 'a duration: <n>d, <n>m or <n>y', pattern: '^\\d{1,5}\\s*[dmy]$' });

/** A rate or share: `"15%"` (up to 4 decimals) or a fraction in [0, 1]. Parsed to ppm. */
export const rateField = z
  .union([z.string(), z.number()])
  .transform((value, ctx): Ppm => {
    const ppm = parseRate(value);
    if (ppm === undefined) {
      ctx.addIssue({
        code: 'custom',
        message:
          typeof value === 'number'
            ? `${value} is not a fraction between 0 and 1; write a percent string like "15%"`
            : `${quoteInput(value)} is not a rate; write a percent like "15%" or "2.5%" (at most 4 decimals)`,
      });
      return z.NEVER;
    }
    if (ppm > 10_000_000) {
      ctx.addIssue({ code: 'custom', message: `${value} is above 1000%, which no tariff here reaches` });
      return z.NEVER;
    }
    return ppm;
  })
  .meta({ description: 'a percent string like "15%" or a fraction in [0, 1]' });

/** US dollars: `4000000000`, `"4.4bn"`, `"$1,500.25"`. Parsed to integer cents. */
export const usdField = z
  .union([z.string(), z.number()])
  .transform((value, ctx): Cents => {
    if (typeof value === 'number' ? value < 0 : /^\s*[-−]/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        params: { code: 'negative-amount' },
        message: `${value} is negative; amounts are zero or more`,
      });
      return z.NEVER;
    }
    const reading = readUsd(value);
    if (!reading.ok) {
      const shown = typeof value === 'number' ? String(value) : quoteInput(value);
      ctx.addIssue({
        code: 'custom',
        message: reading.tooLarge
          ? `${shown} is too large: ${reading.reason} (at most ${MAX_USD_DIGITS})`
          : `${shown} is not a US-dollar amount exact to the cent; write e.g. 4000000000, "4.4bn" or "250m"`,
      });
      return z.NEVER;
    }
    return reading.cents;
  })
  .meta({ description: 'US dollars: a number, or a string like "4.4bn", "250m", "$1,500.25"' });

/** A non-negative count or quantity (jobs, hours, FTE) written as a plain number. */
export const quantityField = z
  .number({ message: 'expected a number' })
  .finite()
  .nonnegative({ message: 'must be zero or more' })
  .max(1e12, { message: 'is implausibly large (over 10^12)' });

/** A text that people read: non-empty, bounded. */
export const textField = z.string().min(1, { message: 'must not be empty' }).max(4000);
