/**
 * @module evaluation/reporting
 * T1 reporting deadline (rule names as in docs/agreement-format.md): with `verification.reporting.annualDue` (MM-DD),
 * each commitment owes an annual report for every calendar year from the year it starts while the year
 * begins within the term, due on that day of the next year. A report for year Y is a counted employment or
 * capital fact of the commitment measuring a day in Y; the earliest recorded decides. It is on time when
 * recorded by the due date, late otherwise, and missing while none is recorded by the as-of date. The late
 * fee is `lateFeePerMonth` for each month or part of a month after the due date (to the recording, or to the
 * as-of date while missing). The reference lets a late report cut the benefit; that is a decision for the
 * parties, so the evaluation reports it and leaves the schedule alone.
 */
import { addMonths, type IsoDate } from '../_lib/date.js';
import { formatUsd } from '../_lib/money.js';
import { plural } from '../_lib/words.js';
import { commitmentFacts, type EvalContext, measurementDate } from './context.js';
import type { ReportingResult } from './types.js';

/** Months or parts of months from `due` to `date` (0 when on or before the due date). */
export function monthsLate(due: IsoDate, date: IsoDate): number {
  let months = 0;
  while (addMonths(due, months) < date) months++;
  return months;
}

/** Every annual report due by the as-of date, or undefined when the agreement sets no reporting calendar. */
export function reportingResults(ctx: EvalContext): ReportingResult[] | undefined {
  const rules = ctx.agreement.verification.reporting;
  if (!rules?.annualDue) return undefined;
  const out: ReportingResult[] = [];
  const commitments = [...ctx.agreement.commitments].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const c of commitments) {
    const reports = [...commitmentFacts(ctx, c.id, 'employment'), ...commitmentFacts(ctx, c.id, 'capital')];
    for (let year = Number(c.start.slice(0, 4)); `${year}-01-01` < ctx.termEnds; year++) {
      const due = `${year + 1}-${rules.annualDue}` as IsoDate;
      if (due > ctx.asOf) break;
      const first = reports
        .filter((f) => measurementDate(f).startsWith(`${year}-`))
        .sort((a, b) =>
          a.recorded !== b.recorded ? (a.recorded < b.recorded ? -1 : 1) : a.id < b.id ? -1 : 1,
        )[0];
      const until = first?.recorded ?? ctx.asOf;
      const months = monthsLate(due, until);
      const status = !first ? 'missing' : months === 0 ? 'on-time' : 'late';
      const fee =
        rules.lateFeePerMonth !== undefined && months > 0
          ? rules.lateFeePerMonth * BigInt(months)
          : undefined;
      out.push({
        commitment: c.id,
        year,
        due,
        status,
        ...(first && { recorded: first.recorded }),
        monthsLate: months,
        ...(fee !== undefined && { lateFee: fee }),
        facts: first ? [first.id] : [],
        explanation:
          status === 'on-time'
            ? `${c.investor}'s ${year} report for ${c.id} was recorded on ${first!.recorded}, by its ${due} due date (fact ${first!.id}, T1).`
            : `${c.investor}'s ${year} report for ${c.id}, due ${due}, ${status === 'late' ? `was recorded on ${first!.recorded} (fact ${first!.id})` : `has not been recorded by ${ctx.asOf}`}: ${plural(months, 'month')} late${fee !== undefined ? `, late fee ${formatUsd(fee)}` : ''} (T1).`,
      });
    }
  }
  return out;
}
