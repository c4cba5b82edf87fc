/**
 * @module negotiation
 * Negotiation analysis: the model (issues, outcomes, linear-additive profiles, conventions), the exact
 * Pareto frontier, bargaining solutions, proposal and history analysis, agents under the alternating-offers
 * protocol, Genius XML / GeniusWeb JSON / accord YAML interop, and the US–Japan case.
 */
export type { Action, Agent, AgentOptions, TurnInput } from './agents.js';
export { AGENT_STRATEGIES, makeAgent, OwnSpace, TimeBasedAgent, TitForTatAgent } from './agents.js';
export type {
  Analysis,
  FocusRow,
  PreparedScenario,
  ProposalAnalysis,
  ScoredOutcome,
  SolutionOutcome,
} from './analyze.js';
export {
  analyzePrepared,
  analyzeProposal,
  analyzeScenario,
  CONVENTION_NOTES,
  focusIssue,
  OPPOSITION_NOTE,
  prepareScenario,
  utilitiesOf,
} from './analyze.js';
export type { AdditiveGain, DealEconomicsModel, DealQuantities, GainFunction } from './economics.js';
export { additiveError, additiveGain, evaluateAdditive } from './economics.js';
export {
  domainToGeniusXml,
  GENIUS_WEIGHT_SUM_TOLERANCE,
  parseGeniusDomain,
  parseGeniusProfile,
  profileToGeniusXml,
} from './genius-xml.js';
export {
  domainToGeniusWebJson,
  parseGeniusWebDomain,
  parseGeniusWebProfile,
  profileToGeniusWebJson,
  WEIGHT_SUM_TOLERANCE,
} from './geniusweb-json.js';
export type { HistoryStep } from './history.js';
export { analyzeHistory } from './history.js';
export type { LoadedScenario, ScenarioFormat } from './load.js';
export { loadScenario } from './load.js';
export type {
  CompiledProfile,
  Convention,
  DiscreteIssue,
  Domain,
  Evaluator,
  IntegerIssue,
  Issue,
  IssueValue,
  Outcome,
  Profile,
  RealIssue,
  Scenario,
  TableScale,
} from './model.js';
export {
  CONVENTIONS,
  compileProfile,
  discounted,
  enumerateUtilities,
  issueValues,
  outcomeCount,
  tabulateNumericTables,
} from './model.js';
export { FrequencyOpponentModel } from './opponent-model.js';
export type { FrontierPoint } from './pareto.js';
export {
  additiveFrontier2,
  bruteForcePareto,
  dominates,
  PARETO_TOLERANCE,
  paretoIndices2,
} from './pareto.js';
export type { NegotiationRun, TraceStep } from './protocol.js';
export { negotiate, runAlternatingOffers } from './protocol.js';
export type { IssueSplit, Recommendation } from './recommend.js';
export { recommend } from './recommend.js';
export { continuousTimeShare, finiteHorizonShare, rubinsteinShare } from './rubinstein.js';
export type {
  LabelledFigure,
  SimulatedDeal,
  SimulatorEconomicsModel,
  SimulatorEconomicsOptions,
  SimulatorTables,
} from './simulator-economics.js';
export { SIMULATOR_MODELS, simulatorEconomics, usJapanSimulator } from './simulator-economics.js';
export type { SolutionPoint, UtilityPair } from './solutions.js';
export {
  egalitarianPoint,
  idealPoint,
  kalaiSmorodinskyPoint,
  maxWelfarePoint,
  nashPoint,
  oppositionLevel,
  oppositionLevelMinMax,
  SOLUTION_TIE_TOLERANCE,
} from './solutions.js';
export type { ExactUsJapanAnalysis } from './us-japan-exact.js';
export { exactUsJapanAnalysis } from './us-japan-exact.js';
export { US_JAPAN_HISTORY, usJapanScenarioYaml } from './us-japan-scenario.js';
export {
  approximationError,
  deriveProfile,
  japanGain,
  US_JAPAN_ASSUMPTIONS,
  US_JAPAN_DOMAIN,
  US_JAPAN_FACTS,
  usGain,
  usJapanEconomics,
} from './us-japan-utilities.js';
export type { HistoryEntry, YamlScenario } from './yaml-scenario.js';
export { parseYamlScenario, validateOutcome } from './yaml-scenario.js';
