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
