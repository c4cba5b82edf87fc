/**
 * @module cli/commands/negotiate/input
 * The scenario every `accord negotiate` subcommand reads — accord YAML, Genius XML or GeniusWeb JSON — with
 * its utility convention and the two parties to compare, checked the same way for each subcommand.
 */
import { type Command, Option } from '@commander-js/extra-typings';
import { AccordError, formatProblem } from '../../../_lib/problem.js';
import { readTextFile } from '../../../_lib/read-file.js';
import {
  CONVENTIONS,
  type Convention,
  loadScenario,
  prepareScenario,
  type ScenarioFormat,
} from '../../../negotiation/index.js';

/** The input options {@link inputOptions} adds, and `--json`. */
export interface InputOptions {
  genius?: string[];
  geniusweb?: string[];
  convention: string;
  parties?: string;
  json?: boolean;
}

/** Add the options that name the input to a subcommand whose argument is an accord scenario file. */
export const inputOptions = (cmd: Command<[string | undefined]>) =>
  cmd
    .option('--genius <files...>', 'Genius XML: DOMAIN.xml PROFILE_A.xml PROFILE_B.xml')
    .option('--geniusweb <files...>', 'GeniusWeb JSON: DOMAIN.json PROFILE_A.json PROFILE_B.json')
    .addOption(
      new Option(
        '--convention <name>',
        'utility convention: genius (per-issue normalised) or raw (NegMAS)',
      ).default('genius'),
    )
    .option('--parties <i,j>', 'which two profiles to use, 1-based (default 1,2)');

/** The one input the arguments name, and its format. */
export function pickInput(
  file: string | undefined,
  opts: InputOptions,
): { format: ScenarioFormat; files: string[] } {
  const given = [file !== undefined, opts.genius !== undefined, opts.geniusweb !== undefined].filter(
    Boolean,
  ).length;
  if (given !== 1) {
    throw new AccordError(
      'negotiation-usage',
      'name exactly one input: DOMAIN.yaml, --genius DOMAIN.xml A.xml B.xml, or --geniusweb DOMAIN.json A.json B.json',
      { exitCode: 2 },
    );
  }
  if (opts.genius) return { format: 'genius', files: opts.genius };
  if (opts.geniusweb) return { format: 'geniusweb', files: opts.geniusweb };
  return { format: 'yaml', files: [file!] };
}

/** `--convention`, one of the conventions the analysis knows. */
function parseConvention(value: string): Convention {
  if (!(CONVENTIONS as readonly string[]).includes(value)) {
    throw new AccordError(
      'negotiation-usage',
      `--convention must be one of ${CONVENTIONS.join(', ')}; got "${value}"`,
      {
        exitCode: 2,
      },
    );
  }
  return value as Convention;
}

/** `--parties i,j` (1-based) as two different 0-based profile indexes; the first two by default. */
function parseParties(value: string | undefined, count: number): [number, number] {
  if (value === undefined) return [0, 1];
  const m = /^(\d+),(\d+)$/.exec(value.trim());
  const pair = m ? ([Number(m[1]) - 1, Number(m[2]) - 1] as [number, number]) : null;
  if (!pair || pair[0] === pair[1] || pair.some((p) => p < 0 || p >= count)) {
    throw new AccordError(
      'negotiation-usage',
      `--parties takes two different numbers between 1 and ${count}, e.g. 1,2`,
      {
        exitCode: 2,
      },
    );
  }
  return pair;
}

/** Load the scenario and prepare it under the convention for the two parties. */
export function loadInput(file: string | undefined, opts: InputOptions) {
  const { format, files } = pickInput(file, opts);
  const scenario = loadScenario(format, files, readTextFile);
  const convention = parseConvention(opts.convention);
  const parties = parseParties(opts.parties, scenario.profiles.length);
  // Warnings (e.g. Genius weights not summing to 1) do not stop the analysis, but the user must see them.
  for (const w of scenario.warnings) process.stderr.write(`${formatProblem(w)}\n`);
  return { scenario, convention, prep: prepareScenario(scenario, convention, parties) };
}
