/**
 * @module tariff/duty/types
 * The shapes the duty engine reads and writes, in one module so that each stage of the pipeline
 * (eligibility, base, interactions, charge) can name them without importing the engine that runs it.
 */
import type { IsoDate } from '../../_lib/date.js';
import type { Cents, Ppm } from '../../_lib/money.js';
import type { MpfResult, Transport } from '../fees.js';
import type { HtsSchedule } from '../hts.js';
import type { AutoPartUse, DeclaredFact, EndUse, Layer, PharmaType, QuotaStatus } from '../layer.js';
import type { RuleBase } from '../rule-base.js';

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
  /**
   * The goods are originating under CAFTA-DR and the preference is claimed (general note 29): column 1 at the
   * special rate "P", out of Section 301's Nicaragua action (9903.89.01) and, for textile and apparel goods, out
   * of Section 122 (9903.03.09). Default: not claimed.
   */
  caftaDr?: boolean;
  /** Tariff-rate quota status of the line (UK passenger vehicles, 9903.94.31). Default: within the quota. */
  quota?: QuotaStatus;
  /**
   * Country where the steel was melted and poured (aluminum: smelted and cast), ISO alpha-2. Default: the
   * country of origin.
   */
  meltPour?: string;
  /**
   * The article is a logic integrated circuit (or contains one) meeting the processing-performance and DRAM
   * bandwidth bands of U.S. note 39(b) (Section 232 semiconductors, 9903.79.01). Default: it does not, and
   * the articles of the note's provisions file 9903.79.02.
   */
  semiconductor39b?: boolean;
  /** The US end use claimed under U.S. note 39(d) (9903.79.03–.09). Default: none claimed. */
  endUse?: EndUse;
  /**
   * The importer attests, by claiming heading 9903.91.15, that a ship-to-shore gantry crane is not of China, has
   * none of the Chinese components of U.S. note 31(l)(ii) and is not made by a Chinese-owned company (note
   * 31(l)(iv)). Default: no attestation, so such a crane entered from 2026-11-10 owes 9903.91.14.
   */
  craneAttestation?: boolean;
  /**
   * CBP has determined that the goods were transshipped to evade the IEEPA duties (headings 9903.02.01 and, for
   * products of Canada, 9903.01.16: 40% in lieu of the country's rate). Default: no such determination.
   */
  transshipped?: boolean;
  /**
   * What a pharmaceutical article of U.S. note 40(c) is (Section 232 pharmaceuticals): patented, specialty,
   * generic or other. Default: generic, filed under 9903.04.67 at no Section 232 duty.
   */
  pharma?: PharmaType;
  /**
   * What the importer of record certifies an automobile part outside the parts annex will be used for (U.S. note
   * 33(p)–(u), from 2025-11-01): automobile production or repair in the United States (9903.94.07, or the
   * inclusive heading of the EU, Japan, South Korea or Taiwan), for parts of the United Kingdom automobiles that
   * are products of the United Kingdom (9903.94.33), or, for a part of a medium- or heavy-duty vehicle outside
   * note 38(i), such vehicles' production or repair in the United States (9903.74.09). Default: none, so no such
   * heading applies.
   */
  autoPartUse?: AutoPartUse;
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
  /**
   * The Chapter 99 heading of an exemption that took this layer off the line (9903.01.32, 9903.01.14,
   * 9903.03.03 …) or off part of its value (9903.03.06 metal content, 9903.01.34 US content): the entry reports
   * it as its own line at no duty (see `filedLines`).
   */
  claimedUnder?: string;
  /** The reference's doubts this line relies on, also repeated at the end of `reason`. */
  uncertain: string[];
  filingOrder: number;
}

/**
 * A fact the law turns on that the line did not declare, and the default the engine used for it (every
 * output lists them, so that no assumption is silent).
 */
export interface Assumption {
  fact:
    | DeclaredFact
    | 'metal-content'
    | 'metal-weight'
    | 'us-content'
    | 'loaded'
    | 'hts-revision'
    | 'hts-statistical';
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
