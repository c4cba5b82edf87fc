/**
 * @module result
 * What a parser or check returns when failing is expected: the value, or the problems that prevented it.
 * One shape, so callers branch on `ok` the same way everywhere and problems stay data (never exceptions)
 * until an edge decides how to show them.
 *
 * @example
 * function parsePort(text: string): Result<number> {
 *   const port = Number(text);
 *   return Number.isInteger(port) && port > 0 && port < 65536
 *     ? ok(port)
 *     : fail([{ code: 'invalid-port', message: `${text} is not a port number` }]);
 * }
 * const port = parsePort('8080');
 * if (!port.ok) for (const p of port.problems) console.error(formatProblem(p));
 * else listen(port.value);
 */
import type { Problem } from './problem.js';

/** The value was produced. */
export interface Success<T> {
  ok: true;
  value: T;
}

/** The value could not be produced; `problems` say why (at least one). */
export interface Failure<P = Problem> {
  ok: false;
  problems: P[];
}

/** A value, or the problems that prevented it. */
export type Result<T, P = Problem> = Success<T> | Failure<P>;

/** A result holding `value`. */
export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

/** A result holding the problems that prevented a value. */
export function fail<P = Problem>(problems: P[]): Failure<P> {
  return { ok: false, problems };
}
