import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diskSource } from '../_lib/read-file.js';
import { analyzeScenario } from './analyze.js';
import { US_JAPAN_HISTORY, usJapanScenarioYaml } from './us-japan-scenario.js';
import {
  deriveProfile,
  importsAt,
  japanGain,
  US_JAPAN_ASSUMPTIONS,
  US_JAPAN_DOMAIN,
  US_JAPAN_FACTS,
  usGain,
  usJapanEconomics,
} from './us-japan-utilities.js';
import { parseYamlScenario } from './yaml-scenario.js';

const ref = US_JAPAN_ASSUMPTIONS.reference;

describe('US–Japan economic formula', () => {
  it('shrinks imports one for one with the duty above MFN (εφ = −1)', () => {
    expect(importsAt(0.025)).toBeCloseTo(40.8, 12);
    expect(importsAt(0.275)).toBeCloseTo(40.8 * 0.75, 12);
  });
  it('computes a hand-checked package: one step to 15%, $550 bn, 15 years', () => {
    const o = {
      ...ref,
      'phase-steps': '1 step',
      'final-rate': '15%',
      'jobs-per-step': '20,000',
      'investment-usd-bn': '550',
      'term-years': 15,
    };
    const q = usJapanEconomics.quantities(o);
    // 15 years at 15% from year 1: saved (0.275 − 0.15)·M(0.15) per year; forgone 0.275·M(0.275) − 0.15·M(0.15).
    const m15 = 40.8 * (1 - 0.125);
    const m275 = 40.8 * 0.75;
    const sigma = 0.5;
    expect(q.dutySaved).toBeCloseTo(15 * 0.125 * m15 * (1 - 0.15 * sigma), 9);
    expect(q.dutyRevenueForgone).toBeCloseTo(15 * (0.275 * m275 - 0.15 * m15), 9);
    const jobs = 550 * US_JAPAN_FACTS.jobsPerBn.value;
    const guaranteed = 20_000;
    expect(q.investmentCost).toBeCloseTo(550 * (0.004 * 15 + 0.005) + guaranteed * 15 * 25_000e-9, 9);
    expect(q.usJobYears).toBeCloseTo(
      guaranteed * 15 * 0.95 * (0.75 + 0.25 * sigma) + (jobs - guaranteed) * 15 * 0.35,
      6,
    );
  });
  it('makes the US prefer 15 years and Japan 7, and each prefer its own end of the final rate', () => {
    const at = (term: number, rate: string) =>
      usJapanEconomics.quantities({ ...ref, 'term-years': term, 'final-rate': rate });
    expect(usGain(at(15, '10%'))).toBeGreaterThan(usGain(at(7, '10%')));
    expect(japanGain(at(7, '10%'))).toBeGreaterThan(japanGain(at(15, '10%')));
    expect(usGain(at(11, '20%'))).toBeGreaterThan(usGain(at(11, '2.5% (full removal)')));
    expect(japanGain(at(11, '2.5% (full removal)'))).toBeGreaterThan(japanGain(at(11, '20%')));
  });
});

describe('derived profiles', () => {
  it('have weights summing to one and evaluations in [0, 1] for every issue', () => {
    for (const party of ['United States', 'Japan'] as const) {
      const d = deriveProfile(party);
      expect(Object.values(d.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      for (const issue of US_JAPAN_DOMAIN.issues) {
        const vals = Object.values(d.utilities[issue.name]!);
        expect(Math.min(...vals)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...vals)).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('examples/us-japan-negotiation/domain.yaml', () => {
  const path = new URL('../../examples/us-japan-negotiation/domain.yaml', import.meta.url);
  it('is exactly what the simulator (SMART) generates (regenerate with build.ts)', () => {
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(usJapanScenarioYaml('SMART', diskSource));
    expect(text).toContain('# Utilities model: SMART');
    expect(parseYamlScenario('domain.yaml', text).utilitiesFrom).toContain('economic simulator: SMART');
  });
  it('cites primary sources, never files a user does not have (internal notes, the shared seed)', () => {
    // Paths into the development-only ../shared folder or its reference notes would reach the CLI, the
    // dashboard and this file's header.
    const internal = /shared\/|\.\.\/|data-facts|tariff-law\.md|economics\.md|reference\/|seed/;
    const sources = [
      ...Object.values(US_JAPAN_FACTS).map((f) => f.source),
      ...US_JAPAN_HISTORY.flatMap((h) => [h.source, h.note ?? '']),
    ];
    for (const s of sources) expect(s).not.toMatch(internal);
    expect(readFileSync(path, 'utf8')).not.toMatch(internal);
    // Each legal figure names its instrument with a Federal Register citation.
    expect(US_JAPAN_FACTS.statusQuoRate.source).toMatch(/Proclamation 10908, 90 FR 14705/);
    expect(US_JAPAN_FACTS.statusQuoRate.source).toMatch(/EO 14345 \(90 FR 43535/);
    // A figure only the news report gives says so.
    expect(US_JAPAN_FACTS.defense2024.source).toMatch(/not confirmed by a primary source/);
  });
  it('analyses: both openings lie far apart and the Nash package beats no deal for both', () => {
    const s = parseYamlScenario('domain.yaml', readFileSync(path, 'utf8'));
    const a = analyzeScenario(s, 'genius');
    expect(a.outcomes).toBe(9 * 4 * 5 * 4 * 4 * 3 * 4 * 4 * 3);
    expect(a.nash!.utilities[0]).toBeGreaterThan(a.disagreement[0]);
    expect(a.nash!.utilities[1]).toBeGreaterThan(a.disagreement[1]);
    expect(s.history.map((h) => h.round)).toEqual(
      expect.arrayContaining(["leaders' call", 'third round', 'G7 meeting (Canada)']),
    );
  });
});
