/**
 * @module cli/commands/simulate
 * `accord simulate`: raw GSIM inputs (`--gsim FILE.json`) or a scenario file run through SMART, GSIM and
 * exact CES, the investment-to-jobs model, term paths and Monte Carlo.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { AccordError } from '../../_lib/problem.js';
import { readTextFile } from '../../_lib/read-file.js';
import type { GsimResult, ModelName, MonteCarloSummary, VariantModelReport } from '../../economics/index.js';
import {
  closeMonteCarloWorkers,
  expectedPath,
  fanChartSvg,
  loadScenario,
  modelsFor,
  monteCarlo,
  parseGsimInput,
  prepareTerm,
  solveGsim,
  svgToPng,
  VALUE_DEFINITIONS,
  variantModelReport,
} from '../../economics/index.js';

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

const bn = (x: string) => {
  const v = Number(x);
  if (!Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  const sign = v < 0 ? '−' : '';
  return a >= 1e9
    ? `${sign}$${(a / 1e9).toFixed(2)} bn`
    : a >= 1e6
      ? `${sign}$${(a / 1e6).toFixed(2)} M`
      : a >= 1e3
        ? `${sign}$${(a / 1e3).toFixed(1)} k`
        : `${sign}$${a.toFixed(0)}`;
};
const jobs = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const percent = (x: string) => (x === 'n/a' ? x : `${Number(x).toFixed(2)}%`);

type Band = { p5: string | number; p50: string | number; p95: string | number };

/** A Monte Carlo median with its own 5th–95th percentile band: the median always lies inside it. */
function medianWithBand(band: Band, f: (x: string) => string): string {
  return `${f(String(band.p50))} [${f(String(band.p5))} – ${f(String(band.p95))}]`;
}

const jobsText = (x: string) => jobs(Number(x));

/**
 * The scenario report as text. With Monte Carlo every term total is a median with its band; the expected
 * path (deterministic) gets a table of its own, so no cell mixes the two. Without Monte Carlo every value
 * is the expected path, labelled as such.
 */
function scenarioText(report: ScenarioReport): string {
  const out: string[] = [];
  const mc = report.monteCarlo;
  out.push(report.title);
  out.push(`Agreement: ${report.agreement.id} (${report.agreement.file})`);
  if (mc) {
    out.push(
      `Values: each cell is the median of ${mc.runs} Monte Carlo paths (seed ${mc.seed}) with their 5th–95th percentile in brackets; each path draws whether each milestone is met, the import elasticities, Japan's export-supply elasticity and delivery.`,
    );
    out.push(
      `The expected path (one deterministic calculation: milestone outcomes weighted by their probabilities, central elasticities, delivery as assumed) is a different number, in its own table below; ${VALUE_DEFINITIONS.whyTheyDiffer}.`,
    );
  } else
    out.push(
      'Values: the expected path, one deterministic calculation: milestone outcomes weighted by their probabilities, central elasticities, delivery as assumed (no uncertainty bands; run with --runs N for Monte Carlo medians and their bands).',
    );
  out.push('All values are model estimates against no deal (the start rate stays), in 2024 US dollars.');
  for (const model of report.models) {
    const blocks = report.results.filter((r) => r.model === model);
    out.push('');
    out.push(
      `Term totals — model: ${model} (${blocks[0]?.citations[0] ?? ''}) — ${mc ? `median [5th – 95th percentile] of ${mc.runs} paths` : 'expected path (deterministic)'}`,
    );
    const table = new Table({
      head: ['', ...blocks.map((b) => `${b.variant.id} (${b.variant.years} years)`)],
      style: { head: [], border: [] },
    });
    type TotalKey = keyof NonNullable<VariantModelReport['bands']>['totals'];
    const row = (
      label: string,
      key: TotalKey,
      expected: (b: VariantModelReport) => string,
      f: (x: string) => string,
    ) =>
      table.push([
        label,
        ...blocks.map((b) => {
          const band = b.bands?.totals[key];
          return band ? medianWithBand(band, f) : f(expected(b));
        }),
      ]);
    row(
      'imports from Japan, change over the term',
      'importsFromJapanChange',
      (b) => b.totals.importsFromJapanChange,
      bn,
    );
    row('duty revenue forgone', 'revenueForgone', (b) => b.totals.revenueForgone, bn);
    row('  present value', 'pvDutyRelief', (b) => b.totals.presentValueOfDutyRelief, bn);
    row('  clawback repaid', 'clawback', (b) => b.totals.clawback, bn);
    row(
      'consumer price of the imports, mean change',
      'meanConsumerPriceChange',
      (b) => b.totals.meanConsumerPriceChange,
      percent,
    );
    row(
      'verified direct jobs at the end',
      'verifiedDirectJobsEnd',
      (b) => String(b.totals.verifiedDirectJobsAtEnd),
      jobsText,
    );
    row(
      'modelled total jobs at the end',
      'modelledTotalJobsEnd',
      (b) => String(b.totals.modelledTotalJobsAtEnd),
      jobsText,
    );
    row(
      'construction job-years (modelled)',
      'constructionJobYears',
      (b) => String(b.totals.constructionJobYears),
      jobsText,
    );
    row('cost per verified job', 'costPerVerifiedJob', (b) => b.totals.costPerVerifiedJob, bn);
    row('cost per modelled job', 'costPerModelledJob', (b) => b.totals.costPerModelledJob, bn);
    row('NPV, United States', 'npvUS', (b) => b.totals.npv.US, bn);
    row('NPV, Japan', 'npvJapan', (b) => b.totals.npv.JP, bn);
    out.push(table.toString());
  }
  if (mc) {
    out.push('');
    out.push('Expected path (deterministic; not a Monte Carlo statistic) — term totals');
    const table = new Table({
      head: ['', ...report.results.map((b) => `${b.model} ${b.variant.id}`)],
      style: { head: [], border: [] },
    });
    const row = (label: string, f: (b: VariantModelReport) => string) =>
      table.push([label, ...report.results.map(f)]);
    row('duty revenue forgone', (b) => bn(b.totals.revenueForgone));
    row('NPV, United States', (b) => bn(b.totals.npv.US));
    row('NPV, Japan', (b) => bn(b.totals.npv.JP));
    row('modelled total jobs at the end', (b) => jobs(b.totals.modelledTotalJobsAtEnd));
    out.push(table.toString());
  }
  const first = report.results.filter((r) => r.model === report.models[0]);
  for (const b of first) {
    out.push('');
    out.push(
      `Year by year — ${b.variant.title} — model: ${b.model} — ${b.bands ? `medians of ${mc?.runs ?? 0} paths; revenue forgone with its [5th – 95th percentile]` : 'expected path (deterministic)'}`,
    );
    const trackIds = Object.keys(b.years[0]?.rates ?? {});
    const table = new Table({
      head: [
        'year',
        ...trackIds.map((t) => `${t} rate`),
        'imports from JP',
        'revenue forgone',
        'price Δ',
        'verified jobs',
        'modelled jobs',
      ],
      style: { head: [], border: [] },
    });
    b.years.forEach((y, i) => {
      const bands = b.bands;
      const median = <T>(band: { p50: T } | undefined, expected: T): T => (band ? band.p50 : expected);
      table.push([
        `${y.year} (${y.from})`,
        ...trackIds.map((t) => percent(String(median(bands?.rates[t]?.[i], y.rates[t] ?? 'n/a')))),
        bn(String(median(bands?.perYear.importsFromJapan?.[i], y.importsFromJapan))),
        bands?.perYear.revenueForgone?.[i]
          ? medianWithBand(bands.perYear.revenueForgone[i], bn)
          : bn(y.revenueForgone),
        percent(String(median(bands?.perYear.consumerPriceChange?.[i], y.consumerPriceChange))),
        jobs(Number(median(bands?.perYear.verifiedDirectJobs?.[i], y.jobs.verifiedDirect))),
        jobs(Number(median(bands?.perYear.modelledTotalJobs?.[i], y.jobs.modelledTotal))),
      ]);
    });
    out.push(table.toString());
  }
  if (report.firms.length > 0) {
    out.push('');
    out.push(
      `Duty on each maker’s exports to the US over the term (car rate in force; expected path, model-free)`,
    );
    const table = new Table({
      head: [
        'maker',
        ...first.flatMap((b) => [`${b.variant.id}: duty`, `${b.variant.id}: saved vs no deal`]),
      ],
      style: { head: [], border: [] },
    });
    for (const firm of report.firms) {
      table.push([
        firm,
        ...first.flatMap((b) => {
          const duty = b.years.reduce((s, y) => s + Number(y.firmDuty[firm] ?? 0), 0);
          const saved = b.years.reduce((s, y) => s + Number(y.firmDutySaved[firm] ?? 0), 0);
          return [bn(String(duty)), bn(String(saved))];
        }),
      ]);
    }
    out.push(table.toString());
  }
  out.push('');
  out.push('Assumptions:');
  for (const a of report.results[0]?.assumptions.slice(1) ?? []) out.push(`  - ${a}`);
  for (const n of report.notes) out.push(`  - ${n}`);
  out.push('Sources:');
  for (const c of new Set(report.results.flatMap((r) => r.citations))) out.push(`  - ${c}`);
  if (report.charts.length > 0) {
    out.push('Charts:');
    for (const c of report.charts) out.push(`  - ${c}`);
  }
  return `${out.join('\n')}\n`;
}

/** Everything `accord simulate SCENARIO` reports. */
interface ScenarioReport {
  title: string;
  /** What `years`/`totals` (the expected path) and `bands` (Monte Carlo percentiles) each are. */
  definitions: typeof VALUE_DEFINITIONS;
  agreement: { id: string; file: string };
  models: ModelName[];
  monteCarlo?: { runs: number; seed: number; workers: number };
  results: VariantModelReport[];
  firms: string[];
  notes: string[];
  charts: string[];
}

function parseCount(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
    throw new AccordError('usage', `${name} must be a whole number ≥ ${min} (got "${value}")`, {
      exitCode: 2,
    });
  return n;
}

async function runScenario(
  file: string,
  options: {
    model?: 'smart' | 'gsim' | 'ces' | 'all';
    runs?: string;
    seed?: string;
    json?: boolean;
    workers?: string;
    charts?: string;
  },
): Promise<void> {
  const scenario = loadScenario(file);
  const models = options.model ? modelsFor(options.model) : scenario.models;
  const runs = options.runs === undefined ? scenario.runs : parseCount(options.runs, '--runs', 0);
  const seed = options.seed === undefined ? scenario.seed : parseCount(options.seed, '--seed', 0);
  if (seed > 2 ** 32 - 1) throw new AccordError('usage', '--seed must be below 2^32', { exitCode: 2 });
  const workers = options.workers === undefined ? undefined : parseCount(options.workers, '--workers', 0);
  const setups = scenario.variants.map((v) =>
    prepareTerm(scenario.agreement, scenario.tables, scenario.assumptions, v, scenario.decided.get(v) ?? {}),
  );
  const showProgress = process.stderr.isTTY === true && runs > 0;
  const bar = showProgress
    ? new cliProgress.SingleBar(
        { format: 'simulating {bar} {value}/{total} paths', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const total = runs * setups.length * models.length;
  bar?.start(total, 0);
  let finished = 0;
  const results: VariantModelReport[] = [];
  const bandsByKey = new Map<string, MonteCarloSummary>();
  try {
    for (const model of models) {
      for (const setup of setups) {
        const path = expectedPath(setup, model, scenario.assumptions);
        let bands: MonteCarloSummary | undefined;
        if (runs > 0) {
          const before = finished;
          bands = await monteCarlo(setup, model, scenario.assumptions, scenario.uncertainty, {
            runs,
            seed,
            ...(workers === undefined ? {} : { workers }),
            onProgress: (done) => bar?.update(before + done),
          });
          finished = before + runs;
          bandsByKey.set(`${model}:${setup.variant.id}`, bands);
        }
        results.push(variantModelReport(setup, model, scenario.assumptions, path, bands));
      }
    }
  } finally {
    bar?.stop();
    await closeMonteCarloWorkers();
  }
  const charts: string[] = [];
  if (options.charts !== undefined && runs > 0) {
    mkdirSync(options.charts, { recursive: true });
    for (const model of models) {
      const fans = (metric: 'revenueForgone' | 'modelledTotalJobs' | 'importsFromJapan') =>
        setups.map((s) => ({
          label: `${s.variant.id} (${s.variant.years} years)`,
          years: bandsByKey.get(`${model}:${s.variant.id}`)!.perYear[metric],
        }));
      const caption = `model: ${model}; ${runs} Monte Carlo paths, seed ${seed}; accord simulate ${file}`;
      const specs = [
        {
          name: 'revenue-forgone',
          metric: 'revenueForgone' as const,
          title: 'Duty revenue forgone per year',
          yLabel: 'US$ bn',
          scale: 1e9,
        },
        {
          name: 'imports-from-japan',
          metric: 'importsFromJapan' as const,
          title: 'US imports from Japan on the covered lines',
          yLabel: 'US$ bn',
          scale: 1e9,
        },
        {
          name: 'modelled-jobs',
          metric: 'modelledTotalJobs' as const,
          title: 'Jobs: direct + supplier + induced (modelled)',
          yLabel: 'jobs',
          scale: 1,
        },
      ];
      for (const spec of specs) {
        const svg = fanChartSvg(fans(spec.metric), {
          title: `${spec.title} — ${model}`,
          yLabel: spec.yLabel,
          scale: spec.scale,
          caption,
        });
        const base = join(options.charts, `${spec.name}-${model.toLowerCase()}`);
        writeFileSync(`${base}.svg`, svg);
        writeFileSync(`${base}.png`, svgToPng(svg));
        charts.push(`${base}.svg`, `${base}.png`);
      }
    }
  }
  const report: ScenarioReport = {
    title: scenario.title,
    definitions: VALUE_DEFINITIONS,
    agreement: { id: scenario.agreement.id, file: scenario.agreementFile },
    models,
    ...(runs > 0 ? { monteCarlo: { runs, seed, workers: workers ?? availableParallelism() } } : {}),
    results,
    firms: setups[0]?.firms.map((f) => f.exporter) ?? [],
    notes: [
      ...(setups[0]?.firmsWithoutData.map((f) => `no exposure computed for ${f}`) ?? []),
      ...scenario.tableSources,
      ...scenario.evaluationNotes,
    ],
    charts,
  };
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : scenarioText(report));
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
