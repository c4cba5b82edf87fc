/**
 * @module negotiation/yaml-scenario
 * accord's own scenario file: issues, one block per party (weights summing to one, per-issue
 * utilities, reservation value or bid, discount), and an optional dated history of offers.
 *
 * Weights must be finite numbers ≥ 0 summing to one within {@link YAML_WEIGHT_TOLERANCE} (an error, since
 * the format requires it); utilities must be finite numbers ≥ 0. Utility tables follow the Genius rule
 * (`issue-max`): under the genius convention each issue's table is divided by its best value.
 *
 * @example
 * issues:
 *   - { name: term, type: integer, min: 7, max: 15 }
 *   - { name: final-rate, type: discrete, values: ["15%", "0%"] }
 * parties:
 *   - name: United States
 *     reservation: 0.2
 *     weights: { term: 0.6, final-rate: 0.4 }
 *     utilities:
 *       term: { low: 7, lowUtility: 0, high: 15, highUtility: 1 }
 *       final-rate: { "15%": 1, "0%": 0 }
 */
import { LineCounter, parseDocument } from 'yaml';
import { AccordError, type Location, type Problem } from '../_lib/problem.js';
import { Locator } from '../_lib/yaml-locate.js';
import { plainNumberTags } from '../_lib/yaml-numbers.js';
import type { Domain, Evaluator, Issue, IssueValue, Outcome, Profile, Scenario } from './model.js';
import { indexOfValue, issueValues } from './model.js';

/** How far from one a party's weights may sum in a scenario file. */
export const YAML_WEIGHT_TOLERANCE = 1e-6;

/** One dated offer in the record of the talks. */
export interface HistoryEntry {
  date: string;
  round: string;
  /** Name of the party that made the offer. */
  party: string;
  label: string;
  outcome: Outcome;
  source?: string;
  note?: string;
}

/** A scenario read from YAML, with its optional history and free-text notes. */
export interface YamlScenario extends Scenario {
  history: HistoryEntry[];
  notes: Record<string, unknown>;
  /** An issue to show value by value (e.g. the commitment term), if the file names one. */
  focus?: string;
}

type Path = (string | number)[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Records a problem at a path of the file. */
type Add = (code: string, message: string, path: Path) => void;

/** The parsed YAML, and a way to record problems located in it; syntax errors end the reading here. */
function readYaml(file: string, text: string): { data: unknown; add: Add; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, customTags: plainNumberTags });
  if (doc.errors.length > 0) {
    throw new AccordError('negotiation-yaml-syntax', `${file} is not valid YAML`, {
      problems: doc.errors.map((e) => ({
        code: 'yaml-syntax',
        message: e.message.split('\n')[0] ?? e.message,
        where: { file, line: e.linePos?.[0].line, column: e.linePos?.[0].col },
      })),
    });
  }
  // 'node': a path that does not fully exist (a missing weight) points at its deepest existing value.
  const locator = new Locator(doc, lineCounter, file);
  const where = (path: Path): Location => locator.locate(path, 'node');
  const problems: Problem[] = [];
  const add: Add = (code, message, path) => problems.push({ code, message, where: where(path) });
  return { data: doc.toJS() as unknown, add, problems };
}

/** One entry of `issues`, or undefined (with a problem) when it is not a usable issue. */
function parseIssue(raw: unknown, p: Path, issues: readonly Issue[], add: Add): Issue | undefined {
  if (!isRecord(raw) || typeof raw.name !== 'string' || raw.name === '') {
    add('scenario-issue-name', 'each issue needs a "name"', p);
    return undefined;
  }
  const name = raw.name;
  if (issues.some((x) => x.name === name))
    add('scenario-issue-duplicate', `issue "${name}" is listed twice`, p);
  const type = raw.type ?? (Array.isArray(raw.values) ? 'discrete' : undefined);
  if (type === 'discrete') {
    if (!Array.isArray(raw.values) || raw.values.length === 0) {
      add('scenario-issue-values', `discrete issue "${name}" needs a non-empty "values" list`, [
        ...p,
        'values',
      ]);
      return undefined;
    }
    return { kind: 'discrete', name, values: raw.values.map(String) };
  }
  if (type === 'integer' || type === 'real') {
    const min = raw.min;
    const max = raw.max;
    if (typeof min !== 'number' || typeof max !== 'number' || min > max) {
      add('scenario-issue-range', `${type} issue "${name}" needs numbers min ≤ max`, p);
      return undefined;
    }
    if (type === 'integer') {
      if (!Number.isInteger(min) || !Number.isInteger(max)) {
        add('scenario-issue-range', `integer issue "${name}" needs integer min and max`, p);
        return undefined;
      }
      return { kind: 'integer', name, min, max };
    }
    const levels = raw.levels ?? 11;
    if (typeof levels !== 'number' || !Number.isInteger(levels) || levels < 2) {
      add('scenario-issue-levels', `real issue "${name}": "levels" must be an integer ≥ 2`, [...p, 'levels']);
      return undefined;
    }
    return { kind: 'real', name, min, max, levels };
  }
  add('scenario-issue-type', `issue "${name}": type must be discrete, integer or real`, [...p, 'type']);
  return undefined;
}

/** The `issues` list. */
function parseIssues(rawIssues: unknown, add: Add): Issue[] {
  const issues: Issue[] = [];
  if (!Array.isArray(rawIssues) || rawIssues.length === 0) {
    add('scenario-no-issues', 'add a non-empty "issues" list (name and type for each)', ['issues']);
    return issues;
  }
  rawIssues.forEach((raw, i) => {
    const issue = parseIssue(raw, ['issues', i], issues, add);
    if (issue) issues.push(issue);
  });
  return issues;
}

/** The `parties` list: at least two, each a named party. */
function parseParties(rawParties: unknown, domain: Domain, add: Add): Profile[] {
  const profiles: Profile[] = [];
  if (!Array.isArray(rawParties) || rawParties.length < 2) {
    add('scenario-parties', 'add a "parties" list with at least two parties', ['parties']);
    return profiles;
  }
  rawParties.forEach((raw, pi) => {
    const p: Path = ['parties', pi];
    if (!isRecord(raw) || typeof raw.name !== 'string') {
      add('scenario-party-name', 'each party needs a "name"', p);
      return;
    }
    const profile = parseParty(raw, p, domain, add);
    if (profile) profiles.push(profile);
  });
  return profiles;
}

/**
 * The optional `history` of dated offers. An unknown party is reported only while the file is otherwise
 * clean, since a party with problems is left out of `profiles`.
 */
function parseHistory(
  rawHistory: unknown,
  profiles: readonly Profile[],
  domain: Domain,
  add: Add,
  problems: readonly Problem[],
): HistoryEntry[] {
  const history: HistoryEntry[] = [];
  if (rawHistory === undefined) return history;
  if (!Array.isArray(rawHistory)) {
    add('scenario-history', '"history" must be a list of offers', ['history']);
    return history;
  }
  rawHistory.forEach((raw, hi) => {
    const p: Path = ['history', hi];
    if (!isRecord(raw)) {
      add('scenario-history', 'each history entry is a mapping', p);
      return;
    }
    const party = String(raw.party ?? '');
    if (!profiles.some((x) => x.name === party) && problems.length === 0) {
      add('scenario-history-party', `party "${party}" is not one of the parties`, [...p, 'party']);
    }
    const outcome = parseOutcome(raw.outcome, [...p, 'outcome'], domain, add, true);
    if (!outcome) return;
    const entry: HistoryEntry = {
      date: String(raw.date ?? ''),
      round: String(raw.round ?? ''),
      party,
      label: String(raw.label ?? ''),
      outcome,
    };
    if (typeof raw.source === 'string') entry.source = raw.source;
    if (typeof raw.note === 'string') entry.note = raw.note;
    history.push(entry);
  });
  return history;
}

/** Parse and validate a scenario YAML file; every problem carries the line and column to fix. */
export function parseYamlScenario(file: string, text: string): YamlScenario {
  const { data, add, problems } = readYaml(file, text);
  if (!isRecord(data)) {
    throw new AccordError('negotiation-invalid-file', `${file}: expected a mapping with issues and parties`, {
      problems: [
        {
          code: 'scenario-shape',
          message: 'the file must be a YAML mapping',
          where: { file, line: 1, column: 1 },
        },
      ],
    });
  }
  const issues = parseIssues(data.issues, add);
  const domain: Domain = { name: typeof data.name === 'string' ? data.name : file, issues };
  const profiles = parseParties(data.parties, domain, add);
  const history = parseHistory(data.history, profiles, domain, add, problems);
  if (data.focus !== undefined && !issues.some((i) => i.name === data.focus)) {
    add('scenario-focus', `"focus" must name one of the issues; got ${JSON.stringify(data.focus)}`, [
      'focus',
    ]);
  }
  if (data.utilitiesFrom !== undefined && typeof data.utilitiesFrom !== 'string') {
    add('scenario-utilities-from', '"utilitiesFrom" must be text naming where the utilities come from', [
      'utilitiesFrom',
    ]);
  }
  if (problems.length > 0) {
    throw new AccordError('negotiation-invalid-file', `${file}: ${problems.length} problem(s)`, { problems });
  }
  const result: YamlScenario = { domain, profiles, history, notes: isRecord(data.notes) ? data.notes : {} };
  if (typeof data.focus === 'string') result.focus = data.focus;
  if (typeof data.utilitiesFrom === 'string') result.utilitiesFrom = data.utilitiesFrom;
  return result;
}

function parseOutcome(
  raw: unknown,
  p: Path,
  domain: Domain,
  add: Add,
  complete: boolean,
): Outcome | undefined {
  if (!isRecord(raw)) {
    add('scenario-outcome', 'an outcome is a mapping from issue name to value', p);
    return undefined;
  }
  const out: Outcome = {};
  let ok = true;
  for (const [name, value] of Object.entries(raw)) {
    const issue = domain.issues.find((i) => i.name === name);
    if (!issue) {
      add('scenario-unknown-issue', `"${name}" is not an issue of the domain`, [...p, name]);
      ok = false;
      continue;
    }
    if ((typeof value !== 'string' && typeof value !== 'number') || indexOfValue(issue, value) < 0) {
      add(
        'scenario-unknown-value',
        `${JSON.stringify(value)} is not a value of issue "${name}" (options: ${issueValues(issue).join(', ')})`,
        [...p, name],
      );
      ok = false;
      continue;
    }
    const k = indexOfValue(issue, value);
    out[name] = issueValues(issue)[k] as IssueValue;
  }
  if (complete) {
    for (const issue of domain.issues) {
      if (!(issue.name in out) && !(issue.name in raw)) {
        add('scenario-outcome-missing-issue', `the outcome gives no value for issue "${issue.name}"`, p);
        ok = false;
      }
    }
  }
  return ok ? out : undefined;
}

/** Keys of a party's `weights` and `utilities` that are not issues of the domain. */
function checkPartyKeys(
  weights: Record<string, unknown>,
  utilities: Record<string, unknown>,
  p: Path,
  domain: Domain,
  add: Add,
): void {
  for (const key of Object.keys(weights)) {
    if (!domain.issues.some((i) => i.name === key))
      add('scenario-unknown-issue', `weight for "${key}", which is not an issue`, [...p, 'weights', key]);
  }
  for (const key of Object.keys(utilities)) {
    if (!domain.issues.some((i) => i.name === key))
      add('scenario-unknown-issue', `utilities for "${key}", which is not an issue`, [
        ...p,
        'utilities',
        key,
      ]);
  }
}

/** A party's weight for one issue: a finite number ≥ 0, else undefined with a problem. */
function partyWeight(name: string, issue: Issue, w: unknown, p: Path, add: Add): number | undefined {
  const wp: Path = [...p, 'weights', issue.name];
  if (w === undefined || w === null) {
    add('scenario-missing-weight', `party "${name}" needs a weight ≥ 0 for issue "${issue.name}"`, [
      ...p,
      'weights',
    ]);
  } else if (typeof w !== 'number' || !Number.isFinite(w)) {
    // YAML's .nan and .inf are numbers to the parser; they are not weights.
    add(
      'scenario-weight-not-finite',
      `party "${name}": the weight of issue "${issue.name}" must be a finite number ≥ 0; got ${String(w)}`,
      wp,
    );
  } else if (w < 0) {
    add(
      'scenario-negative-weight',
      `party "${name}": the weight of issue "${issue.name}" is ${w}; weights must be ≥ 0 and sum to 1`,
      wp,
    );
  } else return w;
  return undefined;
}

/** A numeric issue's `{ low, lowUtility, high, highUtility }` line; none (with a problem) when bad. */
function interpolatedUtility(
  name: string,
  issue: Issue,
  u: Record<string, unknown>,
  up: Path,
  add: Add,
): Evaluator | undefined {
  const keys = ['low', 'lowUtility', 'high', 'highUtility'] as const;
  const bad = keys.filter((k) => typeof u[k] !== 'number' || !Number.isFinite(u[k]));
  if (bad.length > 0) {
    add(
      'scenario-utilities',
      `a numeric issue takes finite numbers { low, lowUtility, high, highUtility }; fix ${bad.join(', ')}`,
      [...up, bad[0]!],
    );
    return undefined;
  }
  const negative = (['lowUtility', 'highUtility'] as const).filter((k) => (u[k] as number) < 0);
  if (negative.length > 0) {
    add(
      'scenario-negative-utility',
      `party "${name}": ${negative.join(' and ')} of issue "${issue.name}" must be ≥ 0`,
      [...up, negative[0]!],
    );
    return undefined;
  }
  return {
    kind: 'interpolate',
    lowValue: u.low as number,
    lowUtility: u.lowUtility as number,
    highValue: u.high as number,
    highUtility: u.highUtility as number,
  };
}

/** An issue's table of utilities, value by value; bad entries are reported and left out. */
function tableUtility(name: string, issue: Issue, u: Record<string, unknown>, up: Path, add: Add): Evaluator {
  const table: Record<string, number> = {};
  const listed = new Set<string>();
  for (const [value, util] of Object.entries(u)) {
    if (indexOfValue(issue, value) >= 0) listed.add(String(issueValues(issue)[indexOfValue(issue, value)]));
    if (indexOfValue(issue, value) < 0) {
      add(
        'scenario-unknown-value',
        `"${value}" is not a value of issue "${issue.name}" (options: ${issueValues(issue).join(', ')})`,
        [...up, value],
      );
      continue;
    }
    if (typeof util !== 'number' || !Number.isFinite(util)) {
      add(
        'scenario-value-utility',
        `utility of "${value}" must be a finite number ≥ 0; got ${String(util)}`,
        [...up, value],
      );
      continue;
    }
    if (util < 0) {
      // As in Genius: a table is divided by its best value under the genius convention, which needs ≥ 0.
      add(
        'scenario-negative-utility',
        `party "${name}": utility of "${value}" for issue "${issue.name}" is ${util}; utilities must be ≥ 0`,
        [...up, value],
      );
      continue;
    }
    table[String(issueValues(issue)[indexOfValue(issue, value)])] = util;
  }
  for (const v of issueValues(issue)) {
    // A value listed with a bad utility is reported above; "missing" would send the user elsewhere.
    if (!(String(v) in table) && !listed.has(String(v))) {
      add(
        'scenario-missing-value',
        `party "${name}" gives no utility for "${v}" of issue "${issue.name}"`,
        up,
      );
    }
  }
  return { kind: 'table', values: table, scale: 'issue-max' };
}

/** A party's `reservation`, `reservationBid` and `discount`, each optional. */
function partyExtras(
  raw: Record<string, unknown>,
  profile: Profile,
  p: Path,
  domain: Domain,
  add: Add,
): void {
  if (raw.reservation !== undefined) {
    if (typeof raw.reservation !== 'number' || !Number.isFinite(raw.reservation))
      add('scenario-reservation', '"reservation" must be a finite number', [...p, 'reservation']);
    else profile.reservationValue = raw.reservation;
  }
  if (raw.reservationBid !== undefined) {
    const bid = parseOutcome(raw.reservationBid, [...p, 'reservationBid'], domain, add, true);
    if (bid) profile.reservationBid = bid;
  }
  if (raw.discount !== undefined) {
    if (typeof raw.discount !== 'number' || !(raw.discount > 0 && raw.discount <= 1))
      add('scenario-discount', '"discount" must be a number in (0, 1]', [...p, 'discount']);
    else profile.discount = raw.discount;
  }
}

function parseParty(raw: Record<string, unknown>, p: Path, domain: Domain, add: Add): Profile | undefined {
  const name = raw.name as string;
  const weights: Record<string, number> = {};
  const evaluators: Record<string, Evaluator> = {};
  if (!isRecord(raw.weights)) {
    add('scenario-weights', `party "${name}" needs "weights", one per issue`, p);
    return undefined;
  }
  if (!isRecord(raw.utilities)) {
    add('scenario-utilities', `party "${name}" needs "utilities", one entry per issue`, p);
    return undefined;
  }
  checkPartyKeys(raw.weights, raw.utilities, p, domain, add);
  let sum = 0;
  for (const issue of domain.issues) {
    const w = partyWeight(name, issue, raw.weights[issue.name], p, add);
    if (w !== undefined) {
      weights[issue.name] = w;
      sum += w;
    }
    const u = raw.utilities[issue.name];
    const up: Path = [...p, 'utilities', issue.name];
    if (!isRecord(u)) {
      add('scenario-missing-issue', `party "${name}" gives no utilities for issue "${issue.name}"`, [
        ...p,
        'utilities',
      ]);
      continue;
    }
    const evaluator =
      issue.kind !== 'discrete' && 'low' in u
        ? interpolatedUtility(name, issue, u, up, add)
        : tableUtility(name, issue, u, up, add);
    if (evaluator) evaluators[issue.name] = evaluator;
  }
  if (Object.keys(weights).length === domain.issues.length && Math.abs(sum - 1) > YAML_WEIGHT_TOLERANCE) {
    add('scenario-weights-sum', `party "${name}" has weights summing to ${sum}; they must sum to 1`, [
      ...p,
      'weights',
    ]);
  }
  const profile: Profile = { name, weights, evaluators };
  partyExtras(raw, profile, p, domain, add);
  return profile;
}

/** Check an outcome against a domain, for callers outside a scenario file (e.g. a proposal on the command line). */
export function validateOutcome(domain: Domain, raw: unknown, file = '<proposal>'): Outcome {
  const problems: Problem[] = [];
  const out = parseOutcome(
    raw,
    [],
    domain,
    (code, message) => problems.push({ code, message, where: { file } }),
    true,
  );
  if (!out)
    throw new AccordError('negotiation-invalid-outcome', 'the proposal is not an outcome of this domain', {
      problems,
    });
  return out;
}
