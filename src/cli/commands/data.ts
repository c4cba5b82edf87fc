/**
 * @module cli/commands/data
 * `accord data`: the reference data accord assesses with. `accord data import-hts FILE` installs a revision of
 * the HTS (a USITC HTS JSON export) next to the shipped one, so that `accord duty` and `accord assess` use it
 * for entries from its effective date, and reports what it changes against the revision in force before it,
 * naming the Chapter 99 headings it has that accord neither charges, claims nor accounts for. `accord data
 * headings` says where each heading of subchapter III (9903) stands with accord. The tariff folder prepares the
 * revision's files and keeps the account; this command writes the files and prints.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../_lib/problem.js';
import { diskSource } from '../../_lib/read-file.js';
import { createTariffEngine } from '../../tariff/create-engine.js';
import {
  HEADING_STATUSES,
  type HeadingStanding,
  headingStanding,
  loadHeadingAccount,
  ruleBaseHeadings,
  subchapterIIIHeadings,
} from '../../tariff/heading-account.js';
import type { HtsTable } from '../../tariff/hts.js';
import { formatHts } from '../../tariff/hts-code.js';
import {
  defaultInstallDir,
  type ImportOptions,
  prepareHtsRevision,
  type RevisionChanges,
  renderChanges,
} from '../../tariff/hts-store.js';
import { wholeNumberOption } from '../options.js';
import { scheduleFor } from './duty.js';

/** How many examples of each kind of change the text report lists (`--json` lists all). */
const EXAMPLES = 10;

/**
 * Install a USITC HTS JSON export as a revision in `options.dir` (created when missing) and say what it
 * changes. Each file goes to a temporary name first and is renamed into place, the manifest last, so that a
 * reader never sees a manifest naming a file not yet written.
 */
function importHtsRevision(
  file: string,
  options: ImportOptions,
): { changes: RevisionChanges; table: HtsTable } {
  const { changes, files, table } = prepareHtsRevision(file, options, diskSource);
  mkdirSync(options.dir, { recursive: true });
  for (const { name, data } of files) {
    const tmp = join(options.dir, `.${name}.${process.pid}.tmp`);
    writeFileSync(tmp, data);
    renameSync(tmp, join(options.dir, name));
  }
  return { changes, table };
}

/** Every 9903 heading of a revision with where it stands (shipped rule base and account). */
function standings(table: HtsTable): { heading: string; description: string; standing: HeadingStanding }[] {
  const account = loadHeadingAccount(diskSource);
  const used = ruleBaseHeadings(createTariffEngine({}, diskSource).layers);
  return subchapterIIIHeadings(table.codes()).map((heading) => ({
    heading,
    description: table.get(heading.replace(/\./g, ''))?.description ?? '',
    standing: headingStanding(heading, used, account),
  }));
}

/** One line of text for a heading: its standing, then the layers or the reason and source. */
function standingLine(s: { heading: string; description: string; standing: HeadingStanding }): string {
  const st = s.standing;
  const detail =
    st.status === 'charged' || st.status === 'claimed'
      ? `by ${st.layers.slice(0, 6).join(', ')}${st.layers.length > 6 ? ` and ${st.layers.length - 6} more layers (--json lists all)` : ''}`
      : st.status === 'unaccounted'
        ? `not known to accord: ${s.description}`
        : `${st.reason} (${st.source})`;
  return `${s.heading}  ${st.status.padEnd(11)}  ${detail}`;
}

/** Register `accord data`. */
export function registerData(program: Command): void {
  const data = program
    .command('data')
    .description('reference data: install a newer HTS revision; where each Chapter 99 heading stands');
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
      const { changes, table } = importHtsRevision(file, {
        dir: opts.dir ?? defaultInstallDir(),
        effective: opts.effective,
        ...(opts.revision !== undefined ? { label: opts.revision } : {}),
      });
      const unknown = standings(table).filter((s) => s.standing.status === 'unaccounted');
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
          unaccountedHeadings: unknown.map((s) => ({ heading: s.heading, description: s.description })),
        };
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
        return;
      }
      process.stdout.write(renderChanges(changes, examples));
      process.stdout.write(
        unknown.length === 0
          ? 'Chapter 99: accord charges, claims or accounts for every 9903 heading of this revision (accord data headings)\n'
          : `Chapter 99 headings accord does not know (it charges no duty they may impose; see accord data headings): ${unknown.length}\n${unknown
              .slice(0, examples)
              .map((s) => `    ${s.heading} ${s.description}`)
              .join(
                '\n',
              )}${unknown.length > examples ? `\n    … and ${unknown.length - examples} more (--json lists all)` : ''}\n`,
      );
    });

  data
    .command('headings')
    .description('where each Chapter 99 heading of subchapter III (9903) stands with accord')
    .argument('[prefix...]', 'only headings starting so, e.g. 9903.01 or 9903.89.05')
    .option(
      '--status <status>',
      `only this standing: charged, claimed, ${HEADING_STATUSES.join(', ')} or unaccounted`,
    )
    .option(
      '--hts-dir <dir>',
      'read the newest revision installed here with accord data import-hts (default .accord/hts)',
    )
    .option('--json', 'machine-readable: one object per heading')
    .addHelpText(
      'after',
      `
Example:
  accord data headings 9903.89 --status suspended

Each heading of the newest HTS revision accord has is charged (a layer files it with a duty), claimed (filed at no
duty as an exemption or in-transit claim), or, from data/tariff/chapter99-headings.yaml, a claim accord does not
decide, an exception applied without its line (unfiled), not encoded, suspended, expired, a quota or dormant, each
with its reason and source. A heading in none of these is unaccounted: a revision added it after accord's rule base.`,
    )
    .action((prefixes, opts) => {
      const statuses = ['charged', 'claimed', ...HEADING_STATUSES, 'unaccounted'];
      if (opts.status !== undefined && !statuses.includes(opts.status))
        throw new AccordError(
          'usage',
          `--status ${opts.status} is not a standing: give one of ${statuses.join(', ')}`,
          { exitCode: 2 },
        );
      for (const p of prefixes)
        if (!/^9903(\.\d{0,2}){0,2}$/.test(p))
          throw new AccordError(
            'usage',
            `${p} is not a 9903 heading or its start: give e.g. 9903.01 or 9903.89.05`,
            {
              exitCode: 2,
            },
          );
      const table = headingsTable(opts.htsDir);
      const all = standings(table);
      const shown = all.filter(
        (s) =>
          (prefixes.length === 0 || prefixes.some((p) => s.heading.startsWith(p))) &&
          (opts.status === undefined || s.standing.status === opts.status),
      );
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ revision: table.revision.label, headings: shown.map((s) => ({ heading: s.heading, ...s.standing })) }, null, 2)}\n`,
        );
        return;
      }
      const counts = new Map<string, number>();
      for (const s of all) counts.set(s.standing.status, (counts.get(s.standing.status) ?? 0) + 1);
      const summary = statuses.map((st) => `${counts.get(st) ?? 0} ${st}`).join(', ');
      process.stdout.write(
        `HTS ${table.revision.label}: ${all.length} headings of subchapter III of chapter 99 — ${summary}\n` +
          (shown.length === 0 ? 'no heading matches\n' : `${shown.map(standingLine).join('\n')}\n`),
      );
    });
}

/** The newest revision accord has: shipped, or installed in `dir` (default .accord/hts), as duty reads them. */
function headingsTable(dir: string | undefined): HtsTable {
  return scheduleFor(dir === undefined ? {} : { htsDir: dir }).latest();
}
