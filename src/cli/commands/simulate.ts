/**
 * @module cli/commands/simulate
 * `accord simulate`: raw GSIM inputs (`--gsim FILE.json`) or a scenario file run through SMART, GSIM and
 * exact CES, the investment-to-jobs model, term paths and Monte Carlo. The two runs are modules under
 * simulate/; this one registers the command and picks between them.
 */
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { AccordError } from '../../_lib/problem.js';
import { runGsimFile } from './simulate/gsim.js';
import { runScenario } from './simulate/run-scenario.js';

/** Register `accord simulate`. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'Simulate trade, revenue, price and job effects: a scenario file, or raw GSIM inputs with --gsim',
    )
    .argument('[scenario]', 'scenario YAML file')
    .option('--gsim <file>', 'raw GSIM input (JSON: regions, M, T0, T1, Em, Es, Ex)')
    .addOption(
      new Option('--model <model>', 'tariff model (default: the scenario’s, else all)').choices([
        'smart',
        'gsim',
        'ces',
        'all',
      ] as const),
    )
    .option('--runs <n>', 'Monte Carlo paths (0: expected path only; default: the scenario’s)')
    .option('--seed <s>', 'Monte Carlo seed (default: the scenario’s)')
    .option('--workers <n>', 'worker threads for Monte Carlo (0: this thread; default: the machine’s cores)')
    .option('--charts <dir>', 'write fan charts (SVG and PNG) into this directory')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  accord simulate examples/us-japan-milestones/scenario.yaml --runs 2000 --seed 7
  accord simulate examples/us-japan-milestones/scenario.yaml --model gsim --runs 0
  accord simulate examples/us-japan-milestones/scenario.yaml --runs 500 --charts charts/
  accord simulate examples/us-japan-milestones/scenario.yaml --json > simulation.json
  accord simulate --gsim data/economics/gsim-us-eu-fta.json

Every figure names the model that produced it; the same --seed gives the same bands on any number of
--workers. --runs 0 prints the expected path only, without Monte Carlo bands. Supplier jobs come from a
Leontief inverse of BEA's 2024 input–output table; "jobsModel: flat" under a scenario's assumptions uses the
cited flat multipliers instead.`,
    )
    .action(async (scenario, options) => {
      if (options.gsim !== undefined) {
        if (scenario !== undefined)
          throw new AccordError('usage', 'give either a scenario file or --gsim FILE, not both', {
            exitCode: 2,
          });
        runGsimFile(options.gsim, options.json === true);
        return;
      }
      if (scenario === undefined)
        throw new AccordError('usage', 'name a scenario file, or raw GSIM inputs with --gsim FILE.json', {
          exitCode: 2,
        });
      await runScenario(scenario, options);
    });
}
