/**
 * Compile the shipped rule base: parse and validate data/tariff/layers.yaml, scopes.yaml (with its list files)
 * and fees.yaml, and write data/tariff/rule-base.json, which the CLI and the server load instead of the YAML.
 * Run after editing any of them (`npm run build:data`); src/tariff/shipped-rule-base.test.ts fails until then.
 *
 * Also rebuild the index of each shipped HTS revision (data/tariff/hts/) from the export beside it: after a
 * change to the index format, or to a shipped export; src/tariff/hts-index.test.ts fails until then.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskSource } from '../src/_lib/read-file.js';
import { compileShippedRuleBase, dataDir } from '../src/tariff/rule-base.js';
import { indexFromExport, readManifest, shippedHtsDir } from '../src/tariff/hts-store.js';
import { RULE_BASE_JSON } from '../src/tariff/shipped-rule-base.js';

const path = join(dataDir(diskSource), RULE_BASE_JSON);
const json = compileShippedRuleBase(diskSource);
writeFileSync(path, json);
console.log(`wrote ${path} (${Buffer.byteLength(json).toLocaleString('en-US')} bytes)`);

const htsDir = shippedHtsDir(diskSource);
for (const entry of readManifest(htsDir, diskSource)) {
  const index = indexFromExport(htsDir, entry, diskSource);
  writeFileSync(join(htsDir, entry.index), index);
  console.log(`wrote ${join(htsDir, entry.index)} (${index.length.toLocaleString('en-US')} bytes)`);
}
