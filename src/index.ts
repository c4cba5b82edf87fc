/**
 * accord's library API: the explicit list of what the package exports.
 */

export type { Duration, IsoDate } from './_lib/date.js';
export type { Cents, Ppm } from './_lib/money.js';
export { applyRate, formatCents, formatPercent, parseRate, parseUsd, roundHalfUp } from './_lib/money.js';
export type { Location, Problem } from './_lib/problem.js';
export { AccordError, formatLocation, formatProblem } from './_lib/problem.js';
