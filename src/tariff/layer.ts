/**
 * @module tariff/layer
 * A duty layer: one cited, dated row of the rule base (a Chapter 99 heading with its authority, rate or
 * formula, product and country scope, effective dates and interactions with other layers). Interactions are
 * data, never code per program: see {@link Interaction}.
 */
import type { IsoDate } from '../_lib/date.js';
import type { Ppm } from '../_lib/money.js';

/** How a layer's duty is computed; one module per kind in `formulas/`. */
export type Formula = 'ad-valorem' | 'inclusive' | 'claim';

/**
 * Facts of an entry line the law turns on that the importer declares: USMCA qualification (claimed or not),
 * tariff-rate quota status, the country where the metal was melted and poured (aluminum: smelted and cast),
 * whether an article meets the technical parameters of U.S. note 39(b) (Section 232 semiconductors) and the US
 * end use claimed for it under note 39(d), the importer's attestation under 9903.91.15 for a ship-to-shore crane,
 * what a pharmaceutical article of U.S. note 40 is (patented, specialty, generic or other), a CBP transshipment
 * determination, a CAFTA-DR preference claim (general note 29), and what the importer certifies an automobile
 * part outside the parts annex will be used for (U.S. note 33(p)–(u)).
 */
export type DeclaredFact =
  | 'usmca'
  | 'quota'
  | 'melt-pour'
  | 'semiconductor-39b'
  | 'end-use'
  | 'crane-attestation'
  | 'pharma'
  | 'transshipped'
  | 'cafta-dr'
  | 'auto-part-use';

/** Tariff-rate quota status of an entry line (within the quota is the default). */
export const QUOTA_STATUSES = ['within', 'over'] as const;
export type QuotaStatus = (typeof QUOTA_STATUSES)[number];

/**
 * The US end uses of U.S. note 39(d) to subchapter III of chapter 99 that take a semiconductor article out of
 * 9903.79.01, in the note's order (headings 9903.79.03–.09): U.S. data centers, repairs or replacements,
 * research and development, startups, non-data-center consumer electronics, non-data-center civil industrial
 * applications, public sector applications.
 */
export const END_USES = [
  'data-center',
  'repair',
  'r-and-d',
  'startup',
  'consumer',
  'industrial',
  'public-sector',
] as const;
export type EndUse = (typeof END_USES)[number];

/**
 * What a pharmaceutical article of U.S. note 40(c) is, for Section 232 pharmaceuticals (Proc. 11020): patented
 * (9903.04.60–.63), a specialty product of note 40(h)(iii) (9903.04.66), generic (9903.04.67), or neither
 * (9903.04.69).
 */
export const PHARMA_TYPES = ['patented', 'specialty', 'generic', 'other'] as const;
export type PharmaType = (typeof PHARMA_TYPES)[number];

/**
 * What the importer of record certifies an automobile part outside the parts annex (U.S. note 33(g)) will be used
 * for, under Proc. 10984 (from 2025-11-01): automobile production or repair in the United States (note 33(p),
 * (r)–(u): 9903.94.07, or its country's inclusive heading), use in automobiles that are products of the United
 * Kingdom (note 33(q): 9903.94.33, UK parts only), medium- or heavy-duty vehicle production or repair in the United
 * States for a part of such a vehicle outside note 38(i) (note 38(j): 9903.74.09), or nothing (the default: no
 * certification, no such duty).
 */
export const AUTO_PART_USES = [
  'us-production-repair',
  'uk-vehicles',
  'us-mhd-production-repair',
  'none',
] as const;
export type AutoPartUse = (typeof AUTO_PART_USES)[number];

/** What a layer's rate is charged on. */
export type BaseKind = 'value' | 'metal-content';

interface InteractionCommon {
  /** Dates (entry) during which the interaction holds; `until` exclusive. */
  from?: IsoDate;
  until?: IsoDate;
  /** The Chapter 99 number a broker files or cites for it (9903.01.33 …). */
  heading?: string;
  reason: string;
  source: string;
  uncertain?: string;
}

/**
 * An interaction with other layers or with the entry:
 * - `skip-if`: not applied when any of `layers` applies (non-stacking: EO 14289, 9903.01.33, note 52(f));
 * - `replaced-retroactively`: the same, but the layer was filed at the time and is now refundable;
 * - `remainder-after`: charged only on what the `layers` did not charge (metal-content splits);
 * - `us-content-split`: charged on non-US content when US content is at least `minShare` (9903.01.34); with
 *   `required`, not applied at all below it or when no US content is declared (a rate that exists only for the
 *   non-US content, 9903.94.03 and 9903.74.03);
 * - `exempt-products` / `exempt-countries`: an exemption list;
 * - `declared`: not applied when a declared fact of the line has one of `skipWhen`'s values, or none of
 *   `skipUnless`'s (USMCA claimed; over the quota; metal not melted and poured in the UK). A fact not declared
 *   takes its default, which the result lists among its assumptions. With `lists`, the fact decides only for
 *   the products those lists hold (CAFTA-DR textile and apparel goods under Section 122, 9903.03.09).
 */
export type Interaction =
  | (InteractionCommon & { kind: 'skip-if' | 'replaced-retroactively'; layers: string[] })
  | (InteractionCommon & {
      kind: 'remainder-after';
      layers: string[];
      /** How the explanation names what is left (default: the non-metal content). */
      lead?: string;
    })
  | (InteractionCommon & {
      kind: 'us-content-split';
      minShare: Ppm;
      /** Without a declared US content of at least minShare the layer does not apply (default: it charges all). */
      required?: boolean;
    })
  | (InteractionCommon & { kind: 'exempt-products'; lists: string[] })
  | (InteractionCommon & { kind: 'exempt-countries'; countries: string[] })
  | (InteractionCommon & {
      kind: 'declared';
      fact: DeclaredFact;
      skipWhen?: string[];
      skipUnless?: string[];
      /** The products the fact decides for (default: every product of the layer). */
      lists?: string[];
      /**
       * The products for which the fact's default is listed among the result's assumptions (default: every product
       * it decides for). For the others the default still decides, and the layer's "not applied" line says it was
       * by default; it is not listed because the fact is all but never true of them (an automobile-part
       * certification on fruit).
       */
      assumeFor?: string[];
    });

/** In-transit rule: goods loaded before a date (and entered before another) keep the earlier regime. */
export interface TransitRule {
  /** `extends` keeps this layer in force after `until`; `yields` withholds it from such goods. */
  rule: 'extends' | 'yields';
  loadedBefore: IsoDate;
  /**
   * For `extends`: only goods loaded on or after this date are kept (China's 84% of 2025-04-09 reaches goods
   * loaded that day and entered later; goods loaded before it keep the baseline by the 0409 rule).
   */
  loadedFrom?: IsoDate;
  enteredBefore?: IsoDate;
  /** The heading under which a yielding layer's in-transit exemption is claimed at no duty (9903.03.02). */
  heading?: string;
  reason: string;
  source: string;
  uncertain?: string;
}

/** The 2026 metals annex test: outside the listed chapters the layer applies only from this metal weight share. */
export interface MetalWeightRule {
  minShare: Ppm;
  exceptChapters: string[];
  heading: string;
  source: string;
  /**
   * Where an article declared to contain none of the metal (weight share 0) is filed instead, in any chapter
   * (9903.82.01: articles of the lists that contain no aluminum, steel or copper).
   */
  noMetal?: { heading: string; source: string };
}

/** The relieved share in force from a date, and the verified facts that earned it. */
export interface ExemptShare {
  from: IsoDate;
  share: Ppm;
  facts: string[];
}

/** One layer of the rule base (or of an agreement overlay). */
export interface Layer {
  id: string;
  /** The program it belongs to; interactions and overlays name programs. */
  program: string;
  heading: string;
  /** For inclusive layers: the heading filed when column 1 is at or above the cap (9903.02.72 …). */
  headingAtOrAbove?: string;
  authority: string;
  formula: Formula;
  /** Ad valorem rate, or the cap of an inclusive layer. */
  rate: Ppm;
  base: BaseKind;
  products: { all?: boolean; lists?: string[]; hts?: string[]; except?: string[] };
  countries: { all?: boolean; only?: string[]; except?: string[] };
  /** Relief only for these importers (agreement overlays). */
  importers?: string[];
  /**
   * Localized relief (agreement overlays): from each date, the share (ppm) of the line's value the layer is
   * charged on; the program's other layers charge the rest. Before the first date nothing is relieved.
   */
  exemptShare?: ExemptShare[];
  from: IsoDate;
  until?: IsoDate;
  transit?: TransitRule;
  metalWeight?: MetalWeightRule;
  interactions: Interaction[];
  /**
   * CBP reporting order group: 10 §301, 20 IEEPA fentanyl (Canada, Mexico, China), 30 IEEPA reciprocal and §122,
   * 35 claims, 40 §232; column 1 last (CSMS #65829726).
   */
  filingOrder: number;
  source: string;
  uncertain?: string;
}
