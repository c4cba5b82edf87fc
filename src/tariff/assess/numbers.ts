/**
 * @module tariff/assess/numbers
 * The arithmetic of bulk assessment on doubles: cents and ppm rates as plain numbers, exact while products stay
 * below 2^53 (the bounds here keep them there), rounded half up as the engine's bigints are, and written as
 * the engine writes them. Both row paths use it, so their bytes agree.
 */
import { formatPercent, ratioPpm, roundHalfUp } from '../../_lib/money.js';
import { MAX_ENTRY_DIGITS } from '../entry-fields.js';

/** Exact integer sums beyond 2^53: small additions in a double, carried into a bigint. */
export class Sum {
  big = 0n;
  small = 0;
  add(n: number): void {
    this.small += n;
    if (this.small > 4e15) {
      this.big += BigInt(this.small);
      this.small = 0;
    }
  }
  addBig(n: bigint): void {
    this.big += n;
  }
  get value(): bigint {
    return this.big + BigInt(this.small);
  }
}

/** Round n / 10^6 half up, exactly, for 0 ≤ n < 2^53. */
export function perMillion(n: number): number {
  const q = Math.floor(n / 1e6);
  const r = n - q * 1e6;
  // Float division can land one off at the edges; correct with the exact remainder.
  if (r < 0) return r * 2 + 2e6 >= 1e6 ? q : q - 1;
  if (r >= 1e6) return r - 1e6 >= 5e5 ? q + 2 : q + 1;
  return r >= 5e5 ? q + 1 : q;
}

/** Cents as a decimal with two places (`1234` → `12.34`). */
export function cents(n: number): string {
  const whole = Math.floor(n / 100);
  const frac = n - whole * 100;
  return `${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** duty ÷ value as a percent with up to four decimals, as formatPercent writes it. */
export function percentOf(duty: number, value: number): string {
  if (value === 0) return '0';
  if (duty * 1e6 >= 2 ** 53) return formatPercent(ratioPpm(BigInt(duty), BigInt(value)));
  const n = duty * 1e6;
  let q = Math.floor(n / value);
  const r = n - q * value;
  if (r * 2 >= value) q++;
  // ppm → percent with up to four decimals, trailing zeros dropped (formatPercent, without regexes).
  const whole = Math.floor(q / 10_000);
  let frac = q - whole * 10_000;
  if (frac === 0) return String(whole);
  let digits = 4;
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  return `${whole}.${String(frac).padStart(digits, '0')}`;
}

export const MAX_SAFE_VALUE = Math.floor(2 ** 53 / 2_000_000); // value × rate (≤ 200%) stays exact in a double
/**
 * The largest duty on one line (cents, exclusive): $10 trillion. Values are below it too, so the running sums
 * (carried into a bigint at 4e15) stay exact.
 */
export const MAX_LINE_DUTY = 10n ** 15n;

/** HMF in cents, exact for any value an entry line may have (a double product only while it is exact). */
export function hmfOf(value: number, rate: number): number {
  return value * rate < 2 ** 53
    ? perMillion(value * rate)
    : Number(roundHalfUp(BigInt(value) * BigInt(rate), 1_000_000n));
}

/**
 * Cents of a plain decimal (`123`, `123.4`, `123.45`, at most {@link MAX_ENTRY_DIGITS} whole digits) without
 * allocation; -1 for anything else (the money parser then decides).
 */
export function parsePlainCents(text: string): number {
  let whole = 0;
  let i = 0;
  const n = text.length;
  if (n === 0 || n > MAX_ENTRY_DIGITS + 3) return -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57 || i === MAX_ENTRY_DIGITS) return -1;
    whole = whole * 10 + (c - 48);
  }
  if (i === 0) return -1;
  if (i === n) return whole * 100;
  const frac = n - i - 1;
  if (frac < 1 || frac > 2) return -1;
  const d1 = text.charCodeAt(i + 1) - 48;
  const d2 = frac === 2 ? text.charCodeAt(i + 2) - 48 : 0;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  return whole * 100 + d1 * 10 + d2;
}
