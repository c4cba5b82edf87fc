/**
 * @module negotiation/agents
 * Negotiating agents for the alternating-offers protocol.
 *
 * **Exponent convention (Genius).** A time-based agent aims at
 * `target(t) = Pmin + (Pmax − Pmin)·(1 − t^(1/e))` at normalised time t ∈ [0, 1], where Pmax is its best
 * utility and Pmin = max(worst utility, reservation value). Boulware e = 0.2 (concedes late), linear
 * e = 1, conceder e = 2 (concedes early), hardliner e = 0 (never concedes). At t = 0.5 with Pmin = 0 and
 * Pmax = 1 the targets are 0.96875, 0.5 and 0.292893. NegMAS's PolyAspiration writes such curves as
 * `1 − t^exponent`, exponent = 1/e, but its named presets are different curves: boulware is exponent 4
 * (Genius e = 0.25) and conceder exponent 0.25 (e = 4), where accord's boulware and conceder are exponents 5
 * and 0.5. To reproduce NegMAS's, use `time:0.25` and `time:4`; `time:E` here always means Genius's e.
 */
import { AccordError } from '../_lib/problem.js';
import { type CompiledProfile, enumerateUtilities } from './model.js';
import { FrequencyOpponentModel } from './opponent-model.js';

/** What an agent does on its turn. */
export type Action = { type: 'offer'; outcome: number } | { type: 'accept' } | { type: 'end' };

/** What an agent sees on its turn: normalised time and the offer on the table (outcome number), if any. */
export interface TurnInput {
  t: number;
  opponentOffer: number | null;
}

/** A negotiator. Outcomes are enumeration numbers (first issue varies slowest). */
export interface Agent {
  readonly strategy: string;
  act(input: TurnInput): Action;
}

/** An agent's own view of the outcome space: every outcome's utility and the outcomes ranked best first. */
export class OwnSpace {
  readonly sizes: number[];
  readonly utilities: Float64Array;
  readonly order: Uint32Array;
  readonly reservation: number;

  constructor(profile: CompiledProfile, maxOutcomes = 5_000_000) {
    this.sizes = profile.tables.map((t) => t.length);
    const n = this.sizes.reduce((a, b) => a * b, 1);
    if (n > maxOutcomes) {
      throw new AccordError(
        'negotiation-too-many-outcomes',
        `agents rank every outcome, and this domain has ${n} (limit ${maxOutcomes}); reduce the options or real-issue levels`,
      );
    }
    this.utilities = enumerateUtilities(profile.tables);
    const u = this.utilities;
    this.order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => u[b]! - u[a]! || a - b);
    this.reservation = profile.reservation;
  }

  get best(): number {
    return this.utilities[this.order[0]!]!;
  }

  get worst(): number {
    return this.utilities[this.order[this.order.length - 1]!]!;
  }

  /** Option indices of an outcome number. */
  indices(outcome: number): number[] {
    const out = new Array<number>(this.sizes.length);
    let rest = outcome;
    for (let i = this.sizes.length - 1; i >= 0; i--) {
      out[i] = rest % this.sizes[i]!;
      rest = Math.floor(rest / this.sizes[i]!);
    }
    return out;
  }

  /** Rank positions (best first) of the outcomes with utility ≥ target: [0, end). At least the best outcome. */
  atLeast(target: number): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.utilities[this.order[mid]!]! >= target - 1e-12) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(1, lo);
  }
}

/** Options shared by the agents. */
export interface AgentOptions {
  /** Use a frequency opponent model to choose, among bids near the target, the one the opponent likes most. */
  opponentModel?: boolean;
  /** Width of the band above the target searched with the opponent model. */
  window?: number;
}

/** Pick the bid for a target: the lowest bid still at or above it, or with a model the opponent's favourite within the band. */
function pickBid(
  space: OwnSpace,
  target: number,
  model: FrequencyOpponentModel | null,
  window: number,
): number {
  const end = space.atLeast(target);
  if (!model) return space.order[end - 1]!;
  const start = space.atLeast(target + window);
  let best = space.order[end - 1]!;
  let bestScore = Number.NEGATIVE_INFINITY;
  // Scan at most 2,000 candidates, from the target upwards, so a huge band stays cheap.
  for (let r = end - 1; r >= Math.max(start - 1, end - 2000, 0); r--) {
    const o = space.order[r]!;
    const s = model.estimate(space.indices(o));
    if (s > bestScore) {
      bestScore = s;
      best = o;
    }
  }
  return best;
}

/** Genius TimeDependentAgent: concede along target(t) with exponent e; accept when the offer is worth at least the planned bid (AC_next). */
export class TimeBasedAgent implements Agent {
  readonly strategy: string;
  readonly #space: OwnSpace;
  readonly #e: number;
  readonly #model: FrequencyOpponentModel | null;
  readonly #window: number;

  constructor(space: OwnSpace, e: number, options: AgentOptions = {}, label?: string) {
    if (!(e >= 0) || !Number.isFinite(e))
      throw new AccordError('negotiation-agent', `exponent e must be ≥ 0, got ${e}`, { exitCode: 2 });
    this.#space = space;
    this.#e = e;
    this.#model = options.opponentModel ? new FrequencyOpponentModel(space.sizes) : null;
    this.#window = options.window ?? 0.05;
    this.strategy = `${label ?? `time-based e=${e}`}${options.opponentModel ? ' + frequency model' : ''}`;
  }

  /** Target utility at normalised time t. */
  target(t: number): number {
    const pmax = this.#space.best;
    const pmin = Math.max(this.#space.worst, this.#space.reservation);
    if (this.#e === 0) return pmax;
    return pmin + (pmax - pmin) * (1 - Math.min(1, Math.max(0, t)) ** (1 / this.#e));
  }

  act({ t, opponentOffer }: TurnInput): Action {
    if (opponentOffer !== null && this.#model) this.#model.observe(this.#space.indices(opponentOffer));
    const planned = pickBid(this.#space, this.target(t), this.#model, this.#window);
    if (opponentOffer !== null) {
      const u = this.#space.utilities[opponentOffer]!;
      if (u >= this.#space.utilities[planned]! && u >= this.#space.reservation) return { type: 'accept' };
    }
    return { type: 'offer', outcome: planned };
  }
}

/**
 * Relative tit-for-tat (Faratin, Sierra & Jennings 1998), measured in the agent's own utility: when the
 * opponent's new offer is better for us than its previous one by Δ, we lower our target by Δ; when it is
 * not, we hold. Accepts an offer worth at least the current target.
 */
export class TitForTatAgent implements Agent {
  readonly strategy: string;
  readonly #space: OwnSpace;
  readonly #model: FrequencyOpponentModel | null;
  readonly #window: number;
  #target: number;
  #previous: number | null = null;

  constructor(space: OwnSpace, options: AgentOptions = {}) {
    this.#space = space;
    this.#model = options.opponentModel ? new FrequencyOpponentModel(space.sizes) : null;
    this.#window = options.window ?? 0.05;
    this.#target = space.best;
    this.strategy = `tit-for-tat${options.opponentModel ? ' + frequency model' : ''}`;
  }

  act({ opponentOffer }: TurnInput): Action {
    const floor = Math.max(this.#space.worst, this.#space.reservation);
    if (opponentOffer !== null) {
      if (this.#model) this.#model.observe(this.#space.indices(opponentOffer));
      const u = this.#space.utilities[opponentOffer]!;
      if (this.#previous !== null) {
        const gain = u - this.#previous;
        if (gain > 0) this.#target = Math.max(floor, this.#target - gain);
      }
      this.#previous = u;
      if (u >= this.#target - 1e-12 && u >= this.#space.reservation) return { type: 'accept' };
    }
    return { type: 'offer', outcome: pickBid(this.#space, this.#target, this.#model, this.#window) };
  }
}

/** Strategy names accepted by {@link makeAgent}; `time:E` takes any Genius exponent E ≥ 0. */
export const AGENT_STRATEGIES = [
  'boulware',
  'linear',
  'conceder',
  'hardliner',
  'tit-for-tat',
  'time:E',
] as const;

const EXPONENTS: Record<string, number> = { boulware: 0.2, linear: 1, conceder: 2, hardliner: 0 };

/** Build an agent from a strategy name (see {@link AGENT_STRATEGIES}). */
export function makeAgent(strategy: string, space: OwnSpace, options: AgentOptions = {}): Agent {
  const s = strategy.trim().toLowerCase();
  if (s in EXPONENTS) return new TimeBasedAgent(space, EXPONENTS[s]!, options, s);
  if (s === 'tit-for-tat' || s === 'titfortat') return new TitForTatAgent(space, options);
  const m = /^time:([0-9]*\.?[0-9]+)$/.exec(s);
  if (m) return new TimeBasedAgent(space, Number(m[1]), options);
  throw new AccordError(
    'negotiation-agent',
    `unknown agent strategy "${strategy}"; use one of ${AGENT_STRATEGIES.join(', ')}`,
    { exitCode: 2 },
  );
}
