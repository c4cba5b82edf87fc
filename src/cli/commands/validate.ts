/**
 * @module cli/commands/validate
 * `accord validate FILE...`: check agreement files and print every problem as FILE:LINE:COL: CODE: message.
 */
import type { Command } from '@commander-js/extra-typings';
import { formatProblem, hasErrors } from '../../_lib/problem.js';
import { plural } from '../../_lib/words.js';
import { loadAgreement } from '../../agreement/index.js';
import { readInput } from '../read-input.js';

/** Register `validate` on the program. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check agreement files (YAML or JSON) against the format and its rules')
    .argument('<files...>', 'agreement files')
    .option('-q, --quiet', 'print problems only, no summary line')
    .addHelpText(
      'after',
      `
Examples:
  $ accord validate examples/us-japan-2025/agreement.yaml examples/us-japan-milestones/agreement.yaml
  $ accord validate my-deal.yaml && echo valid

Each problem is one line, FILE:LINE:COL: CODE: message. Exit 0 when every file is valid (warnings allowed),
1 when any file has an error.`,
    )
    .action((files, options) => {
      let failed = 0;
      for (const file of files) {
        const { problems } = loadAgreement(readInput(file), file);
        for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
        if (hasErrors(problems)) failed++;
        else if (!options.quiet) {
          const warnings = problems.length;
          process.stdout.write(
            `${file}: valid${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}\n`,
          );
        }
      }
      if (failed > 0) {
        if (!options.quiet) process.stderr.write(`${failed} of ${plural(files.length, 'file')} invalid\n`);
        process.exitCode = 1;
      }
    });
}
