/**
 * A preload (`node --import ./record-imports.mjs`) that appends the URL of every module the process loads
 * through the ESM loader to the file named by $ACCORD_RECORD_IMPORTS, one per line. test/cli-lazy.test.ts
 * uses it to check which source files a CLI run imports.
 */
import { register } from 'node:module';

const out = process.env.ACCORD_RECORD_IMPORTS;
if (out) register('./record-imports-hooks.mjs', import.meta.url, { data: { out } });
