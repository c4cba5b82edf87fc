/**
 * @module tariff/assess
 * Bulk assessment: read a CSV of entry lines as a stream, compute each line's duty with the engine, write one
 * result per line (CSV or JSON), and summarize by layer, origin and importer. Memory stays flat in the
 * number of lines: input is read in chunks, results are written as they are made, and the per-line work
 * reuses a plan ({@link PlanIndex}: per HTS code, origin class and era, made by the engine) whenever the
 * line's duty is a fixed set of rates on its value. Plain rows (no quotes, ASCII, no content columns) take a
 * byte path that makes no string or object per line; every other row, and every bad one, takes the general
 * path, which writes the same bytes. A bad row is reported with its row number and the rest are assessed.
 *
 * Columns (header names, any order): entry_id, line, hts, origin, entry_date, value (required); importer,
 * transport, weight_kg, metal_content_usd, metal_share, metal_weight_pct, us_content_pct, loaded, mfn, qty_KEY
 * (optional). MPF is per entry: the lines of an entry must be contiguous; the MPF is written on the entry's
 * last line.
 *
 * The results CSV is safe to open in a spreadsheet (OWASP CSV injection), decided per column: entry_id,
 * line, importer and hts echo what the user wrote and are text cells (`csvTextCell`: a cell starting
 * with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` and quotes; CR, LF, comma and quote are quoted);
 * origin and entry_date are validated codes and dates; value, duty, effective_rate, mpf and hmf are numbers
 * accord formats (never negative here) and stay numbers; layers is built from the rule base's headings and is
 * quoted like a text cell when a heading holds a comma (both paths; the byte path keeps the quoting per plan).
 * The byte path hands every row with a text cell that could start a formula, or a CR inside, to the general
 * path.
 *
 * Bounds: a value has at most `MAX_ENTRY_DIGITS` whole-dollar digits, and a line whose duty reaches
 * $10 trillion is reported, so every sum stays exact in doubles.
 *
 * The parts, each in `assess/`: the reader splits the stream into rows (row-reader), which take the byte
 * path (fast-row) or the general path (general-row, slow-line for lines the engine computes itself); both
 * count lines in their entry for MPF (entry-mpf) and in the totals (totals), write into the output buffer
 * (result-buffer), and report bad rows with their numbers (row-problems). This module wires them together.
 */
import type { Readable, Writable } from 'node:stream';
import type { Problem } from '../_lib/problem.js';
import { Columns } from './assess/columns.js';
import { EntryMpf } from './assess/entry-mpf.js';
import { FastRows } from './assess/fast-row.js';
import { GeneralRows } from './assess/general-row.js';
import { ResultBuffer } from './assess/result-buffer.js';
import { RowProblems } from './assess/row-problems.js';
import { RowReader } from './assess/row-reader.js';
import { type AssessSummary, AssessTotals, summaryToJson } from './assess/totals.js';
import { dateNumberOf } from './csv-bytes.js';
import type { TariffEngine } from './engine.js';
import { PlanIndex } from './plan-index.js';

export { ASSESS_COLUMNS } from './assess/columns.js';
export { forEntryFile } from './assess/csv-text.js';
export { type AssessSummary, type GroupTotal, summaryToJson } from './assess/totals.js';

const CSV_HEADER = 'entry_id,line,importer,hts,origin,entry_date,value,duty,effective_rate,mpf,hmf,layers\n';

/** Options for {@link assessEntries}. */
export interface AssessOptions {
  engine: TariffEngine;
  /** The CSV bytes. */
  input: Readable;
  /** The input's name, for problems. */
  file: string;
  /** Where results go; omit to only summarize. */
  output?: Writable;
  format?: 'csv' | 'json';
  /** Called for each bad row (the rest are still assessed). */
  onProblem?: (problem: Problem) => void;
  /** Called every so often with bytes read and lines done. */
  onProgress?: (bytes: number, lines: number) => void;
  /** Every row takes the general path: for tests that check the byte path against it. */
  generalPathOnly?: boolean;
}

/**
 * Assess a CSV of entry lines. Throws an `AccordError` only when the file cannot be assessed at all
 * (missing columns); bad rows go to `onProblem` and are counted.
 *
 * The common row (no quotes, ASCII, no content columns, a plain value, CSV or no output, no importer-scoped
 * overlay) is read and written on bytes: fields are offsets into the input chunk, the plan is found through
 * numeric keys, and the result is written into a preallocated output buffer. Any other row takes the general
 * path, which reads it as text; both produce the same bytes (tested against the earlier implementation).
 */
export async function assessEntries(options: AssessOptions): Promise<AssessSummary> {
  const { engine } = options;
  const buffer = new ResultBuffer(options.output, options.format ?? 'csv');
  const problems = new RowProblems(options.file, options.onProblem ?? (() => {}));
  const cols = new Columns();
  const entries = new EntryMpf(engine.ruleBase.fees);
  const totals = new AssessTotals();
  // The plan depends on the date only through its era for the origin (see eraBoundaries), which keeps the
  // cache small: a few thousand plans for the whole shipped extract. Plans are made only for lines without
  // a loading date (a `loaded` value sends the line to the engine), so in-transit dates do not cut eras.
  const index = new PlanIndex(engine, (heading) => totals.byLayer.idOfText(heading));
  // Importer-scoped overlays take the general path (their plans depend on the importer).
  const overlayImporters = engine.layers.some((l) => l.importers !== undefined);
  const shared = { cols, buffer, entries, totals, index };
  const fast = new FastRows({
    ...shared,
    coverageNum: dateNumberOf(engine.ruleBase.coverageFrom),
    hmfRate: engine.ruleBase.fees.hmf.rate,
  });
  const general = new GeneralRows({ ...shared, engine, problems, overlayImporters });
  const reader = new RowReader({
    cols,
    problems,
    fast,
    general,
    buffer,
    totals,
    fastOk: !overlayImporters && options.generalPathOnly !== true,
    onProgress: options.onProgress,
  });

  buffer.write(buffer.format === 'csv' ? CSV_HEADER : '{"lines":[\n');
  await reader.read(options.input as AsyncIterable<Buffer | string>);
  buffer.settle(entries.close());
  const summary = totals.summary(problems.count, entries);
  if (buffer.format === 'json') buffer.write(`\n],"summary":${JSON.stringify(summaryToJson(summary))}}\n`);
  await buffer.flush(true);
  return summary;
}
