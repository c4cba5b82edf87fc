/**
 * @module cli/commands/data
 * `accord data`: the reference data accord assesses with. `accord data import-hts FILE` installs a revision of
 * the HTS (a USITC HTS JSON export) next to the shipped one, so that `accord duty` and `accord assess` use it
 * for entries from its effective date, and reports what it changes against the revision in force before it.
 * The tariff folder prepares the revision's files; this command writes them.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { diskSource } from '../../_lib/read-file.js';
import { formatHts } from '../../tariff/hts-code.js';
import {
  defaultInstallDir,
  type ImportOptions,
  prepareHtsRevision,
  type RevisionChanges,
  renderChanges,
} from '../../tariff/hts-store.js';
import { wholeNumberOption } from '../options.js';

/** How many examples of each kind of change the text report lists (`--json` lists all). */
const EXAMPLES = 10;

/**
 * Install a USITC HTS JSON export as a revision in `options.dir` (created when missing) and say what it
 * changes. Each file goes to a temporary name first and is renamed into place, the manifest last, so that a
 * reader never sees a manifest naming a file not yet written.
 */
function importHtsRevision(file: string, options: ImportOptions): RevisionChanges {
  const { changes, files } = prepareHtsRevision(file, options, diskSource);
  mkdirSync(options.dir, { recursive: true });
  for (const { name, data } of files) {
    const tmp = join(options.dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, data);
    renameSync(tmp, join(options.dir, name));
  }
  return changes;
}

/** Register `accord data`. */
export function registerData(program: Command): void {
  const data = program.command('data').description('reference data: install a newer HTS revision');
  data
    .command('import-hts')
    .description('install a USITC HTS JSON export as a revision and report what it changes')
    .argument('<file>', 'the USITC "HTS JSON export" (.json, or .json.gz)')
    .requiredOption(
      '--effective <date>',
      'first entry date the revision applies to (USITC change record), YYYY-MM-DD',
    )
    .option('--revision <label>', 'the revision, e.g. "2026 Revision 11" (default: read from the file name)')
    .option('--dir <dir>', 'directory to install into (default .accord/hts, which duty and assess read)')
    .option('--examples <n>', 'examples listed of each kind of change', String(EXAMPLES))
    .option('--json', 'machine-readable report, listing every change')
    .addHelpText(
      'after',
      `
Example:
  accord data import-hts hts_2026_rev_11.json --effective 2026-07-01

The export is kept gzip-compressed with its SHA-256, and a compact index is built from it once; accord duty
and accord assess then use the revision for entries from its effective date (--hts-dir to read another
directory). The report compares its 8- and 10-digit lines with the revision in force before it: codes added,
codes removed, and lines whose column-1 (general) rate text changed.`,
    )
    .action((file, opts) => {
      const examples = wholeNumberOption('--examples', opts.examples, 0, 100_000);
      const changes = importHtsRevision(file, {
        dir: opts.dir ?? defaultInstallDir(),
        effective: opts.effective,
        ...(opts.revision !== undefined ? { label: opts.revision } : {}),
      });
      if (opts.json) {
        const body = {
          revision: changes.label,
          effective: changes.effective,
          dir: changes.dir,
          lines: changes.lines,
          comparedWith: changes.comparedWith ?? null,
          added: changes.added.map(formatHts),
          removed: changes.removed.map(formatHts),
          rateChanged: changes.rateChanged.map((r) => ({ hts: formatHts(r.code), from: r.from, to: r.to })),
        };
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
        return;
      }
      process.stdout.write(renderChanges(changes, examples));
    });
}
