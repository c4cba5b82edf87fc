/**
 * @module tariff/plan-index
 * The plans of bulk assessment: for a line without content fields, the duty is Σ round-half-up(value × rate_i)
 * over a fixed set of layers, and that set depends on the entry date only through its era (the spans between
 * {@link eraBoundaries} for the code and origin). A plan is made once per (HTS code as written, origin, era)
 * with the engine itself ({@link computeDuty}), so bulk results cannot drift from `accord duty`.
 *
 * Origins that the code's layers treat alike share their plans (originClass in the engine; narrowToOrigin keys
 * them the same way).
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
import { ByteStrings } from './byte-strings.js';
import { dateNumberOf, htsKeyBytes, isoOfDateNumber } from './csv-bytes.js';
import { narrowToOrigin } from './duty/eligibility.js';
import { narrowInteractions } from './duty/interactions.js';
import {
  computeDuty,
  type DutyInput,
  type DutyResult,
  eraBoundaries,
  narrowToCode,
  reachesCode,
  type TariffEngine,
} from './engine.js';
import { grown } from './grown.js';
import { htsDigits } from './hts-code.js';
import type { Interaction } from './layer.js';
import { type LayerReach, layerReach } from './layer-reach.js';

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

/**
 * Printable ASCII only; the cell characters csvTextCell quotes. Made once: a literal in a function is a new object on
 * every call.
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const CSV_QUOTED = /[",\r\n]/;

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
    ascii: applied.every((l) => PRINTABLE_ASCII.test(l.heading)),
    csvPrefix: applied.map((l, i) => `${i > 0 ? '|' : ''}${l.heading}:`),
    jsonPrefix: applied.map((l, i) => `${i > 0 ? ',' : ''}{"heading":${JSON.stringify(l.heading)},"duty":"`),
  };
}

/**
 * Codes whose product scopes reach the same layers share one narrowed engine and, per origin, its class and the
 * engine narrowed to it (narrowToOrigin, which reads only the layers): made once per set and origin instead of
 * once per code and origin.
 */
interface LayerSet {
  engine: TariffEngine;
  /** The layers' places in the index's engine, ascending. */
  places: Int32Array;
  /** By origin slot: the origin's class. */
  byOrigin: Map<number, OriginClass>;
}

/** A layer set narrowed to an origin (narrowToOrigin's key and engine), and its shapes (see #shape). */
interface OriginClass {
  key: string;
  engine: TariffEngine;
  /** The lists its layers' exempt-products interactions (and declared facts for some products) name. */
  exemptionLists: Set<string>;
  /** By which of those lists hold the code (their ids). */
  shapes: Map<string, Shape>;
}

/** The engine a code's plans are made with and its era boundaries (YYYYMMDD numbers). */
interface Shape {
  engine: TariffEngine;
  bounds: Int32Array;
}

/** One HTS code as written: its layer set and, per origin slot (26 × 26), its eras. */
interface HtsPlans {
  text: string;
  /** Index in the flat per-code arrays. */
  id: number;
  /** No installed revision has the code: every line of it is refused, so no plan is made for it. */
  refused: boolean;
  set: LayerSet | undefined;
  /** Whether each exemption list met so far covers the code (see narrowInteractions). */
  covered: Map<Interaction, boolean> | undefined;
  /** By origin slot ((letter 1 − A) × 26 + letter 2 − A). */
  byOrigin: Map<number, OriginPlans> | undefined;
  /** Origins the code's layers treat alike share their eras and plans (by narrowToOrigin's key). */
  byClass: Map<string, OriginPlans> | undefined;
  /**
   * The engine's refusals, by origin slot × 65,536 + era: kept per origin, not per class, because a refusal names
   * the line's origin ("column 2 (paid by products of BY (Belarus))"), which the origins of a class do not share.
   */
  errors: Map<number, Cached> | undefined;
}
interface OriginPlans {
  /**
   * The code's engine without the layers whose country scope refuses the class's origins (never charged to
   * them) and without the interactions that cannot bite on the code: the same plans, and the same eras or
   * fewer, for a fraction of the work.
   */
  engine: TariffEngine;
  /** Era boundaries as YYYYMMDD numbers (typed, as the flat array is: one shape for eraIn). */
  bounds: Int32Array;
  plans: (Cached | undefined)[];
  /** Index in the flat per-origin arrays. */
  id: number;
}

const ORIGIN_SLOTS = 26 * 26;
/** Direct-mapped cache from HTS key to code id (a power of two). */
const HTS_CACHE = 4096;
/**
 * HTS codes (as written) that keep plans: more than the schedule's lines (2026 Revision 10 has 34,691), so a file
 * of valid codes keeps them all, and a bound on memory for files of anything else. Lines of codes beyond it are
 * assessed without caching.
 */
const MAX_CODES = 40_000;

/** Plans per (HTS code, origin, era), as objects and as flat arrays. */
export class PlanIndex {
  readonly #engine: TariffEngine;
  /** The engine without layers: what a refused code's line is checked against (the refusal comes before any layer). */
  readonly #noLayers: TariffEngine;
  readonly #slotOf: (heading: string) => number;
  readonly #byText = new Map<string, HtsPlans>();
  readonly #byKey = new Map<number, HtsPlans>();
  readonly #codes: HtsPlans[] = [];
  /** The layer sets met so far, by a hash of their layers' places (see #layerSet), and a scratch array for it. */
  readonly #sets = new Map<number, LayerSet[]>();
  #picked = new Uint8Array(512);
  /** Which layers each list can bring in (see #layerSet), made on first use. */
  #reach: LayerReach | undefined;
  readonly #slotByHeading = new Map<string, number>();
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
    this.#noLayers = { ...engine, layers: [] };
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
      found = {
        text,
        id: this.#codes.length,
        refused: this.#noRevisionHas(text),
        set: undefined,
        // Made on first plan: most codes of a file of unknown codes never get one.
        covered: undefined,
        byOrigin: undefined,
        byClass: undefined,
        errors: undefined,
      };
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
    code.byOrigin ??= new Map();
    code.byClass ??= new Map();
    let found = code.byOrigin.get(slot);
    if (!found) {
      const origin = String.fromCharCode(65 + Math.floor(slot / 26), 65 + (slot % 26));
      code.set ??= this.#layerSet(code.text);
      const set = code.set;
      let cls = set.byOrigin.get(slot);
      if (!cls) {
        const narrow = narrowToOrigin(set.engine, origin);
        // Origins of one class share one entry, and so its shapes.
        cls = [...set.byOrigin.values()].find((c) => c.key === narrow.key) ?? {
          ...narrow,
          exemptionLists: new Set(
            narrow.engine.layers.flatMap((l) =>
              l.interactions.flatMap((i) =>
                i.kind === 'exempt-products' || i.kind === 'declared' ? (i.lists ?? []) : [],
              ),
            ),
          ),
          shapes: new Map(),
        };
        set.byOrigin.set(slot, cls);
      }
      const key = cls.key;
      found = code.byClass.get(key);
      if (found) {
        code.byOrigin.set(slot, found);
        this.#setOp(code.id, slot, found.id);
        return found;
      }
      const { engine, bounds } = this.#shape(cls, code, origin);
      const id = this.#ops++;
      found = { engine, bounds, plans: [], id };
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

  /**
   * A code's engine for an origin class (its interactions narrowed to the code) and its era boundaries. Both
   * depend on the code only through which exemption lists of the class's layers cover it (canBite in
   * narrowInteractions, and eraBoundaries, read nothing else of it once the layers are the set's), so codes of
   * one set and class that those lists treat alike share them.
   */
  #shape(cls: OriginClass, code: HtsPlans, origin: string): Shape {
    const digits = htsDigits(code.text);
    if (digits === undefined) {
      const bounds = eraBoundaries(cls.engine, code.text, { origin, fees: false, transit: false });
      return { engine: cls.engine, bounds: Int32Array.from(bounds, dateNumberOf) };
    }
    // An exemption list bites when it holds the code: the code's lists among the class's exemption lists
    // decide every one of them (usually none or a few).
    let key = '';
    for (const id of this.#engine.ruleBase.scopes.holding(digits))
      if (cls.exemptionLists.has(id)) key += `${id},`;
    let shape = cls.shapes.get(key);
    if (!shape) {
      code.covered ??= new Map();
      const engine = narrowInteractions(cls.engine, digits, code.covered);
      const bounds = eraBoundaries(engine, code.text, { origin, fees: false, transit: false });
      shape = { engine, bounds: Int32Array.from(bounds, dateNumberOf) };
      cls.shapes.set(key, shape);
    }
    return shape;
  }

  /**
   * The engine narrowed to a code (as {@link narrowToCode} narrows it), shared by the codes it narrows to the
   * same layers. The set is found by a hash of the layers' places and made only when new: a file of many
   * distinct codes meets a few hundred sets, and building a key text or an engine per code was most of the cost.
   */
  #layerSet(text: string): LayerSet {
    const layers = this.#engine.layers;
    const digits = htsDigits(text);
    this.#picked = grown(this.#picked, layers.length);
    const picked = this.#picked.fill(0, 0, layers.length);
    if (digits === undefined) picked.fill(1, 0, layers.length);
    else {
      // The layers that can reach the code, as reachesCode decides, without asking each of the few hundred
      // layers: a layer with only lists reaches a code when one of its lists holds or partly holds it.
      this.#reach ??= layerReach(layers);
      const reach = this.#reach;
      for (const i of reach.always) picked[i] = 1;
      const { full, partial } = this.#engine.ruleBase.scopes.touching(digits);
      for (const ids of [full, partial])
        for (const id of ids) for (const i of reach.byList.get(id) ?? []) picked[i] = 1;
      for (const i of reach.byPrefix) if (reachesCode(this.#engine, layers[i]!, digits)) picked[i] = 1;
    }
    let n = 0;
    let hash = 0x811c9dc5;
    for (let i = 0; i < layers.length; i++) {
      if (picked[i] === 1) {
        n++;
        hash = Math.imul(hash ^ i, 0x01000193);
      }
    }
    hash = Math.imul(hash ^ n, 0x01000193);
    const bucket = this.#sets.get(hash);
    for (const set of bucket ?? []) {
      if (set.places.length === n && set.places.every((place) => picked[place] === 1)) return set;
    }
    const places = new Int32Array(n);
    for (let i = 0, k = 0; i < layers.length; i++) if (picked[i] === 1) places[k++] = i;
    const set: LayerSet = {
      engine: { ...this.#engine, layers: Array.from(places, (i) => layers[i]!) },
      places,
      byOrigin: new Map(),
    };
    if (bucket) bucket.push(set);
    else this.#sets.set(hash, [set]);
    return set;
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
    return Int32Array.from(
      eraBoundaries(this.#uncachedEngine(htsText, origin), htsText, { origin, fees: false, transit: false }),
      dateNumberOf,
    );
  }

  /** True when no installed revision has the code as a line: the engine refuses it whatever the layers. */
  #noRevisionHas(htsText: string): boolean {
    const digits = htsDigits(htsText);
    return digits === undefined || !this.#engine.hts.anyRevisionHas(digits);
  }

  /** The engine a kept code's plans are made with (see OriginPlans), made afresh for a code past MAX_CODES. */
  #uncachedEngine(htsText: string, origin: string): TariffEngine {
    const { engine } = narrowToOrigin(narrowToCode(this.#engine, htsText), origin);
    const digits = htsDigits(htsText);
    return digits === undefined ? engine : narrowInteractions(engine, digits);
  }

  /** The plan of a line (HTS code as written, upper-case origin letters, entry date), made on first use. */
  planFor(htsText: string, o0: number, o1: number, date: IsoDate): Cached {
    const input = { hts: htsText, origin: String.fromCharCode(o0, o1), date, value: 1_000_000_00n };
    const code = this.#code(htsText);
    // A code no revision has: the engine refuses it before any layer, so the refusal is made without narrowing
    // the rule base to it (most of the cost of a file of unknown codes). Past MAX_CODES codes, plans are made
    // each time and kept nowhere (memory stays bounded whatever the file); neither is kept.
    if (!code || code.refused) {
      const refused = code ? code.refused : this.#noRevisionHas(htsText);
      const made = makePlan(refused ? this.#noLayers : this.#uncachedEngine(htsText, input.origin), input);
      return made === 'slow' || 'error' in made
        ? made
        : { ...made, id: -1, slots: made.headings.map(this.#slotOf) };
    }
    const slot = (o0 - 65) * 26 + (o1 - 65);
    const op = this.#origin(code, slot);
    const era = PlanIndex.eraIn(op.bounds, 0, op.bounds.length, dateNumberOf(date));
    let plan = op.plans[era] ?? code.errors?.get(slot * 65_536 + era);
    if (plan === undefined) {
      const made = makePlan(op.engine, input);
      // The byte path sends every line of the era to this path (PLAN_SLOW); a refusal is kept for its origin only.
      this.eraPlan[this.boundsStart[op.id]! + op.id + era] =
        made === 'slow' || 'error' in made ? PLAN_SLOW : -1;
      if (made !== 'slow' && 'error' in made) {
        code.errors ??= new Map();
        code.errors.set(slot * 65_536 + era, made);
        return made;
      }
      plan = made === 'slow' ? made : this.#add(made);
      op.plans[era] = plan;
      if (plan !== 'slow') this.eraPlan[this.boundsStart[op.id]! + op.id + era] = plan.id;
    }
    return plan;
  }

  /** The caller's slot of a heading, asked once per heading (plans repeat a few hundred thousands of times). */
  #slotOfHeading(heading: string): number {
    let slot = this.#slotByHeading.get(heading);
    if (slot === undefined) {
      slot = this.#slotOf(heading);
      this.#slotByHeading.set(heading, slot);
    }
    return slot;
  }

  #add(made: Omit<Plan, 'id' | 'slots'>): Plan {
    const id = this.#plans++;
    // Spelled out rather than spread: one object shape whatever the plan (a spread here deoptimised).
    const plan: Plan = {
      ok: true,
      id,
      rates: made.rates,
      headings: made.headings,
      slots: made.headings.map((heading) => this.#slotOfHeading(heading)),
      ascii: made.ascii,
      csvPrefix: made.csvPrefix,
      jsonPrefix: made.jsonPrefix,
    };
    const n = plan.rates.length;
    const r0 = this.#ratesLen;
    this.rateStart = grown(this.rateStart, id + 1);
    this.rateCount = grown(this.rateCount, id + 1);
    this.csvQuote = grown(this.csvQuote, id + 1);
    const cell = plan.csvPrefix.join('');
    this.csvQuote[id] =
      cell.length > 0 && startsFormula(cell.charCodeAt(0)) ? 2 : CSV_QUOTED.test(cell) ? 1 : 0;
    this.rates = grown(this.rates, r0 + n);
    this.slots = grown(this.slots, r0 + n);
    this.rateStart[id] = r0;
    this.rateCount[id] = n;
    // Copied by set(): rates arrive as small-integer or double arrays, which a loop here deoptimised on.
    this.rates.set(plan.rates, r0);
    this.slots.set(plan.slots, r0);
    let length = 0;
    for (let i = 0; i < n; i++) {
      length += this.csvPrefix.push(plan.csvPrefix[i]!, true) + this.jsonPrefix.push(plan.jsonPrefix[i]!);
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
    if (this.#codes[codeId]!.refused) return PLAN_SLOW;
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
