/**
 * @module csv
 * The one general CSV reader (RFC 4180: quoted fields, `""` escapes, newlines inside quotes, CRLF, LF or CR
 * line ends, a leading byte-order mark), built on the csv-parse library so that quoting is handled by a
 * well-kept implementation rather than by each caller. Blank lines are skipped. A quote inside an unquoted
 * field is kept as text, as spreadsheets write it. Syntax errors are problems, never exceptions: each names
 * the line it was found on and the data row it broke (the header is row 0), and the rows before it are still
 * returned.
 *
 * The bulk assessor keeps its own byte path for speed (tariff/csv-bytes); its tests check it reads every
 * plain record as this reader does.
 *
 * @example
 * readCsv('a,b\n"x,y",2\n', 'in.csv').records
 * // [{ fields: ['a', 'b'], line: 1, row: 0 }, { fields: ['x,y', '2'], line: 2, row: 1 }]
 */
import { type CsvError, parse } from 'csv-parse/sync';
import type { Problem } from './problem.js';

/** One record: its fields as written (not trimmed), the 1-based line it starts on, and its data row. */
export interface CsvRecord {
  fields: string[];
  /** 1-based line of the file where the record starts. */
  line: number;
  /** 0 for the header, then 1, 2 … for the data rows. */
  row: number;
}

/** The records read, and the syntax problems met (`csv-syntax`), in file order. */
export interface CsvText {
  records: CsvRecord[];
  problems: Problem[];
}

const LINE_BREAK = /\r\n|\r|\n/;

/** What csv-parse's error codes mean for the person who wrote the file. */
function syntaxMessage(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed; end it with a double quote';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text after a closing quote; quote the whole field and double any quote inside it';
    case 'INVALID_OPENING_QUOTE':
      return 'a double quote inside an unquoted field; quote the whole field and double the quote ("a ""b"" c")';
    default:
      return `the CSV is malformed: ${error.message}`;
  }
}

/**
 * Split CSV text into records. Never throws on input: a malformed record becomes a `csv-syntax` problem
 * naming the line it starts on and the data row it would have been; the reader then goes on with the next
 * record, so each row keeps its own number.
 */
export function readCsv(text: string, file: string): CsvText {
  const records: CsvRecord[] = [];
  const problems: Problem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(LINE_BREAK);
  // A record starts on the first line after the previous one ended that is not blank (blank lines are
  // skipped); csv-parse reports only the line a record ends on.
  let ended = 0;
  const startLine = () => {
    let line = ended + 1;
    while (line < lines.length && lines[line - 1] === '') line++;
    return line;
  };
  let row = 0;
  parse(text, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_records_with_error: true,
    on_record: (fields, context) => {
      records.push({ fields, line: startLine(), row: row++ });
      ended = context.lines;
      return null;
    },
    on_skip: (error) => {
      if (!error) return;
      problems.push({
        code: 'csv-syntax',
        message: syntaxMessage(error),
        where: { file, line: startLine(), column: 1, row: row++ },
      });
      if (typeof error.lines === 'number') ended = error.lines;
    },
  });
  return { records, problems };
}
