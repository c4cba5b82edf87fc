/**
 * @module csv-cell
 * CSV cells a spreadsheet cannot mistake for formulas, per OWASP's CSV-injection guidance: a text cell that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading single quote and is quoted
 * (`=1+1` → `"'=1+1"`); a cell holding a comma, a double quote, CR or LF is quoted with its quotes doubled,
 * so a bare CR can never end a row for readers that split on it.
 *
 * Which cells are text is the writer's decision, per column: cells that echo what a user wrote (ids, names,
 * codes) are text and go through {@link csvTextCell}; numbers the program formats itself (amounts, rates) are
 * written as they are, so `-12.50` stays a number a spreadsheet can sum.
 */

/**
 * True for the first character (as a UTF-16 code unit or a byte) that makes a spreadsheet read a cell as a
 * formula: `=` `+` `-` `@`, tab, CR.
 */
export function startsFormula(code: number): boolean {
  return code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;
}

/**
 * A text cell as CSV: neutralised when it could start a formula, quoted when it holds `,` `"` CR or LF,
 * as it is otherwise.
 *
 * @example
 * csvTextCell('ACME-1')           // 'ACME-1'
 * csvTextCell('=HYPERLINK("x")')  // '"\'=HYPERLINK(""x"")"'
 * csvTextCell('a,b')              // '"a,b"'
 */
export function csvTextCell(text: string): string {
  if (text.length > 0 && startsFormula(text.charCodeAt(0))) return `"'${text.replace(/"/g, '""')}"`;
  if (!/[",\r\n]/.test(text)) return text;
  return `"${text.replace(/"/g, '""')}"`;
}
