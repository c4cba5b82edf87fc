/**
 * @module cli/fit-width
 * Terminal output that fits a width: tables whose widest columns give way (their cells wrap at word
 * boundaries), and prose lines wrapped with a hanging indent. 100 columns is the width a report is written
 * for; a wider line wraps or is cut by most terminals, and a table that wraps is unreadable.
 */
import Table from 'cli-table3';

/** The width every report fits. */
export const REPORT_WIDTH = 100;

const width = (text: string): number => Math.max(0, ...text.split('\n').map((l) => [...l].length));

/**
 * Column widths (cli-table3's, padding included) for these rows that keep the whole table within `total`
 * columns: each column gets what its longest cell needs; then, a character at a time, the column with the
 * most room above its longest word gives way, and when every column is down to its longest word, the widest,
 * never below `min`.
 *
 * @example
 * fitColumns([['u(A)', 'outcome'], ['0.5', 'a long text …']], 40) // [6, 31]
 */
export function fitColumns(rows: readonly (readonly string[])[], total = REPORT_WIDTH, min = 6): number[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(3, ...rows.map((r) => width(r[i] ?? '') + 2)),
  );
  // What a column needs so that no word breaks: its longest word (capped, so one long word cannot hold a
  // column wide).
  const words = Array.from({ length: columns }, (_, i) =>
    Math.min(16, Math.max(min, ...rows.map((r) => Math.max(0, ...(r[i] ?? '').split(/\s+/).map(width)) + 2))),
  );
  // A table draws one border between columns and one at each side.
  const budget = total - (columns + 1);
  let sum = widths.reduce((a, b) => a + b, 0);
  while (sum > budget) {
    // First the column with the most room above its longest word gives way; then the widest.
    let pick = -1;
    for (let i = 0; i < columns; i++)
      if (widths[i]! > words[i]! && (pick < 0 || widths[i]! - words[i]! > widths[pick]! - words[pick]!))
        pick = i;
    if (pick < 0) {
      pick = 0;
      for (let i = 1; i < columns; i++) if (widths[i]! > widths[pick]!) pick = i;
      if (widths[pick]! <= min) break;
    }
    widths[pick]!--;
    sum--;
  }
  return widths;
}

/** A row of cells, or one text spanning the whole table (e.g. what changed since the row above). */
export type FittedRow = string[] | { span: string };

/**
 * A cli-table3 table with these header and body rows, fitted to `total` columns: long cells wrap within their
 * column instead of widening the table.
 */
export function fittedTable(
  head: string[],
  rows: FittedRow[],
  options: { total?: number; align?: ('left' | 'right')[] } = {},
): string {
  const cells = rows.filter((r): r is string[] => Array.isArray(r));
  const colWidths = fitColumns([head, ...cells], options.total ?? REPORT_WIDTH);
  const table = new Table({
    head,
    colWidths,
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [] },
    ...(options.align && { colAligns: options.align }),
  });
  for (const r of rows)
    table.push(Array.isArray(r) ? r : [{ colSpan: head.length, content: r.span, wordWrap: true }]);
  return table.toString();
}

/**
 * Wrap each line longer than `total` at spaces, continuing with its own indent plus two spaces; lines of a
 * drawn table (they start with a box-drawing character) are left as they are.
 *
 * @example
 * wrapLines('Nash: (0.78, 0.68)  term-years=15; …', 40)
 */
export function wrapLines(text: string, total = REPORT_WIDTH): string {
  return text
    .split('\n')
    .flatMap((line) => {
      if ([...line].length <= total || /^[┌│├└]/.test(line)) return [line];
      const indent = /^ */.exec(line)![0];
      const next = `${indent}  `;
      const out: string[] = [];
      let current = '';
      for (const word of line.slice(indent.length).split(' ')) {
        const prefix = out.length === 0 ? indent : next;
        const candidate = current === '' ? word : `${current} ${word}`;
        if (current !== '' && [...prefix].length + [...candidate].length > total) {
          out.push(`${prefix}${current}`);
          current = word;
        } else current = candidate;
      }
      out.push(`${out.length === 0 ? indent : next}${current}`);
      return out;
    })
    .join('\n');
}
