/**
 * @module server/compute
 * The API's computations over the domain engines: duty lookups and their history across eras, the economic
 * simulation of the milestone compromise, and the US–Japan negotiation (analysis and agent runs). Input
 * problems become positioned problems (400/422). Bulk assessment runs as jobs in worker threads
 * (server/assessments).
 */
import type { IsoDate } from '../_lib/date.js';
import { AccordError, type Problem } from '../_lib/problem.js';
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
  DUTY_INPUT_INVALID,
  type DutyInput,
  type DutyResult,
  type FactTexts,
  factOfField,
  type OverlayBasis,
  type Parsed,
  parseDateField,
  parseMoneyField,
  parseOriginField,
  parseTransportField,
  readDeclaredFacts,
  type TariffEngine,
} from '../tariff/index.js';
import type { OverlaidEngine } from './evaluations.js';
import { examplesDir } from './served.js';

/** Where a duty lookup gets its engine: the rule base, or with an agreement's tracks overlaid. */
export interface OverlaySource {
  overlay(overlay?: string): Promise<OverlaidEngine>;
}

/**
 * Query fields of a duty lookup: the line (code, origin, date, value), the overlay, and the facts the law
 * turns on that the user declares (`usmca`, `metalShare`, `loaded` … as `accord duty`'s options; see
 * tariff/declared-facts), as text.
 */
export interface DutyQuery extends FactTexts {
  hts: string;
  origin: string;
  date?: string;
  value: string;
  overlay?: string | undefined;
  /** ocean, air or other: the harbor maintenance fee is charged on ocean shipments only. */
  transport?: string | undefined;
  /** The importer, for an agreement's importer-scoped relief. */
  importer?: string | undefined;
}

/** Problems of a query's fields, collected so that the user fixes them all at once. */
class QueryProblems {
  readonly problems: Problem[] = [];

  /** The parsed value, or undefined with its problem recorded at `pointer`. */
  take<T>(parsed: Parsed<T>, pointer: string): T | undefined {
    if (parsed.ok) return parsed.value;
    this.problems.push({ code: DUTY_INPUT_INVALID, message: parsed.message, where: { pointer } });
    return undefined;
  }

  /** Throws the problems recorded, as one 400 (its code the problems' own when they share one). */
  throwAny(): void {
    const [first, ...rest] = this.problems;
    if (!first) return;
    const code = rest.every((p) => p.code === first.code) ? first.code : DUTY_INPUT_INVALID;
    throw new AccordError(code, this.problems.map((p) => p.message).join('; '), { problems: this.problems });
  }
}

/** The line a query describes, but its date; each problem points at its query parameter. */
function readBase(q: DutyQuery, found: QueryProblems): Omit<DutyInput, 'date'> | undefined {
  const origin = found.take(parseOriginField(q.origin), '/origin');
  const value = found.take(parseMoneyField('value', q.value), '/value');
  const transport = q.transport ? found.take(parseTransportField(q.transport), '/transport') : undefined;
  const { facts, problems } = readDeclaredFacts(q);
  for (const p of problems)
    found.problems.push({ code: p.code, message: p.message, where: { pointer: `/${p.fact}` } });
  const importer = q.importer?.trim();
  if (origin === undefined || value === undefined) return undefined;
  return {
    hts: q.hts,
    origin,
    value,
    ...facts,
    ...(transport ? { transport } : {}),
    ...(importer ? { importer } : {}),
  };
}

/**
 * The entry line a duty query describes, read into the engine's input; a 400 naming every bad parameter
 * (`/value`, `/metalShare` …) otherwise.
 *
 * @example
 * dutyInputOf({ hts: '8703.23.01', origin: 'mx', date: '2025-05-01', value: '40000', usmca: 'true' })
 * // { hts: '8703.23.01', origin: 'MX', value: 4_000_000n, usmca: true, date: '2025-05-01' }
 */
export function dutyInputOf(q: DutyQuery): DutyInput {
  const found = new QueryProblems();
  const date = found.take(parseDateField('date', q.date ?? ''), '/date');
  const base = readBase(q, found);
  found.throwAny();
  return { ...base!, date: date! };
}

/** Duty on one line, and the log size an overlay's evaluation read (when it reads the log). */
export async function dutyOn(
  ctx: OverlaySource,
  input: DutyInput,
  overlay: string | undefined,
): Promise<DutyResult & { ledgerSize?: number; overlay?: OverlayBasis }> {
  const { engine, ledgerSize, basis } = await ctx.overlay(overlay);
  const result = computeAtParameters(engine, input);
  // The overlay's agreement and status go with the result: a page or JSON says "hypothetical" from them.
  return Object.assign(
    result,
    ledgerSize === undefined ? {} : { ledgerSize },
    basis ? { overlay: basis } : {},
  );
}

/** Dates that fall in each era of US auto duty law 2025–2026 (before §232 autos, §232 at 25%, EO 14345's 15% all-in, 2026). */
export const ERA_DATES = ['2025-03-01', '2025-04-03', '2025-09-16', '2026-03-01'] as const;

/**
 * The same line across dates. By default one per era; with a loading date, the eras' dates on or after it
 * (goods cannot be entered before they are loaded), or the loading date itself when every era is earlier.
 */
export async function dutyHistory(
  ctx: OverlaySource,
  q: DutyQuery & { dates?: string | undefined },
): Promise<(DutyResult & { overlay?: OverlayBasis })[]> {
  const found = new QueryProblems();
  const base = readBase(q, found);
  const texts = q.dates ? q.dates.split(',').map((d) => d.trim()) : undefined;
  if (texts && texts.length > 50)
    found.problems.push({
      code: DUTY_INPUT_INVALID,
      message: `at most 50 dates per history (got ${texts.length})`,
      where: { pointer: '/dates' },
    });
  const dates = texts
    ? texts.slice(0, 50).map((d, i) => found.take(parseDateField('date', d), `/dates/${i}`))
    : eraDatesFrom(base?.loaded);
  found.throwAny();
  const { engine, basis } = await ctx.overlay(q.overlay);
  return dates.map((date) =>
    Object.assign(computeAtParameters(engine, { ...base!, date: date! }), basis ? { overlay: basis } : {}),
  );
}

/** {@link ERA_DATES} on or after a loading date (the loading date when none is). */
function eraDatesFrom(loaded: IsoDate | undefined): IsoDate[] {
  const eras = ERA_DATES.map((d) => d as IsoDate);
  if (loaded === undefined) return eras;
  const after = eras.filter((d) => d >= loaded);
  return after.length > 0 ? after : [loaded];
}

/**
 * The engine's duty, its problems pointing at the query's parameters: a declared fact's field at the fact
 * (`/metalContent` → `/metalContentUsd`, `/quantities/liter` → `/qty`), one without a pointer at `/hts`.
 */
function computeAtParameters(engine: TariffEngine, input: DutyInput): DutyResult {
  try {
    return withPointer(() => computeDuty(engine, input), '/hts');
  } catch (e) {
    if (!(e instanceof AccordError)) throw e;
    throw new AccordError(e.code, e.message, {
      status: e.status,
      problems: e.problems.map((p) => {
        const pointer = p.where?.pointer;
        const fact = pointer === undefined ? undefined : factOfField(pointer.split('/')[1] ?? '');
        return fact === undefined ? p : { ...p, where: { ...p.where, pointer: `/${fact}` } };
      }),
    });
  }
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
