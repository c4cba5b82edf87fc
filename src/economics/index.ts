/**
 * @module economics
 * The economic impact simulator's public surface: SMART, GSIM and exact CES tariff models, the WITS
 * tariff-change operators, investment-to-jobs (Leontief), cited tables, term paths over an agreement,
 * Monte Carlo and the data of its fan charts (drawn by src/render).
 */
export type { CesInput, CesResult, CesSource, CesSourceResult } from './ces.js';
export { ces } from './ces.js';
export type { Fan, FanStep } from './fan.js';
export { fanSteps } from './fan.js';
export type { GsimInput, GsimOptions, GsimRegionResult, GsimResult } from './gsim.js';
export { solveGsim } from './gsim.js';
export { parseGsimInput } from './gsim-input.js';
export type { BeaIoTable, IoJobsPerMillion, IoTableFiles } from './io-table.js';
export {
  BEA_IO_DIR,
  beaCodeFor,
  ioJobsPerMillion,
  ioSupplierPerDirect,
  parseIoTable,
  shippedIoTable,
} from './io-table.js';
export type { ModelLabel, ModelName } from './labels.js';
export { INFINITE_SUPPLY, isInfiniteSupply } from './labels.js';
export type { IoTable, JobsEstimate } from './leontief.js';
export { ioJobs, leontiefInverse, technicalCoefficients, typeIMultipliers } from './leontief.js';
export type { MarketOutcome, TwoPartnerMarket } from './market-response.js';
export { respond } from './market-response.js';
export type { MonteCarloOptions, MonteCarloSummary, Percentiles, Uncertainty } from './monte-carlo.js';
export { closeMonteCarloWorkers, monteCarlo } from './monte-carlo.js';
export type { TariffChange } from './operators.js';
export { applyTariffChange, SWISS_DEFAULT_COEFFICIENT } from './operators.js';
export type { VariantModelReport } from './report.js';
export { bandsJson, VALUE_DEFINITIONS, variantModelReport } from './report.js';
export type { Scenario } from './scenario.js';
export { loadScenario, modelsFor, readAgreementForSimulation } from './scenario.js';
export type { Market, MarketPartner, MarketSummary } from './single-market.js';
export { compareModels, gsimSingleMarket, runCes, runGsim, runSmart } from './single-market.js';
export type { SmartInput, SmartPartner, SmartPartnerResult, SmartResult } from './smart.js';
export { smart } from './smart.js';
export type { SmartBatch, SmartBatchResult } from './smart-batch.js';
export { smartBatch } from './smart-batch.js';
export type { BaseFlow, ElasticityRow, ExportSupplyRow, FirmExports, MultiplierRow } from './tables.js';
export {
  elasticitiesFor,
  exportSupplyFor,
  parseBaseFlows,
  parseElasticities,
  parseExportSupply,
  parseFirmExports,
  parseMultipliers,
  shippedTables,
} from './tables.js';
export type {
  JobsModel,
  PathDraw,
  PathTotals,
  TermAgreement,
  TermAssumptions,
  TermSetup,
  TermTables,
  YearRow,
} from './term-path.js';
export { DEFAULT_TERM_ASSUMPTIONS, expectedPath, prepareTerm, simulatePath } from './term-path.js';
