/**
 * accord's library API: the explicit list of what the package exports. Functions that read the shipped data
 * come from src/entries, which hand the domain folders the disk by default.
 */

export type { Duration, IsoDate } from './_lib/date.js';
export type { Cents, Ppm } from './_lib/money.js';
export { applyRate, formatCents, formatPercent, parseRate, parseUsd, roundHalfUp } from './_lib/money.js';
export type { Location, Problem } from './_lib/problem.js';
export { AccordError, formatLocation, formatProblem } from './_lib/problem.js';
export { type DataSource, diskSource, type ReadText, readTextFile } from './_lib/read-file.js';
export type {
  Agreement,
  AgreementMilestone,
  Commitment,
  Condition,
  Milestone,
  Obligation,
  Step,
  Track,
  Variant,
} from './agreement/index.js';
export { agreementJsonSchema, loadAgreement, validateAgreement } from './agreement/index.js';
export type {
  CesResult,
  GsimInput,
  GsimResult,
  IoTable,
  JobsEstimate,
  Market as EconomicsMarket,
  MarketSummary,
  ModelName as EconomicsModelName,
  MonteCarloSummary,
  Scenario as EconomicsScenario,
  SmartResult,
  TariffChange,
  TermAgreement,
  TermAssumptions,
  YearRow as TermYear,
} from './economics/index.js';
export {
  applyTariffChange,
  ces,
  closeMonteCarloWorkers,
  compareModels,
  expectedPath,
  ioJobs,
  monteCarlo,
  parseGsimInput,
  simulatePath,
  smart,
  solveGsim,
} from './economics/index.js';
export {
  loadScenario as loadEconomicsScenario,
  prepareTerm,
  shippedTables as shippedEconomicsTables,
} from './entries/economics.js';
export { simulatorEconomics } from './entries/negotiation.js';
export { createTariffEngine, loadShippedRuleBase } from './entries/tariff.js';
export type {
  ClawbackResult,
  ConditionResult,
  EvaluateOptions,
  Evaluation,
  Fact,
  FactOrigin,
  MilestoneResult,
  MilestoneStatus,
  PlannedStep,
  RateStep,
  TrackSchedule,
} from './evaluation/index.js';
export { evaluate, parseFacts, parseFactsCsv, rateOn, toJson, verifyFacts } from './evaluation/index.js';
export type {
  Attestation,
  AuditReport,
  EmploymentReport,
  InvestmentReport,
  KeyRegistration,
  KeyRotation,
  MilestoneEvaluation,
  SignedStatement,
  Statement,
} from './ledger/index.js';
export {
  auditStore,
  auditTiles,
  evaluateAtCheckpoint,
  signStatement,
  validateStatement,
} from './ledger/index.js';
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
export { SqliteLedgerStore } from './store/index.js';
export type {
  AssessSummary,
  DutyInput,
  DutyLine,
  DutyResult,
  EngineOptions as TariffEngineOptions,
  Layer as TariffLayer,
  TariffEngine,
} from './tariff/index.js';
export { assessEntries, computeDuty } from './tariff/index.js';
export type { Checkpoint, LedgerStore, TrustPolicy, VerifierKey } from './tlog/index.js';
export {
  checkPolicy,
  generateSigner,
  leafHash,
  parseCheckpoint,
  parsePolicy,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
  verifyNote,
  verifyReceipt,
} from './tlog/index.js';
