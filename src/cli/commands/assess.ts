/**
 * @module cli/commands/assess
 * `accord assess ENTRIES.csv --out FILE.csv|.json`: bulk assessment in constant memory. Bad rows are printed
 * with their row numbers while the rest are assessed; a progress bar shows on a terminal; a summary by
 * layer, origin and importer ends the run. `--out -` writes the results to standard output (CSV, or JSON
 * with `--format json`) and the summary to standard error, so they can be piped.
 */
import { createReadStream, createWriteStream, statSync, type WriteStream } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { formatPercent, formatUsd } from '../../_lib/money.js';
import { AccordError, formatProblem, type Problem } from '../../_lib/problem.js';
import { plural } from '../../_lib/words.js';
// The tariff modules one by one rather than tariff/index.js, which also exports the YAML parsers of the rule
// base (and with them the yaml and zod libraries); the agreement modules only with --agreement (duty.ts).
import { ASSESS_COLUMNS, type AssessSummary, assessEntries, summaryToJson } from '../../tariff/assess.js';
import { type OverlayBasis, overlayLabel } from '../../tariff/duty-json.js';
import { wholeNumberOption } from '../options.js';
import { engineFor, overlayBasis, readAgreementFlags } from './duty.js';

const MAX_PRINTED_PROBLEMS = 50;

function renderSummary(s: AssessSummary, top: number, basis?: OverlayBasis): string {
  const label = overlayLabel(basis);
  const out: string[] = [];
  out.push(
    `${plural(s.lines, 'line')} assessed in ${plural(s.entries, 'entry', 'entries')}; ${plural(s.badRows, 'bad row')}`,
  );
  if (basis)
    out.push(
      `overlay: agreement ${basis.agreement} (${basis.status}${label ? ', not enacted): the duties below are hypothetical' : ')'}`,
    );
  out.push(
    `value ${formatUsd(s.value)} · duty ${formatUsd(s.duty)}${label ? ` (${label})` : ''} · effective rate ${formatPercent(s.effectiveRate)}% · MPF ${formatUsd(s.mpf)} · HMF ${formatUsd(s.hmf)}`,
  );
  const table = (title: string, head: string[], rows: string[][]) => {
    // Counts and amounts right-aligned, so their digits line up.
    const t = new Table({
      head,
      style: { head: [], border: [] },
      colAligns: head.map((_, i) => (i === 0 ? 'left' : 'right')),
    });
    for (const r of rows.slice(0, top)) t.push(r);
    out.push('', `${title}${rows.length > top ? ` (top ${top} of ${rows.length})` : ''}`, t.toString());
  };
  table(
    'By layer',
    ['heading', 'lines', 'duty'],
    s.byLayer.map((l) => [l.heading, l.lines.toLocaleString('en-US'), formatUsd(l.duty)]),
  );
  const groups = (rows: AssessSummary['byOrigin']) =>
    rows.map((g) => [
      g.key,
      g.lines.toLocaleString('en-US'),
      formatUsd(g.value),
      formatUsd(g.duty),
      `${formatPercent(g.effectiveRate)}%`,
    ]);
  table('By origin', ['origin', 'lines', 'value', 'duty', 'rate'], groups(s.byOrigin));
  if (s.byImporter.length > 0)
    table('By importer', ['importer', 'lines', 'value', 'duty', 'rate'], groups(s.byImporter));
  return `${out.join('\n')}\n`;
}

/** The entries file's size in bytes (for the progress bar); refuses a directory or a missing file. */
function inputSize(entries: string): number {
  try {
    const st = statSync(entries);
    if (st.isDirectory())
      throw new AccordError('is-a-directory', `${entries} is a directory; name a CSV file`);
    return st.size;
  } catch (error) {
    if (error instanceof AccordError) throw error;
    throw new AccordError('file-not-found', `${entries}: no such file (check the path)`);
  }
}

/** The results format: --format with --out -, else the results file's extension; undefined without --out. */
function resultsFormat(
  out: string | undefined,
  format: 'csv' | 'json' | undefined,
): 'csv' | 'json' | undefined {
  const toStdout = out === '-';
  if (format !== undefined && !toStdout)
    throw new AccordError('usage', '--format goes with --out -; a results file is named .csv or .json', {
      exitCode: 2,
    });
  if (toStdout) return format ?? 'csv';
  if (out === undefined) return undefined;
  if (/\.csv$/i.test(out)) return 'csv';
  if (/\.json$/i.test(out)) return 'json';
  throw new AccordError('usage', `--out ${out}: name a .csv or .json file, or - for standard output`, {
    exitCode: 2,
  });
}

/**
 * The results file, opened before assessing: one that cannot be opened (no such folder, no permission) is
 * refused then; a write that fails later is reported by `end`, never as an unhandled rejection.
 */
async function openResults(path: string): Promise<{ file: WriteStream; end: () => Promise<void> }> {
  const file = createWriteStream(path);
  const done = new Promise<void>((resolve, reject) => {
    file.on('finish', resolve);
    file.on('error', (e) => reject(new AccordError('out-unwritable', `cannot write ${path}: ${e.message}`)));
  });
  done.catch(() => {});
  if (file.pending)
    await Promise.race([new Promise<void>((resolve) => file.once('ready', () => resolve())), done]);
  return {
    file,
    end: async () => {
      file.end();
      await done;
    },
  };
}

/** The --problems CSV (row,code,message); a write error is reported by `end`. */
function openProblems(path: string): { file: WriteStream; end: () => Promise<void> } {
  const file = createWriteStream(path);
  file.write('row,code,message\n');
  const done = new Promise<void>((resolve, reject) => {
    file.on('finish', resolve);
    file.on('error', (error) =>
      reject(new AccordError('usage', `cannot write --problems ${path}: ${error.message}`, { exitCode: 2 })),
    );
  });
  // Awaited after the run; a write error before then must not go unhandled.
  done.catch(() => undefined);
  return {
    file,
    end: async () => {
      file.end();
      await done;
    },
  };
}

/** Bad rows as they come (the first 50 printed, all to the --problems file) and a progress bar on a terminal. */
class Progress {
  problems = 0;
  printed = 0;
  #lastBytes = 0;
  #lastLines = 0;
  readonly #bar: cliProgress.SingleBar | undefined;

  constructor(
    readonly size: number,
    readonly problemsFile: WriteStream | undefined,
  ) {
    this.#bar =
      process.stderr.isTTY && size > 0
        ? new cliProgress.SingleBar(
            {
              format: 'assessing {bar} {percentage}% | lines {lines} | bad rows {problems}',
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    this.#bar?.start(size, 0, { lines: 0, problems: 0 });
  }

  problem(p: Problem): void {
    this.problems++;
    this.problemsFile?.write(`${p.where?.row ?? ''},${p.code},"${p.message.replaceAll('"', '""')}"\n`);
    if (this.printed < MAX_PRINTED_PROBLEMS) {
      this.printed++;
      // Print above the bar: stop it, write the problem, draw it again.
      this.#bar?.stop();
      process.stderr.write(`${formatProblem(p)}\n`);
      this.#bar?.start(this.size, this.#lastBytes, { lines: this.#lastLines, problems: this.problems });
    }
  }

  update(bytes: number, lines: number): void {
    this.#lastBytes = bytes;
    this.#lastLines = lines;
    this.#bar?.update(bytes, { lines, problems: this.problems });
  }

  stop(): void {
    this.#bar?.stop();
  }
}

/** Register `accord assess`. */
export function registerAssess(program: Command): void {
  program
    .command('assess')
    .description('assess a CSV of entry lines in constant memory; bad rows are reported, not fatal')
    .argument('<entries>', 'CSV of entry lines (see --help for the columns)')
    .option('--out <file>', 'results file: .csv or .json (by extension), or - for standard output')
    .addOption(
      new Option('--format <format>', 'with --out -: the results format (default csv)').choices([
        'csv',
        'json',
      ] as const),
    )
    .option('--agreement <file>', 'agreement whose tracks overlay the rule base (with --facts)')
    .option('--facts <file>', 'facts to evaluate the agreement with (JSON or CSV)')
    .option('--as-of <date>', 'evaluate the agreement as of this date (default: the last fact recorded)')
    .option(
      '--hts-file <file>',
      'a USITC HTS JSON export (.json or .json.gz) to use on every date instead of the shipped and installed revisions',
    )
    .option('--hts-dir <dir>', 'HTS revisions installed with accord data import-hts (default .accord/hts)')
    .option('--scopes <file...>', 'CSV files of official product lists (columns list,hts)')
    .option('--problems <file>', 'write every bad row to this CSV (row,code,message), not only the first 50')
    .addOption(new Option('--summary-json', 'print the summary as JSON'))
    .option('--top <n>', 'rows per summary table', '15')
    .addHelpText(
      'after',
      `
Columns (header row, any order):
  required: ${ASSESS_COLUMNS.required.join(', ')}
  optional: ${ASSESS_COLUMNS.optional.join(', ')}
  value and metal_content_usd in US dollars; metal_share, metal_weight_pct, us_content_pct in percent;
  entry_date and loaded as YYYY-MM-DD; transport ocean|air|other; mfn overrides the column-1 rate.
  The lines of one entry must be contiguous: MPF is per entry and is written on its last line.

Example:
  accord assess entries.csv --out duties.csv
  accord assess entries.csv --out - | head

Text cells of the results CSV that a spreadsheet could read as a formula (starting =, +, -, @, tab or CR)
are written with a leading ' and quoted; amounts and rates stay numbers.`,
    )
    .action(async (entries, opts) => {
      const size = inputSize(entries);
      const top = wholeNumberOption('--top', opts.top, 1, 10_000);
      const toStdout = opts.out === '-';
      const format = resultsFormat(opts.out, opts.format);
      // With the results on stdout, everything else goes to stderr.
      const print = (text: string) => (toStdout ? process.stderr : process.stdout).write(text);
      const agreement = await readAgreementFlags(opts);
      const basis = overlayBasis(agreement);
      const engine = engineFor(
        opts,
        agreement && {
          input: agreement,
          asOf: agreement.evaluation.resolveAsOf(opts.asOf, agreement.facts, agreement.agreement.signed).asOf,
        },
      );
      const results = !toStdout && opts.out !== undefined ? await openResults(opts.out) : undefined;
      const output = toStdout ? process.stdout : results?.file;
      const problemsFile = opts.problems !== undefined ? openProblems(opts.problems) : undefined;
      const progress = new Progress(size, problemsFile?.file);
      const summary = await assessEntries({
        engine,
        input: createReadStream(entries, { highWaterMark: 1 << 20 }),
        file: entries,
        ...(output ? { output } : {}),
        ...(format ? { format } : {}),
        onProblem: (p) => progress.problem(p),
        onProgress: (bytes, lines) => progress.update(bytes, lines),
      });
      progress.stop();
      if (toStdout) await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
      else await results?.end();
      await problemsFile?.end();
      if (progress.problems > progress.printed)
        process.stderr.write(
          `… and ${plural(progress.problems - progress.printed, 'more bad row', 'more bad rows')}\n`,
        );
      if (opts.summaryJson) {
        const label = overlayLabel(basis);
        const json = {
          ...summaryToJson(summary),
          ...(label !== undefined && { hypothetical: true, hypotheticalNote: label }),
          ...(basis && { overlay: { ...basis, enacted: basis.status === 'enacted' } }),
        };
        print(`${JSON.stringify(json, null, 2)}\n`);
      } else print(renderSummary(summary, top, basis));
      if (opts.out && !toStdout && !opts.summaryJson) print(`\nresults written to ${opts.out}\n`);
    });
}
