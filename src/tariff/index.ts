/**
 * @module tariff
 * US import duty law 2025–2026 as cited, dated data, and the engine that resolves it for an entry line,
 * with agreement overlays and bulk assessment.
 */
export type { AssessOptions, AssessSummary, GroupTotal } from './assess.js';
export { ASSESS_COLUMNS, assessEntries, summaryToJson } from './assess.js';
export type { EngineOptions } from './create-engine.js';
export { createTariffEngine, shippedHtsTable } from './create-engine.js';
export { dutyToJson, type OverlayBasis, overlayLabel } from './duty-json.js';
export type { DutyInput, DutyLine, DutyResult, TariffEngine } from './engine.js';
export { computeDuty } from './engine.js';
export type { Parsed } from './entry-fields.js';
export {
  parseDateField,
  parseMoneyField,
  parseOriginField,
  parsePercentField,
  parseTransportField,
} from './entry-fields.js';
export type { MpfResult, Transport } from './fees.js';
export { hmf, mpf } from './fees.js';
export { type FiledLine, filedLines } from './filed-lines.js';
export type { HtsLine, HtsLookup } from './hts.js';
export { HtsTable, loadHtsFile, parseHtsJson } from './hts.js';
export { formatHts, htsDigits } from './hts-code.js';
export type { Formula, Interaction, Layer } from './layer.js';
export type { OverlayLayers } from './overlay.js';
export { applyOverlays, trackLayers } from './overlay.js';
export type { RateText } from './rate-text.js';
export { mfnDuty, parseRateText } from './rate-text.js';
export type { FeeRules, RuleBase } from './rule-base.js';
export { loadShippedRuleBase, parseRuleBase } from './rule-base.js';
export type { ScopeList } from './scopes.js';
export { parseScopesCsv, parseScopesYaml, Scopes } from './scopes.js';
