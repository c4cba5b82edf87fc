/**
 * accord's library API: the explicit list of what the package exports.
 */

export type { Duration, IsoDate } from './_lib/date.js';
export type { Cents, Ppm } from './_lib/money.js';
export { applyRate, formatCents, formatPercent, parseRate, parseUsd, roundHalfUp } from './_lib/money.js';
export type { Location, Problem } from './_lib/problem.js';
export { AccordError, formatLocation, formatProblem } from './_lib/problem.js';
export type {
  Analysis as NegotiationAnalysis,
  Convention as NegotiationConvention,
  DealEconomicsModel,
  DealQuantities,
  Domain as NegotiationDomain,
  NegotiationRun,
  Outcome as NegotiationOutcome,
  Profile as NegotiationProfile,
  Recommendation as NegotiationRecommendation,
  Scenario as NegotiationScenario,
} from './negotiation/index.js';
export {
  additiveFrontier2,
  analyzeHistory,
  analyzeProposal,
  analyzeScenario,
  focusIssue,
  kalaiSmorodinskyPoint,
  loadScenario as loadNegotiationScenario,
  nashPoint,
  negotiate,
  paretoIndices2,
  prepareScenario,
  recommend as recommendPackage,
  rubinsteinShare,
} from './negotiation/index.js';
export type {
  AssessSummary,
  DutyInput,
  DutyLine,
  DutyResult,
  EngineOptions as TariffEngineOptions,
  Layer as TariffLayer,
  TariffEngine,
} from './tariff/index.js';
export { assessEntries, computeDuty, createTariffEngine, loadShippedRuleBase } from './tariff/index.js';
export type {
  Attestation,
  AuditReport,
  Checkpoint,
  EmploymentReport,
  InvestmentReport,
  KeyRegistration,
  KeyRotation,
  LedgerStore,
  MilestoneEvaluation,
  SignedStatement,
  Statement,
  TrustPolicy,
  VerifierKey,
} from './ledger/index.js';
export {
  auditStore,
  auditTiles,
  checkPolicy,
  evaluateAtCheckpoint,
  generateSigner,
  leafHash,
  parseCheckpoint,
  parsePolicy,
  parseVerifierKey,
  signStatement,
  validateStatement,
  verifyConsistency,
  verifyInclusion,
  verifyNote,
  verifyReceipt,
} from './ledger/index.js';
export { SqliteLedgerStore } from './store/index.js';
