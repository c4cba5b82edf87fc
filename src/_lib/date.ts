/**
 * @module date
 * Calendar dates as `YYYY-MM-DD` strings in the issuing jurisdiction's terms. No time zones, no clocks:
 * a date is a day. Arithmetic goes through a day number so that it is exact.
 */

/** A validated `YYYY-MM-DD` calendar date. */
export type IsoDate = string & { readonly __isoDate: unique symbol };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The years a date may fall in: wide enough for any agreement or entry, narrow enough to catch typos. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;

/** True for leap years of the proleptic Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parse a `YYYY-MM-DD` string; returns undefined for anything that is not a real calendar day.
 *
 * @example
 * parseIsoDate('2025-09-16') // '2025-09-16'
 * parseIsoDate('2025-02-30') // undefined
 */
export function parseIsoDate(text: string): IsoDate | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return text as IsoDate;
}

/** Like {@link parseIsoDate} but throws; for dates written in code and data the project ships. */
export function isoDate(text: string): IsoDate {
  const d = parseIsoDate(text);
  if (!d) throw new RangeError(`not a calendar date: ${text}`);
  return d;
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Inverse of {@link toDayNumber}. */
export function fromDayNumber(day: number): IsoDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10) as IsoDate;
}

/** `date` plus `days` (which may be negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * `date` plus whole months; the day is clamped to the month's end (2025-01-31 + 1 month = 2025-02-28).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}` as IsoDate;
}

/** `date` plus whole years, clamping 29 February. */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** Days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Compare for sorting: negative, zero or positive. ISO dates sort as strings. */
export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The later of two dates. */
export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** The earlier of two dates. */
export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/** A span of time written as `180d`, `6m` or `2y`. */
export interface Duration {
  amount: number;
  unit: 'd' | 'm' | 'y';
}

const DURATION_RE = /^(\d{1,5})\s*([dmy])$/;

/**
 * Parse `180d`, `6m`, `2y`; undefined for anything else.
 *
 * @example
 * parseDuration('180d') // { amount: 180, unit: 'd' }
 */
export function parseDuration(text: string): Duration | undefined {
  const m = DURATION_RE.exec(text.trim());
  if (!m) return undefined;
  return { amount: Number(m[1]), unit: m[2] as Duration['unit'] };
}

/** `date` plus a duration. */
export function addDuration(date: IsoDate, duration: Duration): IsoDate {
  if (duration.unit === 'd') return addDays(date, duration.amount);
  if (duration.unit === 'm') return addMonths(date, duration.amount);
  return addYears(date, duration.amount);
}

/** `180d` / `6m` / `2y`. */
export function formatDuration(duration: Duration): string {
  return `${duration.amount}${duration.unit}`;
}
