/**
 * @module negotiation/rubinstein
 * Alternating-offers bargaining over a pie of size 1 (Rubinstein 1982): the subgame-perfect share of the
 * first proposer, in closed form for the infinite horizon and by backward induction for a finite one.
 * These are the benchmarks the time-based agents and the discounting model are checked against.
 */

/**
 * First proposer's share with infinite horizon and discount factors δ1 (proposer) and δ2 (responder):
 * x* = (1 − δ2)/(1 − δ1·δ2); agreement is immediate.
 *
 * @example
 * rubinsteinShare(0.9, 0.9) // 0.526316 (= 1/(1 + δ))
 */
export function rubinsteinShare(delta1: number, delta2: number): number {
  if (!(delta1 >= 0 && delta1 <= 1 && delta2 >= 0 && delta2 <= 1) || delta1 * delta2 >= 1) {
    throw new Error('rubinsteinShare: discount factors must lie in [0, 1] and not both be 1');
  }
  return (1 - delta2) / (1 - delta1 * delta2);
}

/**
 * First proposer's share when at most `rounds` offers can be made and a rejection of the last one gives
 * both nothing, found by backward induction: the last proposer takes everything, and each earlier
 * proposer offers the responder exactly what the responder would get, discounted, by proposing next.
 * Factors alternate: `delta[0]` discounts the first proposer, `delta[1]` the other.
 */
export function finiteHorizonShare(delta: readonly [number, number], rounds: number): number {
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new Error('finiteHorizonShare: rounds must be a positive integer');
  // share = what the proposer of round t keeps; walk back from the last round.
  let share = 1;
  for (let t = rounds - 1; t >= 1; t--) {
    // In round t the responder is the proposer of round t+1; who that is alternates.
    const responderDelta = t % 2 === 1 ? delta[1] : delta[0];
    share = 1 - responderDelta * share;
  }
  return share;
}

/**
 * The Binmore–Rubinstein–Wolinsky view: with δ_i = exp(−r_i·Δ), the first proposer's share for a time
 * step Δ; as Δ → 0 it tends to r2/(r1 + r2), the asymmetric Nash solution with weights 1/r_i.
 */
export function continuousTimeShare(r1: number, r2: number, step: number): number {
  return rubinsteinShare(Math.exp(-r1 * step), Math.exp(-r2 * step));
}
