/**
 * @module evaluation/facts
 * Facts: the verified observations an evaluation folds. In the foundation they come from a plain file
 * (JSON or CSV); the ledger supplies the same objects from signed, logged statements. Each fact says where
 * it came from so that every milestone status and tariff step can point back at its evidence.
 */
import type { IsoDate } from '../_lib/date.js';
import type { Cents, Ppm } from '../_lib/money.js';
import type { BREACH_EVENTS } from '../agreement/index.js';

/** Where a fact came from: a row or pointer of an input file, or an entry of the verification log. */
export type FactOrigin =
  | { kind: 'file'; file: string; pointer?: string; row?: number }
  | { kind: 'log'; index: number; leafHash: string };

interface FactBase {
  /** Unique within the input; cited in explanations. */
  id: string;
  /** The day the fact was put on record (logged); relief follows verification, never precedes it (T2). */
  recorded: IsoDate;
  /** Evidence kinds behind the fact (E1), e.g. `ui-wage-records`, `cpa-attestation`, `self-report`. */
  evidence: string[];
  /** Registered auditors who attested it (ids). */
  attestations: string[];
  origin?: FactOrigin;
}

/** An employment report for one commitment and period (J1–J7 are applied to it). */
export interface EmploymentFact extends FactBase {
  type: 'employment';
  commitment: string;
  /** Last day of the reporting period the figures measure. */
  periodEnd: IsoDate;
  /** Paid hours in the 12 months to periodEnd of qualifying positions (J1) performed at the site. */
  paidHours: number;
  /**
   * J2: full months the figures cover when less than a year (a plant that opened mid-year); hours and
   * wages are annualised by 12 ÷ months. Absent = 12.
   */
  months?: number;
  /** Of which hours of positions transferred from elsewhere in the host country (J5: never count). */
  relocatedHours?: number;
  /** Total annual wages of the counted positions (for the J6 average-wage floor). */
  totalWages?: Cents;
  /** J7: a qualifying health plan is offered. */
  healthPlanOffered?: boolean;
  site?: string;
}

/** Cumulative capital disbursed by a commitment as of a date. */
export interface CapitalFact extends FactBase {
  type: 'capital';
  commitment: string;
  asOf: IsoDate;
  disbursed: Cents;
}

/** A measurement of a linked obligation (farm purchases, defense share, a protocol signed). */
export interface ObligationFact extends FactBase {
  type: 'obligation';
  obligation: string;
  /** Last day of the period measured (a calendar year for `per: year` obligations). */
  periodEnd: IsoDate;
  /** usd → cents; share → ppm; count → number; boolean → boolean. */
  value:
    | { unit: 'usd'; cents: Cents }
    | { unit: 'share'; ppm: Ppm }
    | { unit: 'count'; value: number }
    | { unit: 'boolean'; value: boolean };
}

/** The importing government selected a project for funding (the MOU's 45-day clock starts). */
export interface ProjectSelectedFact extends FactBase {
  type: 'project-selected';
  project: string;
  selected: IsoDate;
  amount?: Cents;
}

/** The investing party funded a selected project. */
export interface ProjectFundedFact extends FactBase {
  type: 'project-funded';
  project: string;
  funded: IsoDate;
  amount?: Cents;
}

/** C6: a waiver of a milestone, or an extension of its deadline, approved by the named parties. */
export interface WaiverFact extends FactBase {
  type: 'waiver';
  milestone: string;
  approvedBy: string[];
  /** A new deadline; absent means the milestone is waived outright. */
  extendTo?: IsoDate;
  reason: string;
}

/** A breach event: C4 closure, J5 relocation, C7 prohibited transaction, C1/C5 unpaid clawback. */
export interface BreachFact extends FactBase {
  type: 'breach';
  event: (typeof BREACH_EVENTS)[number];
  commitment?: string;
  date: IsoDate;
  note?: string;
}

/** A government's snap-back decision for a track (the enacted deal leaves the rate to the President). */
export interface SnapBackDecisionFact extends FactBase {
  type: 'snap-back-decision';
  track: string;
  effective: IsoDate;
  by: string;
  rate?: Ppm;
  reason: string;
}

/** Duty relief granted on a track in a period (tariff revenue forgone), the base of a C1 clawback. */
export interface ReliefGrantedFact extends FactBase {
  type: 'relief-granted';
  track: string;
  periodEnd: IsoDate;
  amount: Cents;
}

/**
 * R7: a challenge to a report (an employment or capital fact). While open it suspends the report from the
 * day it was raised (R8, unless the agreement's disputes only record); it lapses unresolved after the
 * agreement's `resolveWithinDays`.
 */
export interface DisputeFact extends FactBase {
  type: 'dispute';
  /** The fact disputed. */
  subject: string;
  /** Who raised it (an actor id). */
  raisedBy: string;
  grounds: string;
  /** When the dispute is of an attestation the report rests on: that attestation, in words. */
  about?: string;
}

/** R9: the end of a dispute: upheld or dismissed by the parties, or withdrawn by whoever raised it. */
export interface DisputeResolutionFact extends FactBase {
  type: 'dispute-resolution';
  /** The dispute fact resolved. */
  dispute: string;
  outcome: 'upheld' | 'dismissed' | 'withdrawn';
  /** The parties that decided (upheld, dismissed) or the actor who withdrew. */
  by: string[];
  reason: string;
}

/** Every kind of fact an evaluation folds. */
export type Fact =
  | EmploymentFact
  | CapitalFact
  | ObligationFact
  | ProjectSelectedFact
  | ProjectFundedFact
  | WaiverFact
  | BreachFact
  | SnapBackDecisionFact
  | ReliefGrantedFact
  | DisputeFact
  | DisputeResolutionFact;

/** The `type` tag of a fact. */
export type FactType = Fact['type'];
