/**
 * @module tariff/grown
 * Growable typed arrays for bulk assessment's tables (plans, group totals): the array itself when it already
 * holds n elements, else a copy at least twice as long, so that appending stays amortised O(1).
 *
 * @example
 * let rates = new Float64Array(4);
 * rates = grown(rates, 5); // length 8, the first four elements kept
 */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, n: number): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
