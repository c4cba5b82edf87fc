/**
 * @module negotiation/opponent-model
 * A frequency opponent model (the HardHeaded / BOA style): an opponent tends to repeat the options it
 * likes and to keep the issues it cares about fixed. Option estimates are (count + 1)/(max count + 1)
 * per issue; an issue's weight grows each time the opponent leaves its value unchanged between two
 * consecutive offers. The estimate is a linear-additive utility in [0, 1].
 */

/** A learned estimate of the opponent's utility over option indices. */
export class FrequencyOpponentModel {
  readonly #counts: number[][];
  readonly #weights: number[];
  #last: readonly number[] | null = null;
  /** Weight added to an issue each time the opponent does not change it (HardHeaded uses 0.2 on weights summing to 1). */
  readonly learningRate: number;

  /** `sizes[i]` is the number of options of issue i. */
  constructor(sizes: readonly number[], learningRate = 0.2) {
    this.#counts = sizes.map((s) => new Array<number>(s).fill(0));
    this.#weights = sizes.map(() => 1 / Math.max(1, sizes.length));
    this.learningRate = learningRate;
  }

  /** Record an opponent offer given as option indices. */
  observe(indices: readonly number[]): void {
    indices.forEach((k, i) => {
      const row = this.#counts[i]!;
      row[k] = (row[k] ?? 0) + 1;
    });
    if (this.#last) {
      indices.forEach((k, i) => {
        if (this.#last![i] === k) this.#weights[i] = this.#weights[i]! + this.learningRate / indices.length;
      });
      const total = this.#weights.reduce((a, b) => a + b, 0);
      for (let i = 0; i < this.#weights.length; i++) this.#weights[i] = this.#weights[i]! / total;
    }
    this.#last = [...indices];
  }

  /** Current normalised issue weights. */
  weights(): number[] {
    return [...this.#weights];
  }

  /** Estimated opponent utility of an outcome (option indices), in [0, 1]. */
  estimate(indices: readonly number[]): number {
    let u = 0;
    indices.forEach((k, i) => {
      const row = this.#counts[i]!;
      const max = Math.max(...row);
      u += this.#weights[i]! * (((row[k] ?? 0) + 1) / (max + 1));
    });
    return u;
  }
}
