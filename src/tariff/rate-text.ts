/**
 * @module tariff/rate-text
 * HTS column-1 rate strings as the USITC export writes them — `Free`, `2.5%`, `4.4¢/kg`, `$1.05/kg`,
 * `2.5% + 4.4¢/kg` — parsed into an exact ad valorem part (ppm) and an optional specific part, and the duty
 * and ad valorem equivalent (AVE) they give on a line.
 */
import {
  type Cents,
  MAX_RATE_DIGITS,
  PPM_PER_UNIT,
  type Ppm,
  parseScaledDecimal,
  ratioPpm,
  roundHalfUp,
} from '../_lib/money.js';

/** A specific duty: an amount per unit, in ten-thousandths of a cent (so 4.4¢ = 44_000). */
export interface SpecificRate {
  perUnit: bigint;
  /** The unit as written (`kg`, `liter`, `No.` …); only `kg` can be computed from an entry line. */
  unit: string;
}

/** A parsed column-1 rate. */
export interface RateText {
  text: string;
  adValorem: Ppm;
  specific?: SpecificRate;
}

/**
 * The longest rate text read (the longest in the official HTS export is under 60 characters). Percent and
 * per-unit amounts have at most MAX_RATE_DIGITS whole digits, so no rate text becomes Infinity.
 */
const MAX_RATE_TEXT = 100;
const FREE_RE = /^free$/i;
const PERCENT_RE = /^(\d+(?:\.\d+)?)\s*%$/;
const SPECIFIC_RE = /^(\$?)(\d+(?:\.\d+)?)\s*(¢|c|cents?)?\s*\/\s*([A-Za-z.]+)$/;

/**
 * Parse one HTS rate string; undefined when it is not a rate accord can read.
 *
 * @example
 * parseRateText('2.5% + 4.4¢/kg') // { text, adValorem: 25000, specific: { perUnit: 44000n, unit: 'kg' } }
 */
export function parseRateText(text: string): RateText | undefined {
  if (text.length > MAX_RATE_TEXT) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (FREE_RE.test(trimmed)) return { text: trimmed, adValorem: 0 };
  let adValorem: Ppm = 0;
  let specific: SpecificRate | undefined;
  const parts = trimmed.split('+').map((p) => p.trim());
  if (parts.length > 2) return undefined;
  for (const part of parts) {
    const pct = PERCENT_RE.exec(part);
    if (pct) {
      const ppm = parseScaledDecimal(pct[1]!, 4, MAX_RATE_DIGITS);
      if (ppm === undefined || adValorem !== 0) return undefined;
      adValorem = Number(ppm);
      continue;
    }
    const sp = SPECIFIC_RE.exec(part);
    if (!sp || specific) return undefined;
    const dollars = sp[1] === '$';
    const cents = sp[3] !== undefined;
    if (dollars === cents) return undefined; // exactly one of "$1.05" or "4.4¢"
    const scaled = parseScaledDecimal(sp[2]!, 6, MAX_RATE_DIGITS);
    if (scaled === undefined) return undefined;
    // scaled is the amount × 10^6: dollars × 10^6 are already 10^-4 cents; cents × 10^6 are 100× too fine.
    if (!dollars && scaled % 100n !== 0n) return undefined;
    const perUnit = dollars ? scaled : scaled / 100n;
    specific = { perUnit, unit: sp[4]!.toLowerCase() };
  }
  return specific ? { text: trimmed, adValorem, specific } : { text: trimmed, adValorem };
}

/** The result of applying a column-1 rate to a line. */
export interface MfnDuty {
  duty: Cents;
  /** Ad valorem equivalent: the rate itself when purely ad valorem, else duty ÷ value (CBP, EO 14345 sec. 2). */
  ave: Ppm;
}

/**
 * Column-1 duty on a line, rounded once to the cent. `grams` is the net weight for a per-kg specific part.
 * Returns a string naming what is missing when the rate cannot be computed.
 *
 * @example
 * mfnDuty(parseRateText('50¢/kg')!, 1000n, 1000n) // { duty: 50n, ave: 50000 }  — CBP's example: AVE 5%
 */
export function mfnDuty(rate: RateText, value: Cents, grams: bigint | undefined): MfnDuty | string {
  if (!rate.specific) {
    return { duty: roundHalfUp(value * BigInt(rate.adValorem), BigInt(PPM_PER_UNIT)), ave: rate.adValorem };
  }
  if (rate.specific.unit !== 'kg') {
    return `the rate "${rate.text}" is per ${rate.specific.unit}, which an entry line does not carry; pass the rate as --mfn with its ad valorem equivalent`;
  }
  if (grams === undefined)
    return `the rate "${rate.text}" is specific; give the net weight (--weight-kg or weight_kg)`;
  // value·ppm/10^6 + perUnit·grams/(10^4·10^3): one common denominator, one rounding.
  const numerator = value * BigInt(rate.adValorem) * 10n + rate.specific.perUnit * grams;
  const duty = roundHalfUp(numerator, 10_000_000n);
  const ave = value > 0n ? ratioPpm(duty, value) : rate.adValorem;
  return { duty, ave };
}
