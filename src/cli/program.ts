/**
 * @module cli/program
 * The commander program, built lazily: only the module of the command being run is imported.
 *
 * Why: the command modules import the domain behind them — the duty engine and its rule base, the HTTP
 * server, SQLite, the resvg native addon, the zod schemas — and importing all of them made every run,
 * even `accord --help`, pay half a second or more before doing anything (issues 13 and 15).
 *
 * How: {@link COMMANDS} lists each command module with the top-level commands it registers, as the
 * top-level help shows them (name with its usage, and description), and a `load` that imports it.
 * {@link buildProgram} looks at the arguments the way commander will ({@link commandNamed}), imports
 * the one module that registers that command and lets it register itself in full (options, help,
 * action, subcommands); every other command is a stub that carries only what `accord --help` lists.
 * So `accord --help` imports no command module, and `accord duty …` or `accord duty --help` only
 * `commands/duty.ts` and what it needs. test/cli-lazy.test.ts checks both that the listing matches
 * what the modules register and which source files a run imports.
 *
 * Adding a command: write `commands/<name>.ts` exporting `register<Name>(program)`, and add a row
 * here, in the order `accord --help` lists it.
 */

import { readFileSync } from 'node:fs';
import { Command, Help } from '@commander-js/extra-typings';

/** A command module: the top-level commands it registers and how to import it. */
export interface CommandModule {
  /** The module, for messages and tests. */
  module: string;
  /** Its top-level commands as `accord --help` lists them: `name [options] <args>` and description. */
  commands: readonly (readonly [term: string, description: string])[];
  /** Import the module; resolves to its register function. */
  load: () => Promise<(program: Command) => void>;
}

/** Every command module, in the order `accord --help` lists their commands. */
export const COMMANDS: readonly CommandModule[] = [
  {
    module: 'validate',
    commands: [
      [
        'validate [options] <files...>',
        'check agreement files (YAML or JSON) against the format and its rules',
      ],
    ],
    load: async () => (await import('./commands/validate.js')).registerValidate,
  },
  {
    module: 'schema',
    commands: [['schema', "print the agreement file's JSON Schema (draft 2020-12)"]],
    load: async () => (await import('./commands/schema.js')).registerSchema,
  },
  {
    module: 'schedule',
    commands: [
      [
        'schedule [options] <agreement>',
        'evaluate an agreement against verified facts: milestone status and the tariff schedule',
      ],
    ],
    load: async () => (await import('./commands/schedule.js')).registerSchedule,
  },
  {
    module: 'demo',
    commands: [
      ['demo', 'evaluate the US–Japan milestone compromise against its sample facts (both term variants)'],
    ],
    load: async () => (await import('./commands/demo.js')).registerDemo,
  },
  {
    module: 'simulate',
    commands: [
      [
        'simulate [options] [scenario]',
        'Simulate trade, revenue, price and job effects: a scenario file, or raw GSIM inputs with --gsim',
      ],
    ],
    load: async () => (await import('./commands/simulate.js')).registerSimulate,
  },
  {
    module: 'negotiate',
    commands: [
      [
        'negotiate',
        'Negotiation analysis: Pareto frontier, bargaining solutions, agents, Genius/GeniusWeb interop.',
      ],
    ],
    load: async () => (await import('./commands/negotiate.js')).registerNegotiate,
  },
  {
    module: 'ledger',
    commands: [
      [
        'ledger',
        'The verification log: signed statements in an RFC 6962 Merkle log with C2SP checkpoints, witnesses, tiles and receipts.',
      ],
    ],
    load: async () => (await import('./commands/ledger.js')).registerLedger,
  },
  {
    module: 'audit',
    commands: [
      [
        'audit [options] [db]',
        'Re-verify a log from its raw data: every signature, checkpoint and cosignature, the tree, consistency, and the logged evaluations.',
      ],
    ],
    load: async () => (await import('./commands/audit.js')).registerAudit,
  },
  {
    module: 'duty',
    commands: [
      [
        'duty [options]',
        'duty on one entry line on a date (or --dates), every layer with why and its citation',
      ],
    ],
    load: async () => (await import('./commands/duty.js')).registerDuty,
  },
  {
    module: 'assess',
    commands: [
      [
        'assess [options] <entries>',
        'assess a CSV of entry lines in constant memory; bad rows are reported, not fatal',
      ],
    ],
    load: async () => (await import('./commands/assess.js')).registerAssess,
  },
  {
    module: 'data',
    commands: [
      ['data', 'reference data: install a newer HTS revision; where each Chapter 99 heading stands'],
    ],
    load: async () => (await import('./commands/data.js')).registerData,
  },
  {
    module: 'serve',
    commands: [['serve [options]', 'serve the HTTP API (OpenAPI at /openapi.json) and the dashboard']],
    load: async () => (await import('./commands/serve.js')).registerServe,
  },
  {
    module: 'witness',
    commands: [['witness', 'Run a witness that cosigns log checkpoints over HTTP (c2sp.org/tlog-witness).']],
    load: async () => (await import('./commands/witness.js')).registerWitness,
  },
  {
    module: 'new-statement',
    commands: [
      [
        'new [options] <kind>',
        'Write a statement skeleton with what the agreement decides filled in, and list what is left to fill.',
      ],
    ],
    load: async () => (await import('./commands/new-statement.js')).registerNew,
  },
  {
    module: 'actors',
    commands: [
      [
        'submit [options] <files...>',
        'Sign statements with your key and submit them to an accord server; keep each entry’s receipt.',
      ],
      [
        'attest [options] <entry>',
        'As an auditor, attest a logged report: what evidence you checked and your result.',
      ],
      [
        'approve [options] <entry>',
        'As a government, approve a logged joint decision (a waiver, snap-back, registration…).',
      ],
      [
        'checkpoint [options]',
        'As a government, have the server sign a checkpoint of its log and send it to the witnesses; print what each did.',
      ],
      ['receipts', 'Offline receipts (c2sp.org/tlog-proof) of logged entries.'],
      ['verify [options] <receipt>', 'Verify a receipt offline, with nothing but the trust policy.'],
    ],
    load: async () => (await import('./commands/actors.js')).registerActors,
  },
];

/** A top-level command's name: the first word of its help term. */
export function commandName(term: string): string {
  return term.split(' ', 1)[0] ?? term;
}

/**
 * The top-level command these arguments run (or ask help for), read as commander reads them: the first
 * operand, before any option the program does not know — `accord duty …`, `accord help duty`,
 * `accord -- duty`. Undefined for `accord`, `accord --help`, `accord --version` and unknown options.
 */
export function commandNamed(argv: readonly string[]): string | undefined {
  const operands: string[] = [];
  for (let i = 0; i < argv.length && operands.length < 2; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.length > 1 && arg.startsWith('-')) {
      if (operands.length === 0) return undefined; // -h, -V or an unknown option: no command runs
      break;
    }
    operands.push(arg);
  }
  return operands[0] === 'help' ? operands[1] : operands[0];
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The help term of each stub command: what the real command's usage would show in `accord --help`. */
const stubTerms = new WeakMap<object, string>();

/**
 * A placeholder for a command whose module is not loaded: it only ever appears in `accord --help` and in
 * commander's "did you mean" suggestions, since {@link buildProgram} loads the module of any command the
 * arguments name.
 */
function addStub(program: Command, term: string, description: string, module: string): void {
  const stub = program
    .command(commandName(term))
    .description(description)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new Error(`accord: the module of command ${commandName(term)} (${module}) was not loaded`);
    });
  stubTerms.set(stub, term);
}

/**
 * Build the `accord` program for these arguments: the command they name registered in full, every other
 * command as a stub that `accord --help` lists. Without `argv`, every command is registered in full.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('accord')
    .description('Model, negotiate and enforce investment-for-tariff-relief agreements.')
    .version(packageVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureHelp({
      subcommandTerm: (cmd) => stubTerms.get(cmd) ?? Help.prototype.subcommandTerm.call(new Help(), cmd),
    })
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
  const wanted = argv === undefined ? undefined : commandNamed(argv);
  for (const m of COMMANDS) {
    const names = m.commands.map(([term]) => commandName(term));
    if (argv === undefined || (wanted !== undefined && names.includes(wanted))) (await m.load())(program);
    else for (const [term, description] of m.commands) addStub(program, term, description, m.module);
  }
  return program;
}
