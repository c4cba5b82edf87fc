/**
 * @module tariff/hts-code
 * HTS codes as digits: `8703.23.01` and `8703230100` name the same line. Helpers to normalize, format and
 * compare codes with the prefixes that product scopes use.
 */

/**
 * The digits of an HTS code or prefix written with or without dots; undefined when it is not 2–10 digits
 * in pairs after the heading.
 *
 * @example
 * htsDigits('8703.23.01') // '87032301'
 * htsDigits('8703.2')     // undefined
 */
export function htsDigits(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^\d{2,4}(\.?\d{2}){0,3}$/.test(trimmed)) return undefined;
  const digits = trimmed.replace(/\./g, '');
  return digits.length % 2 === 0 ? digits : undefined;
}

/**
 * Digits back to the dotted form the HTS prints: `8703.23.01`, `9401.61.40.11`.
 *
 * @example
 * formatHts('9401614011') // '9401.61.40.11'
 */
export function formatHts(digits: string): string {
  const parts = [digits.slice(0, 4)];
  for (let i = 4; i < digits.length; i += 2) parts.push(digits.slice(i, i + 2));
  return parts.join('.');
}

/** How a scope prefix relates to a code: covers it, covers only some of its statistical lines, or not at all. */
export type ScopeMatch = 'yes' | 'partial' | 'no';

/**
 * Compare a code with a scope prefix (both as digits).
 *
 * @example
 * matchPrefix('9401614011', '94016140') // 'yes'
 * matchPrefix('94016140', '9401614011') // 'partial'
 */
export function matchPrefix(code: string, prefix: string): ScopeMatch {
  if (code.startsWith(prefix)) return 'yes';
  if (prefix.startsWith(code)) return 'partial';
  return 'no';
}
