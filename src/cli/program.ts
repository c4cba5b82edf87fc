/**
 * @module cli/program
 * The commander program. Each command lives in `commands/<name>.ts` and registers itself here.
 */

import { readFileSync } from 'node:fs';
import { Command } from '@commander-js/extra-typings';
import { registerActors } from './commands/actors.js';
import { registerAssess } from './commands/assess.js';
import { registerAudit } from './commands/audit.js';
import { registerData } from './commands/data.js';
import { registerDemo } from './commands/demo.js';
import { registerDuty } from './commands/duty.js';
import { registerLedger } from './commands/ledger.js';
import { registerNegotiate } from './commands/negotiate.js';
import { registerNew } from './commands/new-statement.js';
import { registerSchedule } from './commands/schedule.js';
import { registerSchema } from './commands/schema.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerValidate } from './commands/validate.js';
import { registerWitness } from './commands/witness.js';

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
      `
Examples:
  accord demo                      the milestone compromise evaluated on its sample facts
  accord validate examples/us-japan-milestones/agreement.yaml
  accord schedule examples/us-japan-2025/agreement.yaml --facts examples/us-japan-2025/facts.json
  accord duty --hts 8703.23.01 --origin JP --date 2025-10-01 --value 40000
  accord assess entries.csv --out duties.csv
  accord simulate examples/us-japan-milestones/scenario.yaml --runs 2000 --seed 7
  accord negotiate analyze examples/us-japan-negotiation/domain.yaml --focus term-years
  accord serve --port 8080         the HTTP API and the dashboard at http://127.0.0.1:8080/

Run accord COMMAND --help for a command's options and more examples; after npm ci, type npx accord.

Exit codes: 0 ok, 1 invalid input (each problem printed as FILE:LINE:COL: CODE: message),
2 usage error.`,
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
  registerData(program);
  registerServe(program);
  registerWitness(program);
  registerNew(program);
  registerActors(program);
  return program;
}
