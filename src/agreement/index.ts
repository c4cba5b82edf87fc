/**
 * @module agreement
 * The agreement file: its schema, the loader that turns a file's bytes into an {@link Agreement} or
 * positioned problems, and the file's JSON Schema.
 */

export type { DecisionRule, DisputeRules, Governance, LedgerRole, RecordRule } from './governance.js';
export { governanceOf, RECORD_RULES } from './governance.js';
export { AGREEMENT_SCHEMA_ID, agreementJsonSchema } from './json-schema.js';
export type { LoadResult } from './load.js';
export { loadAgreement, MAX_AGREEMENT_BYTES, MAX_ALIAS_COUNT, MAX_DEPTH, MAX_PROBLEMS } from './load.js';
export type { Agreement, AgreementMilestone, Condition, MetricCondition, MetricName } from './model.js';
export type { AgreementProblemCode } from './problem-codes.js';
export { AGREEMENT_PROBLEM_CODES } from './problem-codes.js';
export type {
  AgreementData,
  Commitment,
  DecisionKind,
  Milestone,
  Obligation,
  Scope,
  SnapBack,
  Step,
  Track,
  Variant,
} from './schema.js';
export {
  AGREEMENT_STATUSES,
  agreementSchema,
  BREACH_EVENTS,
  DECISION_KINDS,
  METRICS,
  SNAP_EVENT_TEXT,
  SNAP_EVENTS,
  type SnapEventName,
} from './schema.js';
export { validateAgreement } from './validate.js';
