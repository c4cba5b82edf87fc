/**
 * @module cli/entry
 * Process entry point: `bin/accord.js` loads the compiled copy; tests run this file through tsx.
 */
import { run } from './main.js';

process.exitCode = await run(process.argv.slice(2));
