/**
 * @module agreement/model
 * The agreement as the engines see it: the parsed file with conditions normalised into a typed tree and
 * the content hash that identifies it (DESIGN: an agreement is content-addressed by its hash).
 */
import type { Cents } from '../_lib/money.js';
import type { AgreementData, MetricName, Milestone, Scope } from './schema.js';

/** A metric threshold. Targets are exact: FTE as a number, money in cents. */
export type MetricCondition =
  | { kind: 'metric'; metric: 'netNewFte'; atLeast: number; scope: Scope; pointer: string }
  | {
      kind: 'metric';
      metric: 'capitalDisbursed' | 'averageWage';
      atLeast: Cents;
      scope: Scope;
      pointer: string;
    }
  | { kind: 'metric'; metric: 'healthPlanOffered'; scope: Scope; pointer: string }
  | { kind: 'metric'; metric: 'selectedProjectsFunded'; withinDays: number; scope: Scope; pointer: string };

/** A condition tree over verified metrics, other milestones and linked obligations. */
export type Condition =
  | { kind: 'all'; of: Condition[]; pointer: string }
  | { kind: 'any'; of: Condition[]; pointer: string }
  | MetricCondition
  | { kind: 'milestone'; milestone: string; pointer: string }
  | { kind: 'obligation'; obligation: string; pointer: string };

export type { MetricName };

/** A milestone with its condition normalised. */
export type AgreementMilestone = Omit<Milestone, 'when'> & { when: Condition };

/** A validated agreement. `hash` is the SHA-256 (hex) of the file's bytes. */
export type Agreement = Omit<AgreementData, 'milestones'> & {
  milestones: AgreementMilestone[];
  hash: string;
};
