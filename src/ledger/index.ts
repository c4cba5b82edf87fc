/**
 * @module ledger
 * accord's use of the transparency log (src/tlog): typed signed statements, the replay that decides which
 * count under the agreement's governance, facts and evaluations from the log, the log's append and
 * checkpoint operations, feeds, and the audit.
 */
export { type AuditOptions, type AuditReport, auditStore, auditTiles } from './audit.js';
export {
  evaluateAtCheckpoint,
  evaluatePrefix,
  evaluateReplay,
  evaluationDigest,
  type LogEvaluation,
  milestoneEvaluationStatement,
} from './evaluate-log.js';
export { decisions, factId, factsFromLog, type LogFacts, notCounted } from './facts.js';
export { type FeedItem, feedItems } from './feed.js';
export { fitsAgreement } from './fits-agreement.js';
export {
  addCosignatures,
  appendStatements,
  checkpointLog,
  exportTiles,
  receiptFor,
  witnessRequest,
} from './log.js';
export {
  type Actor,
  cachedCheck,
  type DecisionState,
  type DisputeState,
  type EntryStatus,
  LedgerReplay,
  type PartyApproval,
  type ReplayedEntry,
  type ReplayOptions,
  ROLE_MAY,
  type Role,
  replayLog,
  replayLogParallel,
  type SignatureCheck,
  type TrialVerdict,
} from './replay.js';
export {
  type Approval,
  type Attestation,
  canonicalBytes,
  type Dispute,
  type DisputeResolution,
  decodeEntry,
  type EmploymentReport,
  type FundingNotice,
  type InvestmentReport,
  type KeyRegistration,
  type KeyRotation,
  MAX_STATEMENT_BYTES,
  type MilestoneEvaluation,
  type ProjectSelection,
  type SignedStatement,
  type SnapBack,
  STATEMENT_VERSION,
  type Statement,
  type StatementType,
  signStatement,
  statementHash,
  statementMessage,
  validateStatement,
  type Waiver,
} from './statement.js';
