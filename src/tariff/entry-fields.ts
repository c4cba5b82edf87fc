/**
 * @module tariff/entry-fields
 * Parsing of the entry-line fields that the CLI flags, the duty API's query and the bulk CSV share: money,
 * percent shares, transport, dates, countries, yes-or-no facts, choices and quantities, each returning a
 * message the user can act on. Each reader takes the name the user wrote the field under (`--metal-share`,
 * `metalShare`, `metal_share`), so its message names it.
 */
import { type IsoDate, parseIsoDate } from '../_lib/date.js';
import { type Cents, type Ppm, parseRate, readUsd } from '../_lib/money.js';
import { quoteInput } from '../_lib/words.js';
import { notACountry } from './countries.js';
import type { Transport } from './fees.js';

/** A parsed value, or the reason it is not one. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

/**
 * Whole-dollar digits of an entry line's amounts (under $10 trillion): a tighter bound than money in general,
 * so that bulk assessment's sums of values and duties stay exact in doubles (below 2^53 cents with room).
 */
export const MAX_ENTRY_DIGITS = 13;
const MAX_ENTRY_CENTS_EXCLUSIVE = 10n ** BigInt(MAX_ENTRY_DIGITS + 2);

/** A US-dollar amount (`45000`, `45,000.50`, `$45k`), exact to the cent, not negative, under $10 trillion. */
export function parseMoneyField(name: string, text: string): Parsed<Cents> {
  const t = text.trim();
  if (t.startsWith('-')) return bad(`${name} must not be negative (got ${quoteInput(text)})`);
  const r = readUsd(t);
  if ((r.ok && r.cents >= MAX_ENTRY_CENTS_EXCLUSIVE) || (!r.ok && r.tooLarge))
    return bad(
      `${name} ${quoteInput(text)} is too large: at most ${MAX_ENTRY_DIGITS} digits before the decimal point`,
    );
  if (!r.ok) return bad(`${name} ${quoteInput(text)} is not a US-dollar amount: ${r.reason}`);
  return ok(r.cents);
}

/** A percent share, written `25` or `25%`, between 0 and 100. */
export function parsePercentField(name: string, text: string): Parsed<Ppm> {
  const t = text.trim().replace(/%$/, '');
  const ppm = parseRate(`${t}%`);
  if (ppm === undefined || ppm > 1_000_000)
    return bad(`${name} ${quoteInput(text)} must be a percent between 0 and 100, e.g. 25`);
  return ok(ppm);
}

/** A calendar date `YYYY-MM-DD`. */
export function parseDateField(name: string, text: string): Parsed<IsoDate> {
  const d = parseIsoDate(text.trim());
  return d ? ok(d) : bad(`${name} ${quoteInput(text)} is not a calendar date (YYYY-MM-DD)`);
}

/** `ocean`, `air` or `other`. */
export function parseTransportField(text: string): Parsed<Transport> {
  const t = text.trim().toLowerCase();
  return t === 'ocean' || t === 'air' || t === 'other'
    ? ok(t)
    : bad(`transport ${quoteInput(text)} must be ocean, air or other`);
}

/** An ISO 3166 alpha-2 origin, upper-cased. ASCII letters only: `ß`.toUpperCase() is `SS`, not an origin. */
export function parseOriginField(text: string): Parsed<string> {
  return parseCountryField('origin', text);
}

/**
 * An ISO 3166 alpha-2 country (an origin, the country of melt and pour), upper-cased. ASCII letters only:
 * `ß`.toUpperCase() is `SS`, South Sudan.
 *
 * @example
 * parseCountryField('--melt-pour', 'ru') // { ok: true, value: 'RU' }
 */
export function parseCountryField(name: string, text: string): Parsed<string> {
  const t = text.trim();
  if (!/^[A-Za-z]{2}$/.test(t))
    return bad(`${name} ${quoteInput(text)} must be an ISO 3166 alpha-2 code such as JP`);
  const code = t.toUpperCase();
  // UK, EU, XX, JA … are not countries: refused with what was most likely meant.
  const why = notACountry(code);
  return why
    ? bad(`${name} ${quoteInput(text)} is not an ISO 3166-1 alpha-2 country code: ${why}`)
    : ok(code);
}

/**
 * A declared yes-or-no fact: `yes` or `no`, or `true` or `false` (any case). `meaning` says what yes means.
 *
 * @example
 * parseYesNoField('usmca', 'True', 'USMCA preference claimed or not') // { ok: true, value: true }
 */
export function parseYesNoField(name: string, text: string, meaning: string): Parsed<boolean> {
  const v = text.trim().toLowerCase();
  if (v === 'yes' || v === 'true') return ok(true);
  if (v === 'no' || v === 'false') return ok(false);
  return bad(`${name} ${quoteInput(text)} must be yes or no, or true or false (${meaning})`);
}

/**
 * One of a fixed list of words (a quota status, a kind of pharmaceutical, an end use), lower-cased; `note`
 * says where the list comes from.
 *
 * @example
 * parseChoiceField('quota', 'Over', ['within', 'over']) // { ok: true, value: 'over' }
 */
export function parseChoiceField<const C extends string>(
  name: string,
  text: string,
  choices: readonly C[],
  note?: string,
): Parsed<C> {
  const v = text.trim().toLowerCase();
  const found = choices.find((c) => c === v);
  if (found !== undefined) return ok(found);
  const allowed = choices.length === 2 ? `${choices[0]} or ${choices[1]}` : `one of ${choices.join(', ')}`;
  return bad(`${name} ${quoteInput(text)} must be ${allowed}${note ? ` (${note})` : ''}`);
}

/**
 * Quantities written `KEY=N` (`liter=750`), one text each, as a record by key; the engine checks the keys
 * and numbers. A text without `=` or a key given twice is refused.
 *
 * @example
 * parseQuantityPairs('qty', ['liter=750', 'doz=3']) // { ok: true, value: { liter: '750', doz: '3' } }
 */
export function parseQuantityPairs(
  name: string,
  texts: readonly string[],
): Parsed<Readonly<Record<string, string>>> {
  const pairs = new Map<string, string>();
  for (const t of texts) {
    const eq = t.indexOf('=');
    const key = t.slice(0, Math.max(eq, 0)).trim();
    if (eq < 0 || key === '') return bad(`${name} ${quoteInput(t)} must be KEY=N, e.g. liter=750`);
    if (pairs.has(key)) return bad(`${name} ${quoteInput(key)} is given twice`);
    pairs.set(key, t.slice(eq + 1));
  }
  // fromEntries defines own properties: a key `__proto__` stays a key (the engine refuses it by name).
  return ok(Object.fromEntries(pairs));
}
