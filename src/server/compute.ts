/**
 * @module server/compute
 * The API's computations over the domain engines: duty lookups and their history across eras, the economic
 * simulation of the milestone compromise, and the US–Japan negotiation (analysis and agent runs). Input
 * problems become positioned problems (400/422). Bulk assessment runs as jobs in worker threads
 * (server/assessments).
 */
import type { IsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import { diskSource, readTextFile } from '../_lib/read-file.js';
import {
  expectedPath,
  loadScenario,
  type ModelName,
  type MonteCarloSummary,
  modelsFor,
  monteCarlo,
  prepareTerm,
  type Scenario,
  VALUE_DEFINITIONS,
  type VariantModelReport,
  variantModelReport,
} from '../economics/index.js';
import {
  AGENT_STRATEGIES,
  analyzeHistory,
  analyzePrepared,
  negotiate,
  type PreparedScenario,
  parseYamlScenario,
  prepareScenario,
  usJapanScenarioYaml,
  type YamlScenario,
} from '../negotiation/index.js';
import {
  computeDuty,
  type DutyInput,
  type DutyResult,
  type OverlayBasis,
  type Parsed,
  parseDateField,
  parseMoneyField,
  parseOriginField,
  parseTransportField,
} from '../tariff/index.js';
import type { OverlaidEngine } from './evaluations.js';
import { examplesDir } from './served.js';

/** Where a duty lookup gets its engine: the rule base, or with an agreement's tracks overlaid. */
export interface OverlaySource {
  overlay(overlay?: string): Promise<OverlaidEngine>;
}

function need<T>(parsed: Parsed<T>, pointer: string): T {
  if (!parsed.ok)
    throw new AccordError('duty-input-invalid', parsed.message, {
      problems: [{ code: 'duty-input-invalid', message: parsed.message, where: { pointer } }],
    });
  return parsed.value;
}

/** Query fields of a duty lookup. */
export interface DutyQuery {
  hts: string;
  origin: string;
  date?: string;
  value: string;
  overlay?: string;
  /** ocean, air or other: the harbor maintenance fee is charged on ocean shipments only. */
  transport?: string;
  /** The importer, for an agreement's importer-scoped relief. */
  importer?: string;
}

function dutyBase(q: DutyQuery): Omit<DutyInput, 'date'> {
  const importer = q.importer?.trim();
  return {
    hts: q.hts,
    origin: need(parseOriginField(q.origin), '/origin'),
    value: need(parseMoneyField('value', q.value), '/value'),
    ...(q.transport ? { transport: need(parseTransportField(q.transport), '/transport') } : {}),
    ...(importer ? { importer } : {}),
  };
}

/** Duty on one line on one date, and the log size an overlay's evaluation read (when it reads the log). */
export async function dutyFor(
  ctx: OverlaySource,
  q: DutyQuery,
): Promise<DutyResult & { ledgerSize?: number; overlay?: OverlayBasis }> {
  const date = need(parseDateField('date', q.date ?? ''), '/date');
  const { engine, ledgerSize, basis } = await ctx.overlay(q.overlay);
  const result = withPointer(() => computeDuty(engine, { ...dutyBase(q), date }), '/hts');
  // The overlay's agreement and status go with the result: a page or JSON says "hypothetical" from them.
  return Object.assign(
    result,
    ledgerSize === undefined ? {} : { ledgerSize },
    basis ? { overlay: basis } : {},
  );
}

/** Dates that fall in each era of US auto duty law 2025–2026 (before §232 autos, §232 at 25%, EO 14345's 15% all-in, 2026). */
export const ERA_DATES = ['2025-03-01', '2025-04-03', '2025-09-16', '2026-03-01'] as const;

/** The same line across dates (default: one per era). */
export async function dutyHistory(
  ctx: OverlaySource,
  q: DutyQuery & { dates?: string },
): Promise<(DutyResult & { overlay?: OverlayBasis })[]> {
  const texts = q.dates ? q.dates.split(',').map((d) => d.trim()) : [...ERA_DATES];
  if (texts.length > 50) throw new AccordError('duty-input-invalid', 'at most 50 dates per history');
  const dates = texts.map((d, i) => need(parseDateField('date', d), `/dates/${i}`));
  const base = dutyBase(q);
  const { engine, basis } = await ctx.overlay(q.overlay);
  return dates.map((date: IsoDate) =>
    Object.assign(
      withPointer(() => computeDuty(engine, { ...base, date }), '/hts'),
      basis ? { overlay: basis } : {},
    ),
  );
}

/**
 * Engine failures on a line's fields are the caller's input problems: each keeps the pointer the engine gave
 * it (`/origin`, `/date` …), and one without a pointer is given `pointer`.
 */
export function withPointer<T>(fn: () => T, pointer: string): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof AccordError)) throw e;
    if (e.problems.length === 0)
      throw new AccordError(e.code, e.message, {
        problems: [{ code: e.code, message: e.message, where: { pointer } }],
      });
    if (e.problems.every((p) => p.where?.pointer !== undefined)) throw e;
    throw new AccordError(e.code, e.message, {
      status: e.status,
      problems: e.problems.map((p) =>
        p.where?.pointer !== undefined ? p : { ...p, where: { ...p.where, pointer } },
      ),
    });
  }
}

let scenario: Scenario | undefined;
function milestoneScenario(): Scenario {
  scenario ??= loadScenario(`${examplesDir()}us-japan-milestones/scenario.yaml`, readTextFile, diskSource);
  return scenario;
}

/** What a simulation returns. */
export interface SimulationReport {
  title: string;
  /** What `years`/`totals` (the expected path) and `bands` (Monte Carlo percentiles) each are. */
  definitions: typeof VALUE_DEFINITIONS;
  models: ModelName[];
  monteCarlo?: { runs: number; seed: number };
  results: VariantModelReport[];
  notes: string[];
  /** Bands by `model:variant`, for fan charts (not sent as JSON). */
  bands?: Map<string, MonteCarloSummary>;
}

/** Simulate the milestone compromise's term variants under the chosen models (in this thread). */
export async function runSimulation(input: {
  model: 'smart' | 'gsim' | 'ces' | 'all';
  runs: number;
  seed: number;
}): Promise<SimulationReport> {
  const s = milestoneScenario();
  const models = modelsFor(input.model);
  const setups = s.variants.map((v) => prepareTerm(s.agreement, s.tables, s.assumptions, v));
  const results: VariantModelReport[] = [];
  const bands = new Map<string, MonteCarloSummary>();
  for (const model of models) {
    for (const setup of setups) {
      const path = expectedPath(setup, model, s.assumptions);
      let b: MonteCarloSummary | undefined;
      if (input.runs > 0) {
        b = await monteCarlo(setup, model, s.assumptions, s.uncertainty, {
          runs: input.runs,
          seed: input.seed,
          workers: 0,
        });
        bands.set(`${model}:${setup.variant.id}`, b);
      }
      results.push(variantModelReport(setup, model, s.assumptions, path, b));
    }
  }
  const report: SimulationReport = {
    title: s.title,
    definitions: VALUE_DEFINITIONS,
    models,
    ...(input.runs > 0 ? { monteCarlo: { runs: input.runs, seed: input.seed } } : {}),
    results,
    notes: s.tableSources,
  };
  Object.defineProperty(report, 'bands', { value: bands, enumerable: false });
  return report;
}

let negotiation: { scenario: YamlScenario; prep: PreparedScenario } | undefined;
function usJapan() {
  if (!negotiation) {
    const scenarioYaml = parseYamlScenario('us-japan.yaml', usJapanScenarioYaml('SMART', diskSource));
    negotiation = { scenario: scenarioYaml, prep: prepareScenario(scenarioYaml, 'genius') };
  }
  return negotiation;
}

/** The US–Japan analysis: frontier, solution points and the rounds history. */
export function negotiationAnalysis() {
  const { scenario: s, prep } = usJapan();
  const analysis = analyzePrepared(prep);
  return {
    analysis,
    history: analyzeHistory(prep, s.history ?? []),
    source:
      'accord negotiation model of the 2025 US–Japan talks (linear-additive profiles, genius convention)',
  };
}

/** Run two agents against each other on the US–Japan domain. */
export function runNegotiation(input: { agents: [string, string]; rounds: number }) {
  input.agents.forEach((a, i) => {
    if (!(AGENT_STRATEGIES as readonly string[]).includes(a))
      throw new AccordError(
        'agent-unknown',
        `unknown agent strategy "${a}"; choose one of ${AGENT_STRATEGIES.join(', ')}`,
        {
          problems: [
            {
              code: 'agent-unknown',
              message: `known: ${AGENT_STRATEGIES.join(', ')}`,
              where: { pointer: `/agents/${i}` },
            },
          ],
        },
      );
  });
  const { prep } = usJapan();
  return { parties: prep.parties.map((p) => p.name), ...negotiate(prep, input.agents, input.rounds) };
}
