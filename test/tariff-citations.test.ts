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
  ...readdirSync(join(DIR, 'lists'), { recursive: true, encoding: 'utf8' })
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

describe('rule-base sources', () => {
  const ruleBase = JSON.parse(readFileSync(join(DIR, 'rule-base.json'), 'utf8')) as {
    layers: { id: string; source?: string }[];
  };
  // A primary authority a broker can look up: an executive order or proclamation, a Federal Register page, an
  // HTSUS heading or note, a CBP CSMS message, the statute or regulation, or the court decision.
  const PRIMARY =
    /EO \d|Proc\. ?\d|\d+ FR \d|HTSUS|U\.S\. note|CSMS|USTR|U\.S\.C\.|USC|CFR|Learning Resources/;
  // Never a file of someone's repository (a tracker's config or notes) in place of the law.
  const REPOSITORY_FILE = /\.(md|ya?ml|csv|py|json)\b|config\/|docs\//;

  it('names a primary authority for every layer, and no repository file', () => {
    const bad = ruleBase.layers
      .filter((l) => !PRIMARY.test(l.source ?? '') || REPOSITORY_FILE.test(l.source ?? ''))
      .map((l) => `${l.id}: ${l.source ?? '(none)'}`);
    expect(bad).toEqual([]);
  });

  // A web site's address (a commercial tariff database, a law firm's blog) is no authority either.
  const WEB_SITE = /\b[a-z0-9-]+\.(com|ai|io|net|org|gov)\b|https?:|www\./i;

  it('cites primary authority and no web site in every source: layers, interactions, lists', () => {
    const bad: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) walk(v, `${at}/${i}`);
      } else if (value !== null && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) {
          if (k === 'source' && typeof v === 'string') {
            // accord's own shipped lists (data/tariff/lists/*.csv) may be named: every user has them.
            const cited = v.replace(/lists\/[\w./-]+\.csv/g, '');
            if (!PRIMARY.test(v) || REPOSITORY_FILE.test(cited) || WEB_SITE.test(cited))
              bad.push(`${at}: ${v}`);
          } else walk(v, `${at}/${k}`);
        }
    };
    walk(ruleBase, '');
    expect(bad).toEqual([]);
  });

  it("words every caveat for a user: none speaks of 'the reference', the project's notes users do not have", () => {
    const bad: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (typeof value === 'string') {
        if (/\bthe reference\b|reference's/i.test(value)) bad.push(`${at}: ${value}`);
      } else if (Array.isArray(value)) {
        for (const [i, v] of value.entries()) walk(v, `${at}/${i}`);
      } else if (value !== null && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, `${at}/${k}`);
      }
    };
    walk(ruleBase, '');
    expect(bad).toEqual([]);
  });
});
