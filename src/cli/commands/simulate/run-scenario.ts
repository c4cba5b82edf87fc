/**
 * @module cli/commands/simulate/run-scenario
 * `accord simulate SCENARIO`: run each variant of the scenario's agreement under each model — the expected
 * path, and with `--runs` Monte Carlo bands — optionally draw fan charts, and print the report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { AccordError } from '../../../_lib/problem.js';
import { diskSource, readTextFile } from '../../../_lib/read-file.js';
import {
  closeMonteCarloWorkers,
  expectedPath,
  loadScenario,
  type ModelName,
  type MonteCarloSummary,
  modelsFor,
  monteCarlo,
  prepareTerm,
  VALUE_DEFINITIONS,
  type VariantModelReport,
  variantModelReport,
} from '../../../economics/index.js';
import { fanChartSvg, svgToPng } from '../../../render/fan-chart.js';
import { type ScenarioReport, scenarioText } from './scenario-text.js';

/** The options of `accord simulate` that a scenario run reads. */
export interface ScenarioOptions {
  model?: 'smart' | 'gsim' | 'ces' | 'all';
  runs?: string;
  seed?: string;
  json?: boolean;
  workers?: string;
  charts?: string;
}

type Scenario = ReturnType<typeof loadScenario>;
type TermSetup = ReturnType<typeof prepareTerm>;

/** A whole-number option at least `min`. */
function parseCount(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
    throw new AccordError('usage', `${name} must be a whole number ≥ ${min} (got "${value}")`, {
      exitCode: 2,
    });
  return n;
}

/** Run the scenario in `file` and print its report, as text or JSON. */
export async function runScenario(file: string, options: ScenarioOptions): Promise<void> {
  const scenario = loadScenario(file, readTextFile, diskSource);
  const models = options.model ? modelsFor(options.model) : scenario.models;
  const runs = options.runs === undefined ? scenario.runs : parseCount(options.runs, '--runs', 0);
  const seed = options.seed === undefined ? scenario.seed : parseCount(options.seed, '--seed', 0);
  if (seed > 2 ** 32 - 1) throw new AccordError('usage', '--seed must be below 2^32', { exitCode: 2 });
  const workers = options.workers === undefined ? undefined : parseCount(options.workers, '--workers', 0);
  const setups = scenario.variants.map((v) =>
    prepareTerm(scenario.agreement, scenario.tables, scenario.assumptions, v, scenario.decided.get(v) ?? {}),
  );
  const { results, bandsByKey } = await simulate(scenario, setups, models, { runs, seed, workers });
  const charts =
    options.charts !== undefined && runs > 0
      ? writeFanCharts(options.charts, file, setups, models, bandsByKey, { runs, seed })
      : [];
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

/**
 * Each variant under each model: its expected path and, with runs, its Monte Carlo bands (kept by
 * `model:variant` for the charts). A progress bar on a terminal; the worker threads are closed however
 * the runs end.
 */
async function simulate(
  scenario: Scenario,
  setups: TermSetup[],
  models: ModelName[],
  mc: { runs: number; seed: number; workers: number | undefined },
): Promise<{ results: VariantModelReport[]; bandsByKey: Map<string, MonteCarloSummary> }> {
  const { runs, seed, workers } = mc;
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
  return { results, bandsByKey };
}

/** The fan charts drawn for each model, a variant per fan. */
const CHARTS = [
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

/** Write each model's fan charts as SVG and PNG into `dir`; the files written. */
function writeFanCharts(
  dir: string,
  file: string,
  setups: TermSetup[],
  models: ModelName[],
  bandsByKey: Map<string, MonteCarloSummary>,
  mc: { runs: number; seed: number },
): string[] {
  const charts: string[] = [];
  mkdirSync(dir, { recursive: true });
  for (const model of models) {
    const fans = (metric: 'revenueForgone' | 'modelledTotalJobs' | 'importsFromJapan') =>
      setups.map((s) => ({
        label: `${s.variant.id} (${s.variant.years} years)`,
        years: bandsByKey.get(`${model}:${s.variant.id}`)!.perYear[metric],
      }));
    const caption = `model: ${model}; ${mc.runs} Monte Carlo paths, seed ${mc.seed}; accord simulate ${file}`;
    for (const spec of CHARTS) {
      const svg = fanChartSvg(fans(spec.metric), {
        title: `${spec.title} — ${model}`,
        yLabel: spec.yLabel,
        scale: spec.scale,
        caption,
      });
      const base = join(dir, `${spec.name}-${model.toLowerCase()}`);
      writeFileSync(`${base}.svg`, svg);
      writeFileSync(`${base}.png`, svgToPng(svg));
      charts.push(`${base}.svg`, `${base}.png`);
    }
  }
  return charts;
}
