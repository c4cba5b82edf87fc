/**
 * Compile the shipped rule base: parse and validate data/tariff/layers.yaml, scopes.yaml (with its list files)
 * and fees.yaml, and write data/tariff/rule-base.json, which the CLI and the server load instead of the YAML.
 * Run after editing any of them (`npm run build:data`); src/tariff/shipped-rule-base.test.ts fails until then.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskSource } from '../src/_lib/read-file.js';
import { compileShippedRuleBase, dataDir } from '../src/tariff/rule-base.js';
import { RULE_BASE_JSON } from '../src/tariff/shipped-rule-base.js';

const path = join(dataDir(diskSource), RULE_BASE_JSON);
const json = compileShippedRuleBase(diskSource);
writeFileSync(path, json);
console.log(`wrote ${path} (${Buffer.byteLength(json).toLocaleString('en-US')} bytes)`);
