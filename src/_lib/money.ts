/**
 * @module money
 * Exact money: integer US cents as `bigint`, and rates as integer parts per million (ppm). There is one
 * rounding rule, {@link roundHalfUp}: duty and fee amounts are rounded to the cent per line, half a cent
 * and above going up (amounts here are never negative).
 */

/** Integer cents. */
export type Cents = bigint;
/** A rate in parts per million: 15% = 150_000. */
export type Ppm = number;

export const PPM_PER_UNIT = 1_000_000;

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parse a decimal string exactly into an integer scaled by 10^scale; undefined when it has more decimals
 * than `scale`, more than `maxWholeDigits` digits before the point (leading zeros aside), or is not a plain
 * non-negative decimal.
 *
 * @example
 * parseScaledDecimal('12.5', 4) // 125000n
 */
export function parseScaledDecimal(
  text: string,
  scale: number,
  maxWholeDigits = Number.POSITIVE_INFINITY,
): bigint | undefined {
  const m = DECIMAL_RE.exec(text);
  if (!m) return undefined;
  if (m[1]!.length > maxWholeDigits && m[1]!.replace(/^0+/, '').length > maxWholeDigits) return undefined;
  const frac = m[2] ?? '';
  if (frac.length > scale) {
    // Trailing zeros beyond the scale are harmless: 1.500 at scale 2 is 1.50.
    if (!/^0*$/.test(frac.slice(scale))) return undefined;
  }
  const padded = (frac + '0'.repeat(scale)).slice(0, scale);
  return BigInt(m[1]!) * 10n ** BigInt(scale) + (scale > 0 ? BigInt(padded) : 0n);
}

/** A plain decimal string for a JS number without exponent notation (exact for what JSON/YAML parsed). */
export function numberToDecimalString(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  if (Number.isInteger(value)) {
    if (!Number.isSafeInteger(value)) return undefined;
    return String(value);
  }
  const text = String(value);
  const e = text.indexOf('e');
  if (e >= 0) {
    // Small fractions print as 1.5e-7: shift the printed digits (the shortest that read back as the number)
    // by the exponent, as text — toFixed would round them to 20 places.
    const exponent = Number(text.slice(e + 1));
    const digits = text.slice(0, e).replace('.', '');
    const point = text.indexOf('.') < 0 || text.indexOf('.') > e ? 1 : text.indexOf('.');
    const at = point + exponent; // where the decimal point falls in `digits` (≤ 0 here: the number is < 1)
    return `0.${'0'.repeat(-at)}${digits}`.replace(/0+$/, '');
  }
  return text;
}

/**
 * Multipliers people write after an amount. A Map, not an object: the suffix is user text, and an object
 * lookup finds `constructor` or `__proto__` on the prototype (`1constructor` once crashed every money field).
 */
const SUFFIX: ReadonlyMap<string, bigint> = new Map([
  ['k', 1_000n],
  ['m', 1_000_000n],
  ['mn', 1_000_000n],
  ['b', 1_000_000_000n],
  ['bn', 1_000_000_000n],
  ['tn', 1_000_000_000_000n],
]);

/**
 * The most whole-dollar digits an amount may have (up to $999,999,999,999,999.99): beyond any deal, and a
 * bound that keeps a pasted 400-digit number out of the arithmetic.
 */
export const MAX_USD_DIGITS = 15;
/** The longest amount text, without spaces and commas; longer texts are refused before any pattern runs. */
export const MAX_AMOUNT_TEXT = 64;

/** An amount read from text, or why it is not one (a clause that completes "… is not an amount: "). */
export type UsdReading =
  | { ok: true; cents: Cents }
  | {
      ok: false;
      reason: string;
      /** Refused only for its size: callers with a tighter bound state theirs instead. */
      tooLarge?: true;
    };

const usdRefused = (reason: string, tooLarge = false): UsdReading =>
  tooLarge ? { ok: false, reason, tooLarge } : { ok: false, reason };

/**
 * {@link parseUsd} with the reason for a refusal, for messages that say how to fix the input. Whole-dollar
 * digits are counted without leading zeros and after the suffix (`1tn` has 13).
 *
 * @example
 * readUsd('1constructor') // { ok: false, reason: 'unknown suffix "constructor"; use k, m, mn, b, bn, tn or none' }
 * readUsd('9'.repeat(309)) // { ok: false, reason: 'it has more than 15 digits …', tooLarge: true }
 */
export function readUsd(value: string | number): UsdReading {
  let text: string | undefined;
  if (typeof value === 'number') {
    text = numberToDecimalString(value);
    if (text === undefined)
      return usdRefused(
        Number.isFinite(value) && value >= 0
          ? `it is too large to be exact as a number; write it as text, at most ${MAX_USD_DIGITS} digits before the decimal point`
          : 'it is not a finite number of zero or more',
      );
  } else {
    // A few kilobytes are cleaned up and looked at (so a pasted number is told it has too many digits);
    // more is refused unread.
    if (value.length > 4096) return usdRefused(`it is longer than ${MAX_AMOUNT_TEXT} characters`);
    // Spaces may group digits or set off a suffix (`4 000`, `4.4 bn`); other whitespace inside (a tab, a CR)
    // is not how an amount is written.
    text = value.trim().replace(/^\$/, '').replace(/,/g, '').replace(/ +/g, '');
  }
  if (text === '') return usdRefused('it is empty');
  const tooLarge = `it has more than ${MAX_USD_DIGITS} digits before the decimal point`;
  if (text.length > MAX_AMOUNT_TEXT) {
    const digits = /^0*(\d*)/.exec(text)![1]!.length;
    if (digits > MAX_USD_DIGITS) return usdRefused(tooLarge, true);
    return usdRefused(`it is longer than ${MAX_AMOUNT_TEXT} characters`);
  }
  if (/^[-\u2212]/.test(text)) return usdRefused('it is negative; amounts are zero or more');
  const m = /^(\d+)(\.\d+)?([a-z]*)$/i.exec(text);
  if (!m) return usdRefused('write digits with at most one decimal point, e.g. 45000, 45,000.50 or 4.4bn');
  const suffix = m[3]!.toLowerCase();
  const mult = suffix === '' ? 1n : SUFFIX.get(suffix);
  if (mult === undefined)
    return usdRefused(
      `unknown suffix "${suffix.slice(0, 16)}"; use ${[...SUFFIX.keys()].join(', ')} or none`,
    );
  if (m[1]!.replace(/^0+/, '').length > MAX_USD_DIGITS) return usdRefused(tooLarge, true);
  // Scale generously, then require the result to be whole cents.
  const scaled = parseScaledDecimal(m[1]! + (m[2] ?? ''), 12);
  if (scaled === undefined) return usdRefused('it is not exact to the cent');
  const numerator = scaled * mult * 100n;
  const denominator = 10n ** 12n;
  if (numerator % denominator !== 0n) return usdRefused('it is not exact to the cent');
  const cents = numerator / denominator;
  if (cents >= MAX_USD_CENTS_EXCLUSIVE) return usdRefused(tooLarge, true);
  return { ok: true, cents };
}

/** 10^(MAX_USD_DIGITS + 2): the first amount in cents with too many whole-dollar digits. */
const MAX_USD_CENTS_EXCLUSIVE = 10n ** BigInt(MAX_USD_DIGITS + 2);

/**
 * Parse a US-dollar amount written by a person into cents. Accepts `4000000000`, `"4,000,000,000.00"`,
 * `"$4bn"`, `"4.4 bn"`, `"100m"`, `"2.5k"`. Returns undefined when the amount is not exact to the cent, not
 * a non-negative number, or has more than {@link MAX_USD_DIGITS} whole-dollar digits ({@link readUsd} says
 * which).
 *
 * @example
 * parseUsd('4.4bn') // 440000000000n  (cents)
 * parseUsd(1234.5)  // 123450n
 * parseUsd('0.001') // undefined
 */
export function parseUsd(value: string | number): Cents | undefined {
  const reading = readUsd(value);
  return reading.ok ? reading.cents : undefined;
}

/**
 * Cents as a decimal string with two places, as the JSON outputs carry money.
 *
 * @example
 * formatCents(450000n) // '4500.00'
 * formatCents(-5n)     // '-0.05'
 */
export function formatCents(cents: Cents): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

/**
 * Cents for people: `$4,500.00`.
 *
 * @example
 * formatUsd(400000000000n) // '$4,000,000,000.00'
 */
export function formatUsd(cents: Cents): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = (abs / 100n).toString();
  const frac = Number(abs % 100n);
  // Thousands separators by slicing (a lookahead regex here was a visible cost of every explanation).
  let i = whole.length % 3 || 3;
  let grouped = whole.slice(0, i);
  for (; i < whole.length; i += 3) grouped += `,${whole.slice(i, i + 3)}`;
  return `${negative ? '-' : ''}$${grouped}.${frac < 10 ? '0' : ''}${frac}`;
}

/**
 * Divide and round half up (towards +∞ at exactly one half) — the one rounding rule for money.
 * `denominator` must be positive.
 *
 * @example
 * roundHalfUp(5n, 2n)  // 3n
 * roundHalfUp(-5n, 2n) // -2n
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const q = numerator / denominator;
  const r = numerator % denominator;
  if (r === 0n) return q;
  // BigInt division truncates towards zero; move to floor first for negatives.
  const floor = r < 0n ? q - 1n : q;
  const rem = r < 0n ? r + denominator : r;
  return rem * 2n >= denominator ? floor + 1n : floor;
}

/**
 * Apply a ppm rate to an amount in cents, rounded to the cent.
 *
 * @example
 * applyRate(10_000_00n, 25_000) // 250_00n  (2.5% of $10,000.00 = $250.00)
 */
export function applyRate(cents: Cents, rate: Ppm): Cents {
  return roundHalfUp(cents * BigInt(rate), BigInt(PPM_PER_UNIT));
}

/**
 * Parse a rate: a percent string (`"15%"`, `"0.3464%"`, up to four decimals of a percent) or a number
 * read as a fraction in [0, 1] (`0.15`). Returns ppm, or undefined.
 *
 * @example
 * parseRate('2.5%') // 25000
 * parseRate(0.25)   // 250000
 */
export function parseRate(value: string | number): Ppm | undefined {
  if (typeof value === 'number') {
    if (!(value >= 0 && value <= 1)) return undefined;
    const text = numberToDecimalString(value);
    if (text === undefined) return undefined;
    const ppm = parseScaledDecimal(text, 6);
    return ppm === undefined ? undefined : Number(ppm);
  }
  if (value.length > MAX_RATE_TEXT) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (!m) return undefined;
  const ppm = parseScaledDecimal(m[1]!, 4, MAX_RATE_DIGITS);
  return ppm === undefined ? undefined : Number(ppm);
}

/**
 * Whole-percent digits a rate may have (up to 999999.9999%): callers bound the range they accept (a share at
 * 100%, a tariff at 1000%); this keeps a 400-digit percent from becoming Infinity ppm first.
 */
export const MAX_RATE_DIGITS = 6;
/** The longest rate text read. */
const MAX_RATE_TEXT = 40;

/**
 * A ppm rate as a decimal percent string without trailing zeros.
 *
 * @example
 * formatPercent(150000) // '15'
 * formatPercent(3464)   // '0.3464'
 */
export function formatPercent(rate: Ppm): string {
  const negative = rate < 0;
  const abs = Math.abs(rate);
  const whole = Math.trunc(abs / 10_000);
  const frac = String(abs % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** A ratio num/den in ppm, rounded half up; den must be positive. */
export function ratioPpm(numerator: bigint, denominator: bigint): Ppm {
  return Number(roundHalfUp(numerator * BigInt(PPM_PER_UNIT), denominator));
}
