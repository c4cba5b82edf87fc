/**
 * @module evaluation/employment-figures
 * The rules an employment report's figures obey wherever the report comes from — a facts file, a CSV row,
 * a signed ledger statement, or a fact replayed from the log: relocated hours are part of paid hours (J5),
 * and a report covers 1 to 12 full months (J2). Each input states the problem in its own words and at its
 * own field; the rule itself is decided here once, so the inputs cannot drift apart.
 */

/**
 * J5: paid and relocated hours are finite, zero or more, and the relocated hours are part of the paid ones.
 *
 * @example
 * hoursConsistent(1_000_000, 20_000) // true
 * hoursConsistent(1_000, 2_000) // false: relocated hours exceed paid hours
 */
export function hoursConsistent(paidHours: number, relocatedHours = 0): boolean {
  return Number.isFinite(paidHours) && paidHours >= 0 && relocatedHours >= 0 && relocatedHours <= paidHours;
}

/**
 * J2: a report covers a whole number of full months, 1 to 12 (a plant that opened mid-year).
 *
 * @example
 * monthsInRange(6) // true
 * monthsInRange(13) // false
 */
export function monthsInRange(months: number): boolean {
  return Number.isInteger(months) && months >= 1 && months <= 12;
}
