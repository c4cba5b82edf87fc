/**
 * @module cli/main
 * The `accord` command: builds the commander program and turns every failure into an exit code.
 * The program is built for the arguments, so only the module of the command being run is imported
 * (see cli/program).
 */
import { buildProgram } from './program.js';
import { reportError } from './report-error.js';

/** Run the CLI with these arguments; resolves to the process exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error);
  }
}
