import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccordError } from '../_lib/problem.js';
import { diskSource } from '../_lib/read-file.js';
import { shippedHtsTable } from './create-engine.js';
import { htsDigits } from './hts-code.js';
import { exportText } from './hts-index.js';
import { readManifest, shippedHtsDir } from './hts-store.js';
import { dataDir, loadShippedRuleBase, parseRuleBase, shippedListFiles } from './rule-base.js';

const dir = dataDir(diskSource);
const readListFile = shippedListFiles(diskSource);
const files = {
  layers: readFileSync(join(dir, 'layers.yaml'), 'utf8'),
  scopes: readFileSync(join(dir, 'scopes.yaml'), 'utf8'),
  fees: readFileSync(join(dir, 'fees.yaml'), 'utf8'),
};

function problemCodes(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    return [(error as AccordError).code, ...((error as AccordError).problems ?? []).map((p) => p.code)];
  }
  return [];
}

describe('the shipped rule base', () => {
  const rb = loadShippedRuleBase(diskSource);

  it('cites a source for every layer and interaction', () => {
    for (const layer of rb.layers) {
      expect(layer.source.length, layer.id).toBeGreaterThan(5);
      for (const inter of layer.interactions) expect(inter.source.length, layer.id).toBeGreaterThan(3);
    }
  });

  it('orders each layer after the layers its interactions name', () => {
    const position = new Map(rb.layers.map((l, i) => [l.id, i]));
    for (const layer of rb.layers) {
      for (const inter of layer.interactions) {
        if ('layers' in inter)
          for (const dep of inter.layers) expect(position.get(dep)!).toBeLessThan(position.get(layer.id)!);
      }
    }
  });

  it('covers the programs the issue names', () => {
    const headings = new Set(rb.layers.flatMap((l) => [l.heading, l.headingAtOrAbove]));
    for (const h of [
      '9903.94.01',
      '9903.94.05',
      '9903.94.40',
      '9903.94.41',
      '9903.94.42',
      '9903.94.43',
      '9903.02.72',
      '9903.02.73',
      '9903.01.25',
      '9903.03.01',
      '9903.96.02',
      '9903.76.21',
      '9903.78.01',
      '9903.82.02',
    ]) {
      expect(headings.has(h), h).toBe(true);
    }
  });
});

describe('rule base validation', () => {
  it('rejects a dangling reference', () => {
    const bad = files.layers.replace('layers: [s232-autos-jp]', 'layers: [no-such-layer]');
    expect(problemCodes(() => parseRuleBase({ ...files, layers: bad }, undefined, readListFile))).toContain(
      'layer-unknown-ref',
    );
  });

  it('rejects an unknown product list', () => {
    const bad = files.layers.replace(
      'lists: [s232-autos-vehicles] }\n    countries: { all: true }',
      'lists: [nope] }\n    countries: { all: true }',
    );
    expect(problemCodes(() => parseRuleBase({ ...files, layers: bad }, undefined, readListFile))).toContain(
      'layer-unknown-list',
    );
  });

  it('rejects a bad rate or date, naming where', () => {
    const bad = files.layers.replace("from: '2025-04-03'", "from: '2025-04-31'");
    expect(problemCodes(() => parseRuleBase({ ...files, layers: bad }, undefined, readListFile))).toContain(
      'rule-base-invalid',
    );
  });

  it("rejects a dated list as a layer's products, and splits an exemption by the dates of its list rows", () => {
    const bad = files.layers.replace(
      'lists: [s232-autos-vehicles] }\n    countries: { all: true }',
      'lists: [ieepa-annex-ii] }\n    countries: { all: true }',
    );
    expect(problemCodes(() => parseRuleBase({ ...files, layers: bad }, undefined, readListFile))).toContain(
      'layer-dated-list',
    );
    const baseline = parseRuleBase(files, undefined, readListFile).layers.find(
      (l) => l.id === 'ieepa-baseline',
    )!;
    const annex = baseline.interactions.filter((i) => i.kind === 'exempt-products');
    // The rows that hold on every date, then one interaction per dated part (2025-04-05, -09-08, -11-13 …).
    expect(annex.length).toBeGreaterThan(3);
    const later = parseRuleBase(files, undefined, readListFile).layers.find(
      (l) => l.id === 'ieepa-baseline-others',
    )!;
    expect(later.interactions.some((i) => i.kind === 'exempt-products' && i.from === '2025-11-13')).toBe(
      true,
    );
  });

  it('rejects a dependency cycle', () => {
    const bad = files.layers.replace(
      "      - *autos-vintage-first\n    filingOrder: 40\n    source: 'EO 14345 sec. 4 (from FR publication",
      "      - *autos-vintage-first\n      - { kind: skip-if, layers: [s232-autos], reason: r, source: s }\n    filingOrder: 40\n    source: 'EO 14345 sec. 4 (from FR publication",
    );
    expect(bad).not.toBe(files.layers);
    expect(problemCodes(() => parseRuleBase({ ...files, layers: bad }, undefined, readListFile))).toContain(
      'rule-base-cycle',
    );
  });
});

describe('the shipped rule base against the Chapter 99 of the shipped HTS revision (USITC, 2026 Revision 10)', () => {
  /**
   * The additional duty a Chapter 99 heading's column-1 text sets, in percent: `The duty provided in the applicable
   * subheading + 25%` (or `plus 25%`) is 25, a bare `15%` (the inclusive floors) is 15, and the applicable
   * subheading's duty alone, `No change` or `Free` is 0; undefined when the text says neither (note 30's Russian
   * rates are in the note, not the heading).
   */
  function percentOf(general: string): number | undefined {
    const text = general.trim();
    const added = /(?:\+|plus)\s*([\d.]+)%/.exec(text);
    if (added) return Number(added[1]);
    const bare = /^([\d.]+)%$/.exec(text);
    if (bare) return Number(bare[1]);
    if (/^(the duty provided in the applicable subheading|no change|free)$/i.test(text)) return 0;
    return undefined;
  }

  it('names, for every layer in force on the day the revision took effect, a heading of it with the layer’s rate', () => {
    const { layers } = loadShippedRuleBase(diskSource);
    const hts = shippedHtsTable(diskSource);
    const day = hts.revision.effective;
    const inForce = layers.filter((l) => l.from <= day && (l.until === undefined || day < l.until));
    expect(inForce.length).toBeGreaterThan(50);
    const checked = inForce.flatMap((l) => {
      const line = hts.get(htsDigits(l.heading)!);
      expect(line, `${l.id}: ${l.heading} is not a heading of ${hts.name}`).toBeDefined();
      const percent = percentOf(line!.general);
      if (percent === undefined) return [];
      const rate = l.formula === 'claim' ? 0 : l.rate / 10_000;
      return [[l.id, l.heading, rate] as const, [l.id, l.heading, percent] as const];
    });
    // Pairs of (what accord charges, what the heading says), compared as lists so a failure names every miss.
    const accord = checked.filter((_, i) => i % 2 === 0);
    const heading = checked.filter((_, i) => i % 2 === 1);
    expect(accord).toEqual(heading);
    expect(accord.length).toBeGreaterThan(50);
    expect(heading).toContainEqual(['s301-list-1', '9903.88.01', 25]);
  });

  it('names, for every exemption or claim in force that day, a heading of it', () => {
    const { layers } = loadShippedRuleBase(diskSource);
    const hts = shippedHtsTable(diskSource);
    const day = hts.revision.effective;
    const during = (x: { from?: string; until?: string }) =>
      (x.from === undefined || x.from <= day) && (x.until === undefined || day < x.until);
    const headings = new Set(
      layers
        .filter((l) => during(l))
        .flatMap((l) => [
          ...(l.headingAtOrAbove ? [l.headingAtOrAbove] : []),
          ...l.interactions.filter((i) => i.heading !== undefined && during(i)).map((i) => i.heading!),
        ]),
    );
    expect(headings.size).toBeGreaterThan(10);
    expect([...headings].filter((h) => !hts.has(htsDigits(h)!))).toEqual([]);
  });
});

describe("the Section 301 China lists and Russia's note 30 lists against the footnotes of the shipped HTS revision", () => {
  it('holds each line whose footnote points to a list heading, and footnotes every 8-digit line it holds', () => {
    const { scopes } = loadShippedRuleBase(diskSource);
    const hts = shippedHtsTable(diskSource);
    const [entry] = readManifest(shippedHtsDir(diskSource), diskSource);
    const rows = JSON.parse(exportText(readFileSync(join(shippedHtsDir(diskSource), entry!.export)))) as {
      htsno?: string;
      footnotes?: { value: string }[];
    }[];
    // USITC footnotes a line with the Chapter 99 headings that apply to it ("See 9903.88.15.").
    const footnoted = new Map<string, Set<string>>();
    for (const row of rows) {
      const code = htsDigits(row.htsno ?? '');
      if (code === undefined || (code.length !== 8 && code.length !== 10)) continue;
      for (const note of row.footnotes ?? []) {
        for (const heading of note.value.match(/9903\.\d\d\.\d\d/g) ?? []) {
          const set = footnoted.get(heading) ?? new Set<string>();
          set.add(code);
          footnoted.set(heading, set);
        }
      }
    }
    // Named by the note, but footnoted by USITC only with other headings: 0403.20.50 is in the list 4A table of
    // U.S. note 20(s)(i) (2026 Rev 6) and footnoted only with its quota headings, 9904.04.50–9904.05.01.
    const FOOTNOTE_OMITS: Record<string, string[]> = { '9903.88.15': ['04032050'] };
    const lists: Record<string, string[]> = {
      '9903.88.01': ['s301-list-1'],
      '9903.88.02': ['s301-list-2'],
      '9903.88.03': ['s301-list-3'],
      '9903.88.15': ['s301-list-4a', 's301-list-4a-liion'],
      // The four-year review (U.S. note 31) and Russia's rates in lieu of column 2 (note 30).
      '9903.91.01': ['s301-steel-aluminum', 's301-liion-ev', 's301-respirators-2024'],
      '9903.91.03': ['s301-ev'],
      '9903.91.05': ['s301-semiconductors'],
      '9903.91.06': ['s301-liion-other'],
      '9903.91.07': ['s301-respirators'],
      '9903.90.08': ['ru-note30b'],
      '9903.90.09': ['ru-note30d'],
    };
    for (const [heading, ids] of Object.entries(lists)) {
      const marked = footnoted.get(heading) ?? new Set<string>();
      // Chapter 98 (goods returned after repair or assembly abroad) pays on the value added abroad: not a list line.
      const missing = [...marked].filter((c) => !c.startsWith('98') && scopes.match(c, ids).match === 'no');
      const unmarked = hts.codes().filter(
        // An 8-digit line written only as its single 10-digit row (8477.90.45.01) carries its footnote there.
        (c) =>
          c.length === 8 &&
          scopes.match(c, ids).match === 'yes' &&
          !marked.has(c) &&
          ![...marked].some((m) => m.startsWith(c)),
      );
      expect({ heading, missing, unmarked }).toEqual({
        heading,
        missing: [],
        unmarked: FOOTNOTE_OMITS[heading] ?? [],
      });
      expect(marked.size, heading).toBeGreaterThan(4);
    }
  });
});
