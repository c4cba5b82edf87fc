/**
 * The rule base cites what a broker can look up: no source, note or caveat in data/tariff points at the
 * project's internal reference notes, which users do not have.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const INTERNAL = /tariff-law\.md|data-facts\.md|economics\.md|\.\.\/shared|shared\/reference/;
const DIR = join(ROOT, 'data/tariff');

const FILES = [
  ...readdirSync(DIR).filter((f) => /\.(ya?ml|md|csv)$/.test(f)),
  // The official lists and the script that reads them from the HTSUS text.
  ...readdirSync(join(DIR, 'lists'))
    .filter((f) => /\.(csv|py|md)$/.test(f))
    .map((f) => `lists/${f}`),
];

describe('data/tariff citations', () => {
  for (const file of FILES)
    it(`${file} cites no internal note`, () => {
      const lines = readFileSync(join(DIR, file), 'utf8').split('\n');
      const hits = lines.flatMap((l, i) => (INTERNAL.test(l) ? [`${file}:${i + 1}: ${l.trim()}`] : []));
      expect(hits).toEqual([]);
    });
});
