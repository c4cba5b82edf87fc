/**
 * @module tariff/engine
 * Duty on one entry line: resolve every layer of the rule base (and of any agreement overlay) for the line's
 * HTS code, origin, entry date and facts, in dependency order; say for each layer considered whether it
 * applied and why, with its citation; total the duty exactly (each layer rounded to the cent); add MPF and
 * HMF. Layers whose product scope does not cover the code, that are not in force on the date, or that are
 * written for other countries only, are not listed.
 */
import { type IsoDate, parseIsoDate } from '../_lib/date.js';
import {
  applyRate,
  type Cents,
  formatPercent,
  formatUsd,
  MAX_RATE_DIGITS,
  type Ppm,
  parseScaledDecimal,
  ratioPpm,
} from '../_lib/money.js';
import { AccordError } from '../_lib/problem.js';
import { quoteInput } from '../_lib/words.js';
import { countryLabel, notACountry } from './countries.js';
import { hmf, type MpfResult, mpf, type Transport } from './fees.js';
import { FORMULAS } from './formulas/index.js';
import type { HtsSchedule } from './hts.js';
import { formatHts, htsDigits, matchPrefix } from './hts-code.js';
import type { DeclaredFact, ExemptShare, Interaction, Layer } from './layer.js';
import {
  isQuantityKey,
  mfnDuty,
  parseQuantity,
  parseRateText,
  QUANTITIES as QUANTITY_KEYS,
  type QuantitiesMilli,
  quantityHint,
  type RateText,
  specialRateFor,
} from './rate-text.js';
import type { RuleBase } from './rule-base.js';
import type { ScopeList } from './scopes.js';

/** One entry line as the engine reads it. */
export interface DutyInput {
  hts: string;
  /** ISO 3166 alpha-2 country of origin. */
  origin: string;
  /** Entry date (the date of entry for consumption, or withdrawal from warehouse). */
  date: IsoDate;
  /** Customs (entered) value in cents. */
  value: Cents;
  /** Column-1 rate to use instead of the HTS table's (`2.5%`, `4.4¢/kg`, `Free`). */
  mfn?: string;
  /** Net weight in kg as a decimal string (for specific rates). */
  weightKg?: string;
  /**
   * Other quantities specific rates are charged on, as decimal strings by key (`liter`, `pf_liter`, `doz`,
   * `no`, `usd_battery` … — see QUANTITIES in rate-text).
   */
  quantities?: Readonly<Record<string, string>>;
  /**
   * The goods qualify for USMCA and the preference is claimed (general note 11): exempt from the IEEPA
   * Canada/Mexico duties from 2025-03-07 and from Section 122, column 1 at the special rate "S". Default: not
   * claimed.
   */
  usmca?: boolean;
  /** Tariff-rate quota status of the line (UK passenger vehicles, 9903.94.31). Default: within the quota. */
  quota?: 'within' | 'over';
  /**
   * Country where the steel was melted and poured (aluminum: smelted and cast), ISO alpha-2. Default: the
   * country of origin.
   */
  meltPour?: string;
  /** Value of the steel/aluminum/copper content, for content-based 232 layers. */
  metalContent?: Cents;
  /** Metal content as a share of value, when its value is not given. */
  metalShare?: Ppm;
  /** Metal as a share of the article's weight (2026 annex 15% test). */
  metalWeightShare?: Ppm;
  /** US content as a share of value (9903.01.34). */
  usContentShare?: Ppm;
  transport?: Transport;
  /** Date the goods were loaded on the vessel or aircraft to the US (in-transit rules). */
  loaded?: IsoDate;
  importer?: string;
}

/** One layer considered for a line. */
export interface DutyLine {
  layer: string;
  program: string;
  heading: string;
  authority: string;
  /** Rate charged (ppm); for column 1, its ad valorem equivalent; when not applied, the layer's own rate. */
  rate: Ppm;
  /** Rate as written, for column 1 (`2.5% + 4.4¢/kg`). */
  rateText?: string;
  base: Cents;
  duty: Cents;
  applied: boolean;
  reason: string;
  source: string;
  /** The reference's doubts this line relies on, also repeated at the end of `reason`. */
  uncertain: string[];
  filingOrder: number;
}

/**
 * A fact the law turns on that the line did not declare, and the default the engine used for it (every
 * output lists them, so that no assumption is silent).
 */
export interface Assumption {
  fact: DeclaredFact | 'metal-content' | 'metal-weight' | 'us-content' | 'loaded' | 'hts-revision';
  /** What was used, in words: "not claimed", "within the quota", "the whole value". */
  used: string;
  /** How to declare it instead (the CLI option and the bulk CSV column). */
  declare: string;
}

/** Duty on one line, explained. */
export interface DutyResult {
  hts: string;
  description: string;
  /** The HTS revision whose codes and column-1 rates were used (`2026 Revision 10`). */
  htsRevision: string;
  origin: string;
  date: IsoDate;
  value: Cents;
  /** Chapter 99 lines in CBP filing order, then the column-1 line (which carries the entered value). */
  lines: DutyLine[];
  totalDuty: Cents;
  effectiveRate: Ppm;
  fees: { mpf: MpfResult; hmf: Cents; hmfNote: string };
  /** Defaults used for facts the line did not declare, in the order met. */
  assumptions: Assumption[];
}

/** Everything the engine evaluates against: the rule base, the HTS revisions, and the layers in order. */
export interface TariffEngine {
  ruleBase: RuleBase;
  hts: HtsSchedule;
  /** Rule-base layers plus overlay layers, in evaluation order. */
  layers: Layer[];
}

const MFN_ORDER = 90;

interface Applied {
  base: Cents;
  heading: string;
}

function inWindow(date: IsoDate, from: IsoDate | undefined, until: IsoDate | undefined): boolean {
  return (from === undefined || date >= from) && (until === undefined || date < until);
}

function countryAllowed(layer: Layer, origin: string): string | undefined {
  const { only, except } = layer.countries;
  if (only && !only.includes(origin))
    return `applies only to goods of ${only.join(', ')}; origin is ${origin}`;
  if (except?.includes(origin)) return `does not apply to goods of ${origin}`;
  return undefined;
}

function withUncertain(reason: string, uncertain: readonly string[]): string {
  return uncertain.length === 0 ? reason : `${reason} [uncertain: ${uncertain.join(' ')}]`;
}

/** Whole-kilogram digits a net weight may have (under a trillion kg): more is a typo, not a shipment. */
export const MAX_WEIGHT_DIGITS = 12;

/**
 * Products of these countries pay column 2 of the HTS: Cuba and North Korea (HTSUS general note 3(b)), and
 * Russia and Belarus for goods entered from 2022-04-09 (Suspending Normal Trade Relations with Russia and
 * Belarus Act, Pub. L. 117-110, 136 Stat. 1159).
 */
export const COLUMN_2_COUNTRIES: ReadonlySet<string> = new Set(['CU', 'KP', 'RU', 'BY']);

/** An origin (or country of melt and pour) that is not an assigned ISO 3166-1 code, with what to write instead. */
function countryProblem(what: string, code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code))
    return `${what} ${quoteInput(code)} must be an ISO 3166-1 alpha-2 country code such as JP`;
  const why = notACountry(code);
  return why ? `${what} ${quoteInput(code)} is not an ISO 3166-1 alpha-2 country code: ${why}` : undefined;
}

function validateInput(engine: TariffEngine, input: DutyInput): string {
  const problems: string[] = [];
  const origin = countryProblem('origin', input.origin);
  if (origin) problems.push(origin);
  if (input.meltPour !== undefined) {
    const meltPour = countryProblem('country of melt and pour', input.meltPour);
    if (meltPour) problems.push(meltPour);
  }
  if (input.usmca && !origin && input.origin !== 'CA' && input.origin !== 'MX')
    problems.push(
      `USMCA qualification is declared, but goods of ${countryLabel(input.origin)} cannot be USMCA-originating imports: those are products of Canada or Mexico (HTSUS general note 11)`,
    );
  if (input.quota !== undefined && input.quota !== 'within' && input.quota !== 'over')
    problems.push(`quota status ${quoteInput(String(input.quota))} must be within or over`);
  if (parseIsoDate(input.date) === undefined)
    problems.push(`date ${quoteInput(input.date)} is not a calendar date (YYYY-MM-DD)`);
  else if (input.date < engine.ruleBase.coverageFrom) {
    problems.push(
      `the rule base covers entries from ${engine.ruleBase.coverageFrom}; ${input.date} is earlier`,
    );
  }
  if (input.value < 0n) problems.push('value must not be negative');
  if (input.metalContent !== undefined && input.metalContent > input.value) {
    problems.push(
      `metal content ${formatUsd(input.metalContent)} exceeds the line value ${formatUsd(input.value)}`,
    );
  }
  for (const [name, share] of [
    ['metal share', input.metalShare],
    ['metal weight share', input.metalWeightShare],
    ['US content share', input.usContentShare],
  ] as const) {
    if (share !== undefined && (share < 0 || share > 1_000_000))
      problems.push(`${name} must be between 0% and 100%`);
  }
  if (input.loaded !== undefined && input.loaded > input.date) {
    problems.push(`loading date ${input.loaded} is after the entry date ${input.date}`);
  }
  const code = htsDigits(input.hts);
  if (code === undefined)
    problems.push(`${quoteInput(input.hts)} is not an HTS code: write 8 or 10 digits, e.g. 8703.23.01`);
  if (problems.length > 0) throw new AccordError('duty-input-invalid', problems.join('; '));
  return code!;
}

/** How each declared fact's default is said, and how to declare it instead. */
const DECLARE: Record<Assumption['fact'], string> = {
  usmca: '--usmca (bulk CSV: usmca column, yes or no)',
  quota: '--quota within|over (bulk CSV: quota column)',
  'melt-pour': '--melt-pour CC (bulk CSV: melt_pour column)',
  'metal-content': '--metal-content-usd or --metal-share (bulk CSV: metal_content_usd or metal_share)',
  'metal-weight': '--metal-weight-pct (bulk CSV: metal_weight_pct)',
  'us-content': '--us-content-pct (bulk CSV: us_content_pct)',
  loaded: '--loaded DATE (bulk CSV: loaded)',
  'hts-revision': 'accord data import-hts FILE --effective DATE, or --hts-file FILE',
};

/** The value of a declared fact on a line, and whether it is the default. */
function declaredValue(fact: DeclaredFact, input: DutyInput): { value: string; defaulted: boolean } {
  switch (fact) {
    case 'usmca':
      return input.usmca === undefined
        ? { value: 'no', defaulted: true }
        : { value: input.usmca ? 'yes' : 'no', defaulted: false };
    case 'quota':
      return { value: input.quota ?? 'within', defaulted: input.quota === undefined };
    case 'melt-pour':
      return { value: input.meltPour ?? input.origin, defaulted: input.meltPour === undefined };
  }
}

function factWords(fact: DeclaredFact, value: string): string {
  switch (fact) {
    case 'usmca':
      return value === 'yes' ? 'USMCA qualification claimed' : 'USMCA qualification not claimed';
    case 'quota':
      return value === 'over' ? 'entered after the quota filled' : 'entered within the tariff-rate quota';
    case 'melt-pour':
      return `metal melted and poured (aluminum: smelted and cast) in ${countryLabel(value)}`;
  }
}

interface MfnInfo {
  rate: RateText;
  description: string;
  /** The HTS revision the line was found in. */
  revision: string;
  /** Which column: `column 1 general`, `column 1 special (USMCA)`, `column 2`, or given with --mfn. */
  authority: string;
  source: string;
  special: string;
  /** A note on the column-1 line's reason (a USMCA claim without a special rate …). */
  note?: string;
}

function resolveMfn(
  engine: TariffEngine,
  code: string,
  input: DutyInput,
  assume: (fact: Assumption['fact'], used: string) => void,
): MfnInfo {
  const { table, revision, note } = engine.hts.tableOn(input.date);
  // The code must be a line of the schedule in force, even when the user gives its rate.
  // Before the earliest installed revision, the one in force may have had the code: say how to install it.
  const digits = table.find(
    code,
    note
      ? `The revision in force on ${input.date} is not installed: if the code was a line of it, install that revision (accord data import-hts FILE --effective DATE) or give it with --hts-file FILE`
      : undefined,
  );
  if (note) assume('hts-revision', `${revision.label}, in force from ${revision.effective} (${note})`);
  const rev = `HTSUS ${revision.label}`;
  if (input.mfn !== undefined) {
    const rate = parseRateText(input.mfn);
    if (!rate) {
      throw new AccordError(
        'mfn-invalid',
        `--mfn ${quoteInput(input.mfn)} is not a rate: write Free, 2.5%, 4.4¢/kg or 2.5% + 4.4¢/kg (at most ${MAX_RATE_DIGITS} digits before a decimal point)`,
      );
    }
    return {
      rate,
      description: table.get(digits)?.description ?? '',
      revision: revision.label,
      authority: 'column-1 rate given by the user',
      source: 'column-1 rate given by the user (--mfn)',
      special: '',
    };
  }
  const found = table.lookup(digits);
  const rateLine = table.get(found.rateFrom)!;
  const byReference = (what: string, text: string) =>
    new AccordError(
      'hts-rate-unreadable',
      `${what} of HTS ${formatHts(digits)} is "${text.length > 120 ? `${text.slice(0, 117)}…` : text}", a rate accord cannot compute from the entry line: pass the rate with --mfn RATE (e.g. --mfn 6.5%)`,
    );
  if (COLUMN_2_COUNTRIES.has(input.origin)) {
    const rate = parseRateText(rateLine.other);
    if (!rate)
      throw byReference(`column 2 (paid by products of ${countryLabel(input.origin)})`, rateLine.other);
    return {
      rate,
      description: found.line.description,
      revision: revision.label,
      authority: `HTSUS column 2 (products of ${countryLabel(input.origin)})`,
      source: `${rev}, column 2, ${formatHts(found.rateFrom)}; general note 3(b)${input.origin === 'RU' || input.origin === 'BY' ? '; Pub. L. 117-110 (column 2 for Russia and Belarus from 2022-04-09)' : ''}`,
      special: '',
    };
  }
  if (input.usmca) {
    const special = specialRateFor(rateLine.special, 'S');
    if (special !== undefined) {
      const rate = parseRateText(special);
      if (!rate) throw byReference('the USMCA (S) special rate', special);
      return {
        rate,
        description: found.line.description,
        revision: revision.label,
        authority: 'HTSUS column 1 special, USMCA (program S)',
        source: `${rev}, column 1 special "${rateLine.special}", ${formatHts(found.rateFrom)}; general note 11`,
        special: '',
      };
    }
  }
  if (!found.rate) throw byReference('column 1', found.general);
  return {
    rate: found.rate,
    description: found.line.description,
    revision: revision.label,
    authority: 'HTSUS column 1 general (MFN)',
    source: `${rev}, column 1 general, ${formatHts(found.rateFrom)}`,
    special: rateLine.special,
    ...(input.usmca ? { note: 'the line has no USMCA (S) special rate, so column 1 general applies' } : {}),
  };
}

/** Quantities of the line in thousandths (net weight from `weightKg` as `kg`). */
function quantitiesOf(input: DutyInput): QuantitiesMilli {
  const q: QuantitiesMilli = {};
  if (input.weightKg !== undefined) {
    const grams =
      input.weightKg.length > 64
        ? undefined
        : parseScaledDecimal(input.weightKg.trim(), 3, MAX_WEIGHT_DIGITS);
    if (grams === undefined)
      throw new AccordError(
        'weight-invalid',
        `weight ${quoteInput(input.weightKg)} is not a non-negative number of kg (up to 3 decimals, at most ${MAX_WEIGHT_DIGITS} digits before the point)`,
      );
    q.kg = grams;
  }
  for (const [key, text] of Object.entries(input.quantities ?? {})) {
    if (!isQuantityKey(key))
      throw new AccordError(
        'quantity-unknown',
        `unknown quantity ${quoteInput(key)}: the quantities are ${Object.keys(QUANTITY_KEYS).join(', ')}`,
      );
    if (key === 'kg' && q.kg !== undefined)
      throw new AccordError('quantity-invalid', 'the net weight is given twice (weight and quantity kg)');
    const milli = parseQuantity(key, text);
    if (milli === undefined)
      throw new AccordError(
        'quantity-invalid',
        `quantity ${key} ${quoteInput(text)} is not a non-negative number (up to 3 decimals, at most 12 digits before the point${key === 'degrees' ? ', at most 100 degrees' : ''})`,
      );
    q[key] = milli;
  }
  return q;
}

/**
 * Duty on one entry line. Throws an {@link AccordError} for input the user must fix (unknown HTS code, a
 * specific rate without a weight, an impossible date …).
 *
 * @example
 * computeDuty(engine, { hts: '8703.23.01', origin: 'JP', date: isoDate('2025-10-01'), value: 4_000_000n })
 * // totalDuty 600_000n (15% inclusive: 2.5% column 1 + 12.5% under 9903.94.41)
 */
export function computeDuty(
  engine: TariffEngine,
  input: DutyInput,
  options: { explain?: boolean } = {},
): DutyResult {
  // explain: false leaves the reasons empty: for callers that keep only the amounts,
  // such as bulk assessment's plans, where the sentences were most of the cost.
  const explain = options.explain !== false;
  const code = validateInput(engine, input);
  const assumptions: Assumption[] = [];
  const assume = (fact: Assumption['fact'], used: string): void => {
    if (!assumptions.some((a) => a.fact === fact)) assumptions.push({ fact, used, declare: DECLARE[fact] });
  };
  const mfnInfo = resolveMfn(engine, code, input, assume);
  const mfnResult = mfnDuty(mfnInfo.rate, input.value, quantitiesOf(input));
  if ('missing' in mfnResult)
    throw new AccordError(
      'mfn-needs-input',
      `HTS ${formatHts(code)}: the rate "${mfnInfo.rate.text}" is charged on ${mfnResult.missing.map(quantityHint).join('; and on ')}`,
    );

  const applied = new Map<string, Applied>();
  const lines: DutyLine[] = [];
  const metalContent =
    input.metalContent ??
    (input.metalShare !== undefined ? applyRate(input.value, input.metalShare) : undefined);

  for (const layer of engine.layers) {
    const uncertain: string[] = [];
    const line = (partial: Pick<DutyLine, 'applied' | 'reason'> & Partial<DutyLine>): void => {
      if (layer.uncertain) uncertain.push(layer.uncertain);
      lines.push({
        layer: layer.id,
        program: layer.program,
        heading: layer.heading,
        authority: layer.authority,
        rate: layer.rate, // not applied: the layer's own rate, for the explanation
        base: 0n,
        duty: 0n,
        source: layer.source,
        filingOrder: layer.filingOrder,
        ...partial,
        uncertain: explain ? [...new Set(uncertain)] : [],
        reason: explain ? withUncertain(partial.reason, [...new Set(uncertain)]) : '',
      });
    };

    // A layer written for other countries only (another partner's deal) is not listed: with a dozen partners'
    // rates in the rule base, listing each would bury the lines that matter. A layer that names this origin
    // as an exception is listed, with why.
    if (layer.countries.only && !layer.countries.only.includes(input.origin)) continue;

    // Product scope first: a layer that cannot cover the code is not listed at all.
    if (!layer.products.all) {
      const { match, narrower, lists } = productMatch(engine, layer, code);
      for (const list of lists) if (list.uncertain) uncertain.push(list.uncertain);
      if (match === 'no') continue;
      if (!inWindow(input.date, layer.from, layer.until)) continue;
      if (match === 'partial') {
        line({
          applied: false,
          reason: explain
            ? `covers only the statistical lines ${narrower.map(formatHts).join(', ')} of ${formatHts(code)}; give the 10-digit HTS code to decide`
            : '',
        });
        continue;
      }
    }

    // In force on the date, or kept in force for goods in transit.
    let viaTransit = false;
    if (!inWindow(input.date, layer.from, layer.until)) {
      const t = layer.transit;
      if (t?.rule !== 'extends' || layer.until === undefined || input.date < layer.until) continue;
      if (t.enteredBefore !== undefined && input.date >= t.enteredBefore) continue;
      if (t.uncertain) uncertain.push(t.uncertain);
      if (input.loaded === undefined) {
        assume('loaded', 'not in transit (no loading date given)');
        line({
          applied: false,
          reason: `ended for entries from ${layer.until}; ${t.reason} — no loading date given (--loaded)`,
        });
        continue;
      }
      if (input.loaded >= t.loadedBefore) continue;
      viaTransit = true;
    }

    const countryProblem = countryAllowed(layer, input.origin);
    if (countryProblem) {
      line({ applied: false, reason: countryProblem });
      continue;
    }
    if (layer.importers && (input.importer === undefined || !layer.importers.includes(input.importer))) {
      line({
        applied: false,
        reason: `relief is scoped to importers ${layer.importers.join(', ')}${input.importer ? `; importer is ${input.importer}` : '; no importer given (--importer)'}`,
      });
      continue;
    }
    if (
      layer.transit?.rule === 'yields' &&
      input.loaded === undefined &&
      (layer.transit.enteredBefore === undefined || input.date < layer.transit.enteredBefore)
    )
      assume('loaded', 'not in transit (no loading date given)');
    if (
      layer.transit?.rule === 'yields' &&
      input.loaded !== undefined &&
      input.loaded < layer.transit.loadedBefore
    ) {
      const t = layer.transit;
      if (t.enteredBefore === undefined || input.date < t.enteredBefore) {
        if (t.uncertain) uncertain.push(t.uncertain);
        line({ applied: false, reason: `in transit: ${t.reason} (loaded ${input.loaded}; ${t.source})` });
        continue;
      }
    }

    // Interactions, in the order the data gives them.
    let base: Cents = layer.base === 'metal-content' ? (metalContent ?? input.value) : input.value;
    const baseNotes: string[] = [];
    if (explain && layer.base === 'metal-content') {
      baseNotes.push(
        metalContent === undefined
          ? 'metal content not given (--metal-content-usd or --metal-share), so the whole value is treated as metal content'
          : `metal content ${formatUsd(metalContent)}`,
      );
    }
    let skipped: { reason: string; retro?: boolean } | undefined;
    for (const inter of layer.interactions) {
      if (!inWindow(input.date, inter.from, inter.until)) continue;
      const result = applyInteraction(inter, {
        input,
        code,
        applied,
        scopes: engine.ruleBase.scopes,
        base,
        explain,
        assume,
      });
      if (result === undefined) continue;
      if (inter.uncertain) uncertain.push(inter.uncertain);
      if ('skip' in result) {
        skipped = { reason: result.skip, retro: inter.kind === 'replaced-retroactively' };
        break;
      }
      base = result.base;
      if (explain) baseNotes.push(result.note);
    }
    if (skipped && !skipped.retro) {
      line({ applied: false, reason: skipped.reason });
      continue;
    }

    if (layer.exemptShare) {
      // Localized relief: only the share earned by verified investment by this date is charged here; the
      // program's other layers charge the rest (their `remainder-after` names this layer).
      const inForce = shareOn(layer.exemptShare, input.date);
      if (inForce === undefined || inForce.share === 0) {
        const next = layer.exemptShare.find((s) => s.from > input.date && s.share > 0);
        line({
          applied: false,
          reason: `localized relief for ${input.importer}: no share relieved on ${input.date}${
            next
              ? ` (the first verified investment relieves ${formatPercent(next.share)}% from ${next.from}, facts ${next.facts.join(', ')})`
              : ' (no verified investment yet)'
          }, so the line pays the other layers in full`,
        });
        continue;
      }
      const relieved = applyRate(base, inForce.share);
      if (explain)
        baseNotes.push(
          `relieved share ${formatPercent(inForce.share)}% of ${formatUsd(base)} for importer ${input.importer}, in effect from ${inForce.from} on verified investment (facts ${inForce.facts.join(', ')})`,
        );
      base = relieved;
    }

    if (layer.metalWeight && !layer.metalWeight.exceptChapters.includes(code.slice(0, 2))) {
      const mw = layer.metalWeight;
      if (input.metalWeightShare === undefined) {
        assume('metal-weight', `metal is at least ${formatPercent(mw.minShare)}% of the article's weight`);
        if (explain)
          baseNotes.push(
            `metal weight share not given (--metal-weight-pct): assumed at least ${formatPercent(mw.minShare)}% of weight`,
          );
      } else if (input.metalWeightShare < mw.minShare) {
        line({
          applied: false,
          reason: `metal is ${formatPercent(input.metalWeightShare)}% of the article's weight, below ${formatPercent(mw.minShare)}% (outside chapters ${mw.exceptChapters.join('/')}); ${mw.heading} (${mw.source})`,
        });
        continue;
      }
    }

    const computed = FORMULAS[layer.formula]({ layer, base, mfnAve: mfnResult.ave });
    if (skipped?.retro) {
      line({
        applied: false,
        heading: computed.heading,
        reason: explain
          ? `${skipped.reason}; at entry it would have been ${formatUsd(computed.duty)} (${computed.why})`
          : '',
      });
      continue;
    }
    if (base === 0n && layer.formula !== 'claim') {
      line({
        applied: false,
        heading: computed.heading,
        reason: `nothing left to charge: ${baseNotes.join('; ')}`,
      });
      continue;
    }
    applied.set(layer.id, { base, heading: computed.heading });
    if (layer.base === 'metal-content' && metalContent === undefined)
      assume('metal-content', 'the whole value is metal content');
    let reason = '';
    if (explain) {
      const baseText = base === input.value ? `the full value ${formatUsd(base)}` : formatUsd(base);
      const notes = baseNotes.length > 0 ? ` (${baseNotes.join('; ')})` : '';
      const transitNote = viaTransit && layer.transit ? `; in transit: ${layer.transit.reason}` : '';
      reason = `${computed.why} on ${baseText}${notes}${transitNote}`;
    }
    line({
      applied: true,
      heading: computed.heading,
      rate: computed.rate,
      base,
      duty: computed.duty,
      reason,
    });
  }

  const special = mfnInfo.special.trim();
  lines.push({
    layer: 'mfn',
    program: 'mfn',
    heading: formatHts(code),
    authority: mfnInfo.authority,
    rate: mfnResult.ave,
    rateText: mfnInfo.rate.text,
    base: input.value,
    duty: mfnResult.duty,
    applied: true,
    reason: explain
      ? `${mfnInfo.authority.replace(/^HTSUS /, '')} "${mfnInfo.rate.text}"` +
        (mfnInfo.rate.parts.length > 0
          ? `, ad valorem equivalent ${formatPercent(mfnResult.ave)}% (duty ÷ value)`
          : '') +
        ` on the entered value ${formatUsd(input.value)}` +
        (special && special !== 'Free' ? `; special-program rate "${special}" not claimed` : '') +
        (mfnInfo.note ? `; ${mfnInfo.note}` : '')
      : '',
    source: mfnInfo.source,
    uncertain: [],
    filingOrder: MFN_ORDER,
  });

  lines.sort((a, b) => a.filingOrder - b.filingOrder || (a.applied === b.applied ? 0 : a.applied ? -1 : 1));
  const totalDuty = lines.reduce((sum, l) => (l.applied ? sum + l.duty : sum), 0n);
  const hmfAmount = hmf(engine.ruleBase.fees, input.transport, input.value);
  return {
    hts: formatHts(code),
    description: mfnInfo.description,
    htsRevision: mfnInfo.revision,
    origin: input.origin,
    date: input.date,
    value: input.value,
    lines,
    totalDuty,
    effectiveRate: input.value > 0n ? ratioPpm(totalDuty, input.value) : 0,
    fees: {
      mpf: mpf(engine.ruleBase.fees, input.date, input.value),
      hmf: hmfAmount,
      hmfNote:
        input.transport === 'ocean'
          ? `0.125% of value, ocean shipment (${engine.ruleBase.fees.hmf.source})`
          : `ocean shipments only; transport is ${input.transport ?? 'not given (--transport)'}`,
    },
    assumptions,
  };
}

/** The relieved share in force on a date: the last one whose `from` is on or before it. */
function shareOn(shares: readonly ExemptShare[], date: IsoDate): ExemptShare | undefined {
  let found: ExemptShare | undefined;
  for (const s of shares) if (s.from <= date && (found === undefined || s.from >= found.from)) found = s;
  return found;
}

/**
 * The engine with only the layers whose product scope can reach this HTS code. {@link computeDuty} and
 * {@link eraBoundaries} give the same answers with it for that code (a layer that cannot cover the code is
 * skipped before anything else), but do less work: bulk assessment builds its per-era plans with it.
 *
 * @example
 * const cars = narrowToCode(engine, '8703.23.01');
 * computeDuty(cars, { hts: '8703.23.01', origin: 'JP', date, value }); // same result as with `engine`
 */
export function narrowToCode(engine: TariffEngine, hts: string): TariffEngine {
  const code = htsDigits(hts);
  if (code === undefined) return engine;
  return { ...engine, layers: engine.layers.filter((l) => productMatch(engine, l, code).match !== 'no') };
}

/**
 * A key shared by the origins that every layer of the engine treats alike: which layers may apply to goods
 * of the origin, and which exempt-countries interactions name it. Origins with the same key get the same
 * {@link eraBoundaries} and, from {@link computeDuty}, the same charged layers and rates (only the wording
 * of layers not applied names the origin). Bulk assessment shares plans between them.
 *
 * @example
 * originClass(narrowToCode(engine, '8703.23.01'), 'FR') === originClass(narrowToCode(engine, '8703.23.01'), 'IT')
 */
export function originClass(engine: TariffEngine, origin: string): string {
  let key = '';
  for (const layer of engine.layers) {
    key += countryAllowed(layer, origin) === undefined ? '1' : '0';
    for (const inter of layer.interactions) {
      if (inter.kind === 'exempt-countries') key += inter.countries.includes(origin) ? '1' : '0';
    }
  }
  return key;
}

/** How a layer's product scope relates to a code (digits). */
function productMatch(
  engine: TariffEngine,
  layer: Layer,
  code: string,
): { match: 'yes' | 'partial' | 'no'; narrower: string[]; lists: ScopeList[] } {
  if (layer.products.all) return { match: 'yes', narrower: [], lists: [] };
  let match: 'yes' | 'partial' | 'no' = 'no';
  let narrower: string[] = [];
  let lists: ScopeList[] = [];
  if (layer.products.lists) {
    const hit = engine.ruleBase.scopes.match(code, layer.products.lists);
    match = hit.match;
    narrower = hit.narrower;
    lists = hit.lists;
  }
  if (match === 'no' && layer.products.hts) {
    for (const prefix of layer.products.hts) {
      const m = matchPrefix(code, prefix);
      if (m === 'yes') match = 'yes';
      else if (m === 'partial' && match === 'no') {
        match = 'partial';
        narrower.push(prefix);
      }
    }
    if (match === 'yes' && layer.products.except?.some((p) => code.startsWith(p))) match = 'no';
  }
  return { match, narrower, lists };
}

/**
 * The dates on which anything that can touch this HTS code changes (layer, transit, interaction and relief
 * dates of the layers whose product scope reaches it, the start of coverage and the MPF fiscal years),
 * sorted. Between two consecutive dates the duty on a line without loading date is the same set of rates:
 * bulk assessment caches per era. With `origin`, layers that never apply to that origin are left out; with
 * `fees: false`, the MPF years are (for the duty alone); with `transit: false`, the in-transit dates are (for
 * lines without a loading date, on which they change no duty). Each makes fewer, longer eras.
 */
export function eraBoundaries(
  engine: TariffEngine,
  hts: string,
  options: { origin?: string; fees?: boolean; transit?: boolean } = {},
): IsoDate[] {
  const code = htsDigits(hts);
  const bounds = new Set<IsoDate>([engine.ruleBase.coverageFrom]);
  if (code === undefined) return [...bounds];
  for (const layer of engine.layers) {
    // A layer that cannot apply to the origin charges nothing and so changes nothing for it.
    if (options.origin !== undefined && countryAllowed(layer, options.origin) !== undefined) continue;
    if (productMatch(engine, layer, code).match === 'no') continue;
    const transit =
      options.transit === false ? [] : [layer.transit?.loadedBefore, layer.transit?.enteredBefore];
    for (const d of [layer.from, layer.until, ...transit]) if (d !== undefined) bounds.add(d);
    for (const s of layer.exemptShare ?? []) bounds.add(s.from);
    for (const inter of layer.interactions) {
      // An exemption list that does not cover the code never bites on it: its dates change nothing.
      if (inter.kind === 'exempt-products' && engine.ruleBase.scopes.match(code, inter.lists).match !== 'yes')
        continue;
      if (inter.from !== undefined) bounds.add(inter.from);
      if (inter.until !== undefined) bounds.add(inter.until);
    }
  }
  if (options.fees !== false) for (const year of engine.ruleBase.fees.mpf.years) bounds.add(year.from);
  return [...bounds].sort();
}

interface InteractionContext {
  input: DutyInput;
  code: string;
  applied: ReadonlyMap<string, Applied>;
  scopes: RuleBase['scopes'];
  base: Cents;
  /** False: skip and note texts are left empty (computeDuty's explain option). */
  explain: boolean;
  /** Records a default used for a fact the line did not declare. */
  assume: (fact: Assumption['fact'], used: string) => void;
}

/** One interaction's effect: skip the layer, or change its base; undefined when it does not bite. */
function applyInteraction(
  inter: Interaction,
  ctx: InteractionContext,
): { skip: string } | { base: Cents; note: string } | undefined {
  const cite = (text: () => string) =>
    ctx.explain ? `${text()}${inter.heading ? ` — ${inter.heading}` : ''} (${inter.source})` : '';
  switch (inter.kind) {
    case 'skip-if':
    case 'replaced-retroactively': {
      const hit = inter.layers.map((id) => ctx.applied.get(id)).find((a) => a !== undefined);
      if (!hit) return undefined;
      return { skip: cite(() => `${inter.reason}: ${hit.heading} applies`) };
    }
    case 'remainder-after': {
      let charged = 0n;
      const headings: string[] = [];
      for (const id of inter.layers) {
        const a = ctx.applied.get(id);
        if (a) {
          charged += a.base;
          headings.push(a.heading);
        }
      }
      if (headings.length === 0) return undefined;
      const base = ctx.base > charged ? ctx.base - charged : 0n;
      return {
        base,
        note: cite(
          () =>
            `${inter.lead ?? 'non-metal content only'}: value less ${formatUsd(charged)} charged under ${headings.join(', ')}; ${inter.reason}`,
        ),
      };
    }
    case 'us-content-split': {
      const share = ctx.input.usContentShare;
      if (share === undefined) ctx.assume('us-content', 'no US content');
      if (share === undefined || share < inter.minShare) return undefined;
      const usContent = applyRate(ctx.input.value, share);
      const base = ctx.base > usContent ? ctx.base - usContent : 0n;
      return {
        base,
        note: cite(
          () => `US content ${formatPercent(share)}% (${formatUsd(usContent)}) excluded; ${inter.reason}`,
        ),
      };
    }
    case 'exempt-products': {
      const hit = ctx.scopes.match(ctx.code, inter.lists);
      return hit.match === 'yes' ? { skip: cite(() => inter.reason) } : undefined;
    }
    case 'exempt-countries':
      return inter.countries.includes(ctx.input.origin) ? { skip: cite(() => inter.reason) } : undefined;
    case 'declared': {
      const { value, defaulted } = declaredValue(inter.fact, ctx.input);
      if (defaulted) {
        ctx.assume(
          inter.fact,
          inter.fact === 'melt-pour' ? `${value}, the country of origin` : factWords(inter.fact, value),
        );
      }
      const skip =
        (inter.skipWhen?.includes(value) ?? false) ||
        (inter.skipUnless !== undefined && !inter.skipUnless.includes(value));
      if (!skip) return undefined;
      return {
        skip: cite(
          () => `${inter.reason} (${factWords(inter.fact, value)}${defaulted ? ', by default' : ''})`,
        ),
      };
    }
  }
}
