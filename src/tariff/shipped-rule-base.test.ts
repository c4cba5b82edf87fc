import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskSource } from '../_lib/read-file.js';
import { compileShippedRuleBase, dataDir, parseShippedRuleBaseYaml } from './rule-base.js';
import {
  changedSources,
  REGENERATE_COMMAND,
  RULE_BASE_JSON,
  readRuleBaseJson,
  ruleBaseJson,
  sourceDigests,
} from './shipped-rule-base.js';

const path = join(dataDir(diskSource), RULE_BASE_JSON);
const shippedJson = readFileSync(path, 'utf8');
const { ruleBase: fromYaml, files } = parseShippedRuleBaseYaml(diskSource);

describe('data/tariff/rule-base.json', () => {
  it('is what compiling the shipped YAML gives today', () => {
    // The CLI trusts this file without validating it again: this is the check that it came from YAML that
    // parsed and validated. A message rather than a diff of 370 KB of JSON.
    const fresh = compileShippedRuleBase(diskSource);
    if (fresh !== shippedJson)
      expect.fail(
        `data/tariff/rule-base.json is stale: the YAML under data/tariff changed; regenerate it with ${REGENERATE_COMMAND}`,
      );
  });

  it('reads back as the rule base the YAML gives', () => {
    const fromJson = readRuleBaseJson(shippedJson, path);
    expect(fromJson.coverageFrom).toBe(fromYaml.coverageFrom);
    expect(fromJson.layers).toEqual(fromYaml.layers);
    expect(fromJson.fees).toEqual(fromYaml.fees);
    expect(typeof fromJson.fees.mpf.years[0]?.min).toBe('bigint');
    expect(fromJson.scopes.ids()).toEqual(fromYaml.scopes.ids());
    for (const id of fromYaml.scopes.ids()) {
      expect(fromJson.scopes.get(id), id).toEqual(fromYaml.scopes.get(id));
      expect(fromJson.scopes.parts(id), id).toEqual(fromYaml.scopes.parts(id));
    }
  });

  it('records a digest of every file it was compiled from, list files included', () => {
    const { sources } = readRuleBaseJson(shippedJson, path);
    expect(Object.keys(sources)).toEqual([...new Set(files)].sort());
    expect(Object.keys(sources)).toEqual(expect.arrayContaining(['layers.yaml', 'scopes.yaml', 'fees.yaml']));
    expect(Object.keys(sources).some((f) => f.endsWith('.csv'))).toBe(true);
  });
});

describe('readRuleBaseJson', () => {
  it('refuses a file of another format, naming the command that regenerates it', () => {
    expect(() => readRuleBaseJson('{"format":"accord-rule-base/0"}', 'x.json')).toThrow(REGENERATE_COMMAND);
    expect(() => readRuleBaseJson('not json', 'x.json')).toThrow(REGENERATE_COMMAND);
  });

  it('round-trips a rule base through its text', () => {
    const text = ruleBaseJson(fromYaml, { 'layers.yaml': 'x' });
    expect(ruleBaseJson(readRuleBaseJson(text, 'x.json'), { 'layers.yaml': 'x' })).toBe(text);
  });
});

describe('changedSources', () => {
  it('names the files whose content differs from the recorded digests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-rule-base-'));
    try {
      writeFileSync(join(dir, 'a.yaml'), 'a: 1\n');
      writeFileSync(join(dir, 'b.yaml'), 'b: 1\n');
      const sources = sourceDigests(dir, ['b.yaml', 'a.yaml'], diskSource);
      expect(Object.keys(sources)).toEqual(['a.yaml', 'b.yaml']);
      expect(changedSources(dir, sources, diskSource)).toEqual([]);
      writeFileSync(join(dir, 'b.yaml'), 'b: 2\n');
      expect(changedSources(dir, sources, diskSource)).toEqual(['b.yaml']);
      rmSync(join(dir, 'a.yaml'));
      expect(changedSources(dir, sources, diskSource)).toEqual(['a.yaml', 'b.yaml']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
