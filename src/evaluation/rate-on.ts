/**
 * @module evaluation/rate-on
 * Look up the rate in force on a track on a day.
 */
import type { IsoDate } from '../_lib/date.js';
import type { RateStep, TrackSchedule } from './types.js';

/**
 * The step in force on `date` (from ≤ date < until), or undefined before the start, in a gap after an
 * overlay ended, or after the track's end.
 *
 * @example
 * rateOn(evaluation.tracks[0]!, isoDate('2026-01-01'))?.rate // 150000 (15%)
 */
export function rateOn(schedule: TrackSchedule | readonly RateStep[], date: IsoDate): RateStep | undefined {
  const steps = 'inForce' in schedule ? schedule.inForce : schedule;
  return steps.find((s) => s.from <= date && (s.until === undefined || date < s.until));
}
