/**
 * @module economics
 * The economic impact simulator's public surface: SMART, GSIM and exact CES tariff models, the WITS
 * tariff-change operators, and (in later modules) investment-to-jobs, term paths and Monte Carlo.
 */
export type { CesInput, CesResult, CesSource, CesSourceResult } from './ces.js';
export { ces } from './ces.js';
export type { GsimInput, GsimOptions, GsimRegionResult, GsimResult } from './gsim.js';
export { solveGsim } from './gsim.js';
export { parseGsimInput } from './gsim-input.js';
export type { ModelLabel, ModelName } from './labels.js';
export { INFINITE_SUPPLY, isInfiniteSupply } from './labels.js';
export type { TariffChange } from './operators.js';
export { applyTariffChange, SWISS_DEFAULT_COEFFICIENT } from './operators.js';
export type { Market, MarketPartner, MarketSummary } from './single-market.js';
export { compareModels, gsimSingleMarket, runCes, runGsim, runSmart } from './single-market.js';
export type { SmartInput, SmartPartner, SmartPartnerResult, SmartResult } from './smart.js';
export { smart } from './smart.js';
