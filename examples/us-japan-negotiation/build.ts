/**
 * Regenerate domain.yaml with the economic simulator (src/negotiation/simulator-economics.ts):
 *   npx tsx examples/us-japan-negotiation/build.ts                          # SMART → domain.yaml (committed)
 *   npx tsx examples/us-japan-negotiation/build.ts --model CES OUT.yaml     # another tariff model, elsewhere
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { diskSource } from '../../src/_lib/read-file.js';
import type { ModelName } from '../../src/economics/index.js';
import { SIMULATOR_MODELS } from '../../src/negotiation/simulator-economics.js';
import { usJapanScenarioYaml } from '../../src/negotiation/us-japan-scenario.js';

const args = process.argv.slice(2);
let model: ModelName = 'SMART';
const flag = args.indexOf('--model');
if (flag >= 0) {
  const name = args[flag + 1];
  if (!name || !(SIMULATOR_MODELS as readonly string[]).includes(name)) {
    process.stderr.write(`--model takes one of ${SIMULATOR_MODELS.join(', ')}; got "${name ?? ''}"\n`);
    process.exit(2);
  }
  model = name as ModelName;
  args.splice(flag, 2);
}
if (args.length > 1) {
  process.stderr.write('usage: build.ts [--model SMART|GSIM|CES] [OUT.yaml]\n');
  process.exit(2);
}
// Only the SMART file is committed as the example; other models go where the user says.
const out = args[0] ?? fileURLToPath(new URL('./domain.yaml', import.meta.url));
writeFileSync(out, usJapanScenarioYaml(model, diskSource));
process.stdout.write(`wrote ${out} (utilities from the ${model} tariff model)\n`);
