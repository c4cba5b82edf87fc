/**
 * @module economics/operators
 * The WITS tariff-change operators (WITS help, "Defining a Tariff change"): a new rate, a maximum rate,
 * a linear cut and the Swiss formula. Rates are integer ppm; results are rounded half up to the ppm.
 */
import type { Ppm } from '../_lib/money.js';
import { PPM_PER_UNIT, roundHalfUp } from '../_lib/money.js';

/** A tariff change as WITS defines them. */
export type TariffChange =
  | { op: 'new-rate'; rate: Ppm }
  | { op: 'cap'; rate: Ppm }
  | { op: 'linear-cut'; cut: Ppm }
  | { op: 'swiss'; coefficient?: number };

/** The Swiss-formula coefficient WITS proposes by default (rates in percent). */
export const SWISS_DEFAULT_COEFFICIENT = 16;

/**
 * Apply a tariff change to a base rate.
 *
 * @example
 * applyTariffChange(250_000, { op: 'swiss' })               // 97_561  (25% → 9.7561%)
 * applyTariffChange(275_000, { op: 'cap', rate: 150_000 })  // 150_000
 * applyTariffChange(100_000, { op: 'linear-cut', cut: 800_000 }) // 20_000
 */
export function applyTariffChange(t0: Ppm, change: TariffChange): Ppm {
  switch (change.op) {
    case 'new-rate':
      return change.rate;
    case 'cap':
      return Math.min(t0, change.rate);
    case 'linear-cut':
      return Number(roundHalfUp(BigInt(t0) * BigInt(PPM_PER_UNIT - change.cut), BigInt(PPM_PER_UNIT)));
    case 'swiss': {
      // t1 = a·t0/(a + t0) with rates in percent; in ppm the coefficient scales by 10^4.
      const a = BigInt(Math.round((change.coefficient ?? SWISS_DEFAULT_COEFFICIENT) * 10_000));
      if (a <= 0n) throw new RangeError('the Swiss coefficient must be positive');
      const base = BigInt(t0);
      return Number(roundHalfUp(a * base, a + base));
    }
  }
}
