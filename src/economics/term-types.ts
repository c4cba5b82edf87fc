/**
 * @module economics/term-types
 * The contract between preparing a variant (term-setup, with term-markets, term-jobs and term-schedule)
 * and simulating its paths (term-path): the assumptions and their defaults, the tables, and the prepared
 * setup. Kept apart so the modules that fill a setup in need not import the one that assembles it.
 */
import type { IsoDate } from '../_lib/date.js';
import type { Agreement } from '../agreement/index.js';
import type { BeaIoTable } from './io-table.js';
import type { BaseFlow, ElasticityRow, ExportSupplyRow, FirmExports, MultiplierRow } from './tables.js';

/**
 * The agreement a term path reads: the validated agreement, since its tariff rates come from the
 * evaluation's schedule rules.
 */
export type TermAgreement = Agreement;

/** Assumptions of a term path; every one is printed with the results. */
export interface TermAssumptions {
  /** Probability that each milestone is verified by its deadline (default for unnamed milestones). */
  attainment: Record<string, number>;
  defaultAttainment: number;
  /** Share of committed jobs and capital actually delivered and verified. */
  delivery: number;
  /** Years to reach a commitment's job target (and spend its capital when it has no schedule). */
  rampYears: number;
  /** Real discount rate for net present values (fraction). */
  discountRate: number;
  /** Share of capital spent on structures (construction jobs); EPI's rule of thumb is 40%. */
  structuresShare: number;
  /** Share of Japan's capital counted as a cost to Japan in its NPV (0: investments earn their cost of capital). */
  investmentPremium: number;
  /** Import-demand elasticity overrides by product group. */
  Em?: Record<string, number>;
  /**
   * How investment becomes supplier and construction jobs: `leontief` (default) inverts BEA's 2024 summary
   * input–output table; `flat` uses the cited per-job and per-$1M multipliers of data/economics/multipliers.csv.
   */
  jobsModel?: JobsModel;
}

/** The two ways of turning direct jobs and structures spending into supplier jobs. */
export type JobsModel = 'leontief' | 'flat';

/** Defaults for {@link TermAssumptions}; each is labelled ASSUMPTION where no source gives it. */
export const DEFAULT_TERM_ASSUMPTIONS: TermAssumptions = {
  attainment: {},
  defaultAttainment: 0.8,
  delivery: 0.9,
  rampYears: 3,
  discountRate: 0.03,
  structuresShare: 0.4,
  investmentPremium: 0,
  jobsModel: 'leontief',
};

/** The shipped or user tables a term path needs. */
export interface TermTables {
  elasticities: ElasticityRow[];
  baseFlows: BaseFlow[];
  firmExports: FirmExports[];
  multipliers: MultiplierRow[];
  /** Japan's export-supply elasticity by product group; without a row Japan has the group's Ex. */
  exportSupply?: ExportSupplyRow[];
  /** The input–output table for the `leontief` jobs model, which needs it (`shippedIoTable`: BEA's 2024 summary table). */
  io?: BeaIoTable;
}

/** One market of a setup: a track's HS heading with its base-year flows and elasticities. */
export interface SetupMarket {
  trackIndex: number;
  hs: string;
  description: string;
  group: string;
  mfn: number;
  jp: number;
  row: number;
  el: ElasticityRow;
  /** Japan's export supply on this market (the group's Ex when the export-supply table has no row). */
  exJp: { Ex: number; ExLow: number; ExHigh: number };
  sources: string[];
}

/** A milestone the evaluation has already decided from verified facts: not drawn, taken as it is. */
export interface DecidedMilestone {
  met: boolean;
  /** The day the decision was recorded (met) or the miss became final (missed), from the evaluation. */
  on?: string;
  /** The evaluation's status, for the report. */
  status: string;
}

/** Everything precomputed for one variant, so each simulated path is cheap. */
export interface TermSetup {
  agreementId: string;
  variant: { id: string; title: string; years: number };
  start: IsoDate;
  years: number;
  yearBounds: { from: IsoDate; to: IsoDate; fromDay: number; toDay: number }[];
  /** What the evaluation's schedule rules read: the agreement and the variant (undefined: the default). */
  evaluation: { agreement: Agreement; variant?: string };
  /**
   * Milestones in agreement order: `day`, the day a met milestone is recorded (its deadline, or the
   * evaluation's record); `missFinal`, the day a miss becomes final (after any cure).
   */
  milestones: {
    id: string;
    title: string;
    day: number;
    missFinal: IsoDate;
    deps: number[];
    decided?: DecidedMilestone;
  }[];
  tracks: {
    id: string;
    title: string;
    mode: 'additional' | 'inclusive';
    startRate: number;
    /** The rate with no deal, time-weighted per year: the start rate while the track's overlay runs. */
    noDeal: number[];
  }[];
  markets: SetupMarket[];
  commitments: {
    id: string;
    label: string;
    naics: string;
    startDay: number;
    capital: number;
    schedule: { day: number; cumulative: number }[];
    jobsTarget: number;
    multiplier?: { supplier: number; induced: number; source: string };
  }[];
  firms: { exporter: string; units: number; source: string }[];
  firmsWithoutData: string[];
  unitValue: number;
  /** Construction job-years per $1M of structures spending, by boundary, and where they come from. */
  constructionPerMillion?: { direct: number; supplier: number; induced: number; source: string };
  /** The jobs model used and its words for the report. */
  jobsModel: { kind: JobsModel; words: string };
  clawback?: { tolerance: number; measures: ('jobs' | 'capital')[] };
  /** Jobs and capital per year at full delivery (everything scales with the delivered share). */
  schedule: {
    capital: number[];
    spent: number[];
    direct: number[];
    supplier: number[];
    induced: number[];
    construction: number[];
    jobsTarget: number;
    capitalTarget: number;
    constructionTotal: number;
  };
  notes: string[];
  sources: string[];
}
