/**
 * @module tariff/plan-index
 * The plans of bulk assessment: for a line without content fields, the duty is Σ round-half-up(value × rate_i)
 * over a fixed set of layers, and that set depends on the entry date only through its era (the spans between
 * {@link eraBoundaries} for the code and origin). A plan is made once per (HTS code as written, origin, era)
 * with the engine itself ({@link computeDuty}), so bulk results cannot drift from `accord duty`.
 *
 * Origins that the code's layers treat alike share their plans ({@link originClass}).
 *
 * Plans are kept twice: as objects for the general (string) path, and in flat typed arrays for the byte path,
 * which looks a line up without touching a JS object per line (6,000 plans as objects cost a cache miss or
 * more per line; as arrays they fit in the processor's cache).
 *
 * @example
 * const index = new PlanIndex(engine, slotOf);
 * const id = index.planIdOfBytes(buf, htsStart, htsEnd, 74, 80, 20251001); // "JP", 2025-10-01
 * if (id >= 0) for (let r = index.rateStart[id]; r < index.rateStart[id] + index.rateCount[id]; r++) …
 */

import { startsFormula } from '../_lib/csv-cell.js';
import type { IsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import { dateNumberOf, htsKeyBytes, isoOfDateNumber } from './csv-bytes.js';
import {
  computeDuty,
  type DutyInput,
  type DutyResult,
  eraBoundaries,
  narrowToCode,
  originClass,
  type TariffEngine,
} from './engine.js';
import { grown } from './grown.js';

/** A plan as an object: the line's duty is Σ round(value × rates[i]), charged under headings[i]. */
export interface Plan {
  ok: true;
  /** Its row in the flat arrays of the index that made it. */
  id: number;
  rates: number[];
  headings: string[];
  /** Summary slots per heading (the caller's numbering). */
  slots: number[];
  /** True when every heading is ASCII (the output line may then be encoded as latin1). */
  ascii: boolean;
  /** Output text before each layer's duty (CSV `|heading:`, JSON `{"heading":…,"duty":"`). */
  csvPrefix: string[];
  jsonPrefix: string[];
}

/** What the engine said for a plan's inputs: a plan, a user error, or 'slow' (not a fixed set of rates). */
export type Cached = Plan | { ok?: undefined; error: string; code: string } | 'slow';

/** The highest rate a plan replays (ppm): 200%, as MAX_SAFE_VALUE in assess assumes. */
const MAX_PLAN_RATE = 2_000_000;

/** Plan ids below zero: the line goes to the general path. */
export const PLAN_SLOW = -2;

/** Build the plan of one input with the engine (value 1,000,000.00, only rates are kept). */
export function makePlan(
  engine: TariffEngine,
  input: DutyInput,
): Omit<Plan, 'id' | 'slots'> | { error: string; code: string } | 'slow' {
  let result: DutyResult;
  try {
    result = computeDuty(engine, input, { explain: false });
  } catch (error) {
    if (error instanceof AccordError) return { error: error.message, code: error.code };
    throw error;
  }
  const applied = result.lines.filter((l) => l.applied);
  // Only a line whose every layer is charged on the full value at a fixed rate can be replayed from a plan;
  // rates above 200% would break the exact double arithmetic plans rely on (an --mfn or agreement rate can
  // be that high).
  if (
    applied.some(
      (l) =>
        l.base !== input.value || (l.layer === 'mfn' && l.rateText?.includes('/')) || l.rate > MAX_PLAN_RATE,
    )
  ) {
    return 'slow';
  }
  return {
    ok: true,
    rates: applied.map((l) => l.rate),
    headings: applied.map((l) => l.heading),
    ascii: applied.every((l) => /^[\x20-\x7e]*$/.test(l.heading)),
    csvPrefix: applied.map((l, i) => `${i > 0 ? '|' : ''}${l.heading}:`),
    jsonPrefix: applied.map((l, i) => `${i > 0 ? ',' : ''}{"heading":${JSON.stringify(l.heading)},"duty":"`),
  };
}

/** One HTS code as written: its narrowed engine and, per origin slot (26 × 26), its eras. */
interface HtsPlans {
  text: string;
  /** Index in the flat per-code arrays. */
  id: number;
  engine: TariffEngine | undefined;
  /** By origin slot ((letter 1 − A) × 26 + letter 2 − A). */
  byOrigin: Map<number, OriginPlans>;
  /** Origins the code's layers treat alike share their eras and plans ({@link originClass}). */
  byClass: Map<string, OriginPlans>;
}
interface OriginPlans {
  /** Era boundaries as YYYYMMDD numbers (typed, as the flat array is: one shape for eraIn). */
  bounds: Int32Array;
  plans: (Cached | undefined)[];
  /** Index in the flat per-origin arrays. */
  id: number;
}

/**
 * Byte strings one after another: string i is `bytes[start[i], start[i + 1])`. `view` covers `bytes` with at
 * least 4 bytes of slack past the last string, as {@link copyWords} needs.
 */
export class ByteStrings {
  bytes = new Uint8Array(65536);
  view = new DataView(this.bytes.buffer);
  start = new Int32Array(4097);
  #count = 0;

  /** Append a string (UTF-8); returns its length in bytes. */
  push(text: string): number {
    const encoded = Buffer.from(text, 'utf8');
    const at = this.start[this.#count]!;
    this.bytes = grown(this.bytes, at + encoded.length + 4);
    if (this.view.buffer !== this.bytes.buffer) this.view = new DataView(this.bytes.buffer);
    this.bytes.set(encoded, at);
    this.start = grown(this.start, this.#count + 2);
    this.start[++this.#count] = at + encoded.length;
    return encoded.length;
  }
}

const ORIGIN_SLOTS = 26 * 26;
/** Direct-mapped cache from HTS key to code id (a power of two). */
const HTS_CACHE = 4096;
/**
 * HTS codes (as written) that keep plans: more than most entry files hold, and a bound on memory for files
 * that hold more (300,000 distinct codes: 209 MB peak). Lines of codes beyond it are assessed without caching.
 */
const MAX_CODES = 20_000;

/** Plans per (HTS code, origin, era), as objects and as flat arrays. */
export class PlanIndex {
  readonly #engine: TariffEngine;
  readonly #slotOf: (heading: string) => number;
  readonly #byText = new Map<string, HtsPlans>();
  readonly #byKey = new Map<number, HtsPlans>();
  readonly #codes: HtsPlans[] = [];
  readonly #cacheKey = new Float64Array(HTS_CACHE).fill(-1);
  readonly #cacheId = new Int32Array(HTS_CACHE);

  readonly #maxCodes: number;
  /** (code id × 676 + origin slot) → op id, open addressing: keys (−1 empty) and values. */
  #opKeys = new Int32Array(1024).fill(-1);
  #opValues = new Int32Array(1024);
  #opEntries = 0;

  // Flat arrays, read by the byte path. They grow (and are replaced) as plans are made: read them after
  // each call that can make a plan.
  /** Per origin entry (op): where its boundaries start in `bounds`, how many, and where its era plan ids start. */
  boundsStart = new Int32Array(256);
  boundsCount = new Int32Array(256);
  /** Era boundaries of every op, one after another. */
  bounds = new Int32Array(4096);
  /** Plan id per era (boundsCount + 1 eras per op, from boundsStart[op] + op): −1 not made yet, PLAN_SLOW. */
  eraPlan = new Int32Array(4096);
  /** Per plan: its first rate in `rates` and how many. */
  rateStart = new Int32Array(1024);
  rateCount = new Int32Array(1024);
  /** Per rate: ppm and summary slot. */
  rates = new Float64Array(4096);
  slots = new Int32Array(4096);
  /**
   * Per rate: the output text before its duty, CSV (`|9903.94.05:`, quotes doubled) and JSON
   * (`,{"heading":…,"duty":"`).
   */
  readonly csvPrefix = new ByteStrings();
  /**
   * Per plan: how its CSV layers cell is written (the rule of csvTextCell; duties are digits and dots, so
   * only the headings decide): 0 as it is, 1 quoted (a heading holds `,` `"` CR or LF, like
   * `9903.05 (note 52, Japan tier)`), 2 quoted with a leading `'` (the first heading could start a formula).
   */
  csvQuote = new Uint8Array(1024);
  readonly jsonPrefix = new ByteStrings();
  /** Longest layers text of any plan, before the duties (for reserving output room). */
  maxPrefix = 0;
  #ops = 0;
  #boundsLen = 0;
  #plans = 0;
  #ratesLen = 0;

  /** `maxCodes` bounds the memory plans take, whatever the file (tests lower it). */
  constructor(
    engine: TariffEngine,
    slotOf: (heading: string) => number,
    options: { maxCodes?: number } = {},
  ) {
    this.#engine = engine;
    this.#slotOf = slotOf;
    this.#maxCodes = options.maxCodes ?? MAX_CODES;
  }

  /** Number of plans made. */
  get size(): number {
    return this.#plans;
  }

  /** The code's entry, made on first sight; undefined once MAX_CODES codes have one. */
  #code(text: string): HtsPlans | undefined {
    let found = this.#byText.get(text);
    if (!found && this.#codes.length < this.#maxCodes) {
      found = { text, id: this.#codes.length, engine: undefined, byOrigin: new Map(), byClass: new Map() };
      this.#byText.set(text, found);
      this.#codes.push(found);
    }
    return found;
  }

  #opOf(codeId: number, slot: number): number {
    const key = codeId * ORIGIN_SLOTS + slot;
    const mask = this.#opKeys.length - 1;
    for (let s = Math.imul(key, 0x9e3779b1) & mask; ; s = (s + 1) & mask) {
      const k = this.#opKeys[s]!;
      if (k === key) return this.#opValues[s]!;
      if (k === -1) return -1;
    }
  }

  #setOp(codeId: number, slot: number, op: number): void {
    if ((this.#opEntries + 1) * 2 > this.#opKeys.length) {
      const keys = this.#opKeys;
      const values = this.#opValues;
      this.#opKeys = new Int32Array(keys.length * 2).fill(-1);
      this.#opValues = new Int32Array(keys.length * 2);
      this.#opEntries = 0;
      for (let s = 0; s < keys.length; s++) {
        if (keys[s] !== -1)
          this.#setOp(Math.floor(keys[s]! / ORIGIN_SLOTS), keys[s]! % ORIGIN_SLOTS, values[s]!);
      }
    }
    const key = codeId * ORIGIN_SLOTS + slot;
    const mask = this.#opKeys.length - 1;
    let s = Math.imul(key, 0x9e3779b1) & mask;
    while (this.#opKeys[s] !== -1 && this.#opKeys[s] !== key) s = (s + 1) & mask;
    if (this.#opKeys[s] === -1) this.#opEntries++;
    this.#opKeys[s] = key;
    this.#opValues[s] = op;
  }

  #origin(code: HtsPlans, slot: number): OriginPlans {
    let found = code.byOrigin.get(slot);
    if (!found) {
      const origin = String.fromCharCode(65 + Math.floor(slot / 26), 65 + (slot % 26));
      code.engine ??= narrowToCode(this.#engine, code.text);
      const key = originClass(code.engine, origin);
      found = code.byClass.get(key);
      if (found) {
        code.byOrigin.set(slot, found);
        this.#setOp(code.id, slot, found.id);
        return found;
      }
      const bounds = Int32Array.from(
        eraBoundaries(code.engine, code.text, { origin, fees: false, transit: false }),
        dateNumberOf,
      );
      const id = this.#ops++;
      found = { bounds, plans: [], id };
      code.byOrigin.set(slot, found);
      code.byClass.set(key, found);
      this.boundsStart = grown(this.boundsStart, id + 1);
      this.boundsCount = grown(this.boundsCount, id + 1);
      const at = this.#boundsLen;
      this.bounds = grown(this.bounds, at + bounds.length);
      this.eraPlan = grown(this.eraPlan, at + id + bounds.length + 1);
      this.bounds.set(bounds, at);
      this.eraPlan.fill(-1, at + id, at + id + bounds.length + 1);
      this.boundsStart[id] = at;
      this.boundsCount[id] = bounds.length;
      this.#boundsLen += bounds.length;
      this.#setOp(code.id, slot, id);
    }
    return found;
  }

  /** The era of a date among an op's boundaries: the number of boundaries at or before it. */
  static eraIn(bounds: Int32Array, from: number, count: number, date: number): number {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (bounds[from + mid]! <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The era index of a line, for plans the caller keys itself (lines with `mfn` or an importer). */
  eraOf(htsText: string, o0: number, o1: number, date: IsoDate): number {
    const code = this.#code(htsText);
    const bounds = code
      ? this.#origin(code, (o0 - 65) * 26 + (o1 - 65)).bounds
      : this.#uncachedBounds(htsText, String.fromCharCode(o0, o1));
    return PlanIndex.eraIn(bounds, 0, bounds.length, dateNumberOf(date));
  }

  #uncachedBounds(htsText: string, origin: string): Int32Array {
    const narrow = narrowToCode(this.#engine, htsText);
    return Int32Array.from(
      eraBoundaries(narrow, htsText, { origin, fees: false, transit: false }),
      dateNumberOf,
    );
  }

  /** The plan of a line (HTS code as written, upper-case origin letters, entry date), made on first use. */
  planFor(htsText: string, o0: number, o1: number, date: IsoDate): Cached {
    const input = { hts: htsText, origin: String.fromCharCode(o0, o1), date, value: 1_000_000_00n };
    const code = this.#code(htsText);
    if (!code) {
      // Past MAX_CODES codes: made each time, kept nowhere (memory stays bounded whatever the file).
      const made = makePlan(narrowToCode(this.#engine, htsText), input);
      return made === 'slow' || 'error' in made
        ? made
        : { ...made, id: -1, slots: made.headings.map(this.#slotOf) };
    }
    const op = this.#origin(code, (o0 - 65) * 26 + (o1 - 65));
    const era = PlanIndex.eraIn(op.bounds, 0, op.bounds.length, dateNumberOf(date));
    let plan = op.plans[era];
    if (plan === undefined) {
      const made = makePlan(code.engine ?? this.#engine, input);
      plan = made === 'slow' || 'error' in made ? made : this.#add(made);
      op.plans[era] = plan;
      this.eraPlan[this.boundsStart[op.id]! + op.id + era] =
        plan === 'slow' || !plan.ok ? PLAN_SLOW : plan.id;
    }
    return plan;
  }

  #add(made: Omit<Plan, 'id' | 'slots'>): Plan {
    const id = this.#plans++;
    const plan: Plan = { ...made, id, slots: made.headings.map(this.#slotOf) };
    const n = plan.rates.length;
    const r0 = this.#ratesLen;
    this.rateStart = grown(this.rateStart, id + 1);
    this.rateCount = grown(this.rateCount, id + 1);
    this.csvQuote = grown(this.csvQuote, id + 1);
    const cell = plan.csvPrefix.join('');
    this.csvQuote[id] =
      cell.length > 0 && startsFormula(cell.charCodeAt(0)) ? 2 : /[",\r\n]/.test(cell) ? 1 : 0;
    this.rates = grown(this.rates, r0 + n);
    this.slots = grown(this.slots, r0 + n);
    this.rateStart[id] = r0;
    this.rateCount[id] = n;
    let length = 0;
    for (let i = 0; i < n; i++) {
      this.rates[r0 + i] = plan.rates[i]!;
      this.slots[r0 + i] = plan.slots[i]!;
      length +=
        this.csvPrefix.push(plan.csvPrefix[i]!.replace(/"/g, '""')) +
        this.jsonPrefix.push(plan.jsonPrefix[i]!);
    }
    this.maxPrefix = Math.max(this.maxPrefix, length);
    this.#ratesLen = r0 + n;
    return plan;
  }

  /**
   * The plan id of a line on the byte path: the HTS code as bytes `buf[start, end)` (digits and dots), the
   * origin's two upper-case letters, the date as YYYYMMDD (on or after coverage). A negative id (PLAN_SLOW)
   * sends the line to the general path, as does −1 for a code that is not digits and dots or that is past
   * MAX_CODES codes.
   */
  planIdOfBytes(buf: Uint8Array, start: number, end: number, o0: number, o1: number, date: number): number {
    const key = htsKeyBytes(buf, start, end);
    if (key < 0) return -1;
    // A direct-mapped cache in front of the map: its keys are doubles, which a Map boxes on every lookup.
    const line = Math.imul(key >>> 0, 0x9e3779b1) >>> 20;
    let codeId: number;
    if (this.#cacheKey[line] === key) codeId = this.#cacheId[line]!;
    else {
      let code = this.#byKey.get(key);
      if (!code) {
        code = this.#code(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
        if (!code) return -1;
        this.#byKey.set(key, code);
      }
      codeId = code.id;
      this.#cacheKey[line] = key;
      this.#cacheId[line] = codeId;
    }
    const slot = (o0 - 65) * 26 + (o1 - 65);
    let op = this.#opOf(codeId, slot);
    if (op < 0) op = this.#origin(this.#codes[codeId]!, slot).id;
    const from = this.boundsStart[op]!;
    const era = PlanIndex.eraIn(this.bounds, from, this.boundsCount[op]!, date);
    const id = this.eraPlan[from + op + era]!;
    if (id !== -1) return id;
    const plan = this.planFor(this.#codes[codeId]!.text, o0, o1, isoOfDateNumber(date));
    return plan === 'slow' || !plan.ok ? PLAN_SLOW : plan.id;
  }
}
