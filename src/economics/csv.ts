/**
 * @module economics/csv
 * The simulator's tables as rows of named cells, read with the one CSV reader (_lib/csv). Problems name the
 * 1-based data row (the header is row 0), as CONVENTIONS asks for CSV input.
 */
import { readCsv } from '../_lib/csv.js';
import type { Problem } from '../_lib/problem.js';

/** One data row: its 1-based row number and cells keyed by header name. */
export interface CsvRow {
  row: number;
  cells: Record<string, string>;
}

/**
 * Parse a CSV table and check it has the required columns.
 *
 * @example
 * parseCsv('a,b\n1,2\n', 't.csv', ['a']).rows // [{ row: 1, cells: { a: '1', b: '2' } }]
 */
export function parseCsv(
  text: string,
  file: string,
  required: readonly string[],
): { rows: CsvRow[]; problems: Problem[] } {
  const read = readCsv(text, file);
  const problems: Problem[] = [...read.problems];
  const header = read.records[0]?.row === 0 ? read.records[0].fields.map((h) => h.trim()) : undefined;
  if (!header)
    return {
      rows: [],
      problems: problems.length
        ? problems
        : [
            {
              code: 'csv-empty',
              message: 'the file is empty; it needs a header row',
              where: { file, row: 0 },
            },
          ],
    };
  for (const col of required) {
    if (!header.includes(col))
      problems.push({
        code: 'csv-missing-column',
        message: `the header has no "${col}" column (it needs ${required.join(', ')})`,
        where: { file, row: 0 },
      });
  }
  const rows: CsvRow[] = [];
  for (const rec of read.records.slice(1)) {
    const row = rec.row;
    if (rec.fields.length !== header.length) {
      problems.push({
        code: 'csv-field-count',
        message: `${rec.fields.length} fields where the header has ${header.length}; quote fields that contain commas`,
        where: { file, row },
      });
      continue;
    }
    rows.push({ row, cells: Object.fromEntries(header.map((h, i) => [h, rec.fields[i]!.trim()])) });
  }
  return { rows, problems };
}

/**
 * Read a finite number from a cell, or record a problem naming the row and column.
 * `rule` returns a message when the value is out of range.
 */
export function numberCell(
  r: CsvRow,
  column: string,
  file: string,
  problems: Problem[],
  rule?: (x: number) => string | undefined,
): number | undefined {
  const text = r.cells[column] ?? '';
  const value = text === '' ? Number.NaN : Number(text.replace(/,/g, ''));
  if (!Number.isFinite(value)) {
    problems.push({
      code: 'csv-not-number',
      message: `column ${column}: "${text}" is not a number`,
      where: { file, row: r.row },
    });
    return undefined;
  }
  const bad = rule?.(value);
  if (bad) {
    problems.push({
      code: 'csv-out-of-range',
      message: `column ${column}: ${bad}`,
      where: { file, row: r.row },
    });
    return undefined;
  }
  return value;
}
