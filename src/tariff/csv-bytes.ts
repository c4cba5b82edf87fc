/**
 * @module tariff/csv-bytes
 * Reading and writing the fields of bulk assessment straight from and into byte buffers, so that the hot
 * path makes no string per field or per line. Every reader returns -1 for anything outside its plain form;
 * the caller then takes the general (string) path, which reports the problem.
 */
import { startsFormula } from '../_lib/csv-cell.js';
import { type IsoDate, MAX_YEAR, MIN_YEAR } from '../_lib/date.js';

/** 1 for the bytes that start a spreadsheet formula (see csv-cell): one load per cell on the byte path. */
export const FORMULA_START = new Uint8Array(256);
for (let c = 0; c < 256; c++) FORMULA_START[c] = startsFormula(c) ? 1 : 0;

/** Cents of a plain decimal (`123`, `123.4`, `123.45`) in `buf[start, end)`; -1 for anything else. */
export function parseCentsBytes(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 0 || n > 16) return -1;
  let whole = 0;
  let i = start;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c === 46) break;
    if (c < 48 || c > 57) return -1;
    whole = whole * 10 + (c - 48);
  }
  if (i === start) return -1;
  if (i === end) return whole * 100;
  const frac = end - i - 1;
  if (frac < 1 || frac > 2) return -1;
  const d1 = buf[i + 1]! - 48;
  const d2 = frac === 2 ? buf[i + 2]! - 48 : 0;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  return whole * 100 + d1 * 10 + d2;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A calendar date `YYYY-MM-DD` in `buf[start, end)` as the number YYYYMMDD; -1 when it is not one, or when
 * `parseIsoDate` would refuse it (years outside MIN_YEAR–MAX_YEAR): the byte path accepts no more than the
 * string path.
 */
export function parseDateBytes(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return -1;
  let y = 0;
  for (let i = start; i < start + 4; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return -1;
    y = y * 10 + d;
  }
  const m1 = buf[start + 5]! - 48;
  const m2 = buf[start + 6]! - 48;
  const d1 = buf[start + 8]! - 48;
  const d2 = buf[start + 9]! - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  if (m < 1 || m > 12 || d < 1 || y < MIN_YEAR || y > MAX_YEAR) return -1;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : DAYS_IN_MONTH[m]!)) return -1;
  return y * 10_000 + m * 100 + d;
}

/** The ISO date of a YYYYMMDD number. */
export function isoOfDateNumber(n: number): IsoDate {
  const y = Math.floor(n / 10_000);
  const m = Math.floor(n / 100) % 100;
  const d = n % 100;
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}` as IsoDate;
}

/** The YYYYMMDD number of an ISO date. */
export function dateNumberOf(date: IsoDate): number {
  return Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10));
}

/**
 * An exact numeric key for an HTS code as written (digits and dots, up to 14 characters): each character
 * is one base-12 digit from 1 to 11, so distinct texts get distinct keys below 2^53. -1 for other text.
 */
export function htsKeyBytes(buf: Uint8Array, start: number, end: number): number {
  if (end - start > 14 || end === start) return -1;
  let key = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    let digit: number;
    if (c >= 48 && c <= 57) digit = c - 47;
    else if (c === 46) digit = 11;
    else return -1;
    key = key * 12 + digit;
  }
  return key;
}

/** "00" … "99" as ASCII digit pairs: integers are written two digits per division. */
const PAIRS = new Uint8Array(200);
for (let i = 0; i < 100; i++) {
  PAIRS[2 * i] = 48 + Math.floor(i / 10);
  PAIRS[2 * i + 1] = 48 + (i % 10);
}

function digits32(v: number): number {
  if (v < 100_000) return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10_000 ? 4 : 5;
  return v < 1_000_000 ? 6 : v < 10_000_000 ? 7 : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
}

/** Write a non-negative integer (< 2^53) in decimal at `pos`; returns the position after it. */
export function writeUint(buf: Uint8Array, pos: number, n: number): number {
  if (n < 0x80000000) {
    // Int32 arithmetic, two digits per step: the common case, and much cheaper than floating division.
    let v = n | 0;
    const end = pos + digits32(v);
    let i = end;
    while (v >= 100) {
      const q = (v / 100) | 0;
      const r = (v - q * 100) << 1;
      buf[--i] = PAIRS[r + 1]!;
      buf[--i] = PAIRS[r]!;
      v = q;
    }
    if (v >= 10) {
      buf[--i] = PAIRS[(v << 1) + 1]!;
      buf[--i] = PAIRS[v << 1]!;
    } else buf[--i] = 48 + v;
    return end;
  }
  let digits = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) digits++;
  let i = pos + digits;
  let t = n;
  do {
    const q = Math.floor(t / 10);
    buf[--i] = 48 + (t - q * 10);
    t = q;
  } while (t > 0);
  return pos + digits;
}

/** Write cents as a decimal with two places (`1234.05`); returns the position after it. */
export function writeCents(buf: Uint8Array, pos: number, cents: number): number {
  const whole = cents < 0x80000000 ? (cents / 100) | 0 : Math.floor(cents / 100);
  const frac = (cents - whole * 100) << 1;
  pos = writeUint(buf, pos, whole);
  buf[pos] = 46;
  buf[pos + 1] = PAIRS[frac]!;
  buf[pos + 2] = PAIRS[frac + 1]!;
  return pos + 3;
}

/**
 * Write duty ÷ value as a percent with up to four decimals, trailing zeros dropped (the rule of
 * `formatPercent`, ppm rounded half up); `0` for a zero value. Needs duty × 10^6 < 2^53.
 */
export function writePercent(buf: Uint8Array, pos: number, duty: number, value: number): number {
  if (value === 0) {
    buf[pos] = 48;
    return pos + 1;
  }
  const n = duty * 1e6;
  let q = Math.floor(n / value);
  const r = n - q * value;
  if (r * 2 >= value) q++;
  const whole = Math.floor(q / 10_000);
  const frac = q - whole * 10_000;
  pos = writeUint(buf, pos, whole);
  if (frac === 0) return pos;
  // Four decimals as two pairs, then the trailing zeros taken back.
  const hi = ((frac / 100) | 0) << 1;
  const lo = (frac - (hi >> 1) * 100) << 1;
  buf[pos] = 46;
  buf[pos + 1] = PAIRS[hi]!;
  buf[pos + 2] = PAIRS[hi + 1]!;
  buf[pos + 3] = PAIRS[lo]!;
  buf[pos + 4] = PAIRS[lo + 1]!;
  let end = pos + 5;
  while (buf[end - 1] === 48) end--;
  return end;
}

/**
 * Copy `src[s, e)` to `dst` at `p` four bytes at a time (short byte loops are the hot spot of writing a
 * result line); returns `p + (e − s)`. It may read up to 3 bytes past `e` and write up to 3 past the
 * returned position, so both views need that slack: the bytes written past the end are overwritten by what
 * the caller writes next. Without slack in `src` it copies byte by byte.
 */
export function copyWords(src: DataView, s: number, e: number, dst: DataView, p: number): number {
  const end = p + (e - s);
  if (e + 3 < src.byteLength) {
    for (let k = s; k < e; k += 4, p += 4) dst.setUint32(p, src.getUint32(k, true), true);
  } else {
    for (let k = s; k < e; k++, p++) dst.setUint8(p, src.getUint8(k));
  }
  return end;
}
