/**
 * @module cli/entry
 * Process entry point: `bin/accord.js` loads the compiled copy; tests run this file through tsx.
 */
import { endQuietlyOnClosedOutput } from './closed-output.js';
import { run } from './main.js';

endQuietlyOnClosedOutput();
process.exitCode = await run(process.argv.slice(2));
