/**
 * @module tariff/fees
 * Entry fees: the merchandise processing fee (0.3464% of entered value, within the fiscal year's minimum
 * and maximum, per formal entry) and the harbor maintenance fee (0.125%, ocean shipments only, no bounds).
 */
import type { IsoDate } from '../_lib/date.js';
import { applyRate, type Cents } from '../_lib/money.js';
import type { FeeRules, MpfYear } from './rule-base.js';

/** Transport modes an entry line can carry. */
export type Transport = 'ocean' | 'air' | 'other';

/** The MPF of one entry with the bounds that applied. */
export interface MpfResult {
  amount: Cents;
  fiscalYear: string;
  min: Cents;
  max: Cents;
  /** Why the fee is what it is: the bound that applied, and a caveat when the year's bounds are not known. */
  note: string;
}

/** The fiscal year's bounds for an entry date (the last known year beyond the data, with a caveat). */
export function mpfYear(fees: FeeRules, date: IsoDate): { year: MpfYear; caveat?: string } {
  for (const year of fees.mpf.years) if (date >= year.from && date < year.until) return { year };
  const last = fees.mpf.years[fees.mpf.years.length - 1]!;
  if (date >= last.until) return { year: last, caveat: fees.mpf.afterLastYear };
  const first = fees.mpf.years[0]!;
  return { year: first, caveat: `no MPF bounds before ${first.from}; ${first.fiscalYear} shown` };
}

/**
 * MPF on an entry's total entered value: 0.3464% clamped to the fiscal year's minimum and maximum.
 *
 * @example
 * mpf(fees, isoDate('2025-10-01'), 4_500_000n).amount // 15588n ($155.88)
 */
export function mpf(fees: FeeRules, date: IsoDate, enteredValue: Cents): MpfResult {
  const { year, caveat } = mpfYear(fees, date);
  const raw = applyRate(enteredValue, fees.mpf.rate);
  // bigint: no Math.min/max.
  let amount = raw;
  if (amount < year.min) amount = year.min;
  if (amount > year.max) amount = year.max;
  const bound = raw < year.min ? 'the minimum' : raw > year.max ? 'the maximum' : 'within the bounds';
  const note = `0.3464% of entered value, ${bound} of ${year.fiscalYear}${caveat ? `; ${caveat}` : ''}`;
  return { amount, fiscalYear: year.fiscalYear, min: year.min, max: year.max, note };
}

/** HMF on a line: 0.125% when it came by ocean, else zero. */
export function hmf(fees: FeeRules, transport: Transport | undefined, value: Cents): Cents {
  return transport !== undefined && fees.hmf.transport.includes(transport)
    ? applyRate(value, fees.hmf.rate)
    : 0n;
}
