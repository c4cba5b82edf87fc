/**
 * @module tariff
 * US import duty law 2025–2026 as cited, dated data, and the engine that resolves it for an entry line,
 * with agreement overlays and bulk assessment. Functions that read the shipped data or named files take a
 * `DataSource`; the package's `accord/tariff` (src/entries/tariff.ts) gives them the disk by default.
 */
export {
  ASSESS_COLUMNS,
  type AssessOptions,
  type AssessSummary,
  assessEntries,
  type GroupTotal,
  summaryToJson,
} from './assess.js';
export { createTariffEngine, type EngineOptions, shippedHtsTable } from './create-engine.js';
export {
  DECLARED_FACTS,
  type DeclaredFacts,
  FACT_NAMES,
  type FactName,
  type FactProblem,
  type FactTexts,
  factOfField,
  readDeclaredFacts,
} from './declared-facts.js';
export { dutyToJson, type OverlayBasis, overlayLabel } from './duty-json.js';
export {
  computeDuty,
  DUTY_INPUT_INVALID,
  type DutyInput,
  type DutyLine,
  type DutyResult,
  type TariffEngine,
} from './engine.js';
export {
  type Parsed,
  parseChoiceField,
  parseCountryField,
  parseDateField,
  parseMoneyField,
  parseOriginField,
  parsePercentField,
  parseQuantityPairs,
  parseTransportField,
  parseYesNoField,
} from './entry-fields.js';
export { hmf, type MpfResult, mpf, type Transport } from './fees.js';
export { type FiledLine, filedLines } from './filed-lines.js';
export { type HtsLine, type HtsLookup, HtsTable, loadHtsFile, parseHtsJson } from './hts.js';
export { formatHts, htsDigits } from './hts-code.js';
export {
  AUTO_PART_USES,
  END_USES,
  type Formula,
  type Interaction,
  type Layer,
  PHARMA_TYPES,
  QUOTA_STATUSES,
} from './layer.js';
export { applyOverlays, type OverlayLayers, trackLayers } from './overlay.js';
export { mfnDuty, parseRateText, type RateText } from './rate-text.js';
export {
  type FeeRules,
  loadShippedRuleBase,
  parseRuleBase,
  type RuleBase,
  shippedListFiles,
} from './rule-base.js';
export { parseScopesCsv, parseScopesYaml, type ScopeList, Scopes } from './scopes.js';
