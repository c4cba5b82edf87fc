/**
 * @module cli/report-error
 * The one place the CLI decides how a failure looks: a user's mistake prints a short message (and its
 * problems, one per line) with no stack; a usage error exits 2; anything else is a bug and prints its stack.
 */
import { CommanderError } from 'commander';
import { formatProblem, isAccordError } from '../_lib/problem.js';
import { isClosedOutput } from './closed-output.js';

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** Print `error` to stderr as its kind deserves and return the exit code. */
export function reportError(
  error: unknown,
  stderr: (text: string) => void = (t) => process.stderr.write(t),
): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version are successes.
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.help' ||
      error.code === 'commander.version'
    )
      return EXIT_OK;
    return EXIT_USAGE;
  }
  if (isAccordError(error)) {
    for (const problem of error.problems) stderr(`${formatProblem(problem)}\n`);
    if (error.problems.length === 0 || error.message) stderr(`accord: ${error.message}\n`);
    return error.exitCode;
  }
  // The reader of our output went away: it has what it wanted (see closed-output).
  if (isClosedOutput(error)) return EXIT_OK;
  // The operating system refused something the user named or set up (a path, a port, a full disk): their
  // environment, not a bug in accord, so a message without a stack.
  if (isSystemError(error)) {
    stderr(`accord: ${error.message}\n`);
    return EXIT_INVALID;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr(`accord: unexpected internal error — please report it with the command you ran.\n${text}\n`);
  return 70;
}

/** An error from a system call (`ENOENT`, `EACCES`, `EADDRINUSE`, `ENOSPC` …), as Node reports them. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  if (!(error instanceof Error)) return false;
  const e = error as NodeJS.ErrnoException;
  return typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string';
}
