/**
 * @module cli/commands/schedule
 * `accord schedule FILE --facts FILE`: milestone status and the tariff schedule that follows from the facts.
 */
import type { Command } from '@commander-js/extra-typings';
import type { IsoDate } from '../../_lib/date.js';
import { formatProblem } from '../../_lib/problem.js';
import { toJson } from '../../evaluation/index.js';
import { evaluateAgreement, loadAgreementFile, loadFactsFile, resolveAsOf } from '../evaluate-files.js';
import { renderEvaluation } from '../render-evaluation.js';

/** Today's date in UTC, used only when there is no fact to date the evaluation by. */
export function todayUtc(): IsoDate {
  return new Date().toISOString().slice(0, 10) as IsoDate;
}

/** Register `schedule` on the program. */
export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('evaluate an agreement against verified facts: milestone status and the tariff schedule')
    .argument('<agreement>', 'agreement file (YAML or JSON)')
    .requiredOption('--facts <file>', 'verified facts (JSON, or CSV by its .csv extension)')
    .option('--as-of <date>', 'evaluate as of this date (default: the latest date on record in the facts)')
    .option('--variant <id>', "term variant to evaluate (default: the agreement's default)")
    .option('--json', 'print the evaluation as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ accord schedule examples/us-japan-milestones/agreement.yaml --facts examples/us-japan-milestones/facts.json
  $ accord schedule examples/us-japan-milestones/agreement.yaml --facts examples/us-japan-milestones/facts.json \\
      --variant japan-7y --as-of 2026-12-31 --json

Without --as-of the evaluation is dated by the last fact on record, so the same files always give the same answer.
Money in --json is a decimal string in US dollars ("4500.00"); rates are percent strings ("15").`,
    )
    .action((file, options) => {
      const { agreement, warnings } = loadAgreementFile(file);
      for (const w of warnings) process.stderr.write(`${formatProblem(w)}\n`);
      const facts = loadFactsFile(options.facts, agreement);
      const { asOf } = resolveAsOf(options.asOf, facts, todayUtc());
      const evaluation = evaluateAgreement(agreement, facts, asOf, options.variant);
      process.stdout.write(
        options.json ? `${JSON.stringify(toJson(evaluation), null, 2)}\n` : renderEvaluation(evaluation),
      );
    });
}
