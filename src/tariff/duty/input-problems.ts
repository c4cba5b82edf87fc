/**
 * @module tariff/duty/input-problems
 * What is wrong with an entry line before any law is read, as data: one {@link Problem} per mistake, each
 * with the JSON pointer of the {@link DutyInput} field it is about (`/origin`, `/date`, `/value` …), so that an
 * API can point at the field and a CLI can name its option. All mistakes are collected, not the first only:
 * the user fixes the line once.
 */
import { parseIsoDate } from '../../_lib/date.js';
import { formatUsd } from '../../_lib/money.js';
import { AccordError, type Problem } from '../../_lib/problem.js';
import { quoteInput } from '../../_lib/words.js';
import { countryLabel, notACountry } from '../countries.js';
import { htsDigits } from '../hts-code.js';
import { CAFTA_DR_PARTIES, USMCA_PARTIES } from './column-1.js';
import type { DutyInput, TariffEngine } from './types.js';

/** The code of every input problem, and of the error that carries them. */
export const DUTY_INPUT_INVALID = 'duty-input-invalid';

/** An origin (or country of melt and pour) that is not an assigned ISO 3166-1 code, with what to write instead. */
function countryProblem(what: string, code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code))
    return `${what} ${quoteInput(code)} must be an ISO 3166-1 alpha-2 country code such as JP`;
  const why = notACountry(code);
  return why ? `${what} ${quoteInput(code)} is not an ISO 3166-1 alpha-2 country code: ${why}` : undefined;
}

const SHARES = [
  ['metal share', 'metalShare'],
  ['metal weight share', 'metalWeightShare'],
  ['US content share', 'usContentShare'],
] as const;

/**
 * Every problem of the line's own fields, in the order the fields are read (empty when it can be assessed).
 *
 * @example
 * dutyInputProblems(engine, { hts: 'cars', origin: 'UK', date, value: -1n }).map((p) => p.where?.pointer)
 * // ['/origin', '/value', '/hts']
 */
export function dutyInputProblems(engine: TariffEngine, input: DutyInput): Problem[] {
  const problems: Problem[] = [];
  const add = (pointer: string, message: string) =>
    problems.push({ code: DUTY_INPUT_INVALID, message, where: { pointer } });
  const origin = countryProblem('origin', input.origin);
  if (origin) add('/origin', origin);
  if (input.meltPour !== undefined) {
    const meltPour = countryProblem('country of melt and pour', input.meltPour);
    if (meltPour) add('/meltPour', meltPour);
  }
  if (input.usmca && !origin && !USMCA_PARTIES.has(input.origin))
    add(
      '/usmca',
      `USMCA qualification is declared, but goods of ${countryLabel(input.origin)} cannot be USMCA-originating imports: those are products of Canada or Mexico (HTSUS general note 11)`,
    );
  if (input.caftaDr && !origin && !CAFTA_DR_PARTIES.has(input.origin))
    add(
      '/caftaDr',
      `CAFTA-DR preference is declared, but goods of ${countryLabel(input.origin)} cannot be CAFTA-DR originating: those are products of Costa Rica, the Dominican Republic, El Salvador, Guatemala, Honduras or Nicaragua (HTSUS general note 29)`,
    );
  if (input.autoPartUse === 'uk-vehicles' && !origin && input.origin !== 'GB')
    add(
      '/autoPartUse',
      `use in automobiles of the United Kingdom is declared, but goods of ${countryLabel(input.origin)} cannot file 9903.94.33: it is for automobile parts that are products of the United Kingdom (U.S. note 33(q)); declare us-production-repair for a part used in US production or repair`,
    );
  if (input.quota !== undefined && input.quota !== 'within' && input.quota !== 'over')
    add('/quota', `quota status ${quoteInput(String(input.quota))} must be within or over`);
  if (parseIsoDate(input.date) === undefined)
    add('/date', `date ${quoteInput(input.date)} is not a calendar date (YYYY-MM-DD)`);
  else if (input.date < engine.ruleBase.coverageFrom)
    add(
      '/date',
      `the rule base covers entries from ${engine.ruleBase.coverageFrom}; ${input.date} is earlier`,
    );
  if (input.value < 0n) add('/value', 'value must not be negative');
  if (input.metalContent !== undefined && input.metalContent > input.value)
    add(
      '/metalContent',
      `metal content ${formatUsd(input.metalContent)} exceeds the line value ${formatUsd(input.value)}`,
    );
  for (const [name, field] of SHARES) {
    const share = input[field];
    if (share !== undefined && (share < 0 || share > 1_000_000))
      add(`/${field}`, `${name} must be between 0% and 100%`);
  }
  if (input.loaded !== undefined && input.loaded > input.date)
    add('/loaded', `loading date ${input.loaded} is after the entry date ${input.date}`);
  if (htsDigits(input.hts) === undefined)
    add('/hts', `${quoteInput(input.hts)} is not an HTS code: write 8 or 10 digits, e.g. 8703.23.01`);
  return problems;
}

/**
 * The line's HTS digits, or an {@link AccordError} `duty-input-invalid` carrying every problem (its message
 * joins them, for edges that print one line).
 */
export function checkDutyInput(engine: TariffEngine, input: DutyInput): string {
  const problems = dutyInputProblems(engine, input);
  if (problems.length > 0)
    throw new AccordError(DUTY_INPUT_INVALID, problems.map((p) => p.message).join('; '), { problems });
  return htsDigits(input.hts)!;
}
