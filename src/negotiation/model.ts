/**
 * @module negotiation/model
 * The negotiation model: issues (discrete options, integer and real ranges), outcomes, linear-additive
 * utility profiles with reservation values and discounting, and the two named conventions that turn a
 * profile's evaluations into utilities.
 */

/** An issue with a fixed list of options. */
export interface DiscreteIssue {
  kind: 'discrete';
  name: string;
  values: readonly string[];
}

/** An issue taking every integer in `[min, max]`. */
export interface IntegerIssue {
  kind: 'integer';
  name: string;
  min: number;
  max: number;
}

/**
 * An issue taking any real number in `[min, max]`. Analysis enumerates `levels` evenly spaced points
 * (both ends included) because an exact frontier needs a finite outcome set; NegMAS discretises the same way.
 */
export interface RealIssue {
  kind: 'real';
  name: string;
  min: number;
  max: number;
  levels: number;
}

/** One negotiated issue. */
export type Issue = DiscreteIssue | IntegerIssue | RealIssue;

/** The value an outcome assigns to an issue: an option label or a number. */
export type IssueValue = string | number;

/** An outcome (a "bid" in Genius, a "package" in Inspire): one value per issue, keyed by issue name. */
export type Outcome = Record<string, IssueValue>;

/** The shared outcome space. */
export interface Domain {
  name: string;
  issues: readonly Issue[];
}

/**
 * How the `genius` convention scales a table of evaluations; the reader that built the table sets it from
 * where the numbers came from (see {@link Convention}).
 * - `issue-max`: evaluations on an arbitrary non-negative scale (Genius XML, accord YAML); divided by the
 *   issue's largest evaluation.
 * - `as-given`: utilities already (GeniusWeb `valueUtilities`); used exactly as written.
 */
export type TableScale = 'issue-max' | 'as-given';

/** How one issue's value is evaluated before weighting. */
export type Evaluator =
  /**
   * A table from option label to evaluation (Genius: any non-negative number; GeniusWeb: a utility in
   * [0,1]). `scale` records which, and defaults to `issue-max`.
   */
  | { kind: 'table'; values: Readonly<Record<string, number>>; scale?: TableScale }
  /** Genius linear evaluator: `offset + slope·(value − from)`; `from` is the issue's lower bound for integer issues, 0 for real ones. */
  | { kind: 'linear'; slope: number; offset: number; from: number }
  /** GeniusWeb `numberutils`: straight line through (lowValue, lowUtility) and (highValue, highUtility). */
  | { kind: 'interpolate'; lowValue: number; lowUtility: number; highValue: number; highUtility: number };

/** One party's preferences over a domain: a linear-additive utility function. */
export interface Profile {
  name: string;
  /** Issue weights keyed by issue name. */
  weights: Readonly<Record<string, number>>;
  evaluators: Readonly<Record<string, Evaluator>>;
  /** Reservation value (BATNA utility) on the profile's utility scale; Genius treats a missing one as 0. */
  reservationValue?: number;
  /** Reservation bid (GeniusWeb): the BATNA as a concrete outcome; its utility becomes the reservation value. */
  reservationBid?: Outcome;
  /** Discount factor d in (0,1]: utility at normalised time t is U·d^t (Genius). */
  discount?: number;
}

/** A negotiation scenario: a domain and the profile of each party (two for the analysis). */
export interface Scenario {
  domain: Domain;
  profiles: readonly Profile[];
  /** Where the profiles' utilities come from (e.g. the economic model that derived them); shown with every analysis. */
  utilitiesFrom?: string;
}

/**
 * How evaluations become utilities. The rule for a table depends on where its numbers came from
 * ({@link TableScale}), because the two ANAC formats mean different things by them:
 * - `genius` (default): a table of Genius XML evaluations (or accord YAML ones, which follow Genius) is
 *   divided by that issue's largest evaluation, as Genius's `EvaluatorDiscrete` does, so each issue's best
 *   option is worth 1 and the best outcome is worth Σw. A table of GeniusWeb `valueUtilities` is used as
 *   given: those are utilities already, and GeniusWeb never rescales them (an issue whose best option is
 *   worth 0.9 stays at 0.9). Linear and interpolating evaluators are used as given. The reservation value
 *   (or the utility of the reservation bid) is the disagreement point.
 * - `raw`: every evaluation is used exactly as written, as NegMAS does with converted files; the
 *   reservation value is read on that raw scale. For Genius XML, preference orders and so frontiers can
 *   differ from `genius`; for GeniusWeb the two conventions agree.
 */
export type Convention = 'genius' | 'raw';

/** The conventions accepted by name. */
export const CONVENTIONS: readonly Convention[] = ['genius', 'raw'];

/** The option list analysis enumerates for an issue (integers in order, or `levels` points for a real issue). */
export function issueValues(issue: Issue): IssueValue[] {
  switch (issue.kind) {
    case 'discrete':
      return [...issue.values];
    case 'integer': {
      const out: number[] = [];
      for (let v = issue.min; v <= issue.max; v++) out.push(v);
      return out;
    }
    case 'real': {
      if (issue.levels < 2) return [issue.min];
      const out: number[] = [];
      for (let k = 0; k < issue.levels; k++) {
        out.push(
          k === issue.levels - 1 ? issue.max : issue.min + ((issue.max - issue.min) * k) / (issue.levels - 1),
        );
      }
      return out;
    }
  }
}

/** Number of outcomes the analysis enumerates (product of option counts). */
export function outcomeCount(domain: Domain): number {
  let n = 1;
  for (const issue of domain.issues) n *= issueValues(issue).length;
  return n;
}

/** Evaluate one value with an evaluator, before any convention scaling. */
export function evaluate(evaluator: Evaluator, value: IssueValue): number {
  switch (evaluator.kind) {
    case 'table': {
      const v = evaluator.values[String(value)];
      if (v === undefined) throw new Error(`no evaluation for value ${String(value)}`);
      return v;
    }
    case 'linear':
      return evaluator.offset + evaluator.slope * (Number(value) - evaluator.from);
    case 'interpolate': {
      const span = evaluator.highValue - evaluator.lowValue;
      if (span === 0) return evaluator.lowUtility;
      const x = (Number(value) - evaluator.lowValue) / span;
      return evaluator.lowUtility + x * (evaluator.highUtility - evaluator.lowUtility);
    }
  }
}

/**
 * A profile compiled against a domain and a convention: for each issue (domain order) the weighted
 * utility of each enumerated option, so an outcome's utility is a sum of table look-ups.
 */
export interface CompiledProfile {
  name: string;
  /** `tables[i][k]` = weight_i · utility of option k of issue i. */
  tables: Float64Array[];
  /** Disagreement utility on the same scale. */
  reservation: number;
  discount: number;
}

/**
 * Per-issue scale factor the convention applies to an evaluator: under `genius`, a table of evaluations
 * (`issue-max`) is divided by the issue's maximum; utilities (`as-given`) and numeric evaluators are not.
 */
export function tableScale(evaluator: Evaluator, convention: Convention): number {
  if (convention === 'raw' || evaluator.kind !== 'table' || evaluator.scale === 'as-given') return 1;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of Object.values(evaluator.values)) max = Math.max(max, v);
  return max > 0 ? 1 / max : 1;
}

/** Compile a profile into weighted per-option utility tables under a convention. */
export function compileProfile(domain: Domain, profile: Profile, convention: Convention): CompiledProfile {
  const tables = domain.issues.map((issue) => {
    const evaluator = profile.evaluators[issue.name];
    const weight = profile.weights[issue.name] ?? 0;
    const values = issueValues(issue);
    const table = new Float64Array(values.length);
    if (!evaluator) return table;
    const scale = tableScale(evaluator, convention);
    values.forEach((v, k) => {
      table[k] = weight * evaluate(evaluator, v) * scale;
    });
    return table;
  });
  let reservation = profile.reservationValue ?? 0;
  if (profile.reservationBid) {
    reservation = utilityOfIndices(tables, outcomeIndices(domain, profile.reservationBid));
  }
  return { name: profile.name, tables, reservation, discount: profile.discount ?? 1 };
}

/** Option indices of an outcome (domain order); throws for values outside the domain (a programmer error after validation). */
export function outcomeIndices(domain: Domain, outcome: Outcome): number[] {
  return domain.issues.map((issue) => {
    const value = outcome[issue.name];
    if (value === undefined) return -1;
    const k = indexOfValue(issue, value);
    if (k < 0) throw new Error(`value ${String(value)} is not an option of issue ${issue.name}`);
    return k;
  });
}

/**
 * Index of a value among an issue's enumerated options, or -1. Numbers match within 1e-9 so that a value
 * written in a file ("11") matches the enumerated 11.
 */
export function indexOfValue(issue: Issue, value: IssueValue): number {
  const values = issueValues(issue);
  if (issue.kind === 'discrete') return values.indexOf(String(value));
  const x = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(x)) return -1;
  return values.findIndex((v) => Math.abs(Number(v) - x) <= 1e-9);
}

/** Utility of an outcome given by option indices; a missing issue (-1) contributes 0, as in GeniusWeb partial bids. */
export function utilityOfIndices(tables: readonly Float64Array[], indices: readonly number[]): number {
  let u = 0;
  for (let i = 0; i < tables.length; i++) {
    const k = indices[i] ?? -1;
    if (k >= 0) u += tables[i]![k]!;
  }
  return u;
}

/** The outcome with these option indices. */
export function outcomeAt(domain: Domain, indices: readonly number[]): Outcome {
  const out: Outcome = {};
  domain.issues.forEach((issue, i) => {
    const v = issueValues(issue)[indices[i]!];
    if (v !== undefined) out[issue.name] = v;
  });
  return out;
}

/** Option indices of the outcome with enumeration number `n` (first issue varies slowest). */
export function indicesOfNumber(domain: Domain, n: number): number[] {
  const sizes = domain.issues.map((i) => issueValues(i).length);
  const out = new Array<number>(sizes.length).fill(0);
  let rest = n;
  for (let i = sizes.length - 1; i >= 0; i--) {
    const s = sizes[i]!;
    out[i] = rest % s;
    rest = Math.floor(rest / s);
  }
  return out;
}

/**
 * Fill `out` with every outcome's utility in enumeration order (first issue varies slowest) without
 * materialising outcomes: a mixed-radix walk that re-sums only the issues that changed.
 */
export function enumerateUtilities(tables: readonly Float64Array[], out?: Float64Array): Float64Array {
  const sizes = tables.map((t) => t.length);
  let n = 1;
  for (const s of sizes) n *= s;
  const result = out ?? new Float64Array(n);
  if (n === 0) return result;
  const m = tables.length;
  if (m === 0) {
    result[0] = 0;
    return result;
  }
  // prefix[i] = sum of tables[0..i-1] at current indices; the last issue is the fastest loop.
  const idx = new Array<number>(m).fill(0);
  const prefix = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) prefix[i + 1] = prefix[i]! + tables[i]![0]!;
  const last = tables[m - 1]!;
  const lastSize = last.length;
  let pos = 0;
  for (;;) {
    const base = prefix[m - 1]!;
    for (let k = 0; k < lastSize; k++) result[pos++] = base + last[k]!;
    // advance the odometer over issues 0..m-2
    let i = m - 2;
    while (i >= 0) {
      idx[i]!++;
      if (idx[i]! < sizes[i]!) break;
      idx[i] = 0;
      i--;
    }
    if (i < 0) break;
    for (let j = i; j < m - 1; j++) prefix[j + 1] = prefix[j]! + tables[j]![idx[j]!]!;
  }
  return result;
}

/** Discounted utility at normalised time t ∈ [0,1]: U·d^t (Genius; the reservation value is discounted the same way). */
export function discounted(utility: number, discount: number, t: number): number {
  return utility * discount ** t;
}

/**
 * Prepare a scenario for Genius or GeniusWeb export. Those formats give integer and real issues only linear
 * evaluators, so a numeric issue that some profile evaluates with a table (as accord YAML allows) is written
 * as a discrete issue whose options are the enumerated numbers, and every profile's evaluator for it becomes
 * the matching table. A converted table keeps its scale, and a converted linear or interpolating evaluator
 * becomes an `as-given` table (it was never rescaled), so utilities are unchanged under both conventions.
 */
export function tabulateNumericTables(scenario: Scenario): Scenario {
  const convert = new Set(
    scenario.domain.issues
      .filter(
        (i) => i.kind !== 'discrete' && scenario.profiles.some((p) => p.evaluators[i.name]?.kind === 'table'),
      )
      .map((i) => i.name),
  );
  if (convert.size === 0) return scenario;
  const issues: Issue[] = scenario.domain.issues.map((i) =>
    convert.has(i.name) ? { kind: 'discrete', name: i.name, values: issueValues(i).map(String) } : i,
  );
  const profiles = scenario.profiles.map((p) => {
    const evaluators: Record<string, Evaluator> = { ...p.evaluators };
    for (const issue of scenario.domain.issues) {
      const ev = p.evaluators[issue.name];
      if (!convert.has(issue.name) || !ev) continue;
      evaluators[issue.name] = {
        kind: 'table',
        values: Object.fromEntries(issueValues(issue).map((v) => [String(v), evaluate(ev, v)])),
        scale: ev.kind === 'table' ? (ev.scale ?? 'issue-max') : 'as-given',
      };
    }
    const out: Profile = { ...p, evaluators };
    if (p.reservationBid) {
      out.reservationBid = Object.fromEntries(
        Object.entries(p.reservationBid).map(([k, v]) => [k, convert.has(k) ? String(v) : v]),
      );
    }
    return out;
  });
  return { domain: { ...scenario.domain, issues }, profiles };
}
