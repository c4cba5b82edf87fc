/**
 * @module cli/closed-output
 * A reader that goes away (`accord … | head -1`) is not an error: it took what it wanted. When stdout or
 * stderr is closed under a write, the command ends at once, quietly, with exit 0 — no EPIPE stack trace, and
 * no further work on output nobody reads.
 */

/** True for the errors a write to a closed pipe or socket gives. */
export function isClosedOutput(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}

/**
 * Watch the process's standard streams: a closed one ends the process quietly. Other stream errors (a full
 * disk under `> file`) are reported as the user's environment, not as a bug, and exit 1.
 */
export function endQuietlyOnClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: Error) => {
      if (isClosedOutput(error)) process.exit(0);
      // stderr may be the stream that failed: write what we can and leave.
      try {
        process.stderr.write(`accord: cannot write the output: ${error.message}\n`);
      } catch {
        // nothing more to say, nowhere to say it
      }
      process.exit(1);
    });
  }
}
