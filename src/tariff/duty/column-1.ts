/**
 * @module tariff/duty/column-1
 * The column-1 rate of the line (the "MFN" rate every Chapter 99 layer is added to): from the HTS revision in
 * force on the entry date, column 2 for the countries that pay it, the USMCA special rate when claimed, or
 * the rate the user gives. Read before the layers because two formulas (inclusive rates, caps) subtract it.
 */
import { MAX_RATE_DIGITS } from '../../_lib/money.js';
import { AccordError } from '../../_lib/problem.js';
import { quoteInput } from '../../_lib/words.js';
import { countryLabel } from '../countries.js';
import type { HtsOnDate, HtsTable } from '../hts.js';
import { formatHts } from '../hts-code.js';
import { parseRateText, type RateText, specialRateFor } from '../rate-text.js';
import { type Assume, CAFTA_DR_DEFAULT, USMCA_DEFAULT } from './assumptions.js';
import type { DutyInput, TariffEngine } from './types.js';

/**
 * Products of these countries pay column 2 of the HTS: Cuba and North Korea (HTSUS general note 3(b)), and
 * Russia and Belarus for goods entered from 2022-04-09 (Suspending Normal Trade Relations with Russia and
 * Belarus Act, Pub. L. 117-110, 136 Stat. 1159).
 */
export const COLUMN_2_COUNTRIES: ReadonlySet<string> = new Set(['CU', 'KP', 'RU', 'BY']);

/** The countries whose originating goods may claim USMCA preference (HTSUS general note 11): Canada and Mexico. */
export const USMCA_PARTIES: ReadonlySet<string> = new Set(['CA', 'MX']);

/**
 * The parties whose originating goods may claim CAFTA-DR (HTSUS general note 29(a)): Costa Rica, the Dominican
 * Republic, El Salvador, Guatemala, Honduras and Nicaragua.
 */
export const CAFTA_DR_PARTIES: ReadonlySet<string> = new Set(['CR', 'DO', 'SV', 'GT', 'HN', 'NI']);

export interface MfnInfo {
  rate: RateText;
  description: string;
  /** The HTS revision the line was found in. */
  revision: string;
  /** Which column: `column 1 general`, `column 1 special (USMCA)`, `column 2`, or given with --mfn. */
  authority: string;
  source: string;
  special: string;
  /** A note on the column-1 line's reason (a USMCA claim without a special rate …). */
  note?: string;
}

/**
 * Column-1 answers already given, per table: the line's rate and wording depend on the revision, the code,
 * the origin (for column 2, Canada and Mexico only) and the USMCA claim, not on the date (only the stand-in
 * note, said afresh, names it), and bulk assessment asks once per era. Kept for lines without `--mfn`, with
 * the defaults they said; bounded per table.
 */
const ANSWERS = new WeakMap<HtsTable, Map<string, { info: MfnInfo; said: Parameters<Assume>[] }>>();
const MAX_ANSWERS = 50_000;

/**
 * The column-1 rate of the line and where it comes from. The code must be a line of the revision in force
 * even when the rate is given; a rate written by reference ("The rate applicable to …") cannot be computed
 * and asks for `--mfn`.
 */
export function resolveMfn(engine: TariffEngine, code: string, input: DutyInput, assume: Assume): MfnInfo {
  const onDate = engine.hts.tableOn(input.date);
  if (input.mfn !== undefined) return columnOne(onDate, code, input, assume);
  const { table, revision } = onDate;
  let answers = ANSWERS.get(table);
  if (!answers) {
    answers = new Map();
    ANSWERS.set(table, answers);
  }
  // The origin decides the answer only for column-2 countries, Canada and Mexico (USMCA) and the CAFTA-DR
  // parties: the other origins share one.
  const origin =
    COLUMN_2_COUNTRIES.has(input.origin) ||
    USMCA_PARTIES.has(input.origin) ||
    CAFTA_DR_PARTIES.has(input.origin)
      ? input.origin
      : '*';
  const key = `${revision.label}|${revision.effective}|${code}|${origin}|${input.usmca ?? ''}|${input.caftaDr ?? ''}`;
  const known = answers.get(key);
  if (known) {
    // Said in the order columnOne says them: the stand-in revision for this date, then the other defaults.
    sayStandIn(onDate, assume);
    for (const [fact, used] of known.said) assume(fact, used);
    return known.info;
  }
  const said: Parameters<Assume>[] = [];
  const info = columnOne(onDate, code, input, (fact, used) => {
    if (fact !== 'hts-revision') said.push([fact, used]);
    assume(fact, used);
  });
  if (answers.size >= MAX_ANSWERS) answers.clear();
  answers.set(key, { info, said });
  return info;
}

/** When the table is a stand-in for a revision not installed, say so (the note names the date). */
function sayStandIn({ revision, note }: HtsOnDate, assume: Assume): void {
  if (note) assume('hts-revision', `${revision.label}, in force from ${revision.effective} (${note})`);
}

/** {@link resolveMfn} on the table in force, without remembering the answer. */
function columnOne(onDate: HtsOnDate, code: string, input: DutyInput, assume: Assume): MfnInfo {
  const { table, revision, note } = onDate;
  // The code must be a line of the schedule in force, even when the user gives its rate.
  // Before the earliest installed revision, the one in force may have had the code: say how to install it.
  const digits = table.find(
    code,
    note
      ? `The revision in force on ${input.date} is not installed: if the code was a line of it, install that revision (accord data import-hts FILE --effective DATE) or give it with --hts-file FILE`
      : undefined,
  );
  sayStandIn(onDate, assume);
  const rev = `HTSUS ${revision.label}`;
  if (input.mfn !== undefined) {
    const rate = parseRateText(input.mfn);
    if (!rate) {
      const message = `--mfn ${quoteInput(input.mfn)} is not a rate: write Free, 2.5%, 4.4¢/kg or 2.5% + 4.4¢/kg (at most ${MAX_RATE_DIGITS} digits before a decimal point)`;
      throw new AccordError('mfn-invalid', message, {
        problems: [{ code: 'mfn-invalid', message, where: { pointer: '/mfn' } }],
      });
    }
    return {
      rate,
      description: table.get(digits)?.description ?? '',
      revision: revision.label,
      authority: 'column-1 rate given by the user',
      source: 'column-1 rate given by the user (--mfn)',
      special: '',
    };
  }
  const found = table.lookup(digits);
  const rateLine = table.get(found.rateFrom)!;
  const byReference = (what: string, text: string) =>
    new AccordError(
      'hts-rate-unreadable',
      `${what} of HTS ${formatHts(digits)} is "${text.length > 120 ? `${text.slice(0, 117)}…` : text}", a rate accord cannot compute from the entry line: pass the rate with --mfn RATE (e.g. --mfn 6.5%)`,
    );
  if (COLUMN_2_COUNTRIES.has(input.origin)) {
    const rate = parseRateText(rateLine.other);
    if (!rate)
      throw byReference(`column 2 (paid by products of ${countryLabel(input.origin)})`, rateLine.other);
    return {
      rate,
      description: found.line.description,
      revision: revision.label,
      authority: `HTSUS column 2 (products of ${countryLabel(input.origin)})`,
      source: `${rev}, column 2, ${formatHts(found.rateFrom)}; general note 3(b)${input.origin === 'RU' || input.origin === 'BY' ? '; Pub. L. 117-110 (column 2 for Russia and Belarus from 2022-04-09)' : ''}`,
      special: '',
    };
  }
  // Goods of Canada or Mexico on a line with a USMCA rate: the claim decides column 1, so its default is said.
  if (input.usmca === undefined && USMCA_PARTIES.has(input.origin)) {
    if (specialRateFor(rateLine.special, 'S') !== undefined) assume('usmca', USMCA_DEFAULT);
  }
  // The special rate of a preference claimed on the entry (program S: USMCA, general note 11; P: CAFTA-DR, 29).
  const claimed = (program: 'S' | 'P', name: string, note: string): MfnInfo | undefined => {
    const special = specialRateFor(rateLine.special, program);
    if (special === undefined) return undefined;
    const rate = parseRateText(special);
    if (!rate) throw byReference(`the ${name} (${program}) special rate`, special);
    return {
      rate,
      description: found.line.description,
      revision: revision.label,
      authority: `HTSUS column 1 special, ${name} (program ${program})`,
      source: `${rev}, column 1 special "${rateLine.special}", ${formatHts(found.rateFrom)}; ${note}`,
      special: '',
    };
  };
  if (input.usmca) {
    const usmca = claimed('S', 'USMCA', 'general note 11');
    if (usmca) return usmca;
  }
  // Goods of a CAFTA-DR party on a line with a CAFTA-DR rate: the claim decides column 1, as USMCA's does.
  if (input.caftaDr) {
    const caftaDr = claimed('P', 'CAFTA-DR', 'general note 29');
    if (caftaDr) return caftaDr;
  } else if (
    input.caftaDr === undefined &&
    CAFTA_DR_PARTIES.has(input.origin) &&
    specialRateFor(rateLine.special, 'P') !== undefined
  )
    assume('cafta-dr', CAFTA_DR_DEFAULT);
  if (!found.rate) throw byReference('column 1', found.general);
  return {
    rate: found.rate,
    description: found.line.description,
    revision: revision.label,
    authority: 'HTSUS column 1 general (MFN)',
    source: `${rev}, column 1 general, ${formatHts(found.rateFrom)}`,
    special: rateLine.special,
    ...(input.usmca ? { note: 'the line has no USMCA (S) special rate, so column 1 general applies' } : {}),
    ...(input.caftaDr
      ? { note: 'the line has no CAFTA-DR (P) special rate, so column 1 general applies' }
      : {}),
  };
}
