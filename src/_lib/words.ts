/**
 * @module words
 * Small helpers for messages written in English.
 */

/**
 * The word with its indefinite article, by its first letter's sound as these messages use it
 * ("an auditor", "a firm", "an employment-report").
 *
 * @example
 * withArticle('auditor') // 'an auditor'
 */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}

// One formatter for every count: Number#toLocaleString builds a new one on each call. Built on first use, not
// when the module loads: creating it loads ICU's locale data (40–120 ms of a cold start), and most runs that
// import this module (accord duty among them) never format a count.
let countFormat: Intl.NumberFormat | undefined;

/**
 * A count with its noun in the right number, the count grouped by thousands ("1 entry", "2 entries",
 * "1,050 bad rows"). The plural is the noun plus "s" unless given; for a phrase, pass both forms.
 *
 * @example
 * plural(1, 'entry', 'entries') // '1 entry'
 * plural(12_000, 'line')        // '12,000 lines'
 * plural(1, 'bad row')          // '1 bad row'
 */
export function plural(count: number | bigint, singular: string, pluralForm = `${singular}s`): string {
  countFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });
  return `${countFormat.format(count)} ${count === 1 || count === 1n ? singular : pluralForm}`;
}

/**
 * An ordinal in figures: "1st", "2nd", "3rd", "4th", "11th", "22nd".
 *
 * @example
 * ordinal(5) // '5th'
 */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13
      ? 'th'
      : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/**
 * A value a user gave, quoted for a message: JSON-escaped (control characters, NUL and lone surrogates show
 * as escapes, never raw on a terminal) and cut to `max` characters.
 *
 * @example
 * quoteInput('1constructor') // '"1constructor"'
 * quoteInput('a\u0000b')     // '"a\\u0000b"'
 */
export function quoteInput(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
