/**
 * @module economics/mc-worker
 * The piscina worker for Monte Carlo: runs a slice of paths into the shared buffer.
 */
import { type PathJob, runPaths } from './monte-carlo.js';

/** Run the job's paths; returns how many ran. */
export default function run(job: PathJob): number {
  return runPaths(job);
}
