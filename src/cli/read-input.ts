/**
 * @module cli/read-input
 * The CLI reads the files a user names through the shared reader in `_lib/read-file.ts`.
 */
export { readFileBytes as readInput } from '../_lib/read-file.js';
