/**
 * @module economics/csv
 * A small RFC 4180 CSV reader for the simulator's tables (quoted fields, doubled quotes, CRLF). Problems
 * name the 1-based data row (the header is row 0), as CONVENTIONS asks for CSV input.
 */
import type { Problem } from '../_lib/problem.js';

/** One data row: its 1-based row number and cells keyed by header name. */
export interface CsvRow {
  row: number;
  cells: Record<string, string>;
}

/** Split CSV text into records of fields. */
function records(text: string): { fields: string[]; unterminated: boolean }[] {
  const out: { fields: string[]; unterminated: boolean }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const body = text.replace(/^\uFEFF/, '');
  while (i < body.length) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      fields.push(field);
      out.push({ fields, unterminated: false });
      fields = [];
      field = '';
      if (c === '\r' && body[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (quoted || field !== '' || fields.length > 0) {
    fields.push(field);
    out.push({ fields, unterminated: quoted });
  }
  return out.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
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
  const problems: Problem[] = [];
  const recs = records(text);
  const header = recs[0]?.fields.map((h) => h.trim());
  if (!header)
    return {
      rows: [],
      problems: [
        { code: 'csv-empty', message: 'the file is empty; it needs a header row', where: { file, row: 0 } },
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
  recs.slice(1).forEach((rec, k) => {
    const row = k + 1;
    if (rec.unterminated) {
      problems.push({ code: 'csv-quote', message: 'a quoted field is not closed', where: { file, row } });
      return;
    }
    if (rec.fields.length !== header.length) {
      problems.push({
        code: 'csv-field-count',
        message: `${rec.fields.length} fields where the header has ${header.length}; quote fields that contain commas`,
        where: { file, row },
      });
      return;
    }
    rows.push({ row, cells: Object.fromEntries(header.map((h, i) => [h, rec.fields[i]!.trim()])) });
  });
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
