/**
 * Regenerate domain.yaml from the formula in src/negotiation/us-japan-utilities.ts:
 *   npx tsx examples/us-japan-negotiation/build.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { usJapanScenarioYaml } from '../../src/negotiation/us-japan-scenario.js';

const out = fileURLToPath(new URL('./domain.yaml', import.meta.url));
writeFileSync(out, usJapanScenarioYaml());
process.stdout.write(`wrote ${out}\n`);
