/**
 * @module cli/commands/schema
 * `accord schema`: print the agreement file's JSON Schema (for editors and other tools).
 */
import type { Command } from '@commander-js/extra-typings';
import { agreementJsonSchema } from '../../agreement/index.js';

/** Register `schema` on the program. */
export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description("print the agreement file's JSON Schema (draft 2020-12)")
    .addHelpText(
      'after',
      `
Examples:
  $ accord schema > agreement.schema.json
  # then, at the top of an agreement file, for editor completion:
  # yaml-language-server: $schema=./agreement.schema.json`,
    )
    .action(() => {
      process.stdout.write(`${JSON.stringify(agreementJsonSchema(), null, 2)}\n`);
    });
}
