/**
 * @module evaluation/_test/reference
 * Slow, obviously correct versions of what the evaluation core answers with indexes and sweeps, for
 * property tests to compare against: the latest report by a full scan, and a condition's `holds` by a
 * full measurement at every point.
 */
import { addDays, type IsoDate } from '../../_lib/date.js';
import type { Condition } from '../../agreement/model.js';
import { evaluateCondition, type MilestoneRef } from '../condition.js';
import type { EvalContext } from '../context.js';
import type { CapitalFact, EmploymentFact, Fact } from '../facts.js';
import type { At } from '../metrics.js';
import type { conditionSweep } from '../sweep.js';

/**
 * The latest report of a commitment measuring a day ≤ `date` and recorded by `known`, by scanning every
 * counted fact: greatest measurement date, then the later recording, then the greater id.
 */
export function referenceLatest<T extends 'employment' | 'capital'>(
  facts: readonly Fact[],
  commitment: string,
  type: T,
  date: IsoDate,
  known: IsoDate,
): Extract<Fact, { type: T }> | undefined {
  const dateOf = (f: EmploymentFact | CapitalFact) => (f.type === 'employment' ? f.periodEnd : f.asOf);
  let best: EmploymentFact | CapitalFact | undefined;
  for (const f of facts) {
    if (f.type !== type || (f.type !== 'employment' && f.type !== 'capital')) continue;
    if (f.commitment !== commitment || dateOf(f) > date || f.recorded > known) continue;
    if (
      !best ||
      dateOf(f) > dateOf(best) ||
      (dateOf(f) === dateOf(best) &&
        (f.recorded > best.recorded || (f.recorded === best.recorded && f.id > best.id)))
    )
      best = f;
  }
  return best as Extract<Fact, { type: T }> | undefined;
}

/** Whether `cond` holds at each point, each measured from scratch. */
export function referenceHolds(
  ctx: EvalContext,
  cond: Condition,
  tolerance: number,
  refs: MilestoneRef,
  points: readonly At[],
): boolean[] {
  return points.map((at) => evaluateCondition(ctx, cond, at, tolerance, refs).holds);
}

/**
 * A stand-in for the `sweep` module whose sweeps measure the condition from scratch at each point, for
 * tests that compare whole evaluations (see evaluate-reference.test.ts).
 */
export function referenceSweepModule(): { conditionSweep: typeof conditionSweep } {
  return {
    conditionSweep: (ctx, cond, tolerance, refs, axis, fixed) => (moving) =>
      evaluateCondition(
        ctx,
        cond,
        axis === 'known' ? { date: fixed, known: moving } : { date: moving, known: fixed },
        tolerance,
        refs,
      ).holds,
  };
}

/** C5 funding status by filtering and sorting every funding for every selection (the original search). */
export function referenceFundingStatus(
  facts: readonly Fact[],
  withinDays: number,
  known: IsoDate,
): { project: string; due: IsoDate; funding?: string }[] {
  const selected = facts.filter(
    (f): f is Extract<Fact, { type: 'project-selected' }> =>
      f.type === 'project-selected' && f.recorded <= known,
  );
  const funded = facts.filter(
    (f): f is Extract<Fact, { type: 'project-funded' }> => f.type === 'project-funded' && f.recorded <= known,
  );
  return selected.map((project) => {
    const due = addDays(project.selected, withinDays);
    const funding = funded
      .filter((f) => f.project === project.project && f.funded <= due)
      .sort((a, b) => (a.funded < b.funded ? -1 : a.funded > b.funded ? 1 : a.id < b.id ? -1 : 1))[0];
    return { project: project.id, due, ...(funding && { funding: funding.id }) };
  });
}
