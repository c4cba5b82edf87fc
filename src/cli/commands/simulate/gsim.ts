/**
 * @module cli/commands/simulate/gsim
 * `accord simulate --gsim FILE.json`: solve raw GSIM inputs (no scenario, no agreement) and print the
 * result, as a table or as JSON labelled with the model, its assumptions and its citations.
 */
import Table from 'cli-table3';
import { AccordError } from '../../../_lib/problem.js';
import { readTextFile } from '../../../_lib/read-file.js';
import { type GsimResult, parseGsimInput, solveGsim } from '../../../economics/index.js';

/** A number to `digits` places, never "-0". */
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

/** The GSIM result as text: the regions table, the new flows, the solver and the assumptions. */
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
export function runGsimFile(file: string, json: boolean): void {
  const parsed = parseGsimInput(readTextFile(file), file);
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
    result = solveGsim(parsed.value.input);
  } catch (error) {
    throw new AccordError(
      'gsim-unsolvable',
      `${file}: the market-clearing system has no unique solution (${(error as Error).message}); check for regions with no trade and zero elasticities`,
    );
  }
  process.stdout.write(
    json
      ? `${JSON.stringify(gsimJson(result, parsed.value.title), null, 2)}\n`
      : gsimText(result, parsed.value.title),
  );
}
