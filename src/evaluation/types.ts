/**
 * @module evaluation/types
 * What an evaluation returns: each milestone's status with the facts that decided it, and per tariff track
 * the dated rate steps in force, each with its provenance. Everything is a pure function of the agreement,
 * the facts and the as-of date.
 */
import type { IsoDate } from '../_lib/date.js';
import type { Cents, Ppm } from '../_lib/money.js';
import type { Problem } from '../_lib/problem.js';
import type { SnapEventName } from '../agreement/index.js';

/** Where a milestone stands at the as-of date. */
export type MilestoneStatus = 'pending' | 'met' | 'missed' | 'in-cure' | 'waived' | 'snapped-back';

/**
 * A condition's measurement in its unit, for machine output (`value` and `target` on the condition are the
 * same numbers written for people). `per: 'year'` marks a target that each completed year must reach.
 */
export type Measure = { per?: 'year' } & (
  | { unit: 'USD'; value?: Cents; target?: Cents }
  | { unit: 'FTE' | 'count'; value?: number; target?: number }
  | { unit: 'percent'; value?: Ppm; target?: Ppm }
  | { unit: 'boolean'; value?: boolean; target?: boolean }
);

/** One condition's outcome, mirroring the condition tree. */
export interface ConditionResult {
  /** Human-readable form, e.g. `netNewFte ≥ 2000 (naics 3361, 3363)`. */
  label: string;
  holds: boolean;
  /** Met only thanks to the tolerance band. */
  withinTolerance?: boolean;
  /** Measured value and target, formatted for people ("1,950 FTE", "$5,000,000,000.00"). */
  value?: string;
  target?: string;
  /** The measured value and target as numbers in their unit (absent for conditions measured in words). */
  measure?: Measure;
  /** Achieved share of the target, ppm (for gates and clawback). */
  ratio?: Ppm;
  /** Facts that entered this measurement. */
  facts: string[];
  children?: ConditionResult[];
}

/** One milestone's status, the measurement that decided it, and why in words. */
export interface MilestoneResult {
  id: string;
  title?: string;
  status: MilestoneStatus;
  /** The deadline in force (after variant overrides and waivers). */
  deadline: IsoDate;
  /** When the cure period ends (status in-cure, or missed after cure). */
  cureEnds?: IsoDate;
  /** The day the deciding verification was recorded (met), or the miss became final (missed). */
  decidedOn?: IsoDate;
  condition: ConditionResult;
  /** Ids of the facts that decided the status. */
  decidedBy: string[];
  /** One or two sentences a trade analyst can read. */
  explanation: string;
}

/** A period during which one rate is in force on a track. */
export interface RateStep {
  from: IsoDate;
  /** Exclusive end; absent = open-ended as of the evaluation. */
  until?: IsoDate;
  rate: Ppm;
  /** How the rate applies in this period: the step's own mode, else the track's. */
  mode: 'additional' | 'inclusive';
  kind: 'start' | 'step' | 'snap-back' | 'term-end';
  /** The agreement step id (when kind = step). */
  stepId?: string;
  /** Why this rate is in force, in words. */
  because: string;
  milestones: string[];
  facts: string[];
  sources: string[];
  /** Present when the reference marks the rule uncertain; explanations must repeat it. */
  uncertain?: string;
}

/** A step the agreement plans, and whether it has been reached. */
export interface PlannedStep {
  stepId: string;
  rate: Ppm;
  gate: string;
  reached: boolean;
  effective?: IsoDate;
  why: string;
}

/** One tariff track: its rates in force over time, the steps it plans, and localized relief. */
export interface TrackSchedule {
  track: string;
  title?: string;
  /** The track's default mode; each RateStep carries the mode in force for its period. */
  mode: 'additional' | 'inclusive';
  heading: string;
  authority: string;
  /** Headings the track files under while its relief is in force (e.g. 9903.94.40/.41 under EO 14345). */
  reliefHeadings?: string[];
  /**
   * What restores the rate, and to what: the events, the rate restored (ppm) and its mode, with the file's
   * note and caveat, which every output repeats (e.g. "at rates the President decides").
   */
  snapBack?: {
    on: SnapEventName[];
    rate: Ppm;
    mode: 'additional' | 'inclusive';
    noticeDays: number;
    note?: string;
    uncertain?: string;
    sources: string[];
  };
  hts: string[];
  except: string[];
  origin: string;
  importers?: string[];
  /** The timeline in force, in date order, non-overlapping. */
  inForce: RateStep[];
  planned: PlannedStep[];
  /** Localized relief: from each date, the share (ppm) of the importer's entries relieved. */
  exemptShare?: { from: IsoDate; share: Ppm; facts: string[] }[];
}

/** A linked obligation's status at the as-of date. */
export interface ObligationResult {
  id: string;
  status: 'met' | 'missed' | 'pending';
  explanation: string;
  facts: string[];
}

/** C1/C7: the share of relief to repay and the amount due. */
export interface ClawbackResult {
  /** C1 performance = mean of the capped ratios, ppm. */
  performance: Ppm;
  tolerance: Ppm;
  /** Share of relief to repay, ppm (1_000_000 under a C7 security clawback). */
  repayShare: Ppm;
  /** Relief granted so far according to the facts, and the amount due, when known. */
  reliefGranted?: Cents;
  due?: Cents;
  explanation: string;
}

/** T1: one commitment's annual report for one calendar year. */
export interface ReportingResult {
  commitment: string;
  year: number;
  due: IsoDate;
  status: 'on-time' | 'late' | 'missing';
  /** When the first report for the year was recorded. */
  recorded?: IsoDate;
  /** Months or parts of months after the due date (to the recording, or to the as-of date while missing). */
  monthsLate: number;
  lateFee?: Cents;
  facts: string[];
  explanation: string;
}

/** R7–R9: a dispute of a report, what it suspends and how it ended, as of the evaluation date. */
export interface DisputeResult {
  /** The dispute fact. */
  id: string;
  /** The report disputed. */
  subject: string;
  raisedBy: string;
  raised: IsoDate;
  grounds: string;
  /** When the dispute is of an attestation the report rests on: that attestation, in words. */
  about?: string;
  status: 'open' | 'lapsed' | 'upheld' | 'dismissed' | 'withdrawn';
  /** Knowledge periods in which the report does not count because of this dispute (R8). */
  suspends: { fact: string; from: IsoDate; until?: IsoDate }[];
  /** The day an unresolved dispute lapses (resolveWithinDays after it was raised). */
  lapses: IsoDate;
  resolution?: {
    fact: string;
    outcome: 'upheld' | 'dismissed' | 'withdrawn';
    on: IsoDate;
    by: string[];
    reason: string;
  };
  explanation: string;
}

/** A logged statement that does not count: the record rule it broke and who signed it. */
export interface NotCountedStatement {
  index: number;
  leafHash: string;
  type?: string;
  actor?: string;
  /** The signature's key name and id. */
  key?: string;
  rule?: string;
  problems: Problem[];
}

/** A joint decision on the log (R6): who signed it, verified, and whether it is in force or awaits more. */
export interface DecisionRecord {
  index: number;
  leafHash: string;
  /** The decision kind: waiver, snap-back, firm-registration … */
  kind: string;
  /** The decision's own statement type. */
  type: string;
  proposedBy: string;
  status: 'in-force' | 'pending';
  /** Each party whose government's signature the replay verified: the entry that carries it. */
  approvals: { party: string; actor: string; index: number; issued: IsoDate }[];
  /** In force since: the entry completing the signatures and the latest issued date among them. */
  effective?: { index: number; issued: IsoDate };
  /** Parties still to sign (pending). */
  awaiting: string[];
}

/** For an evaluation read from a log: the prefix it was computed at and what the replay did not count. */
export interface LedgerBasis {
  origin: string;
  /** Tree size (entries) the evaluation read. */
  size: number;
  /** RFC 6962 root of that prefix, base64. */
  root: string;
  notCounted: NotCountedStatement[];
  decisions: DecisionRecord[];
}

/** A fact that did not count, and why (E1 evidence, quorum, unknown commitment …). */
export interface RejectedFact {
  id: string;
  problems: Problem[];
}

/** The whole result of evaluating an agreement against facts as of a date. */
export interface Evaluation {
  agreement: { id: string; title: string; status: string; hash: string; variant?: string; termEnds: IsoDate };
  asOf: IsoDate;
  /** The log checkpoint the facts were read at (ledger-backed evaluations only). */
  checkpoint?: { origin: string; size: number; root: string };
  /** The log prefix read and the statements the replay did not count (ledger-backed evaluations only). */
  ledger?: LedgerBasis;
  milestones: MilestoneResult[];
  tracks: TrackSchedule[];
  obligations: ObligationResult[];
  clawback?: ClawbackResult;
  /** T1 annual reports due by the as-of date (when the agreement sets a reporting calendar). */
  reporting?: ReportingResult[];
  facts: {
    counted: string[];
    rejected: RejectedFact[];
    /** Counted facts that an open or upheld dispute suspends on the evaluation date (R8). */
    suspended: string[];
  };
  /** Disputes on record, open and resolved (R7–R9). */
  disputes: DisputeResult[];
  /** Caveats every reader must see (hypothetical agreement, uncertain rules). */
  notes: string[];
}
