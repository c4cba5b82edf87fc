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
import type { Condition } from '../agreement/index.js';
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

/**
 * A report with what sweeps add up, computed once per evaluation: exact figures are bigints, and
 * allocating them afresh for every report in every sweep would dominate the run time.
 */
interface Entry {
  id: string;
  /** The commitment's index among the agreement's distinct commitment ids (arrays beat maps here). */
  commitment: number;
  date: IsoDate;
  recorded: IsoDate;
  /** Employment: counted milli-hours less the commitment's baseline (J2, J4, J5); capital: cents. */
  amount: bigint;
  /** Employment: counted milli-hours, and annual wages when the report gives them (J6). */
  hours: bigint;
  wages: bigint | undefined;
  offered: boolean;
}

/** Entries of one kind, sorted once per evaluation by each coordinate a sweep can move along. */
interface Sorted {
  byRecorded: Entry[];
  byDate: Entry[];
  /** Distinct commitment ids, by index. */
  commitments: string[];
}

const sortedCache = new WeakMap<EvalContext, Map<Report['type'], Sorted>>();
/** Per kind and scope: the entries of commitments in scope, in both orders (leaves and sweeps share them). */
const scopeCache = new WeakMap<EvalContext, Map<string, Sorted>>();

function entry(f: Report, index: number, baseline: bigint): Entry {
  if (f.type === 'capital')
    return {
      id: f.id,
      commitment: index,
      recorded: f.recorded,
      date: f.asOf,
      amount: f.disbursed,
      hours: 0n,
      wages: undefined,
      offered: false,
    };
  const hours = annualMilliHours(f);
  return {
    id: f.id,
    commitment: index,
    recorded: f.recorded,
    date: f.periodEnd,
    amount: hours - baseline,
    hours,
    wages: f.totalWages === undefined ? undefined : annualWages(f),
    offered: f.healthPlanOffered === true,
  };
}

/** The counted reports of one kind as entries, by recording and by measurement date (cached per context). */
function sortedReports(ctx: EvalContext, type: Report['type']): Sorted {
  let byType = sortedCache.get(ctx);
  if (!byType) {
    byType = new Map();
    sortedCache.set(ctx, byType);
  }
  const cached = byType.get(type);
  if (cached) return cached;
  // J4 baselines by commitment id; the first commitment of a repeated id, as metrics looks it up.
  const index = new Map<string, number>();
  const baseline: bigint[] = [];
  for (const c of ctx.agreement.commitments)
    if (!index.has(c.id)) {
      index.set(c.id, baseline.length);
      baseline.push(milli((c.jobs?.baseline.fte ?? 0) * ctx.hoursPerFte));
    }
  const all: Entry[] = [];
  for (const f of factsOf(ctx, type) as Report[]) {
    const i = index.get(f.commitment);
    // Counted reports always name a commitment of the agreement (verify-facts rejects the others).
    if (i !== undefined) all.push(entry(f, i, baseline[i]!));
  }
  const sorted = {
    commitments: [...index.keys()],
    byRecorded: [...all].sort((a, b) => (a.recorded < b.recorded ? -1 : a.recorded > b.recorded ? 1 : 0)),
    byDate: [...all].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
  byType.set(type, sorted);
  return sorted;
}

/** The order `latest` in metrics uses: measurement date, then recording (a restatement wins), then id. */
function later(a: Entry, b: Entry): boolean {
  if (a.date !== b.date) return a.date > b.date;
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
  // Suspended reports leave and rejoin as knowledge grows, which a forward-only sweep cannot follow: such
  // leaves are measured directly at each point (disputes are rare, so this costs little in practice).
  if (cond.metric === 'selectedProjectsFunded' || ctx.suspensions.size > 0) return undefined;
  const type = cond.metric === 'capitalDisbursed' ? 'capital' : 'employment';
  const hpf = ctx.hoursPerFte;
  const all = sortedReports(ctx, type);
  // How many times each commitment id is in scope (the measurement sums over scoped commitment entries).
  const position = new Map(all.commitments.map((id, i) => [id, i]));
  const weight: number[] = all.commitments.map(() => 0);
  for (const c of ctx.agreement.commitments) if (inScope(c, cond.scope)) weight[position.get(c.id)!]! += 1;

  let scopes = scopeCache.get(ctx);
  if (!scopes) {
    scopes = new Map();
    scopeCache.set(ctx, scopes);
  }
  const key = `${type} ${JSON.stringify([cond.scope.commitments, cond.scope.naics, cond.scope.sites])}`;
  let sorted = scopes.get(key);
  if (!sorted) {
    const mine = (e: Entry) => weight[e.commitment]! > 0;
    sorted = {
      byRecorded: all.byRecorded.filter(mine),
      byDate: all.byDate.filter(mine),
      commitments: all.commitments,
    };
    scopes.set(key, sorted);
  }
  const order = axis === 'known' ? sorted.byRecorded : sorted.byDate;
  let next = 0;
  const best: (Entry | undefined)[] = all.commitments.map(() => undefined);
  // Running sums over the latest report of each commitment in scope.
  let sum = 0n; // net new milli-hours, or cents disbursed
  let wages = 0n;
  let hours = 0n;
  let reports = 0;
  let offered = 0;

  const times = (w: number, x: bigint): bigint => (w === 1 ? x : BigInt(w) * x);
  const add = (e: Entry, w: number): void => {
    switch (cond.metric) {
      case 'netNewFte':
      case 'capitalDisbursed':
        sum += times(w, e.amount);
        return;
      case 'averageWage':
        if (e.wages !== undefined) {
          wages += times(w, e.wages);
          hours += times(w, e.hours);
        }
        return;
      case 'healthPlanOffered':
        reports += w;
        if (e.offered) offered += w;
    }
  };
  const remove = (e: Entry, w: number): void => {
    switch (cond.metric) {
      case 'netNewFte':
      case 'capitalDisbursed':
        sum -= times(w, e.amount);
        return;
      case 'averageWage':
        if (e.wages !== undefined) {
          wages -= times(w, e.wages);
          hours -= times(w, e.hours);
        }
        return;
      case 'healthPlanOffered':
        reports -= w;
        if (e.offered) offered -= w;
    }
  };

  const threshold = milli(ctx.agreement.verification.jobs.netNewThreshold * hpf);
  const target = cond.metric === 'netNewFte' ? milli(cond.atLeast * hpf) : 0n;
  const perFte = milli(hpf);

  return {
    holds(at: At): boolean {
      const limit = axis === 'known' ? at.known : at.date;
      for (; next < order.length; next++) {
        const e = order[next]!;
        if ((axis === 'known' ? e.recorded : e.date) > limit) break;
        if (e.date > at.date || e.recorded > at.known) continue;
        const w = weight[e.commitment]!;
        const prev = best[e.commitment];
        if (prev) {
          if (!later(e, prev)) continue;
          remove(prev, w);
        }
        add(e, w);
        best[e.commitment] = e;
      }
      switch (cond.metric) {
        case 'netNewFte': {
          const below = sum < threshold || sum < 0n;
          return reaches(below ? 0n : sum, target, tolerance).holds;
        }
        case 'capitalDisbursed':
          return reaches(sum, cond.atLeast, tolerance).holds;
        case 'averageWage':
          return hours > 0n && reaches(roundHalfUp(wages * perFte, hours), cond.atLeast, tolerance).holds;
        case 'healthPlanOffered':
          return reports > 0 && offered === reports;
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
