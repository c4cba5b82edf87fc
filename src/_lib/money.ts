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
 * than `scale` or is not a plain non-negative decimal.
 *
 * @example
 * parseScaledDecimal('12.5', 4) // 125000n
 */
export function parseScaledDecimal(text: string, scale: number): bigint | undefined {
  const m = DECIMAL_RE.exec(text);
  if (!m) return undefined;
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

const SUFFIX: Record<string, bigint> = {
  k: 1_000n,
  m: 1_000_000n,
  mn: 1_000_000n,
  bn: 1_000_000_000n,
  b: 1_000_000_000n,
  tn: 1_000_000_000_000n,
};

/**
 * Parse a US-dollar amount written by a person into cents. Accepts `4000000000`, `"4,000,000,000.00"`,
 * `"$4bn"`, `"4.4 bn"`, `"100m"`, `"2.5k"`. Returns undefined when the amount is not exact to the cent or
 * not a non-negative number.
 *
 * @example
 * parseUsd('4.4bn') // 440000000000n  (cents)
 * parseUsd(1234.5)  // 123450n
 * parseUsd('0.001') // undefined
 */
export function parseUsd(value: string | number): Cents | undefined {
  let text: string | undefined;
  if (typeof value === 'number') text = numberToDecimalString(value);
  else text = value.trim().replace(/^\$/, '').replace(/,/g, '').replace(/\s+/g, '');
  if (text === undefined || text === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)([a-z]*)$/i.exec(text);
  if (!m) return undefined;
  const suffix = m[2]!.toLowerCase();
  if (suffix === '') return parseScaledDecimal(m[1]!, 2);
  const mult = SUFFIX[suffix];
  if (mult === undefined) return undefined;
  // Scale generously, then require the result to be whole cents.
  const scaled = parseScaledDecimal(m[1]!, 12);
  if (scaled === undefined) return undefined;
  const numerator = scaled * mult * 100n;
  const denominator = 10n ** 12n;
  if (numerator % denominator !== 0n) return undefined;
  return numerator / denominator;
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
  const m = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value);
  if (!m) return undefined;
  const ppm = parseScaledDecimal(m[1]!, 4);
  return ppm === undefined ? undefined : Number(ppm);
}

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
