/**
 * @module evaluation
 * The evaluation core's public surface: read facts (JSON or CSV), evaluate an agreement as of a date, look
 * up the rate on a day, and turn a result into JSON.
 */
export { defaultAsOf } from './as-of.js';
export { type EvaluationChange, evaluationChanges } from './changes.js';
export { disputeEffects, type Suspension } from './disputes.js';
export { hoursConsistent } from './employment-figures.js';
export { type EvaluateOptions, evaluate } from './evaluate.js';
export type {
  BreachFact,
  CapitalFact,
  DisputeFact,
  DisputeResolutionFact,
  EmploymentFact,
  Fact,
  FactOrigin,
  FactType,
  ObligationFact,
  ProjectFundedFact,
  ProjectSelectedFact,
  ReliefGrantedFact,
  SnapBackDecisionFact,
  WaiverFact,
} from './facts.js';
export { MAX_FACTS_BYTES, type ParsedFacts, parseFacts } from './parse-facts.js';
export { CSV_COLUMNS, parseFactsCsv } from './parse-facts-csv.js';
export {
  milestoneDates,
  projectedSchedules,
  projectionContext,
  type SupposedOutcome,
} from './projected-schedule.js';
export { rateOn } from './rate-on.js';
export { type Json, toJson } from './to-json.js';
export type {
  ClawbackResult,
  ConditionResult,
  DecisionRecord,
  DisputeResult,
  Evaluation,
  LedgerBasis,
  Measure,
  MilestoneResult,
  MilestoneStatus,
  NotCountedStatement,
  ObligationResult,
  PlannedStep,
  RateStep,
  RejectedFact,
  ReportingResult,
  TrackSchedule,
} from './types.js';
export { verifyFacts } from './verify-facts.js';
