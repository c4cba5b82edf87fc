/**
 * @module negotiation/analyze
 * Scenario analysis for two parties: the exact Pareto frontier (found without enumerating the outcome
 * space), the bargaining solutions, the opposition level, and per-proposal diagnostics (utilities,
 * dominated or not and by what, distance to the frontier). Every result names the convention it used.
 */
import { AccordError } from '../_lib/problem.js';
import {
  type CompiledProfile,
  type Convention,
  compileProfile,
  type Domain,
  issueValues,
  type Outcome,
  outcomeAt,
  outcomeCount,
  outcomeIndices,
  type Scenario,
  utilityOfIndices,
} from './model.js';
import { additiveFrontier2, dominates, type FrontierPoint, PARETO_TOLERANCE } from './pareto.js';
import {
  egalitarianPoint,
  idealPoint,
  kalaiSmorodinskyPoint,
  maxWelfarePoint,
  nashPoint,
  oppositionLevel,
  oppositionLevelMinMax,
  SOLUTION_TIE_TOLERANCE,
  type SolutionPoint,
  type UtilityPair,
} from './solutions.js';

/** An outcome with each party's utility (party A first). */
export interface ScoredOutcome {
  outcome: Outcome;
  utilities: [number, number];
}

/** A bargaining solution: the outcome picked, and every efficient outcome tied with it. */
export interface SolutionOutcome extends ScoredOutcome {
  /** How many efficient outcomes share the best score (1 when the point is unique). */
  tied: number;
  /** Every tied outcome in frontier order, this one first. */
  ties: ScoredOutcome[];
}

/** What a convention means, in words, for every output that uses it. */
export const CONVENTION_NOTES: Record<Convention, string> = {
  genius:
    'Genius: Genius XML (and accord YAML) evaluations are divided by their issue’s best (best outcome = sum of weights); GeniusWeb utilities are used as given; disagreement point = reservation values.',
  raw: 'NegMAS raw: evaluations used as written, no per-issue scaling; disagreement point = reservation values on that raw scale.',
};

/** What `opposition` measures, printed with it. */
export const OPPOSITION_NOTE =
  'distance from (1, 1) to the nearest outcome, each party’s utility divided by its best (Baarslag et al.; NegMAS opposition_level)';

/** A scenario compiled for two parties, with its frontier; reused to analyse many proposals. */
export interface PreparedScenario {
  domain: Domain;
  convention: Convention;
  parties: [CompiledProfile, CompiledProfile];
  frontier: FrontierPoint[];
  /** Where the utilities come from, when the scenario says. */
  utilitiesFrom?: string;
}

/** Compile the two chosen profiles (default the first two) and find the frontier. */
export function prepareScenario(
  scenario: Scenario,
  convention: Convention,
  parties: readonly [number, number] = [0, 1],
): PreparedScenario {
  const a = scenario.profiles[parties[0]];
  const b = scenario.profiles[parties[1]];
  if (!a || !b || parties[0] === parties[1]) {
    throw new AccordError(
      'negotiation-parties',
      `choose two different parties among ${scenario.profiles.length} (got ${parties.join(' and ')})`,
      { exitCode: 2 },
    );
  }
  const pa = compileProfile(scenario.domain, a, convention);
  const pb = compileProfile(scenario.domain, b, convention);
  const prep: PreparedScenario = {
    domain: scenario.domain,
    convention,
    parties: [pa, pb],
    frontier: additiveFrontier2(pa.tables, pb.tables),
  };
  if (scenario.utilitiesFrom !== undefined) prep.utilitiesFrom = scenario.utilitiesFrom;
  return prep;
}

/** The full analysis of a scenario, as `accord negotiate analyze --json` prints it. */
export interface Analysis {
  convention: Convention;
  conventionNote: string;
  parties: [string, string];
  issues: number;
  outcomes: number;
  disagreement: [number, number];
  ideal: [number, number] | null;
  /** Each party's worst and best utility over all outcomes. */
  ranges: [[number, number], [number, number]];
  pareto: ScoredOutcome[];
  nash: SolutionOutcome | null;
  kalaiSmorodinsky: SolutionOutcome | null;
  egalitarian: SolutionOutcome | null;
  maxWelfare: SolutionOutcome | null;
  /** Opposition, the literature's measure: see {@link OPPOSITION_NOTE}. */
  opposition: number;
  /** How `opposition` is measured, in words. */
  oppositionMeasure: string;
  /** The same distance after min–max rescaling each party to [0, 1] (accord's earlier figure). */
  oppositionMinMax: number;
  /** Utilities within this grid count as equal on the frontier. */
  tieTolerance: number;
  /** Solution scores within this relative tolerance of the best count as tied. */
  solutionTieTolerance: number;
  method: string;
  /** Where the utilities come from, when the scenario says (e.g. the economic model behind them). */
  utilitiesFrom?: string;
}

function range(tables: readonly Float64Array[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const t of tables) {
    let tl = Number.POSITIVE_INFINITY;
    let th = Number.NEGATIVE_INFINITY;
    for (const v of t) {
      tl = Math.min(tl, v);
      th = Math.max(th, v);
    }
    if (t.length > 0) {
      lo += tl;
      hi += th;
    }
  }
  return [lo, hi];
}

/** Analyse a prepared scenario: frontier, Nash, Kalai–Smorodinsky, egalitarian, max welfare, opposition. */
export function analyzePrepared(prep: PreparedScenario): Analysis {
  const [pa, pb] = prep.parties;
  const points: UtilityPair[] = prep.frontier.map((f) => f.utilities);
  const d: UtilityPair = [pa.reservation, pb.reservation];
  const scored = (i: number): ScoredOutcome => ({
    outcome: outcomeAt(prep.domain, prep.frontier[i]!.indices),
    utilities: prep.frontier[i]!.utilities,
  });
  const pick = (s: SolutionPoint | null): SolutionOutcome | null =>
    s ? { ...scored(s.index), tied: s.ties.length, ties: s.ties.map(scored) } : null;
  const rangeA = range(pa.tables);
  const rangeB = range(pb.tables);
  const analysis: Analysis = {
    convention: prep.convention,
    conventionNote: CONVENTION_NOTES[prep.convention],
    parties: [pa.name, pb.name],
    issues: prep.domain.issues.length,
    outcomes: outcomeCount(prep.domain),
    disagreement: [d[0], d[1]],
    ideal: idealPoint(points, d),
    ranges: [rangeA, rangeB],
    pareto: prep.frontier.map((f) => ({
      outcome: outcomeAt(prep.domain, f.indices),
      utilities: f.utilities,
    })),
    nash: pick(nashPoint(points, d)),
    kalaiSmorodinsky: pick(kalaiSmorodinskyPoint(points, d)),
    egalitarian: pick(egalitarianPoint(points, d)),
    maxWelfare: pick(maxWelfarePoint(points, d)),
    opposition: oppositionLevel(points, [rangeA[1], rangeB[1]]),
    oppositionMeasure: OPPOSITION_NOTE,
    oppositionMinMax: oppositionLevelMinMax(points, rangeA, rangeB),
    tieTolerance: PARETO_TOLERANCE,
    solutionTieTolerance: SOLUTION_TIE_TOLERANCE,
    method: 'additive merge with per-issue dominance pruning (exact, no enumeration)',
  };
  if (prep.utilitiesFrom !== undefined) analysis.utilitiesFrom = prep.utilitiesFrom;
  return analysis;
}

/** Compile, find the frontier and analyse in one call. */
export function analyzeScenario(
  scenario: Scenario,
  convention: Convention,
  parties: readonly [number, number] = [0, 1],
): Analysis {
  return analyzePrepared(prepareScenario(scenario, convention, parties));
}

/** Diagnostics for one proposal. */
export interface ProposalAnalysis extends ScoredOutcome {
  /** True when some outcome is at least as good for both and better for one. */
  dominated: boolean;
  /** How many frontier outcomes dominate it. */
  dominatedByCount: number;
  /** The dominating frontier outcome that raises the smaller gain the most (a Pareto improvement to suggest). */
  bestImprovement: ScoredOutcome | null;
  /** Euclidean distance in utility space to the nearest frontier outcome (0 on the frontier). */
  distanceToFrontier: number;
  /** The nearest frontier outcome. */
  nearestEfficient: ScoredOutcome | null;
}

/** Utilities of an outcome for both parties of a prepared scenario. */
export function utilitiesOf(prep: PreparedScenario, outcome: Outcome): [number, number] {
  const idx = outcomeIndices(prep.domain, outcome);
  return [utilityOfIndices(prep.parties[0].tables, idx), utilityOfIndices(prep.parties[1].tables, idx)];
}

/** Analyse one proposal against the frontier. */
export function analyzeProposal(prep: PreparedScenario, outcome: Outcome): ProposalAnalysis {
  const u = utilitiesOf(prep, outcome);
  let count = 0;
  let best: FrontierPoint | null = null;
  let bestGain = Number.NEGATIVE_INFINITY;
  let nearest: FrontierPoint | null = null;
  let nearestDist = Number.POSITIVE_INFINITY;
  for (const f of prep.frontier) {
    const dist = Math.hypot(f.utilities[0] - u[0], f.utilities[1] - u[1]);
    if (dist < nearestDist) {
      nearestDist = dist;
      nearest = f;
    }
    if (dominates(f.utilities, u)) {
      count++;
      const gain = Math.min(f.utilities[0] - u[0], f.utilities[1] - u[1]);
      if (gain > bestGain) {
        bestGain = gain;
        best = f;
      }
    }
  }
  const scored = (f: FrontierPoint | null): ScoredOutcome | null =>
    f ? { outcome: outcomeAt(prep.domain, f.indices), utilities: f.utilities } : null;
  return {
    outcome,
    utilities: u,
    dominated: count > 0,
    dominatedByCount: count,
    bestImprovement: scored(best),
    distanceToFrontier: count > 0 ? nearestDist : 0,
    nearestEfficient: scored(nearest),
  };
}

/** The best package (Nash, over the same disagreement point) when one issue is fixed to a value. */
export interface FocusRow {
  value: string;
  /** Nash package among outcomes with this value, or null when none beats disagreement for both. */
  nash: ScoredOutcome | null;
  /** Nash product of that package relative to the unconstrained Nash product (1 = no loss). */
  relativeNashProduct: number | null;
}

/**
 * Where each value of one issue stands: for every option, the frontier of the outcomes that use it
 * (found exactly by fixing that issue's table to the one option) and its Nash package. This answers
 * "what does the best deal look like at 7 years, and at 15?".
 */
export function focusIssue(prep: PreparedScenario, issueName: string): FocusRow[] {
  const i = prep.domain.issues.findIndex((x) => x.name === issueName);
  if (i < 0) {
    throw new AccordError(
      'negotiation-unknown-issue',
      `no issue "${issueName}" (issues: ${prep.domain.issues.map((x) => x.name).join(', ')})`,
      { exitCode: 2 },
    );
  }
  const [pa, pb] = prep.parties;
  const d: UtilityPair = [pa.reservation, pb.reservation];
  const all = nashPoint(
    prep.frontier.map((f) => f.utilities),
    d,
  );
  const best = all ? (all.utilities[0] - d[0]) * (all.utilities[1] - d[1]) : 0;
  const values = issueValueLabels(prep.domain, i);
  return values.map((value, k) => {
    const fix = (tables: readonly Float64Array[]) =>
      tables.map((t, j) => (j === i ? Float64Array.of(t[k]!) : t));
    const frontier = additiveFrontier2(fix(pa.tables), fix(pb.tables));
    const n = nashPoint(
      frontier.map((f) => f.utilities),
      d,
    );
    if (!n) return { value, nash: null, relativeNashProduct: null };
    const indices = [...frontier[n.index]!.indices];
    indices[i] = k;
    const product = (n.utilities[0] - d[0]) * (n.utilities[1] - d[1]);
    return {
      value,
      nash: { outcome: outcomeAt(prep.domain, indices), utilities: n.utilities },
      relativeNashProduct: best > 0 ? product / best : null,
    };
  });
}

function issueValueLabels(domain: Domain, i: number): string[] {
  return issueValues(domain.issues[i]!).map(String);
}
