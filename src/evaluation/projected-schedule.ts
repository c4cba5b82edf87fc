/**
 * @module evaluation/projected-schedule
 * The tariff schedule that given milestone outcomes would produce, without facts: the evaluation's own
 * schedule rules (track-schedule: T2 relief the day after verification plus the decision lag, steps in
 * order, `until`, snap-back on a missed milestone, term end, `end`) applied to outcomes that a caller
 * supposes rather than measures. The simulator draws milestone outcomes and reads its rates from here, so a
 * simulated path and an evaluation of the same outcomes cannot disagree.
 */
import type { IsoDate } from '../_lib/date.js';
import type { Agreement } from '../agreement/index.js';
import { type EvalContext, makeContext } from './context.js';
import { deadlineOf, type MilestoneOutcome, missFinalOn } from './milestone-status.js';
import { trackSchedule } from './track-schedule.js';
import type { RateStep } from './types.js';

/** A supposed milestone outcome: met, recorded on `on`; or missed, final on `on`. */
export interface SupposedOutcome {
  met: boolean;
  on: IsoDate;
}

/**
 * A fact-free evaluation context for one term variant (`variantId ?? term.default`), as of the term's end.
 *
 * @example
 * projectionContext(agreement, 'japan-7y').termEnds // '2032-07-01'
 */
export function projectionContext(agreement: Agreement, variantId?: string): EvalContext {
  const ctx = makeContext(agreement, [], agreement.term.start, variantId);
  return { ...ctx, asOf: ctx.termEnds };
}

/** The milestone's deadline in force (variant override) and the day its miss is final (cure, C2/C3). */
export function milestoneDates(ctx: EvalContext, id: string): { deadline: IsoDate; missFinal: IsoDate } {
  const m = ctx.agreement.milestones.find((x) => x.id === id);
  if (!m) throw new Error(`no milestone "${id}"`);
  return { deadline: deadlineOf(ctx, m).deadline, missFinal: missFinalOn(ctx, m) };
}

/**
 * Each listed track's periods in force (in agreement order) when the milestones turn out as supposed;
 * a milestone without an outcome is missed, final when its cure ends.
 *
 * @example
 * projectedSchedules(ctx, { m1: { met: true, on: isoDate('2026-06-30') } })[0]?.map((s) => [s.from, s.rate])
 */
export function projectedSchedules(
  ctx: EvalContext,
  outcomes: Readonly<Record<string, SupposedOutcome>>,
  trackIds: readonly string[] = ctx.agreement.tracks.map((t) => t.id),
): RateStep[][] {
  const milestones = new Map<string, MilestoneOutcome>();
  for (const m of ctx.agreement.milestones) {
    const o = outcomes[m.id];
    const { deadline, missFinal } = milestoneDates(ctx, m.id);
    const met = o?.met === true;
    const on = o?.on ?? missFinal;
    milestones.set(m.id, {
      id: m.id,
      ...(m.title !== undefined && { title: m.title }),
      status: met ? 'met' : 'missed',
      deadline,
      decidedOn: on,
      condition: { label: 'supposed outcome', holds: met, facts: [] },
      decidedBy: [],
      explanation: `${m.id} supposed ${met ? 'met' : 'missed'} on ${on}`,
    });
  }
  return trackIds.map((id) => {
    const track = ctx.agreement.tracks.find((t) => t.id === id);
    if (!track) throw new Error(`no track "${id}"`);
    return trackSchedule(ctx, track, milestones).schedule.inForce;
  });
}
