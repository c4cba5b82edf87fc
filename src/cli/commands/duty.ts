/**
 * @module cli/commands/duty
 * `accord duty`: the duty on one entry line on a date (or across dates), every layer considered with whether
 * it applied and why, its citation, the total and effective rate, MPF and HMF — optionally with an
 * agreement's tracks overlaid.
 */
import { existsSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import type { IsoDate } from '../../_lib/date.js';
import { formatPercent, formatUsd } from '../../_lib/money.js';
import { AccordError } from '../../_lib/problem.js';
import { diskSource } from '../../_lib/read-file.js';
import type { Agreement } from '../../agreement/index.js';
import type { Fact } from '../../evaluation/index.js';
// The tariff modules one by one rather than tariff/index.js, which also exports the YAML parsers of the rule
// base (and with them the yaml and zod libraries) that the compiled rule base makes unnecessary here.
import { createTariffEngine, shippedHtsSchedule } from '../../tariff/create-engine.js';
import {
  DECLARED_FACTS,
  type DeclaredFacts,
  type FactTexts,
  readDeclaredFacts,
} from '../../tariff/declared-facts.js';
import { dutyToJson, type OverlayBasis, overlayLabel } from '../../tariff/duty-json.js';
import { computeDuty, type DutyInput, type DutyResult, type TariffEngine } from '../../tariff/engine.js';
import {
  type Parsed,
  parseDateField,
  parseMoneyField,
  parseOriginField,
  parseTransportField,
} from '../../tariff/entry-fields.js';
import { filedLines } from '../../tariff/filed-lines.js';
import { HtsSchedule, loadHtsFile } from '../../tariff/hts.js';
import { defaultInstallDir, loadSchedule } from '../../tariff/hts-store.js';
import { AUTO_PART_USES, END_USES, PHARMA_TYPES } from '../../tariff/layer.js';
import type * as EvaluateFiles from '../evaluate-files.js';

/** Engine options shared by `duty` and `assess`. */
export interface EngineFlags {
  htsFile?: string;
  htsDir?: string;
  scopes?: string[];
  agreement?: string;
  facts?: string;
}

/** Agreement and facts read once, evaluated per date. */
export interface AgreementInput {
  agreement: Agreement;
  facts: Fact[];
  /**
   * The module that reads and evaluates agreements, imported only when `--agreement` is given: it brings the
   * agreement schema, the evaluation engine and zod, which a plain duty question does not need.
   */
  evaluation: typeof EvaluateFiles;
}

/** Read `--agreement` and `--facts` (both or neither). */
export async function readAgreementFlags(flags: EngineFlags): Promise<AgreementInput | undefined> {
  if ((flags.agreement === undefined) !== (flags.facts === undefined)) {
    throw new AccordError('usage', '--agreement and --facts go together: give both or neither', {
      exitCode: 2,
    });
  }
  if (!flags.agreement || !flags.facts) return undefined;
  const evaluation = await import('../evaluate-files.js');
  const { agreement } = evaluation.loadAgreementFile(flags.agreement);
  return { agreement, facts: evaluation.loadFactsFile(flags.facts, agreement), evaluation };
}

/** The agreement overlaid, as outputs name it (its status decides whether results say "hypothetical"). */
export function overlayBasis(agreement: AgreementInput | undefined): OverlayBasis | undefined {
  return agreement && { agreement: agreement.agreement.id, status: agreement.agreement.status };
}

/** An engine with the agreement's tracks as evaluated on `overlay.asOf` (or none, without an agreement). */
export function engineFor(
  flags: EngineFlags,
  overlay: { input: AgreementInput; asOf: IsoDate } | undefined,
): TariffEngine {
  const tracks = overlay
    ? overlay.input.evaluation.evaluateAgreement(overlay.input.agreement, overlay.input.facts, overlay.asOf)
        .tracks
    : [];
  return createTariffEngine(
    {
      hts: scheduleFor(flags),
      ...(flags.scopes ? { scopeFiles: flags.scopes } : {}),
      tracks,
    },
    diskSource,
  );
}

const schedules = new Map<string, HtsSchedule>();

/**
 * The HTS revisions to assess with, loaded once per run: `--hts-file` on every date; else the shipped
 * revisions with those installed by `accord data import-hts` (in `--hts-dir`, default `.accord/hts`).
 */
export function scheduleFor(flags: EngineFlags): HtsSchedule {
  const key = flags.htsFile !== undefined ? `file:${flags.htsFile}` : `dir:${flags.htsDir ?? ''}`;
  let schedule = schedules.get(key);
  if (!schedule) {
    if (flags.htsFile !== undefined) schedule = HtsSchedule.of(loadHtsFile(flags.htsFile, diskSource));
    else {
      const dir = flags.htsDir ?? defaultInstallDir();
      if (flags.htsDir !== undefined && !existsSync(dir))
        throw new AccordError('usage', `--hts-dir ${dir} does not exist`, { exitCode: 2 });
      schedule = existsSync(dir) ? loadSchedule(diskSource, dir) : shippedHtsSchedule(diskSource);
    }
    schedules.set(key, schedule);
  }
  return schedule;
}

/**
 * The declared facts among `duty`'s options, read by the readers the API and the bulk columns use, each
 * problem naming its option. A `--qty` that is not KEY=N is a usage error (exit 2); any other bad value
 * exits 1, all of them named at once.
 */
function declaredFactOptions(opts: FactTexts): DeclaredFacts {
  const { facts, problems } = readDeclaredFacts(opts, (fact) => DECLARED_FACTS[fact].option);
  if (problems.length === 0) return facts;
  const message = problems.map((p) => p.message).join('; ');
  if (problems.some((p) => p.fact === 'qty')) throw new AccordError('usage', message, { exitCode: 2 });
  throw new AccordError('duty-input-invalid', message, { exitCode: 1 });
}

function need<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new AccordError('duty-input-invalid', parsed.message, { exitCode: 1 });
  return parsed.value;
}

/**
 * The engine's problems point at its input's fields (`/origin`, `/date`), which an API maps to its own; here
 * the options are named in the messages, so the error prints as its one-line message.
 */
function withoutPointers<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof AccordError && error.problems.length > 0)
      throw new AccordError(error.code, error.message, { exitCode: error.exitCode, status: error.status });
    throw error;
  }
}

/** The line naming the overlay, saying plainly when its amounts are not the law in force. */
function overlayLine(basis: OverlayBasis): string {
  return basis.status === 'enacted'
    ? `overlay: agreement ${basis.agreement} (enacted)`
    : `overlay: agreement ${basis.agreement} (${basis.status}, not enacted): the amounts below are hypothetical`;
}

/** The human-readable explanation of one line's duty. */
export function renderDuty(r: DutyResult, basis?: OverlayBasis): string {
  const label = overlayLabel(basis);
  const out: string[] = [];
  out.push(`${r.hts} ${r.description}`);
  out.push(`origin ${r.origin}, entered ${r.date}, value ${formatUsd(r.value)}`);
  if (basis) out.push(overlayLine(basis));
  out.push('');
  out.push('Layers considered, in CBP filing order (Chapter 99 lines, then the column-1 line):');
  for (const l of r.lines) {
    const mark = l.applied ? 'applied    ' : 'not applied';
    const amount = l.applied ? `${formatPercent(l.rate)}% → ${formatUsd(l.duty)}` : '';
    out.push(`  ${mark} ${l.heading.padEnd(16)} ${amount}`);
    out.push(`      ${l.authority}`);
    out.push(`      why: ${l.reason}`);
    out.push(`      source: ${l.source}`);
  }
  out.push('');
  out.push('Lines to file, in CBP order (exemptions at $0.00 under the heading they are claimed by):');
  for (const f of filedLines(r))
    out.push(
      `  ${f.heading.padEnd(16)} ${formatUsd(f.duty).padStart(14)}${f.claim ? '  exemption claimed' : ''}`,
    );
  out.push('');
  out.push(
    `Total duty ${formatUsd(r.totalDuty)} — effective rate ${formatPercent(r.effectiveRate)}%${label ? ` (${label})` : ''}`,
  );
  out.push(
    `MPF ${formatUsd(r.fees.mpf.amount)} (${r.fees.mpf.note}: min ${formatUsd(r.fees.mpf.min)}, max ${formatUsd(r.fees.mpf.max)})`,
  );
  out.push(`HMF ${formatUsd(r.fees.hmf)} (${r.fees.hmfNote})`);
  out.push(`HTS: ${r.htsRevision}`);
  if (r.assumptions.length > 0) {
    out.push('Assumed, where the line did not say (declare to change):');
    for (const a of r.assumptions) out.push(`  ${a.fact}: ${a.used} — ${a.declare}`);
  }
  const uncertain = r.lines.filter((l) => l.applied && l.uncertain.length > 0);
  if (uncertain.length > 0)
    out.push(
      `Uncertain: ${uncertain.map((l) => l.heading).join(', ')} ${uncertain.length === 1 ? 'relies' : 'rely'} on law or data accord marks uncertain (see "why").`,
    );
  return `${out.join('\n')}\n`;
}

/** One row per date: the history of a line across eras. */
export function renderHistory(results: DutyResult[], basis?: OverlayBasis): string {
  const first = results[0]!;
  const label = overlayLabel(basis);
  const out = [
    `${first.hts} ${first.description}`,
    `origin ${first.origin}, value ${formatUsd(first.value)}`,
    ...(basis ? [overlayLine(basis)] : []),
    '',
  ];
  out.push(`${'date'.padEnd(11)} ${'total duty'.padStart(16)} ${'rate'.padStart(8)}  applied lines`);
  for (const r of results) {
    const applied = r.lines
      .filter((l) => l.applied)
      .map((l) => `${l.heading} ${formatPercent(l.rate)}%${l.uncertain.length ? ' (uncertain)' : ''}`)
      .join(' + ');
    out.push(
      `${r.date.padEnd(11)} ${formatUsd(r.totalDuty).padStart(16)} ${`${formatPercent(r.effectiveRate)}%`.padStart(8)}${label ? ' hypothetical' : ''}  ${applied}`,
    );
  }
  out.push('', "Run with a single --date for each layer's reason and citation.");
  return `${out.join('\n')}\n`;
}

/** Register `accord duty`. */
export function registerDuty(program: Command): void {
  program
    .command('duty')
    .description('duty on one entry line on a date (or --dates), every layer with why and its citation')
    .requiredOption('--hts <code>', 'HTS code, 8 or 10 digits (e.g. 8703.23.01)')
    .requiredOption('--origin <iso2>', 'country of origin, ISO 3166 alpha-2 (e.g. JP)')
    .option('--date <date>', 'entry date YYYY-MM-DD')
    .option('--dates <list>', "comma-separated entry dates: the line's duty across eras")
    .requiredOption('--value <usd>', 'customs (entered) value in US dollars')
    .option(
      '--mfn <rate>',
      'column-1 rate to use (Free, 2.5%, 4.4¢/kg, 2.5% + 4.4¢/kg) instead of the HTS table',
    )
    .option('--weight-kg <n>', 'net weight in kg (for rates per kg)')
    .option(
      '--qty <key=n...>',
      'another quantity the column-1 rate is charged on (liter, pf_liter, no, doz, pr, m2, usd_battery …; the error for a line names the ones it needs)',
    )
    .addOption(
      new Option('--metal-content-usd <usd>', 'value of the steel/aluminum/copper content').conflicts(
        'metalShare',
      ),
    )
    .option('--metal-share <pct>', 'metal content as a percent of value (instead of --metal-content-usd)')
    .option('--metal-weight-pct <pct>', "metal as a percent of the article's weight (2026 annex 15% test)")
    .option(
      '--us-content-pct <pct>',
      'US content as a percent of value (9903.01.34; approved US content of a USMCA vehicle, 9903.94.03, 9903.74.03)',
    )
    .option(
      '--usmca',
      'USMCA preference claimed (general note 11); default: not claimed, and the output says so',
    )
    .option('--no-usmca', 'USMCA preference not claimed (the default, declared)')
    .option(
      '--cafta-dr',
      'CAFTA-DR preference claimed for originating goods of CR, DO, SV, GT, HN or NI (general note 29): column 1 "P" rate, out of 9903.89.01 and, for textiles and apparel, of Section 122 (9903.03.09); default: not claimed, and the output says so',
    )
    .option('--no-cafta-dr', 'CAFTA-DR preference not claimed (the default, declared)')
    .addOption(
      new Option('--quota <status>', 'tariff-rate quota status (default within)').choices([
        'within',
        'over',
      ] as const),
    )
    .option('--melt-pour <iso2>', 'country where the metal was melted and poured (default: the origin)')
    .option(
      '--semiconductor-39b',
      'the article meets the technical parameters of U.S. note 39(b) (9903.79.01); default: it does not (9903.79.02), and the output says so',
    )
    .option('--no-semiconductor-39b', 'the article does not meet U.S. note 39(b) (the default, declared)')
    .option(
      '--crane-attestation',
      'the importer attests under 9903.91.15 that a ship-to-shore gantry crane is not of China, has no Chinese components of U.S. note 31(l)(ii) and is not made by a Chinese-owned company; default: no attestation, and the output says so',
    )
    .option('--no-crane-attestation', 'no attestation under 9903.91.15 (the default, declared)')
    .option(
      '--transshipped',
      'CBP has determined the goods were transshipped to evade the IEEPA duties (40% under 9903.02.01, Canada 9903.01.16, entries 2025-08-01/07 to 2026-02-23); default: no such determination, and the output says so',
    )
    .option('--no-transshipped', 'no CBP determination of transshipment (the default, declared)')
    .addOption(
      new Option(
        '--pharma <type>',
        'what a pharmaceutical article of U.S. note 40(c) is (Section 232 pharmaceuticals); default: generic (9903.04.67), and the output says so',
      ).choices(PHARMA_TYPES),
    )
    .addOption(
      new Option('--end-use <use>', 'US end use claimed under U.S. note 39(d) (9903.79.03–.09)').choices(
        END_USES,
      ),
    )
    .addOption(
      new Option(
        '--auto-part-use <use>',
        'what the importer certifies an automobile part outside the parts annex (U.S. note 33(g)) will be used for, from 2025-11-01: us-production-repair (note 33(p), (r): 9903.94.07, or the EU/Japan/Korea/Taiwan 15% headings) or uk-vehicles (UK parts for UK-built vehicles, note 33(q): 9903.94.33), or us-mhd-production-repair for a part of a medium- or heavy-duty vehicle (note 38(j): 9903.74.09); default: none, and the output says so',
      ).choices(AUTO_PART_USES),
    )
    .addOption(new Option('--transport <mode>', 'transport mode').choices(['ocean', 'air', 'other'] as const))
    .option('--loaded <date>', 'date loaded for export to the US (in-transit rules)')
    .option('--importer <id>', 'importer id (selects importer-scoped relief of an agreement)')
    .option('--agreement <file>', 'agreement whose tracks overlay the rule base (with --facts)')
    .option('--facts <file>', 'facts to evaluate the agreement with (JSON or CSV)')
    .option(
      '--hts-file <file>',
      'a USITC HTS JSON export (.json or .json.gz) to use on every date instead of the shipped and installed revisions',
    )
    .option('--hts-dir <dir>', 'HTS revisions installed with accord data import-hts (default .accord/hts)')
    .option(
      '--scopes <file...>',
      'CSV files of official product lists (columns list,hts) added to the shipped scopes',
    )
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      `
Examples:
  accord duty --hts 8703.23.01 --origin JP --date 2025-10-01 --value 40000
  accord duty --hts 8703.23.01 --origin JP --value 40000 --dates 2025-03-01,2025-04-03,2025-09-16,2026-03-01
  accord duty --hts 7326.90.86 --origin DE --date 2025-07-01 --value 10000 --metal-content-usd 4000 --json
  accord duty --hts 2204.21.50 --origin FR --date 2026-03-01 --value 9000 --qty liter=750

Codes and column-1 rates come from the HTS revision in force on the entry date: the shipped one (2026
Revision 10) and any installed with accord data import-hts.`,
    )
    .action(async (opts) => {
      if ((opts.date === undefined) === (opts.dates === undefined)) {
        throw new AccordError('usage', 'give --date DATE or --dates D1,D2,… (one of them)', { exitCode: 2 });
      }
      const dateTexts = opts.date !== undefined ? [opts.date] : opts.dates!.split(',').map((d) => d.trim());
      const dates = dateTexts.map((d) => need(parseDateField('date', d)));
      const base: Omit<DutyInput, 'date'> = {
        hts: opts.hts,
        origin: need(parseOriginField(opts.origin)),
        value: need(parseMoneyField('--value', opts.value)),
      };
      Object.assign(base, declaredFactOptions(opts));
      if (opts.transport !== undefined) base.transport = need(parseTransportField(opts.transport));
      if (opts.importer !== undefined) base.importer = opts.importer;
      const agreement = await readAgreementFlags(opts);
      const basis = overlayBasis(agreement);
      const results = dates.map((date) =>
        withoutPointers(() =>
          computeDuty(engineFor(opts, agreement && { input: agreement, asOf: date }), { ...base, date }),
        ),
      );
      if (opts.json) {
        const body =
          opts.date !== undefined ? dutyToJson(results[0]!, basis) : results.map((r) => dutyToJson(r, basis));
        process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
      } else {
        process.stdout.write(
          opts.date !== undefined ? renderDuty(results[0]!, basis) : renderHistory(results, basis),
        );
      }
    });
}
