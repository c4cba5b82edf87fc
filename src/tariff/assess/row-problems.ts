/**
 * @module tariff/assess/row-problems
 * A bad row is reported with its row number and counted, and the rest of the file is still assessed. The
 * row number is the reader's (the header is row 0), which both row paths report from.
 */
import type { Problem } from '../../_lib/problem.js';
import { forEntryFile } from './csv-text.js';

export class RowProblems {
  /** The row being read: −1 before the header, 0 the header. */
  row = -1;
  /** Rows reported so far. */
  count = 0;

  constructor(
    readonly file: string,
    readonly report: (problem: Problem) => void,
  ) {}

  /** Report the current row (the engine's `--mfn` hints reworded for the file's mfn column). */
  bad(message: string, code = 'assess-row-invalid'): void {
    this.count++;
    this.report({ code, message: forEntryFile(message), where: { file: this.file, row: this.row } });
  }
}
