/**
 * @module cli/program
 * The commander program. Each command lives in `commands/<name>.ts` and registers itself here.
 */

import { readFileSync } from 'node:fs';
import { Command } from '@commander-js/extra-typings';
import { registerAssess } from './commands/assess.js';
import { registerAudit } from './commands/audit.js';
import { registerDemo } from './commands/demo.js';
import { registerDuty } from './commands/duty.js';
import { registerLedger } from './commands/ledger.js';
import { registerNegotiate } from './commands/negotiate.js';
import { registerSchedule } from './commands/schedule.js';
import { registerSchema } from './commands/schema.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerValidate } from './commands/validate.js';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Build the `accord` program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('accord')
    .description('Model, negotiate and enforce investment-for-tariff-relief agreements.')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 invalid input (problems are printed as FILE:LINE:COL: CODE: message), 2 usage error.',
    );
  // Commands: each module exports register<Name>(program). Keep one line per command, in this order.
  registerValidate(program);
  registerSchema(program);
  registerSchedule(program);
  registerDemo(program);
  registerSimulate(program);
  registerNegotiate(program);
  registerLedger(program);
  registerAudit(program);
  registerDuty(program);
  registerAssess(program);
  registerServe(program);
  return program;
}
