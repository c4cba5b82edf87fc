/**
 * The tariff golden set of issue 13: entry lines whose legally correct Chapter 99 lines (in CBP's reporting
 * order), duties and totals were decided from the primary texts each case cites, across every program and era
 * accord covers, with the real CBP Form 7501 lines that could be sourced publicly among them (five lines of four
 * entries by two importers). The cases are data (test/corpus/tariff-golden.yaml)
 * so a broker can read and extend them without reading TypeScript.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { isoDate } from '../src/_lib/date.js';
import { parseUsd } from '../src/_lib/money.js';
import { diskSource } from '../src/_lib/read-file.js';
import { appliedHeadings, duty, filedHeadings, total } from '../src/tariff/_test/duty-helpers.js';
import { createTariffEngine } from '../src/tariff/create-engine.js';
import { computeDuty, type DutyInput, type TariffEngine } from '../src/tariff/engine.js';
import { AUTO_PART_USES, END_USES, PHARMA_TYPES } from '../src/tariff/layer.js';

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const usd = z.string().regex(/^\d+\.\d{2}$/);

const goldenCase = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  hts: z.string(),
  origin: z.string().length(2),
  date: ymd,
  value: usd.default('10000.00'),
  /** Column-1 rate to use instead of the schedule's, as `accord duty --mfn` takes it (`10%`). */
  mfn: z.string().optional(),
  loaded: ymd.optional(),
  metalContent: usd.optional(),
  usmca: z.boolean().optional(),
  /** CAFTA-DR preference claimed for originating goods (general note 29). */
  caftaDr: z.boolean().optional(),
  /** Tariff-rate quota status of the entry (within by default). */
  quota: z.enum(['within', 'over']).optional(),
  /** Country where the metal was melted and poured (aluminum: smelted or cast), ISO alpha-2. */
  meltPour: z.string().length(2).optional(),
  /** The importer attests under 9903.91.15 (ship-to-shore gantry cranes, U.S. note 31(l)(iv)). */
  craneAttestation: z.boolean().optional(),
  /** CBP has determined the goods were transshipped to evade the IEEPA duties (9903.02.01, 9903.01.16). */
  transshipped: z.boolean().optional(),
  /** What a pharmaceutical article of U.S. note 40(c) is (Section 232 pharmaceuticals). */
  pharma: z.enum(PHARMA_TYPES).optional(),
  /**
   * Scope files declaring what the good is used as, as `accord duty --scopes` takes them (paths relative to
   * data/tariff, e.g. lists/s301-sts-cranes-by-use.csv).
   */
  scopes: z.array(z.string()).optional(),
  /** The article meets the technical parameters of U.S. note 39(b) (Section 232 semiconductors). */
  semiconductor39b: z.boolean().optional(),
  /** The US end use claimed under U.S. note 39(d) (9903.79.03–.09). */
  endUse: z.enum(END_USES).optional(),
  /** What the importer certifies an automobile part outside the parts annex is for (U.S. note 33(p)–(u)). */
  autoPartUse: z.enum(AUTO_PART_USES).optional(),
  /** US content as a percentage of value (9903.01.34; the approved US content of 9903.94.03 and 9903.74.03). */
  usContentPct: z.number().min(0).max(100).optional(),
  /** The metal's share of the article's weight, as a percentage (the 2026 note 16 tests, 9903.82.01 and .03). */
  metalWeightPct: z.number().min(0).max(100).optional(),
  /** Chapter 99 lines that carry duty, then the chapter 1–97 line, as `heading=duty`. */
  lines: z.array(z.string().regex(/^[\d.]+=\d+\.\d{2}$/)).min(1),
  /**
   * The lines the entry summary files, in CBP order, as `heading=duty`: `lines` with the heading of each exemption
   * claimed at $0.00 (9903.01.32, 9903.01.14 …). Given where it differs from `lines`.
   */
  filed: z
    .array(z.string().regex(/^[\d.]+=\d+\.\d{2}$/))
    .min(1)
    .optional(),
  total: usd,
  /** A heading not charged → a citation its explanation must give. */
  exempt: z.record(z.string(), z.string()).optional(),
  /** Facts the line leaves undeclared whose defaults the result must list among its assumptions. */
  assumes: z
    .array(
      z.enum([
        'usmca',
        'quota',
        'melt-pour',
        'semiconductor-39b',
        'end-use',
        'metal-content',
        'metal-weight',
        'loaded',
        'crane-attestation',
        'pharma',
        'transshipped',
        'cafta-dr',
        'auto-part-use',
        'us-content',
      ]),
    )
    .optional(),
  /** Where a real CBP Form 7501 line came from. */
  cbp7501: z.string().optional(),
  cite: z.string().min(10),
});
type GoldenCase = z.infer<typeof goldenCase>;

const corpus = z
  .strictObject({ cases: z.array(goldenCase) })
  .parse(parse(readFileSync(new URL('./corpus/tariff-golden.yaml', import.meta.url), 'utf8')));

const cents = (text: string) => {
  const value = parseUsd(text);
  if (value === undefined) throw new Error(`not a dollar amount: ${text}`);
  return value;
};

function inputOf(c: GoldenCase): Partial<DutyInput> {
  return {
    ...(c.loaded ? { loaded: isoDate(c.loaded) } : {}),
    ...(c.mfn !== undefined ? { mfn: c.mfn } : {}),
    ...(c.metalContent ? { metalContent: cents(c.metalContent) } : {}),
    ...(c.usmca !== undefined ? { usmca: c.usmca } : {}),
    ...(c.caftaDr !== undefined ? { caftaDr: c.caftaDr } : {}),
    ...(c.quota !== undefined ? { quota: c.quota } : {}),
    ...(c.meltPour !== undefined ? { meltPour: c.meltPour } : {}),
    ...(c.semiconductor39b !== undefined ? { semiconductor39b: c.semiconductor39b } : {}),
    ...(c.endUse !== undefined ? { endUse: c.endUse } : {}),
    ...(c.craneAttestation !== undefined ? { craneAttestation: c.craneAttestation } : {}),
    ...(c.transshipped !== undefined ? { transshipped: c.transshipped } : {}),
    ...(c.pharma !== undefined ? { pharma: c.pharma } : {}),
    ...(c.autoPartUse !== undefined ? { autoPartUse: c.autoPartUse } : {}),
    ...(c.usContentPct !== undefined ? { usContentShare: Math.round(c.usContentPct * 10_000) } : {}),
    ...(c.metalWeightPct !== undefined ? { metalWeightShare: Math.round(c.metalWeightPct * 10_000) } : {}),
  };
}

/** An engine with a case's scope files added, as `accord duty --scopes` builds it. */
const scopedEngines = new Map<string, TariffEngine>();
function scopedEngine(files: readonly string[]): TariffEngine {
  const key = files.join('\n');
  let found = scopedEngines.get(key);
  if (!found) {
    const scopeFiles = files.map((f) => fileURLToPath(new URL(`../data/tariff/${f}`, import.meta.url)));
    found = createTariffEngine({ scopeFiles }, diskSource);
    scopedEngines.set(key, found);
  }
  return found;
}

describe('tariff golden set (issue 13)', () => {
  it('has at least 60 cases with unique ids, each citing its primary text', () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.cases.map((c) => c.id)).size).toBe(corpus.cases.length);
  });

  it.each(corpus.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = c.scopes
      ? computeDuty(scopedEngine(c.scopes), {
          hts: c.hts,
          origin: c.origin,
          date: isoDate(c.date),
          value: cents(c.value),
          ...inputOf(c),
        })
      : duty(c.hts, c.origin, c.date, cents(c.value), inputOf(c));
    expect(appliedHeadings(r)).toEqual(c.lines);
    expect(total(r)).toBe(c.total);
    expect(filedHeadings(r)).toEqual(c.filed ?? c.lines);
    for (const [heading, citation] of Object.entries(c.exempt ?? {})) {
      const line = r.lines.find((l) => l.heading === heading);
      expect(line?.applied, `${heading} is not charged`).toBe(false);
      expect(line?.reason).toContain(citation);
    }
    for (const fact of c.assumes ?? []) expect(r.assumptions.map((a) => a.fact)).toContain(fact);
  });
});
