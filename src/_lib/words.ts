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
