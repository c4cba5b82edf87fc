/**
 * @module tariff/rate-text
 * HTS rate strings as the USITC export writes them, parsed into exact parts, and the duty they give on a line.
 * Every column-1 ("general") text of the 2026 schedule is either computable or a reference to another rate:
 *
 * - `Free`; `2.5%`; `6.5% on the entire set` — a percent of the entered value;
 * - a percent of the value of a part: `2.5% on the value of the lead content`, `3.9% on the movement and
 *   case + 5.3% on the battery`, `4.8% on the case + 2.2% on the strap, band or bracelet`;
 * - an amount per unit of a quantity: `4.4¢/kg`, `$1.05/kg`, `6.3¢/liter`, `23.7¢/pf.liter`, `38.4¢/1000`,
 *   `2.8¢/doz.`, `90¢/pr.`, `16¢ each`, `2¢/jewel`, `10.5¢/bbl`, `$1.13/m3`, `$1.24/t`, `68¢/head`,
 *   `18.7¢/clean kg`, and kilograms of a kind: `on drained weight`, `of total sugars`, `on lead content` …;
 * - the raw-sugar scale `3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a
 *   degree in proportion) but not less than 3.143854¢/kg` (heading 1701), on kg and the polarity in degrees;
 * - sums of the above (`36¢ each + 5.6% + 2¢/jewel`);
 * - a reference (`The rate applicable to …`, `See additional U.S. note 3`): the user gives the rate (--mfn).
 *
 * Amounts per unit are kept in millionths of a cent (the scale has rates such as 0.020668¢/kg), quantities
 * in thousandths, and a line's duty is rounded once, half up, to the cent.
 */
import {
  type Cents,
  MAX_RATE_DIGITS,
  type Ppm,
  parseScaledDecimal,
  ratioPpm,
  roundHalfUp,
} from '../_lib/money.js';

/**
 * The quantities a rate can be charged on, by the key users write (`--qty KEY=N`, CSV column `qty_KEY`;
 * net kilograms are `--weight-kg` and `weight_kg`), with what each one is.
 */
export const QUANTITIES = {
  kg: 'net weight in kilograms',
  kg_drained: 'drained weight in kilograms',
  kg_gross: 'weight of the contents and container in kilograms',
  kg_contents: 'weight of the entire contents of the container in kilograms',
  kg_sugars: 'total sugars in kilograms',
  kg_clean: 'clean weight in kilograms (clean yield)',
  kg_lead: 'lead content in kilograms',
  kg_copper: 'copper content in kilograms',
  kg_tungsten: 'tungsten content in kilograms',
  kg_molybdenum: 'molybdenum content in kilograms',
  kg_magnesium: 'magnesium content in kilograms',
  degrees: 'polarity of the sugar in degrees (0–100)',
  liter: 'volume in liters',
  pf_liter: 'proof liters',
  no: 'number of articles',
  pr: 'number of pairs',
  doz: 'number of dozens',
  gross: 'number of gross (144 articles)',
  gr_lines: 'gross lines (lines per article × gross)',
  thousand: 'number of articles in thousands',
  head: 'number of head',
  jewel: 'number of jewels',
  bbl: 'barrels',
  m2: 'square meters',
  m3: 'cubic meters',
  t: 'metric tons',
  usd_lead: 'value of the lead content in US dollars',
  usd_movement: 'value of the movement in US dollars',
  usd_movement_case: 'value of the movement and case in US dollars',
  usd_case: 'value of the case in US dollars',
  usd_case_strap: 'value of the case and the strap, band or bracelet in US dollars',
  usd_battery: 'value of the battery in US dollars',
  usd_strap: 'value of the strap, band or bracelet in US dollars',
  usd_apparatus: 'value of the apparatus (without its battery) in US dollars',
  usd_rifle: 'value of the rifle in US dollars',
  usd_sight: 'value of the telescopic sight in US dollars (0 if none)',
} as const satisfies Record<string, string>;

/** A quantity key. */
export type QuantityKey = keyof typeof QUANTITIES;

/** True when `key` names a quantity. */
export function isQuantityKey(key: string): key is QuantityKey {
  return Object.hasOwn(QUANTITIES, key);
}

/** Keys whose quantity is a money amount (the value of a part), read as US dollars. */
export function isValueQuantity(key: QuantityKey): boolean {
  return key.startsWith('usd_');
}

/** One part of a rate besides its plain ad valorem percent. */
export type RatePart =
  /** A percent of the value of a part of the article (`usd_*`). */
  | { kind: 'percent-of'; ppm: Ppm; of: QuantityKey }
  /**
   * An amount per unit: millionths of a cent per `per` units of the quantity, on the units above `over`
   * (thousandths; `2.8¢/jewel over 7`).
   */
  | { kind: 'per-unit'; microCents: bigint; per: bigint; of: QuantityKey; over?: bigint }
  /** The raw-sugar scale of heading 1701, per kg: max(base − step × (100 − degrees), floor). */
  | { kind: 'sugar-scale'; base: bigint; step: bigint; floor: bigint };

/** A parsed rate. */
export interface RateText {
  text: string;
  /** The percent of the entered value (ppm); 0 when there is none. */
  adValorem: Ppm;
  /** Every other part; empty for `Free` and plain percents. */
  parts: RatePart[];
  /** The quantities the parts need, in the order they appear. */
  needs: QuantityKey[];
}

/** The longest rate text read (the longest in the official export is under 200 characters). */
const MAX_RATE_TEXT = 300;

const PERCENT_RE = /^(\d+(?:\.\d+)?)\s*%(?:\s+(.+))?$/;
const AMOUNT_RE = /^(\$?)(\d+(?:\.\d+)?)\s*(¢?)\s*(?:\/\s*(.+)|\s+(each))$/;
const SUGAR_RE =
  /^(\d+(?:\.\d+)?)¢\/kg less (\d+(?:\.\d+)?)¢\/kg for each degree under 100 degrees \(and fractions of a degree in proportion\) but not less than (\d+(?:\.\d+)?)¢\/kg$/;

/** What a percent is charged on, by the words after it. */
const PERCENT_OF: Record<string, QuantityKey | 'value'> = {
  'on the entire set': 'value',
  'on the value of the lead content': 'usd_lead',
  'on the movement and case': 'usd_movement_case',
  'on the movement': 'usd_movement',
  'on the case': 'usd_case',
  'on the battery': 'usd_battery',
  'on the strap, band or bracelet': 'usd_strap',
  'on the case and strap, band or bracelet': 'usd_case_strap',
  'on case and strap, band or bracelet': 'usd_case_strap',
  'on the apparatus': 'usd_apparatus',
  'on the value of the rifle': 'usd_rifle',
  'on the value of the telescopic sight, if any': 'usd_sight',
};

/** Units after `/`, longest first, and the quantity each is counted in (with how many units one rate covers). */
const UNITS: [string, QuantityKey, bigint][] = [
  ['pf. liter', 'pf_liter', 1n],
  ['pf.liter', 'pf_liter', 1n],
  ['1,000 pins', 'thousand', 1n],
  ['line/ gross', 'gr_lines', 1n],
  ['thousand', 'thousand', 1n],
  ['clean kg', 'kg_clean', 1n],
  ['liter', 'liter', 1n],
  ['jewel', 'jewel', 1n],
  ['gross', 'gross', 1n],
  ['head', 'head', 1n],
  ['doz.', 'doz', 1n],
  ['1000', 'thousand', 1n],
  ['pr.', 'pr', 1n],
  ['bbl', 'bbl', 1n],
  ['article', 'no', 1n],
  ['kg', 'kg', 1n],
  ['m2', 'm2', 1n],
  ['m3', 'm3', 1n],
  ['t', 't', 1n],
];

/** Kilograms of a kind, by the words after `/kg`. */
const KG_OF: Record<string, QuantityKey> = {
  'on drained weight': 'kg_drained',
  'on contents and container': 'kg_gross',
  'on entire contents of container': 'kg_contents',
  'of total sugars': 'kg_sugars',
  'on lead content': 'kg_lead',
  'on copper content': 'kg_copper',
  'on tungsten content': 'kg_tungsten',
  'on molybdenum content': 'kg_molybdenum',
  'on magnesium content': 'kg_magnesium',
};

/** Millionths of a cent in `$2.146` (dollars) or `4.4¢` (cents). */
function microCents(digits: string, dollars: boolean): bigint | undefined {
  return parseScaledDecimal(digits, dollars ? 8 : 6, MAX_RATE_DIGITS);
}

function perUnit(text: string): RatePart | undefined {
  const m = AMOUNT_RE.exec(text);
  if (!m) return undefined;
  const dollars = m[1] === '$';
  if (dollars === (m[3] === '¢')) return undefined; // exactly one of "$1.05" or "4.4¢"
  const amount = microCents(m[2]!, dollars);
  if (amount === undefined) return undefined;
  if (m[5] === 'each') return { kind: 'per-unit', microCents: amount, per: 1n, of: 'no' };
  const rest = m[4]!.trim();
  for (const [unit, key, per] of UNITS) {
    if (!rest.startsWith(unit)) continue;
    const tail = rest.slice(unit.length).trim();
    if (tail === '') return { kind: 'per-unit', microCents: amount, per, of: key };
    if (key === 'kg' && KG_OF[tail]) return { kind: 'per-unit', microCents: amount, per, of: KG_OF[tail]! };
    const over = /^over (\d+)$/.exec(tail);
    if (key === 'jewel' && over)
      return { kind: 'per-unit', microCents: amount, per, of: key, over: BigInt(over[1]!) * 1000n };
    // "22.1¢/pf. liter on ethyl alcohol content": a proof liter measures the alcohol already.
    if (key === 'pf_liter' && tail === 'on ethyl alcohol content')
      return { kind: 'per-unit', microCents: amount, per, of: key };
    return undefined;
  }
  return undefined;
}

/**
 * Parse one HTS rate string; undefined when it is not a rate accord can compute (a reference to another
 * rate, or not a rate at all).
 *
 * @example
 * parseRateText('2.5% + 4.4¢/kg') // { text, adValorem: 25000, parts: [{ kind: 'per-unit', microCents: 4400000n, per: 1n, of: 'kg' }], needs: ['kg'] }
 */
export function parseRateText(text: string): RateText | undefined {
  if (text.length > MAX_RATE_TEXT) return undefined;
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed === '') return undefined;
  if (/^free$/i.test(trimmed)) return { text: trimmed, adValorem: 0, parts: [], needs: [] };
  const sugar = SUGAR_RE.exec(trimmed);
  if (sugar) {
    const [base, step, floor] = [sugar[1]!, sugar[2]!, sugar[3]!].map((d) => microCents(d, false));
    if (base === undefined || step === undefined || floor === undefined) return undefined;
    return {
      text: trimmed,
      adValorem: 0,
      parts: [{ kind: 'sugar-scale', base, step, floor }],
      needs: ['kg', 'degrees'],
    };
  }
  let adValorem: Ppm | undefined;
  const parts: RatePart[] = [];
  for (const piece of trimmed.split('+').map((p) => p.trim())) {
    const pct = PERCENT_RE.exec(piece);
    if (pct) {
      const ppm = parseScaledDecimal(pct[1]!, 4, MAX_RATE_DIGITS);
      if (ppm === undefined) return undefined;
      const of = pct[2] === undefined ? 'value' : PERCENT_OF[pct[2]];
      if (of === undefined) return undefined;
      if (of === 'value') {
        if (adValorem !== undefined) return undefined;
        adValorem = Number(ppm);
      } else parts.push({ kind: 'percent-of', ppm: Number(ppm), of });
      continue;
    }
    const part = perUnit(piece);
    if (!part) return undefined;
    parts.push(part);
  }
  const needs: QuantityKey[] = [];
  for (const p of parts) {
    if (p.kind === 'sugar-scale') continue;
    // Two amounts on the same quantity (`4¢/kg + 5¢/kg`) is no rate the schedule writes: a typo, not a sum.
    if (parts.some((q) => q !== p && q.kind === p.kind && q.of === p.of)) return undefined;
    if (!needs.includes(p.of)) needs.push(p.of);
  }
  return { text: trimmed, adValorem: adValorem ?? 0, parts, needs };
}

/** The result of applying a column-1 rate to a line. */
export interface MfnDuty {
  duty: Cents;
  /** Ad valorem equivalent: the rate itself when purely ad valorem, else duty ÷ value (CBP, EO 14345 sec. 2). */
  ave: Ppm;
}

/** Quantities of a line, in thousandths of their unit (value quantities: in cents × 10). */
export type QuantitiesMilli = Partial<Record<QuantityKey, bigint>>;

/** A line's duty at this denominator: pico-cents, so that every part stays an integer before one rounding. */
const PICO = 10n ** 12n;

/**
 * Column-1 duty on a line, rounded once to the cent. `quantities` are in thousandths of their unit (a `usd_*`
 * value in thousandths of a dollar). Returns the keys still missing when the rate needs quantities not given.
 *
 * @example
 * mfnDuty(parseRateText('50¢/kg')!, 1000n, { kg: 1000n }) // { duty: 50n, ave: 50000 } — CBP's example: AVE 5%
 */
export function mfnDuty(
  rate: RateText,
  value: Cents,
  quantities: QuantitiesMilli = {},
): MfnDuty | { missing: QuantityKey[] } {
  if (rate.parts.length === 0) {
    return { duty: roundHalfUp(value * BigInt(rate.adValorem), 1_000_000n), ave: rate.adValorem };
  }
  const missing = rate.needs.filter((k) => quantities[k] === undefined);
  if (missing.length > 0) return { missing };
  // value (cents) × ppm is in millionths of a cent: × 10^6 to pico-cents.
  let total = value * BigInt(rate.adValorem) * 1_000_000n;
  for (const part of rate.parts) {
    switch (part.kind) {
      case 'percent-of':
        // thousandths of a dollar = tenths of a cent: × ppm gives 10^-7 cents; × 10^5 to pico-cents.
        total += quantities[part.of]! * BigInt(part.ppm) * 100_000n;
        break;
      case 'per-unit': {
        // millionths of a cent × thousandths of a unit = 10^-9 cents; × 1000 to pico-cents.
        const above = quantities[part.of]! - (part.over ?? 0n);
        if (above > 0n) total += (part.microCents * above * 1000n) / part.per;
        break;
      }
      case 'sugar-scale': {
        // Per kg, in 10^-9 cents: base − step × (100 − degrees) (degrees in thousandths), not below floor.
        const shortfall = 100_000n - quantities.degrees!;
        let perKg = part.base * 1000n - part.step * (shortfall > 0n ? shortfall : 0n);
        if (perKg < part.floor * 1000n) perKg = part.floor * 1000n;
        total += perKg * quantities.kg!;
        break;
      }
    }
  }
  const duty = roundHalfUp(total, PICO);
  return { duty, ave: value > 0n ? ratioPpm(duty, value) : rate.adValorem };
}

/** Thousandths of a quantity written as a decimal (at most 12 whole digits, 3 decimals); undefined if not one. */
export function parseQuantity(key: QuantityKey, text: string): bigint | undefined {
  const t = text.trim();
  if (t.length > 64) return undefined;
  const milli = parseScaledDecimal(isValueQuantity(key) ? t.replace(/^\$/, '').replace(/,/g, '') : t, 3, 12);
  if (milli === undefined) return undefined;
  if (key === 'degrees' && milli > 100_000n) return undefined;
  return milli;
}

/**
 * How a user gives a quantity, for messages: `--weight-kg N (CSV: weight_kg)` or `--qty liter=N (CSV:
 * qty_liter)`, with what it is.
 */
export function quantityHint(key: QuantityKey): string {
  const how =
    key === 'kg' ? '--weight-kg N (CSV column weight_kg)' : `--qty ${key}=N (CSV column qty_${key})`;
  return `the ${QUANTITIES[key]}: ${how}`;
}

/**
 * One column of the HTS "special" column: `Free (A+,AU,…,S,SG)`, `25% (KR)`, `See 9823.08.01-9823.08.38 (S+)`.
 */
export interface SpecialGroup {
  rate: string;
  programs: string[];
}

/** The groups of a special-column text, in order. */
export function parseSpecialColumn(text: string): SpecialGroup[] {
  const groups: SpecialGroup[] = [];
  for (const m of text.matchAll(/([^()]+?)\s*\(([^)]*)\)/g)) {
    groups.push({
      rate: m[1]!.trim(),
      programs: m[2]!.split(',').map((p) => p.trim()),
    });
  }
  return groups;
}

/**
 * The special rate of a program indicator (e.g. `S` for USMCA, which the special column also writes `S+`),
 * as written: a rate, or `See 98xx…` when the program's rate is set in chapter 98 or 99; undefined when the
 * program is not listed.
 */
export function specialRateFor(special: string, program: string): string | undefined {
  for (const g of parseSpecialColumn(special)) {
    if (g.programs.some((p) => p === program || p === `${program}+`)) return g.rate;
  }
  return undefined;
}
