/**
 * @module negotiation/economics
 * The bridge from a negotiated outcome to economic quantities, and from those quantities to linear-additive
 * utilities. Any model that maps an outcome to {@link DealQuantities} (the simulator adapter in
 * `simulator-economics.ts`, which the example uses, or the transparent formula in `us-japan-utilities.ts`)
 * can drive the negotiation analysis.
 */
import type { Domain, IssueValue, Outcome } from './model.js';
import { issueValues } from './model.js';

/** Economic quantities of one outcome over its whole commitment term. Money in US$ billions. */
export interface DealQuantities {
  /**
   * US job-years the US can count on (created, verified and sustained); the model's name says which kinds it
   * counts (direct only in the linear formula; direct plus supplier and induced in the simulator adapter).
   */
  usJobYears: number;
  /** US duty revenue forgone relative to no deal. */
  dutyRevenueForgone: number;
  /** Duty saved by Japanese exporters relative to no deal. */
  dutySaved: number;
  /** Japan's net cost of the investment commitment (capital cost plus compliance). */
  investmentCost: number;
}

/** A model from outcomes to economic quantities, named so every number says which model produced it. */
export interface DealEconomicsModel {
  readonly name: string;
  quantities(outcome: Outcome): DealQuantities;
}

/** How a party values the quantities: its economic gain in US$ billions (0 = no deal). */
export type GainFunction = (q: DealQuantities) => number;

/** Per-issue additive approximation of a party's economic gain around a reference outcome. */
export interface AdditiveGain {
  /** Gain at the reference outcome. */
  reference: number;
  /** `deltas[issue][value]`: gain change from setting this issue to this value, all else at the reference. */
  deltas: Record<string, Record<string, number>>;
}

/**
 * Approximate a (possibly non-additive) gain by its one-issue-at-a-time changes around `reference`:
 * G(o) ≈ G(ref) + Σ_i [G(ref with issue i = o_i) − G(ref)]. Linear-additive profiles need this form; the
 * approximation error can be measured with {@link additiveError}.
 */
export function additiveGain(
  domain: Domain,
  reference: Outcome,
  gain: (o: Outcome) => number,
  issueNames: readonly string[],
): AdditiveGain {
  const base = gain(reference);
  const deltas: Record<string, Record<string, number>> = {};
  for (const name of issueNames) {
    const issue = domain.issues.find((i) => i.name === name);
    if (!issue) throw new Error(`additiveGain: no issue ${name}`);
    const row: Record<string, number> = {};
    for (const v of issueValues(issue)) row[String(v)] = gain({ ...reference, [name]: v }) - base;
    deltas[name] = row;
  }
  return { reference: base, deltas };
}

/** Evaluate an additive gain at an outcome. */
export function evaluateAdditive(a: AdditiveGain, outcome: Outcome): number {
  let g = a.reference;
  for (const [name, row] of Object.entries(a.deltas)) g += row[String(outcome[name] as IssueValue)] ?? 0;
  return g;
}

/** Largest absolute gap between the exact gain and its additive approximation over the given outcomes. */
export function additiveError(
  a: AdditiveGain,
  outcomes: Iterable<Outcome>,
  gain: (o: Outcome) => number,
): number {
  let worst = 0;
  for (const o of outcomes) worst = Math.max(worst, Math.abs(gain(o) - evaluateAdditive(a, o)));
  return worst;
}
