/**
 * @module negotiation/geniusweb-json
 * Read and write GeniusWeb JSON (ANAC 2020+): a domain `{name, issuesValues}` and one
 * `LinearAdditiveUtilitySpace` profile per party. GeniusWeb requires the issue weights to sum to exactly
 * one; we accept a sum within {@link WEIGHT_SUM_TOLERANCE} of one, because JSON numbers such as 0.15 + 0.05
 * do not add up exactly in binary floating point. Value utilities are utilities already (in [0, 1]), so
 * their tables are marked `as-given`: no convention rescales them.
 */
import { AccordError, type Location, type Problem, toPointer } from '../_lib/problem.js';
import type { Domain, Evaluator, Issue, Outcome, Profile } from './model.js';
import { indexOfValue, issueValues } from './model.js';
import { positionOf } from './source-position.js';

/** How far from one the weights of a GeniusWeb profile may sum. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

type Json = Record<string, unknown>;

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const m = /position (\d+)/.exec(message);
    const where = m ? { file, ...positionOf(text, Number(m[1])) } : { file };
    throw new AccordError('negotiation-json-syntax', `${file} is not valid JSON`, {
      problems: [{ code: 'json-syntax', message: `${message}; fix the JSON syntax`, where }],
    });
  }
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fail(file: string, problems: Problem[], what: string): never {
  throw new AccordError('negotiation-invalid-file', `${file}: ${what}`, { problems });
}

function domainFromJson(file: string, json: unknown, base: string[], realLevels: number): Domain {
  const problems: Problem[] = [];
  const where = (path: (string | number)[]) => ({ file, pointer: toPointer([...base, ...path]) });
  if (!isObject(json) || !isObject(json.issuesValues) || Object.keys(json.issuesValues).length === 0) {
    fail(
      file,
      [
        {
          code: 'geniusweb-no-issues',
          message: 'the domain needs a non-empty "issuesValues" object, one entry per issue',
          where: where(['issuesValues']),
        },
      ],
      'no issues',
    );
  }
  const issues: Issue[] = [];
  for (const [name, spec] of Object.entries(json.issuesValues as Json)) {
    if (isObject(spec) && Array.isArray(spec.values) && spec.values.length > 0) {
      issues.push({ kind: 'discrete', name, values: spec.values.map(String) });
      continue;
    }
    const range = isObject(spec) && isObject(spec.range) ? spec.range : undefined;
    const low = Number(range?.low);
    const high = Number(range?.high);
    const step = Number(range?.step ?? 1);
    if (range && Number.isFinite(low) && Number.isFinite(high) && step > 0 && low <= high) {
      if (Number.isInteger(low) && Number.isInteger(high) && step === 1) {
        issues.push({ kind: 'integer', name, min: low, max: high });
      } else {
        const levels = Math.floor((high - low) / step + 1e-9) + 1;
        issues.push({
          kind: 'real',
          name,
          min: low,
          max: low + step * (levels - 1),
          levels: Math.min(levels, realLevels * 100),
        });
      }
      continue;
    }
    problems.push({
      code: 'geniusweb-issue-values',
      message: `issue "${name}" needs {"values": [...]} or {"range": {"low", "high", "step"}}`,
      where: where(['issuesValues', name]),
    });
  }
  if (problems.length > 0) fail(file, problems, 'invalid domain');
  return { name: typeof json.name === 'string' ? json.name : file, issues };
}

/** Parse a GeniusWeb domain file. */
export function parseGeniusWebDomain(file: string, text: string, realLevels = 11): Domain {
  return domainFromJson(file, parseJson(file, text), [], realLevels);
}

/** The JSON pointer location of a path inside the profile's `LinearAdditiveUtilitySpace`. */
type Where = (path: (string | number)[]) => Location;

/** The profile's `LinearAdditiveUtilitySpace`; any other kind of profile cannot be read at all. */
function profileSpace(file: string, json: unknown): Json {
  const space = isObject(json) ? json.LinearAdditiveUtilitySpace : undefined;
  if (!isObject(space)) {
    fail(
      file,
      [
        {
          code: 'geniusweb-profile-kind',
          message:
            'expected a top-level "LinearAdditiveUtilitySpace" object (other profile kinds are not linear-additive)',
          where: { file, pointer: '' },
        },
      ],
      'not a linear-additive profile',
    );
  }
  return space;
}

/** One issue's weight from `issueWeights`, into `weights` when it is a finite number ≥ 0. */
function readWeight(
  issue: Issue,
  weightsJson: Json,
  weights: Record<string, number>,
  where: Where,
  problems: Problem[],
): void {
  const w = weightsJson[issue.name];
  if (w === undefined) {
    problems.push({
      code: 'geniusweb-missing-weight',
      message: `no weight for issue "${issue.name}"; add it under issueWeights`,
      where: where(['issueWeights']),
    });
  } else if (typeof w !== 'number' || !Number.isFinite(w)) {
    // JSON has no NaN, but 1e999 parses as Infinity.
    problems.push({
      code: 'geniusweb-weight-not-finite',
      message: `the weight of issue "${issue.name}" must be a finite number; got ${JSON.stringify(w) ?? String(w)}`,
      where: where(['issueWeights', issue.name]),
    });
  } else if (w < 0) {
    problems.push({
      code: 'geniusweb-negative-weight',
      message: `the weight of issue "${issue.name}" is ${w}; weights must be ≥ 0 (and sum to 1)`,
      where: where(['issueWeights', issue.name]),
    });
  } else weights[issue.name] = w;
}

/** A `discreteutils` table; bad values are reported and left out, unlisted values are worth 0. */
function discreteUtilities(issue: Issue, discrete: Json, where: Where, problems: Problem[]): Evaluator {
  const table: Record<string, number> = {};
  for (const [value, util] of Object.entries(discrete)) {
    if (indexOfValue(issue, value) < 0) {
      problems.push({
        code: 'geniusweb-unknown-value',
        message: `"${value}" is not an option of issue "${issue.name}" (options: ${issueValues(issue).join(', ')})`,
        where: where(['issueUtilities', issue.name, 'discreteutils', 'valueUtilities', value]),
      });
      continue;
    }
    if (typeof util !== 'number' || !Number.isFinite(util) || util < 0 || util > 1) {
      problems.push({
        code: 'geniusweb-value-utility',
        message: `utility of "${value}" must be a number in [0, 1]; got ${JSON.stringify(util) ?? String(util)}`,
        where: where(['issueUtilities', issue.name, 'discreteutils', 'valueUtilities', value]),
      });
      continue;
    }
    table[value] = util;
  }
  // Values without a utility contribute 0, as GeniusWeb does for an unlisted value.
  for (const v of issueValues(issue)) if (!(String(v) in table)) table[String(v)] = 0;
  return { kind: 'table', values: table, scale: 'as-given' };
}

/** A `numberutils` line through (lowValue, lowUtility) and (highValue, highUtility); none if bad. */
function numberUtilities(
  issue: Issue,
  number: Json,
  where: Where,
  problems: Problem[],
): Evaluator | undefined {
  const keys = ['lowValue', 'lowUtility', 'highValue', 'highUtility'];
  const num = (v: unknown) =>
    typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  const f = keys.map((k) => num(number[k]));
  const bad = keys.filter((_, k) => !Number.isFinite(f[k]!));
  if (bad.length > 0) {
    problems.push({
      code: 'geniusweb-number-utils',
      message: `numberutils needs finite numbers for ${bad.join(', ')}`,
      where: where(['issueUtilities', issue.name, 'numberutils', bad[0]!]),
    });
    return undefined;
  }
  const outside = (['lowUtility', 'highUtility'] as const).filter((k) => {
    const u = num(number[k]);
    return u < 0 || u > 1;
  });
  if (outside.length > 0) {
    problems.push({
      code: 'geniusweb-value-utility',
      message: `${outside.join(' and ')} must lie in [0, 1]; got ${outside.map((k) => num(number[k])).join(' and ')}`,
      where: where(['issueUtilities', issue.name, 'numberutils', outside[0]!]),
    });
    return undefined;
  }
  return {
    kind: 'interpolate',
    lowValue: f[0]!,
    lowUtility: f[1]!,
    highValue: f[2]!,
    highUtility: f[3]!,
  };
}

/** Each domain issue's weight and utilities, and every issue the profile names that the domain lacks. */
function readIssues(
  space: Json,
  domain: Domain,
  where: Where,
  problems: Problem[],
): Pick<Profile, 'weights' | 'evaluators'> {
  const utilities = isObject(space.issueUtilities) ? space.issueUtilities : {};
  const weightsJson = isObject(space.issueWeights) ? space.issueWeights : {};
  const weights: Record<string, number> = {};
  const evaluators: Record<string, Evaluator> = {};
  for (const issue of domain.issues) {
    const u = utilities[issue.name];
    if (!isObject(u)) {
      problems.push({
        code: 'geniusweb-missing-issue',
        message: `no utilities for domain issue "${issue.name}"; add it under issueUtilities`,
        where: where(['issueUtilities']),
      });
      continue;
    }
    readWeight(issue, weightsJson, weights, where, problems);
    const discrete = isObject(u.discreteutils) ? u.discreteutils.valueUtilities : undefined;
    const number = isObject(u.numberutils) ? u.numberutils : undefined;
    let evaluator: Evaluator | undefined;
    if (isObject(discrete)) evaluator = discreteUtilities(issue, discrete, where, problems);
    else if (isObject(number)) evaluator = numberUtilities(issue, number, where, problems);
    else
      problems.push({
        code: 'geniusweb-issue-utilities',
        message: `issue "${issue.name}" needs "discreteutils" or "numberutils"`,
        where: where(['issueUtilities', issue.name]),
      });
    if (evaluator) evaluators[issue.name] = evaluator;
  }
  for (const name of Object.keys(utilities)) {
    if (!domain.issues.some((i) => i.name === name)) {
      problems.push({
        code: 'geniusweb-unknown-issue',
        message: `issue "${name}" is not in the domain`,
        where: where(['issueUtilities', name]),
      });
    }
  }
  const sum = Object.values(weightsJson).reduce<number>((s, w) => s + (typeof w === 'number' ? w : 0), 0);
  // A non-finite weight is already reported above; its sum would only repeat it.
  if (Number.isFinite(sum) && Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
    problems.push({
      code: 'geniusweb-weights-sum',
      message: `issueWeights sum to ${sum}; GeniusWeb requires them to sum to exactly 1`,
      where: where(['issueWeights']),
      params: { sum },
    });
  }
  return { weights, evaluators };
}

/** The reservation bid, when the profile has one; values outside the domain are reported and left out. */
function readReservationBid(
  space: Json,
  domain: Domain,
  where: Where,
  problems: Problem[],
): Outcome | undefined {
  const bid = isObject(space.reservationBid) ? space.reservationBid.issuevalues : undefined;
  if (!isObject(bid)) return undefined;
  const reservationBid: Outcome = {};
  for (const [name, value] of Object.entries(bid)) {
    const issue = domain.issues.find((i) => i.name === name);
    if (
      !issue ||
      (typeof value !== 'string' && typeof value !== 'number') ||
      indexOfValue(issue, value) < 0
    ) {
      problems.push({
        code: 'geniusweb-unknown-value',
        message: `reservation bid value ${JSON.stringify(value)} for "${name}" is not in the domain`,
        where: where(['reservationBid', 'issuevalues', name]),
      });
      continue;
    }
    reservationBid[name] = issue.kind === 'discrete' ? String(value) : Number(value);
  }
  return reservationBid;
}

/**
 * Parse a GeniusWeb `LinearAdditiveUtilitySpace` profile against its domain. Problems: missing issues,
 * weights not summing to one, unknown values, a reservation bid outside the domain.
 */
export function parseGeniusWebProfile(file: string, text: string, domain: Domain): Profile {
  const json = parseJson(file, text);
  const base = ['LinearAdditiveUtilitySpace'];
  const where: Where = (path) => ({ file, pointer: toPointer([...base, ...path]) });
  const space = profileSpace(file, json);
  const problems: Problem[] = [];
  const { weights, evaluators } = readIssues(space, domain, where, problems);
  const reservationBid = readReservationBid(space, domain, where, problems);
  if (problems.length > 0) fail(file, problems, 'invalid profile');
  const profile: Profile = {
    name: typeof space.name === 'string' ? space.name : file,
    weights,
    evaluators,
  };
  if (reservationBid) profile.reservationBid = reservationBid;
  return profile;
}

function domainJson(domain: Domain): Json {
  const issuesValues: Json = {};
  for (const issue of domain.issues) {
    if (issue.kind === 'discrete') issuesValues[issue.name] = { values: [...issue.values] };
    else if (issue.kind === 'integer')
      issuesValues[issue.name] = { range: { low: issue.min, high: issue.max, step: 1 } };
    else {
      const step = issue.levels > 1 ? (issue.max - issue.min) / (issue.levels - 1) : 1;
      issuesValues[issue.name] = { range: { low: issue.min, high: issue.max, step } };
    }
  }
  return { name: domain.name, issuesValues };
}

/** Write a domain as GeniusWeb JSON. */
export function domainToGeniusWebJson(domain: Domain): string {
  return `${JSON.stringify(domainJson(domain), null, 2)}\n`;
}

/**
 * Write a profile as a GeniusWeb `LinearAdditiveUtilitySpace`. GeniusWeb value utilities must lie in
 * [0,1]: a table of evaluations (`issue-max`) is divided by its issue's maximum (the Genius convention), and
 * a table of utilities (`as-given`) is written as it is, so a GeniusWeb profile round-trips unchanged.
 * Weights must sum to one, so a profile whose weights do not is rejected rather than silently rescaled.
 */
export function profileToGeniusWebJson(domain: Domain, profile: Profile): string {
  const sum = domain.issues.reduce((s, i) => s + (profile.weights[i.name] ?? 0), 0);
  if (Math.abs(sum - 1) > 1e-6) {
    throw new AccordError(
      'geniusweb-weights-sum',
      `profile "${profile.name}" has weights summing to ${sum}; GeniusWeb needs them to sum to 1`,
    );
  }
  const issueUtilities: Json = {};
  const issueWeights: Json = {};
  for (const issue of domain.issues) {
    issueWeights[issue.name] = (profile.weights[issue.name] ?? 0) / sum;
    const ev = profile.evaluators[issue.name];
    if (!ev) continue;
    if (ev.kind === 'table') {
      const max = Math.max(...Object.values(ev.values));
      // Utilities that already fit GeniusWeb's [0, 1] are kept; anything else is rescaled as Genius would.
      const divisor = ev.scale === 'as-given' && max <= 1 ? 1 : max > 0 ? max : 1;
      const valueUtilities: Json = {};
      for (const [k, v] of Object.entries(ev.values)) valueUtilities[k] = v / divisor;
      issueUtilities[issue.name] = { discreteutils: { valueUtilities } };
    } else if (ev.kind === 'interpolate') {
      const { lowValue, lowUtility, highValue, highUtility } = ev;
      issueUtilities[issue.name] = { numberutils: { lowValue, lowUtility, highValue, highUtility } };
    } else if (issue.kind !== 'discrete') {
      const at = (x: number) => ev.offset + ev.slope * (x - ev.from);
      issueUtilities[issue.name] = {
        numberutils: {
          lowValue: issue.min,
          lowUtility: at(issue.min),
          highValue: issue.max,
          highUtility: at(issue.max),
        },
      };
    }
  }
  const space: Json = { issueUtilities, issueWeights, domain: domainJson(domain), name: profile.name };
  if (profile.reservationBid) space.reservationBid = { issuevalues: profile.reservationBid };
  return `${JSON.stringify({ LinearAdditiveUtilitySpace: space }, null, 2)}\n`;
}
