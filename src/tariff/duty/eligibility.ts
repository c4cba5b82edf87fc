/**
 * @module tariff/duty/eligibility
 * The first stage of the duty pipeline: which layers of the rule base may apply to this entry line at all.
 * A layer whose product scope cannot cover the code, that is not in force on the date (nor kept in force for
 * goods in transit), or that is written for other countries only is not listed: with a dozen partners' rates
 * in the rule base, listing each would bury the lines that matter. A layer that reaches the line but is
 * refused for it (an excepted origin, another importer, goods in transit) is listed with why.
 */
import type { IsoDate } from '../../_lib/date.js';
import { formatHts, matchPrefix, type ScopeMatch } from '../hts-code.js';
import type { Layer } from '../layer.js';
import { NO_SCOPE_HIT, type ScopeHit } from '../scope-lists.js';
import type { Assume } from './assumptions.js';
import { COLUMN_2_COUNTRIES } from './column-1.js';
import type { DutyInput, TariffEngine } from './types.js';

/** True when `date` is in [from, until); an absent bound is open. */
export function inWindow(date: IsoDate, from: IsoDate | undefined, until: IsoDate | undefined): boolean {
  return (from === undefined || date >= from) && (until === undefined || date < until);
}

/** Why the layer's country scope refuses goods of `origin`, or undefined when it takes them. */
export function countryAllowed(layer: Layer, origin: string): string | undefined {
  const { only, except } = layer.countries;
  if (only && !only.includes(origin))
    return `applies only to goods of ${only.join(', ')}; origin is ${origin}`;
  if (except?.includes(origin)) return `does not apply to goods of ${origin}`;
  return undefined;
}

/**
 * The engine without the layers whose country scope refuses goods of `origin`, and the key of the origin's
 * class among them. Such a layer is never charged to those goods (eligibility lists it as not applied, or not
 * at all) and no other layer reads it, so for that origin the charged lines and the era boundaries are the
 * same with it; only the listing of refused layers differs. The key is originClass's (engine.ts), made in the
 * same pass: origins with the same key get the same narrowed layers and exemptions. Bulk assessment makes its
 * plans with it, after narrowing to the code.
 */
export function narrowToOrigin(engine: TariffEngine, origin: string): { engine: TariffEngine; key: string } {
  const layers: Layer[] = [];
  // Column 1 or column 2 first: Russia and Australia may face the same layers but not the same column-1 line.
  let key = COLUMN_2_COUNTRIES.has(origin) ? '2:' : '1:';
  for (const layer of engine.layers) {
    const allowed = countryAllowed(layer, origin) === undefined;
    key += allowed ? '1' : '0';
    for (const inter of layer.interactions) {
      if (inter.kind === 'exempt-countries') key += inter.countries.includes(origin) ? '1' : '0';
      // The country of melt and pour defaults to the origin, so what the rule does to a line that does not
      // declare it turns on whether the rule names the origin (only where the layer can apply to the origin: for
      // the others it charges nothing whatever the metal). A line that declares it is not planned.
      else if (allowed && inter.kind === 'declared' && inter.fact === 'melt-pour') {
        key += `[${inter.skipWhen?.includes(origin) ? 1 : 0}${inter.skipUnless?.includes(origin) ? 1 : 0}]`;
      }
    }
    if (allowed) layers.push(layer);
  }
  return { engine: { ...engine, layers }, key };
}

/** A layer that covers every product. */
const ALL_PRODUCTS: ScopeHit = Object.freeze({
  match: 'yes',
  narrower: Object.freeze([]),
  lists: Object.freeze([]),
});

/** How a layer's product scope relates to a code (digits); `lists` are the scope lists that decided it. */
export function productMatch(engine: TariffEngine, layer: Layer, code: string): ScopeHit {
  if (layer.products.all) return ALL_PRODUCTS;
  const byList = layer.products.lists
    ? engine.ruleBase.scopes.match(code, layer.products.lists)
    : NO_SCOPE_HIT;
  if (byList.match !== 'no' || !layer.products.hts) return byList;
  let match: ScopeMatch = 'no';
  let narrower: string[] | undefined;
  for (const prefix of layer.products.hts) {
    const m = matchPrefix(code, prefix);
    if (m === 'yes') match = 'yes';
    else if (m === 'partial' && match === 'no') {
      match = 'partial';
      narrower = [prefix];
    }
  }
  if (match === 'yes' && layer.products.except?.some((p) => code.startsWith(p))) match = 'no';
  if (match === 'no') return NO_SCOPE_HIT;
  return { match, narrower: match === 'partial' ? (narrower ?? []) : [], lists: [] };
}

/** True when another layer of the program charges the same heading to goods of this origin alone, in force. */
function restatedFor(engine: TariffEngine, layer: Layer, input: DutyInput): boolean {
  return engine.layers.some(
    (other) =>
      other !== layer &&
      other.program === layer.program &&
      other.heading === layer.heading &&
      (other.countries.only?.includes(input.origin) ?? false) &&
      inWindow(input.date, other.from, other.until),
  );
}

/**
 * The stage's verdict on one layer: undefined when the layer is not listed, `refused` with the reason to
 * list it as not applied, or eligible (`viaTransit` when only the in-transit rule keeps it in force).
 */
export type Eligibility =
  | undefined
  | { refused: string; claim?: string }
  | { refused?: undefined; viaTransit: boolean };

/** What the stage reads besides the layer. */
export interface EligibilityContext {
  engine: TariffEngine;
  code: string;
  input: DutyInput;
  explain: boolean;
  assume: Assume;
  /** The layer's doubts met so far; the stage adds those of the scope lists and transit rule it relies on. */
  uncertain: string[];
}

/**
 * Whether `layer` may apply to the line, in the order the law is read: country scope, product scope, dates
 * (or the in-transit extension), excepted origins, importer scope, and the in-transit rule of a layer that
 * yields to an earlier one for goods already on their way.
 *
 * @example
 * eligibility(layer, ctx) // { viaTransit: false }: go on to the base and interactions
 */
export function eligibility(layer: Layer, ctx: EligibilityContext): Eligibility {
  const { input, uncertain } = ctx;
  if (layer.countries.only && !layer.countries.only.includes(input.origin)) return undefined;

  // Product scope first: a layer that cannot cover the code is not listed at all.
  if (!layer.products.all) {
    const { match, narrower, lists } = productMatch(ctx.engine, layer, ctx.code);
    for (const list of lists) if (list.uncertain) uncertain.push(list.uncertain);
    if (match === 'no') return undefined;
    if (!inWindow(input.date, layer.from, layer.until)) return undefined;
    if (match === 'partial') {
      // Not silent: a layer left out for want of the statistical number changes the total, so the result lists
      // it among what the line did not say (a broker files 10 digits anyway).
      ctx.assume(
        'hts-statistical',
        `${formatHts(ctx.code)} was taken as none of the statistical lines that a Chapter 99 list names under it (${narrower.map(formatHts).join(', ')}), so the layers of those lines were not charged`,
      );
      return {
        refused: ctx.explain
          ? `covers only the statistical lines ${narrower.map(formatHts).join(', ')} of ${formatHts(ctx.code)}; give the 10-digit HTS code to decide`
          : '',
      };
    }
  }

  // In force on the date, or kept in force for goods in transit.
  let viaTransit = false;
  if (!inWindow(input.date, layer.from, layer.until)) {
    const t = layer.transit;
    if (t?.rule !== 'extends' || layer.until === undefined || input.date < layer.until) return undefined;
    if (t.enteredBefore !== undefined && input.date >= t.enteredBefore) return undefined;
    if (t.uncertain) uncertain.push(t.uncertain);
    if (input.loaded === undefined) {
      ctx.assume('loaded', 'not in transit (no loading date given)');
      return {
        refused: `ended for entries from ${layer.until}; ${t.reason} — no loading date given (--loaded)`,
      };
    }
    if (input.loaded >= t.loadedBefore || (t.loadedFrom !== undefined && input.loaded < t.loadedFrom))
      return undefined;
    viaTransit = true;
  }

  const countryProblem = countryAllowed(layer, input.origin);
  if (countryProblem) {
    // The same heading written again for this origin alone (Section 122 for Canada and Mexico, with their USMCA
    // claims): that layer speaks for the heading, and "does not apply to goods of CA" here would mislead.
    if (restatedFor(ctx.engine, layer, input)) return undefined;
    return { refused: countryProblem };
  }
  if (layer.importers && (input.importer === undefined || !layer.importers.includes(input.importer))) {
    return {
      refused: `relief is scoped to importers ${layer.importers.join(', ')}${input.importer ? `; importer is ${input.importer}` : '; no importer given (--importer)'}`,
    };
  }
  const t = layer.transit;
  if (t?.rule === 'yields' && (t.enteredBefore === undefined || input.date < t.enteredBefore)) {
    if (input.loaded === undefined) ctx.assume('loaded', 'not in transit (no loading date given)');
    else if (input.loaded < t.loadedBefore) {
      if (t.uncertain) uncertain.push(t.uncertain);
      const refused = `in transit: ${t.reason} (loaded ${input.loaded}; ${t.source})`;
      // The exemption is claimed on the entry under its own heading (9903.03.02), filed at no duty.
      return t.heading === undefined ? { refused } : { refused, claim: t.heading };
    }
  }
  return { viaTransit };
}
