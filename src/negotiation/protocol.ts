/**
 * @module negotiation/protocol
 * The bilateral stacked alternating-offers protocol (Genius SAOP): party A opens, then each turn a party
 * accepts the offer on the table, makes a counter-offer, or ends the negotiation. Accepting is not allowed
 * on the very first turn. With a deadline of R rounds there are 2R turns; normalised time runs from 0 on
 * the first turn to 1 on the last. No agreement by the deadline means each party gets its reservation value.
 * Agreement utilities are discounted as U·d^t.
 */
import { type Agent, type AgentOptions, makeAgent, OwnSpace } from './agents.js';
import { analyzeProposal, type PreparedScenario } from './analyze.js';
import { discounted, indicesOfNumber, type Outcome, outcomeAt } from './model.js';

/** One step of the trace. */
export interface TraceStep {
  turn: number;
  round: number;
  t: number;
  party: string;
  action: 'offer' | 'accept' | 'end';
  outcome: Outcome | null;
  /** Undiscounted utilities of the outcome offered or accepted, party A first. */
  utilities: [number, number] | null;
  dominated: boolean | null;
  distanceToFrontier: number | null;
}

/** The result of a run. */
export interface NegotiationRun {
  agents: [string, string];
  deadlineRounds: number;
  agreement: Outcome | null;
  agreementTurn: number | null;
  /** Final utilities, discounted at agreement time; the reservation values without agreement. */
  utilities: [number, number];
  trace: TraceStep[];
}

/** Run two agents against each other under the protocol. */
export function runAlternatingOffers(
  prep: PreparedScenario,
  agents: [Agent, Agent],
  deadlineRounds: number,
): NegotiationRun {
  if (!Number.isInteger(deadlineRounds) || deadlineRounds < 1)
    throw new Error('deadlineRounds must be a positive integer');
  const turns = 2 * deadlineRounds;
  const names: [string, string] = [prep.parties[0].name, prep.parties[1].name];
  const trace: TraceStep[] = [];
  let onTable: number | null = null;
  const describe = (outcome: Outcome) => {
    const p = analyzeProposal(prep, outcome);
    return { utilities: p.utilities, dominated: p.dominated, distanceToFrontier: p.distanceToFrontier };
  };
  for (let turn = 0; turn < turns; turn++) {
    const who = turn % 2;
    const t = turns === 1 ? 1 : turn / (turns - 1);
    const action = agents[who]!.act({ t, opponentOffer: onTable });
    const base = { turn: turn + 1, round: Math.floor(turn / 2) + 1, t, party: names[who]! };
    if (action.type === 'accept' && onTable !== null) {
      const outcome = outcomeAt(prep.domain, indicesOfNumber(prep.domain, onTable));
      const d = describe(outcome);
      trace.push({ ...base, action: 'accept', outcome, ...d });
      return {
        agents: [agents[0].strategy, agents[1].strategy],
        deadlineRounds,
        agreement: outcome,
        agreementTurn: turn + 1,
        utilities: [
          discounted(d.utilities[0], prep.parties[0].discount, t),
          discounted(d.utilities[1], prep.parties[1].discount, t),
        ],
        trace,
      };
    }
    if (action.type === 'end') {
      trace.push({
        ...base,
        action: 'end',
        outcome: null,
        utilities: null,
        dominated: null,
        distanceToFrontier: null,
      });
      break;
    }
    // An accept with nothing on the table (the first turn) is void: the agent simply loses its turn.
    if (action.type === 'offer') {
      onTable = action.outcome;
      const outcome = outcomeAt(prep.domain, indicesOfNumber(prep.domain, onTable));
      trace.push({ ...base, action: 'offer', outcome, ...describe(outcome) });
    }
  }
  return {
    agents: [agents[0].strategy, agents[1].strategy],
    deadlineRounds,
    agreement: null,
    agreementTurn: null,
    utilities: [
      discounted(prep.parties[0].reservation, prep.parties[0].discount, 1),
      discounted(prep.parties[1].reservation, prep.parties[1].discount, 1),
    ],
    trace,
  };
}

/** Build both agents by strategy name and run them. */
export function negotiate(
  prep: PreparedScenario,
  strategies: [string, string],
  deadlineRounds: number,
  options: AgentOptions = {},
): NegotiationRun {
  const agents: [Agent, Agent] = [
    makeAgent(strategies[0], new OwnSpace(prep.parties[0]), options),
    makeAgent(strategies[1], new OwnSpace(prep.parties[1]), options),
  ];
  return runAlternatingOffers(prep, agents, deadlineRounds);
}
