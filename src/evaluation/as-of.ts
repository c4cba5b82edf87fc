/**
 * @module evaluation/as-of
 * The one rule for the date an evaluation (and so an agreement's tariff overlay) is as of when the caller
 * names none. The server, the CLI and the duty and assessment commands all evaluate agreements; if each
 * picked its own default, the same facts would give different rates at different edges.
 */
import type { IsoDate } from '../_lib/date.js';

/**
 * The default as-of date: the latest day any fact is on record, so the same facts always give the same
 * answer (today's date would change it from one day to the next), and never before the agreement was
 * signed, when nothing can yet have happened under it. With no facts at all, the signing date.
 *
 * @example
 * defaultAsOf([{ recorded: '2026-03-31' }, { recorded: '2026-07-15' }], '2025-09-04') // '2026-07-15'
 * defaultAsOf([], '2025-09-04') // '2025-09-04'
 */
export function defaultAsOf(facts: readonly { recorded: IsoDate }[], signed: IsoDate): IsoDate {
  let latest = signed;
  for (const f of facts) if (f.recorded > latest) latest = f.recorded;
  return latest;
}
