/**
 * @module evaluation/clawback
 * C1 pro-rata clawback (the form of Georgia's incentive agreements) and C7 security clawback (the CHIPS Act's
 * national-security clawback, 15 U.S.C. 4652(a)(6)); docs/agreement-format.md lists the rules and their fields.
 * - Measured once the term has ended or an `at` date has passed (the latest such date ≤ as-of).
 * - performance = mean over `measures` of min(1, net new FTE ÷ Σ jobs targets) and
 *   min(1, capital disbursed ÷ Σ capital totals), over every commitment; a measure with nothing committed
 *   counts as fully performed.
 * - repayShare = 1 − performance when performance < tolerance, else 0.
 * - C7: a counted prohibited-transaction breach within `security.lookbackYears` of signing means the whole
 *   relief is repaid, whatever the performance (and is applied as soon as it is known).
 * - due = repayShare × Σ relief-granted (period end ≤ the measurement date), rounded half up to the cent.
 */
import { addYears, type IsoDate } from '../_lib/date.js';
import { applyRate, formatUsd, PPM_PER_UNIT, roundHalfUp } from '../_lib/money.js';
import { type EvalContext, factsOf } from './context.js';
import { factList, formatFte, percent } from './explain.js';
import { capitalDisbursed, cappedRatio, milli, netNewFte } from './metrics.js';
import type { ClawbackResult } from './types.js';

/** The clawback at the as-of date, or undefined when the agreement has none or it is not yet measured. */
export function clawback(ctx: EvalContext): ClawbackResult | undefined {
  const spec = ctx.agreement.clawback;
  if (!spec) return undefined;
  const dates = [...(spec.at ?? []), ctx.termEnds].filter((d) => d <= ctx.asOf).sort();
  const measuredOn: IsoDate | undefined = dates.at(-1);
  const security = spec.security
    ? factsOf(ctx, 'breach')
        .filter(
          (b) =>
            b.event === 'prohibited-transaction' &&
            b.date <= ctx.asOf &&
            b.date < addYears(ctx.agreement.signed, spec.security!.lookbackYears),
        )
        .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.id < b.id ? -1 : 1))[0]
    : undefined;
  if (!measuredOn && !security) return undefined;
  const at = { date: measuredOn ?? ctx.asOf, known: ctx.asOf };

  const commitments = ctx.agreement.commitments;
  const parts: { ratio: number; text: string; facts: string[] }[] = [];
  for (const measure of spec.measures) {
    if (measure === 'jobs') {
      const target = commitments.reduce((sum, c) => sum + (c.jobs?.target ?? 0), 0);
      const n = netNewFte(ctx, {}, at);
      const ratio = cappedRatio(n.netMilliHours, milli(target * ctx.hoursPerFte));
      parts.push({
        ratio,
        text: `jobs ${formatFte(Number(n.netMilliHours) / 1000 / ctx.hoursPerFte)} of ${formatFte(target)} (${percent(ratio)})`,
        facts: n.facts,
      });
    } else {
      const target = commitments.reduce((sum, c) => sum + (c.capital?.total ?? 0n), 0n);
      const c = capitalDisbursed(ctx, {}, at);
      const ratio = cappedRatio(c.cents, target);
      parts.push({
        ratio,
        text: `capital ${formatUsd(c.cents)} of ${formatUsd(target)} (${percent(ratio)})`,
        facts: c.facts,
      });
    }
  }
  const performance = Number(
    roundHalfUp(BigInt(parts.reduce((s, p) => s + p.ratio, 0)), BigInt(Math.max(1, parts.length))),
  );
  const relief = factsOf(ctx, 'relief-granted').filter((f) => security || f.periodEnd <= at.date);
  const reliefGranted = relief.length > 0 ? relief.reduce((s, f) => s + f.amount, 0n) : undefined;
  const repayShare = security ? PPM_PER_UNIT : performance < spec.tolerance ? PPM_PER_UNIT - performance : 0;
  const due = reliefGranted === undefined ? undefined : applyRate(reliefGranted, repayShare);
  const measured = `performance ${percent(performance)} = mean of ${parts.map((p) => p.text).join(' and ')} at ${at.date} (${factList([...new Set(parts.flatMap((p) => p.facts))].sort())})`;
  const reliefText =
    reliefGranted === undefined
      ? 'no relief-granted facts are recorded, so the amount due is unknown'
      : `relief granted ${formatUsd(reliefGranted)} (${factList(relief.map((f) => f.id))}), due ${formatUsd(due!)}`;
  const explanation = security
    ? `Security clawback (C7): prohibited transaction on ${security.date} (fact ${security.id}) within ${spec.security!.lookbackYears} years of signing, so all relief is repaid; ${reliefText}. For reference, ${measured}.`
    : repayShare > 0
      ? `Pro-rata clawback (C1): ${measured}, below the ${percent(spec.tolerance)} tolerance, so ${percent(repayShare)} of relief is repaid; ${reliefText}.`
      : `No clawback (C1): ${measured}, at or above the ${percent(spec.tolerance)} tolerance; ${reliefText}.`;
  return {
    performance,
    tolerance: spec.tolerance,
    repayShare,
    ...(reliefGranted !== undefined && { reliefGranted }),
    ...(due !== undefined && { due }),
    explanation,
  };
}
