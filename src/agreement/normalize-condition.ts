/**
 * @module agreement/normalize-condition
 * Turn a condition as written into the typed tree: parse each metric's target in its unit (FTE as a
 * number, money exact to the cent) and record the JSON pointer of every node for error positions.
 */
import { parseUsd } from '../_lib/money.js';
import type { Problem } from '../_lib/problem.js';
import type { Condition } from './model.js';
import type { RawCondition } from './schema.js';

/** Normalise `raw` found at `pointer`; problems are appended to `problems`. */
export function normalizeCondition(raw: RawCondition, pointer: string, problems: Problem[]): Condition {
  if (raw.all)
    return {
      kind: 'all',
      of: raw.all.map((c, i) => normalizeCondition(c, `${pointer}/all/${i}`, problems)),
      pointer,
    };
  if (raw.any)
    return {
      kind: 'any',
      of: raw.any.map((c, i) => normalizeCondition(c, `${pointer}/any/${i}`, problems)),
      pointer,
    };
  if (raw.milestone !== undefined) return { kind: 'milestone', milestone: raw.milestone, pointer };
  if (raw.obligation !== undefined) return { kind: 'obligation', obligation: raw.obligation, pointer };
  const scope = raw.scope ?? {};
  switch (raw.metric) {
    case 'netNewFte': {
      const value = typeof raw.atLeast === 'number' ? raw.atLeast : Number.NaN;
      if (!(Number.isFinite(value) && value >= 0 && value <= 1e9)) {
        problems.push({
          code: 'invalid-target',
          message: `netNewFte needs atLeast as a number of full-time equivalents (0 to 10^9), got ${JSON.stringify(raw.atLeast)}`,
          where: { pointer: `${pointer}/atLeast` },
        });
      }
      return {
        kind: 'metric',
        metric: 'netNewFte',
        atLeast: Number.isFinite(value) ? value : 0,
        scope,
        pointer,
      };
    }
    case 'capitalDisbursed':
    case 'averageWage': {
      const cents = raw.atLeast === undefined ? undefined : parseUsd(raw.atLeast);
      if (cents === undefined) {
        problems.push({
          code: 'invalid-target',
          message: `${raw.metric} needs atLeast in US dollars exact to the cent (e.g. 5000000000 or "5bn"), got ${JSON.stringify(raw.atLeast)}`,
          where: { pointer: `${pointer}/atLeast` },
        });
      }
      return { kind: 'metric', metric: raw.metric, atLeast: cents ?? 0n, scope, pointer };
    }
    case 'healthPlanOffered':
      return { kind: 'metric', metric: 'healthPlanOffered', scope, pointer };
    case 'selectedProjectsFunded':
      return {
        kind: 'metric',
        metric: 'selectedProjectsFunded',
        withinDays: raw.withinDays ?? 45,
        scope,
        pointer,
      };
    default:
      // The schema's refinement guarantees one kind; reaching here is a bug.
      throw new Error(`condition at ${pointer} has no kind`);
  }
}
