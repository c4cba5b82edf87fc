/**
 * @module evaluation/sweep
 * Whether a condition holds, answered incrementally along a sequence of measurement points. The milestone
 * search asks "does the condition hold?" at every candidate knowledge date (measured at a fixed date), or at
 * every candidate measurement date (with fixed knowledge). Measured from scratch, each question rescans
 * every report in scope, so the search is quadratic in facts. Along such a sequence the set of reports a
 * measurement may use only grows, so each commitment's latest report only moves forward: a sweep adds each
 * report once, keeps the latest per commitment and running totals, and answers each question in constant
 * time per metric leaf. The answers equal `evaluateCondition(…).holds` at the same point (property-tested
 * against it); the full result, with values, facts and words, is built only for the point the search picks.
 */
import type { IsoDate } from '../_lib/date.js';
import { roundHalfUp } from '../_lib/money.js';
import type { Condition } from '../agreement/model.js';
import { evaluateCondition, type MilestoneRef } from './condition.js';
import { type EvalContext, factsOf } from './context.js';
import type { CapitalFact, EmploymentFact } from './facts.js';
import { type At, annualMilliHours, annualWages, inScope, milli, reaches } from './metrics.js';
import { measureObligation } from './obligations.js';

/**
 * Which coordinate of the measurement point moves: `known` (fixed measurement date, growing knowledge)
 * or `date` (fixed knowledge, growing measurement date).
 */
export type SweepAxis = 'known' | 'date';

/**
 * A function answering "does the condition hold at this point?" for points whose moving coordinate never
 * decreases; the other coordinate is fixed when the sweep is made.
 */
export type Sweep = (moving: IsoDate) => boolean;

type Report = EmploymentFact | CapitalFact;

/** Reports of one kind, sorted once per evaluation by each coordinate a sweep can move along. */
interface Sorted {
  byRecorded: Report[];
  byDate: Report[];
}

const sortedCache = new WeakMap<EvalContext, Map<Report['type'], Sorted>>();
/** Per leaf: the reports of commitments in its scope, in both orders (several sweeps share a leaf). */
const leafCache = new WeakMap<EvalContext, WeakMap<Condition, Sorted>>();

function dateOf(f: Report): IsoDate {
  return f.type === 'employment' ? f.periodEnd : f.asOf;
}

/** The counted reports of one kind, sorted by recording and by measurement date (cached per context). */
function sortedReports(ctx: EvalContext, type: Report['type']): Sorted {
  let byType = sortedCache.get(ctx);
  if (!byType) {
    byType = new Map();
    sortedCache.set(ctx, byType);
  }
  const cached = byType.get(type);
  if (cached) return cached;
  const all: Report[] = factsOf(ctx, type);
  const sorted = {
    byRecorded: [...all].sort((a, b) => (a.recorded < b.recorded ? -1 : a.recorded > b.recorded ? 1 : 0)),
    byDate: [...all].sort((a, b) => {
      const da = dateOf(a);
      const db = dateOf(b);
      return da < db ? -1 : da > db ? 1 : 0;
    }),
  };
  byType.set(type, sorted);
  return sorted;
}

/** The order `latest` in metrics uses: measurement date, then recording (a restatement wins), then id. */
function later(a: Report, b: Report): boolean {
  const da = dateOf(a);
  const db = dateOf(b);
  if (da !== db) return da > db;
  if (a.recorded !== b.recorded) return a.recorded > b.recorded;
  return a.id > b.id;
}

/** One metric leaf's running state: the latest report per commitment in scope and what the leaf sums. */
interface LeafState {
  /** Add reports up to the point; then say whether the leaf holds there. */
  holds(at: At): boolean;
}

function metricLeaf(
  ctx: EvalContext,
  cond: Extract<Condition, { kind: 'metric' }>,
  tolerance: number,
  axis: SweepAxis,
): LeafState | undefined {
  if (cond.metric === 'selectedProjectsFunded') return undefined;
  const type = cond.metric === 'capitalDisbursed' ? 'capital' : 'employment';
  // How many times each commitment id is in scope (the measurement sums over scoped commitment entries).
  const weight = new Map<string, bigint>();
  for (const c of ctx.agreement.commitments)
    if (inScope(c, cond.scope)) weight.set(c.id, (weight.get(c.id) ?? 0n) + 1n);
  const hpf = ctx.hoursPerFte;
  const baseline = new Map<string, bigint>();
  for (const c of [...ctx.agreement.commitments].reverse())
    baseline.set(c.id, milli((c.jobs?.baseline.fte ?? 0) * hpf));

  let leaves = leafCache.get(ctx);
  if (!leaves) {
    leaves = new WeakMap();
    leafCache.set(ctx, leaves);
  }
  let sorted = leaves.get(cond);
  if (!sorted) {
    const all = sortedReports(ctx, type);
    const mine = (f: Report) => weight.has(f.commitment);
    sorted = { byRecorded: all.byRecorded.filter(mine), byDate: all.byDate.filter(mine) };
    leaves.set(cond, sorted);
  }
  const order = axis === 'known' ? sorted.byRecorded : sorted.byDate;
  let next = 0;
  const best = new Map<string, Report>();
  // Running sums over the latest report of each commitment in scope.
  let sum = 0n; // net new milli-hours, or cents disbursed
  let wages = 0n;
  let hours = 0n;
  let reports = 0n;
  let offered = 0n;

  const account = (f: Report, w: bigint, sign: bigint): void => {
    const s = sign * w;
    if (f.type === 'capital') {
      sum += s * f.disbursed;
      return;
    }
    const h = annualMilliHours(f);
    sum += s * (h - (baseline.get(f.commitment) ?? 0n));
    reports += s;
    if (f.healthPlanOffered === true) offered += s;
    if (f.totalWages !== undefined) {
      wages += s * annualWages(f);
      hours += s * h;
    }
  };

  const threshold = milli(ctx.agreement.verification.jobs.netNewThreshold * hpf);
  const target = cond.metric === 'netNewFte' ? milli(cond.atLeast * hpf) : 0n;

  return {
    holds(at: At): boolean {
      const limit = axis === 'known' ? at.known : at.date;
      for (; next < order.length; next++) {
        const f = order[next]!;
        const date = f.type === 'employment' ? f.periodEnd : f.asOf;
        if ((axis === 'known' ? f.recorded : date) > limit) break;
        if (date > at.date || f.recorded > at.known) continue;
        const w = weight.get(f.commitment)!;
        const prev = best.get(f.commitment);
        if (prev && !later(f, prev)) continue;
        if (prev) account(prev, w, -1n);
        account(f, w, 1n);
        best.set(f.commitment, f);
      }
      switch (cond.metric) {
        case 'netNewFte': {
          const below = sum < threshold || sum < 0n;
          return reaches(below ? 0n : sum, target, tolerance).holds;
        }
        case 'capitalDisbursed':
          return reaches(sum, cond.atLeast, tolerance).holds;
        case 'averageWage':
          return hours > 0n && reaches(roundHalfUp(wages * milli(hpf), hours), cond.atLeast, tolerance).holds;
        case 'healthPlanOffered':
          return reports > 0n && offered === reports;
      }
    },
  };
}

/**
 * Make a sweep of `cond` along `axis` with the other coordinate fixed at `fixed`. Leaves that read few
 * facts (milestone references, obligations, project funding) are measured directly at each point.
 *
 * @example
 * const holdsKnownBy = conditionSweep(ctx, m.when, tolerance, refs, 'known', deadline);
 * const firstKnown = candidates.find(holdsKnownBy);
 */
export function conditionSweep(
  ctx: EvalContext,
  cond: Condition,
  tolerance: number,
  refs: MilestoneRef,
  axis: SweepAxis,
  fixed: IsoDate,
): Sweep {
  const build = (c: Condition): ((at: At) => boolean) => {
    switch (c.kind) {
      case 'all':
      case 'any': {
        const children = c.of.map(build);
        const all = c.kind === 'all';
        return (at) => {
          // Every child is asked at every point (no short cut): child states must see every point, and
          // milestone references are resolved in the same order as a full measurement resolves them.
          const results = children.map((child) => child(at));
          return all ? results.every(Boolean) : results.some(Boolean);
        };
      }
      case 'milestone':
        return (at) => refs(c.milestone, at).holds;
      case 'obligation':
        return (at) => measureObligation(ctx, c.obligation, at).holds;
      case 'metric': {
        const leaf = metricLeaf(ctx, c, tolerance, axis);
        if (leaf) return (at) => leaf.holds(at);
        return (at) => evaluateCondition(ctx, c, at, tolerance, refs).holds;
      }
    }
  };
  const root = build(cond);
  let last: IsoDate | undefined;
  return (moving) => {
    if (last !== undefined && moving < last)
      throw new Error(`a sweep moves forward only: ${moving} is before ${last}`);
    last = moving;
    return root(axis === 'known' ? { date: fixed, known: moving } : { date: moving, known: fixed });
  };
}
