/**
 * @module cli/commands/schedule
 * `accord schedule FILE --facts FILE` (or `--ledger DB`): milestone status and the tariff schedule that
 * follows from the facts, or from a verification log replayed under the agreement's rules.
 */
import type { Command } from '@commander-js/extra-typings';
import { AccordError, formatProblem } from '../../_lib/problem.js';
import { toJson } from '../../evaluation/index.js';
import { evaluateAgreement, loadAgreementFile, loadFactsFile, resolveAsOf } from '../evaluate-files.js';
import { evaluateLedger } from '../evaluate-ledger.js';
import { renderEvaluation } from '../render-evaluation.js';
import { readPolicy } from './ledger-io.js';

/** Register `schedule` on the program. */
export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description('evaluate an agreement against verified facts: milestone status and the tariff schedule')
    .argument('<agreement>', 'agreement file (YAML or JSON)')
    .option('--facts <file>', 'verified facts (JSON, or CSV by its .csv extension)')
    .option('--ledger <db>', 'instead of --facts: a verification log (SQLite file or postgres:// URL)')
    .option('--policy <file>', 'with --ledger: evaluate at the latest checkpoint this trust policy accepts')
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

  $ accord schedule examples/us-japan-milestones/agreement.yaml --ledger .accord/accord.sqlite

Without --as-of the evaluation is dated by the last fact on record, so the same files always give the same answer.
With --ledger the log is replayed under the agreement's rules R1–R9 (docs/agreement-format.md): the output lists
the disputes, the joint decisions with their verified signers, and every statement that does not count.
Money in --json is a decimal string in US dollars ("4500.00"); rates are percent strings ("15").`,
    )
    .action(async (file, options) => {
      if ((options.facts === undefined) === (options.ledger === undefined))
        throw new AccordError('usage', 'give the facts with exactly one of --facts FILE or --ledger DB', {
          exitCode: 2,
        });
      if (options.policy !== undefined && options.ledger === undefined)
        throw new AccordError('usage', '--policy goes with --ledger', { exitCode: 2 });
      const { agreement, warnings } = loadAgreementFile(file);
      for (const w of warnings) process.stderr.write(`${formatProblem(w)}\n`);
      let evaluation: Awaited<ReturnType<typeof evaluateLedger>>;
      if (options.ledger !== undefined) {
        evaluation = await evaluateLedger(agreement, options.ledger, {
          ...(options.asOf !== undefined && { asOf: options.asOf }),
          ...(options.variant !== undefined && { variant: options.variant }),
          ...(options.policy !== undefined && { policy: readPolicy(options.policy) }),
        });
      } else {
        const facts = loadFactsFile(options.facts!, agreement);
        const { asOf } = resolveAsOf(options.asOf, facts, agreement.signed);
        evaluation = evaluateAgreement(agreement, facts, asOf, options.variant);
      }
      process.stdout.write(
        options.json ? `${JSON.stringify(toJson(evaluation), null, 2)}\n` : renderEvaluation(evaluation),
      );
    });
}
