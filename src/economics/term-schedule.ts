/**
 * @module economics/term-schedule
 * The tariff rates a term path reads, all from the evaluation's schedule rules (evaluation/projected-schedule)
 * so the simulator never re-implements them: the deal's rates for a draw of milestone outcomes, and the
 * no-deal rates, which are the evaluation's schedule of each track without its steps and snap-back (its
 * start rate from its start date, stopped by its `end`). Here they are only time-weighted per year.
 */
import { fromDayNumber, type IsoDate, toDayNumber } from '../_lib/date.js';
import { PPM_PER_UNIT } from '../_lib/money.js';
import type { Agreement } from '../agreement/index.js';
import {
  projectedSchedules,
  projectionContext,
  type RateStep,
  type SupposedOutcome,
} from '../evaluation/index.js';
import type { TermSetup } from './term-types.js';

/** A date as a day number, the unit every term path computes in. */
export const dayNumber = (d: string) => toDayNumber(d as IsoDate);

/** A period in force as day numbers: [from, until), `until` +∞ when open-ended; rate as a fraction. */
interface Period {
  from: number;
  until: number;
  rate: number;
}

/** Time-weighted rate per year of periods in force (none in force: no rate from this track, 0). */
function yearlyRates(periods: readonly Period[], years: TermSetup['yearBounds']): number[] {
  return years.map((yb) => {
    let weighted = 0;
    for (const p of periods) {
      const a = Math.max(p.from, yb.fromDay);
      const b = Math.min(p.until, yb.toDay);
      if (b > a) weighted += p.rate * (b - a);
    }
    return weighted / (yb.toDay - yb.fromDay);
  });
}

const toPeriod = (s: RateStep): Period => ({
  from: dayNumber(s.from),
  until: s.until === undefined ? Number.POSITIVE_INFINITY : dayNumber(s.until),
  rate: s.rate / PPM_PER_UNIT,
});

/**
 * Each listed track's yearly rates with no deal: the evaluation's schedule of the track stripped of its
 * steps and snap-back, so the start rate stays in force wherever the evaluation would run the overlay.
 */
export function noDealRates(
  evaluation: TermSetup['evaluation'],
  trackIds: readonly string[],
  years: TermSetup['yearBounds'],
): number[][] {
  const { agreement } = evaluation;
  const withoutDeal: Agreement = {
    ...agreement,
    tracks: agreement.tracks.map(({ snapBack: _snapBack, ...track }) => ({ ...track, steps: [] })),
  };
  const ctx = projectionContext(withoutDeal, evaluation.variant);
  return projectedSchedules(ctx, {}, trackIds).map((inForce) => yearlyRates(inForce.map(toPeriod), years));
}

/** Milestone decision days for a draw: a milestone counts only if its named milestones count too. */
export function milestoneDays(setup: TermSetup, met: readonly boolean[], day: Float64Array): void {
  const n = setup.milestones.length;
  day.fill(Number.NaN);
  const resolve = (k: number, depth: number): number => {
    if (!Number.isNaN(day[k]!)) return day[k]!;
    const m = setup.milestones[k]!;
    let d = met[k] && depth <= n ? m.day : Number.POSITIVE_INFINITY;
    for (let j = 0; j < m.deps.length && d !== Number.POSITIVE_INFINITY; j++)
      d = Math.max(d, resolve(m.deps[j]!, depth + 1));
    day[k] = d;
    return d;
  };
  for (let k = 0; k < n; k++) resolve(k, 0);
}

/** The evaluation's schedules already turned into yearly rates, per combination of milestone outcomes. */
export interface ScheduleCache {
  /** Yearly rates per track by combination of milestone outcomes ('1': met), from the evaluation. */
  schedules: Map<string, number[][]>;
  context?: ReturnType<typeof projectionContext>;
}

/**
 * Each track's yearly rates when the milestones count on `metDay` (+∞: missed): the evaluation's schedule
 * for those outcomes, computed once per combination of outcomes and kept in the cache.
 */
export function ratesFor(setup: TermSetup, metDay: Float64Array, cache: ScheduleCache): number[][] {
  let key = '';
  for (let k = 0; k < metDay.length; k++) key += Number.isFinite(metDay[k]!) ? '1' : '0';
  const cached = cache.schedules.get(key);
  if (cached) return cached;
  const outcomes: Record<string, SupposedOutcome> = {};
  setup.milestones.forEach((m, k) => {
    const d = metDay[k]!;
    outcomes[m.id] = Number.isFinite(d)
      ? { met: true, on: fromDayNumber(d) }
      : { met: false, on: m.missFinal };
  });
  cache.context ??= projectionContext(setup.evaluation.agreement, setup.evaluation.variant);
  const schedules = projectedSchedules(
    cache.context,
    outcomes,
    setup.tracks.map((t) => t.id),
  );
  const rates = schedules.map((inForce) => yearlyRates(inForce.map(toPeriod), setup.yearBounds));
  cache.schedules.set(key, rates);
  return rates;
}
