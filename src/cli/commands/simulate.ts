/**
 * @module cli/commands/simulate
 * `accord simulate`: raw GSIM inputs (`--gsim FILE.json`) or a scenario file run through SMART, GSIM and
 * exact CES, the investment-to-jobs model, term paths and Monte Carlo.
 */
import { readFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import Table from 'cli-table3';
import { AccordError } from '../../_lib/problem.js';
import type { GsimResult } from '../../economics/index.js';
import { parseGsimInput, solveGsim } from '../../economics/index.js';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AccordError('file-not-found', `${path}: no such file (check the path)`);
    if (code === 'EISDIR')
      throw new AccordError('is-a-directory', `${path} is a directory; name a file inside it`);
    throw new AccordError('file-unreadable', `${path}: cannot be read (${code ?? String(error)})`);
  }
}

const fmt = (x: number, digits: number) => (Object.is(x, -0) ? 0 : x).toFixed(digits);

/** The GSIM result as JSON: numbers in the units of the input flows, each labelled with the model. */
export function gsimJson(result: GsimResult, title?: string): unknown {
  return {
    model: result.model,
    ...(title === undefined ? {} : { title }),
    units: 'values in the units of the input flows M (world prices); price changes as fractions',
    assumptions: result.assumptions,
    citations: result.citations,
    solver: { method: 'Newton, analytic Jacobian', iterations: result.iterations, residual: result.residual },
    regions: result.regions,
    flows: result.flows,
  };
}

function gsimText(result: GsimResult, title?: string): string {
  const lines: string[] = [];
  lines.push(`${title ?? 'GSIM'} — model: GSIM (${result.citations.join('; ')})`);
  const table = new Table({
    head: [
      'region',
      'world price Δ',
      'import price Δ',
      'producer surplus',
      'consumer surplus',
      'tariff revenue Δ',
      'welfare',
    ],
    style: { head: [], border: [] },
  });
  for (const r of result.regions) {
    table.push([
      r.region,
      fmt(r.worldPriceChange, 6),
      fmt(r.importPriceChange, 6),
      fmt(r.producerSurplus, 4),
      fmt(r.consumerSurplus, 4),
      fmt(r.tariffRevenue, 4),
      fmt(r.welfare, 4),
    ]);
  }
  lines.push(table.toString());
  lines.push('New flows at world prices (rows exporters, columns importers):');
  const flows = new Table({
    head: ['', ...result.regions.map((r) => r.region)],
    style: { head: [], border: [] },
  });
  result.regions.forEach((r, i) => {
    flows.push([r.region, ...result.flows[i]!.map((x) => fmt(x, 4))]);
  });
  lines.push(flows.toString());
  lines.push(
    `Solved by Newton's method with an analytic Jacobian in ${result.iterations} step(s), residual ${result.residual.toExponential(1)}.`,
  );
  lines.push('Assumptions:');
  for (const a of result.assumptions) lines.push(`  - ${a}`);
  return `${lines.join('\n')}\n`;
}

/** Run raw GSIM from a JSON file and print it. */
function runGsimFile(file: string, json: boolean): void {
  const parsed = parseGsimInput(readText(file), file);
  if (!parsed.ok)
    throw new AccordError(
      'invalid-gsim-input',
      `${file}: ${parsed.problems.length} problem(s) in the GSIM input`,
      {
        problems: parsed.problems,
      },
    );
  let result: GsimResult;
  try {
    result = solveGsim(parsed.input);
  } catch (error) {
    throw new AccordError(
      'gsim-unsolvable',
      `${file}: the market-clearing system has no unique solution (${(error as Error).message}); check for regions with no trade and zero elasticities`,
    );
  }
  process.stdout.write(
    json ? `${JSON.stringify(gsimJson(result, parsed.title), null, 2)}\n` : gsimText(result, parsed.title),
  );
}

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
      new Option('--model <model>', 'tariff model')
        .choices(['smart', 'gsim', 'ces', 'all'] as const)
        .default('all' as const),
    )
    .option('--json', 'print JSON')
    .action((scenario, options) => {
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
      throw new AccordError('usage', 'scenario files are not supported yet', { exitCode: 2 });
    });
}
