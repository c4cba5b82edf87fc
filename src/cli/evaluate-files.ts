/**
 * @module cli/evaluate-files
 * Shared by `schedule` and `demo`: read an agreement and a facts file, refuse them with every problem when
 * either is invalid, and evaluate as of a date.
 */
import { type IsoDate, parseIsoDate } from '../_lib/date.js';
import { AccordError, hasErrors, type Problem } from '../_lib/problem.js';
import { type Agreement, loadAgreement } from '../agreement/index.js';
import {
  defaultAsOf,
  type Evaluation,
  evaluate,
  type Fact,
  parseFacts,
  parseFactsCsv,
} from '../evaluation/index.js';
import { readInput } from './read-input.js';

/** Load and validate an agreement file, or throw an AccordError listing its problems. */
export function loadAgreementFile(file: string): { agreement: Agreement; warnings: Problem[] } {
  const { agreement, problems } = loadAgreement(readInput(file), file);
  if (!agreement || hasErrors(problems)) {
    throw new AccordError(
      'invalid-agreement',
      `${file} is not a valid agreement (run accord validate ${file})`,
      { problems },
    );
  }
  return { agreement, warnings: problems };
}

/** Read a facts file (JSON, or CSV by extension) for this agreement, or throw with every problem. */
export function loadFactsFile(file: string, agreement: Agreement): Fact[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(readInput(file));
  const parsed = /\.csv$/i.test(file) ? parseFactsCsv(text, file) : parseFacts(text, file);
  const problems = [...parsed.problems];
  if ('agreement' in parsed && parsed.agreement !== undefined && parsed.agreement !== agreement.id) {
    problems.push({
      code: 'facts-for-another-agreement',
      message: `the facts are for agreement "${parsed.agreement}", not "${agreement.id}"`,
      where: { file, pointer: '/agreement' },
    });
  }
  if (hasErrors(problems)) {
    throw new AccordError('invalid-facts', `${file} has problems; nothing was evaluated`, { problems });
  }
  return parsed.facts;
}

/**
 * Parse --as-of, or take the evaluation's one default (`defaultAsOf`: the last day on record, never before
 * the agreement was signed), so the CLI, the server and the assessment overlay agree on the same facts.
 */
export function resolveAsOf(
  asOf: string | undefined,
  facts: readonly Fact[],
  signed: IsoDate,
): { asOf: IsoDate; defaulted: boolean } {
  if (asOf !== undefined) {
    const date = parseIsoDate(asOf);
    if (!date)
      throw new AccordError('invalid-date', `--as-of ${asOf} is not a calendar date; write YYYY-MM-DD`, {
        exitCode: 2,
      });
    return { asOf: date, defaulted: false };
  }
  return { asOf: defaultAsOf(facts, signed), defaulted: true };
}

/** Evaluate with a variant check that names the variants available. */
export function evaluateAgreement(
  agreement: Agreement,
  facts: Fact[],
  asOf: IsoDate,
  variant?: string,
): Evaluation {
  if (variant !== undefined && !(agreement.term.variants ?? []).some((v) => v.id === variant)) {
    const names = (agreement.term.variants ?? []).map((v) => v.id);
    throw new AccordError(
      'unknown-variant',
      `no variant "${variant}" in ${agreement.id}; ${names.length ? `choose one of ${names.join(', ')}` : 'it defines none'}`,
      { exitCode: 2 },
    );
  }
  return evaluate(agreement, facts, asOf, variant === undefined ? {} : { variant });
}
