/**
 * @module cli/commands/demo
 * `accord demo`: the main job for now — evaluate the milestone compromise against its sample facts and print
 * what a negotiator would want to see first.
 */

import { fileURLToPath } from 'node:url';
import type { Command } from '@commander-js/extra-typings';
import { plural } from '../../_lib/words.js';
import { evaluateAgreement, loadAgreementFile, loadFactsFile, resolveAsOf } from '../evaluate-files.js';
import { renderEvaluation } from '../render-evaluation.js';

/** The examples folder shipped with the package (same depth from src/ and dist/). */
export function examplesDir(): string {
  return fileURLToPath(new URL('../../../examples/', import.meta.url));
}

/** Register `demo` on the program. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('evaluate the US–Japan milestone compromise against its sample facts (both term variants)')
    .addHelpText('after', '\nExample:\n  $ accord demo')
    .action(() => {
      const dir = `${examplesDir()}us-japan-milestones/`;
      const { agreement } = loadAgreementFile(`${dir}agreement.yaml`);
      const facts = loadFactsFile(`${dir}facts.json`, agreement);
      const { asOf } = resolveAsOf(undefined, facts, agreement.signed);
      const out = process.stdout;
      out.write(
        'accord demo — the milestone compromise from the 2025 US–Japan talks, evaluated on sample facts\n',
      );
      out.write(
        `(files: examples/us-japan-milestones/agreement.yaml and facts.json; ${plural(facts.length, 'fact')})\n\n`,
      );
      out.write(renderEvaluation(evaluateAgreement(agreement, facts, asOf)));
      const variants = agreement.term.variants ?? [];
      if (variants.length > 1) {
        out.write('\nTerm variants side by side (same facts, same date):\n');
        for (const v of variants) {
          const e = evaluateAgreement(agreement, facts, asOf, v.id);
          const statuses = e.milestones.map((m) => `${m.id} ${m.status} (by ${m.deadline})`).join(', ');
          out.write(
            `  ${v.id.padEnd(10)} ${plural(v.years, 'year').padStart(8)}, ends ${e.agreement.termEnds}: ${statuses}\n`,
          );
        }
      }
      out.write(
        '\nNext: accord schedule <agreement> --facts <facts> [--json] · accord validate <file> · accord --help\n',
      );
    });
}
