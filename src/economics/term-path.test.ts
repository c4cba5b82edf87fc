import { describe, expect, it } from 'vitest';
import { agreementFromYaml } from './_test/agreement.js';
import { parseIoTable } from './io-table.js';
import {
  DEFAULT_TERM_ASSUMPTIONS,
  expectedPath,
  prepareTerm,
  simulatePath,
  type TermTables,
} from './term-path.js';

const AGREEMENT = `
accord: 1
id: test
title: test agreement
status: proposal
signed: 2025-01-01
parties:
  - { id: US, name: United States, role: importing }
  - { id: JP, name: Japan, role: investing }
term:
  start: 2025-01-01
  years: 4
  variants:
    - { id: short, years: 2, milestones: { m2: { by: 2026-06-30 } } }
    - { id: long, years: 4 }
  default: long
commitments:
  - id: plant
    investor: Maker
    party: JP
    project: Plant
    naics: "3361"
    sites: [US-OH]
    start: 2025-01-01
    capital: { total: 1bn, schedule: [{ by: 2026-01-01, atLeast: 1bn }] }
    jobs: { target: 1000 }
milestones:
  - { id: m1, by: 2025-12-31, when: { metric: netNewFte, atLeast: 10 } }
  - id: m2
    by: 2027-06-30
    when: { all: [{ milestone: m1 }, { metric: netNewFte, atLeast: 20 }] }
tracks:
  - id: cars
    lines: { hts: ["8703"], origin: JP }
    layer: { heading: 9903.94.01, authority: test }
    mode: additional
    start: { rate: 25%, from: 2025-01-01 }
    steps:
      - { rate: 15%, after: m1 }
      - { rate: 0%, after: m2 }
clawback: { formula: pro-rata, tolerance: 90%, measures: [jobs, capital], of: duty-relief-granted }
`;
const agreement = agreementFromYaml(AGREEMENT);

/**
 * A two-industry table checked by hand: output x = (100, 200); Z gives A = [[0.1, 0.05], [0, 0.2]], so
 * L = [[1/0.9, 0.05/0.72], [0, 1.25]]; jobs per $1M e = (10, 2).
 */
const io = parseIoTable({
  use: { text: 'bea_code,23,3361MV\n23,10,10\n3361MV,0,40\nUsed,1,1\n', file: 'use.csv' },
  output: { text: 'bea_code,output\n23,100\n3361MV,200\n', file: 'out.csv' },
  employment: {
    text: 'bea_code,jobs_per_musd,basis,source\n23,10,cited,c\n3361MV,2,cited,m\n',
    file: 'emp.csv',
  },
  industries: { text: 'bea_code,description\n23,Construction\n3361MV,Motor vehicles\n', file: 'ind.csv' },
});

const tables: TermTables = {
  io,
  elasticities: [
    {
      group: 'cars',
      hsPrefixes: ['8703'],
      Em: -1,
      EmLow: -2,
      EmHigh: -0.5,
      Es: 1.5,
      Ex: 99,
      source: 's',
      confidence: 'L',
      note: '',
    },
  ],
  baseFlows: [
    {
      hs: '8703',
      description: 'cars',
      partner: 'JP',
      year: 2024,
      annualValue: 1000,
      units: 10,
      mfn: 25_000,
      source: 'a',
      confidence: 'M',
    },
    {
      hs: '8703',
      description: 'cars',
      partner: 'ROW',
      year: 2024,
      annualValue: 3000,
      mfn: 25_000,
      source: 'b',
      confidence: 'M',
    },
  ],
  firmExports: [
    { exporter: 'Japan (all makers)', year: 2024, units: 10, basis: '', source: 'j', note: '' },
    { exporter: 'Maker', year: 2024, units: 4, basis: '', source: 'm', note: '' },
    { exporter: 'Other', year: 2024, basis: '', source: 'none', note: 'not found' },
  ],
  multipliers: [
    {
      naics: '3361',
      industry: 'mv',
      basis: 'per-direct',
      direct: 1,
      supplier: 0.8,
      induced: 1.6,
      source: 'car',
      confidence: 'M',
    },
    {
      naics: '23',
      industry: 'construction',
      basis: 'per-1m',
      direct: 5,
      supplier: 4,
      induced: 3,
      source: 'epi',
      confidence: 'H',
    },
  ],
};

const assumptions = { ...DEFAULT_TERM_ASSUMPTIONS, delivery: 1, rampYears: 1, discountRate: 0 };

describe('term paths', () => {
  it('keeps the start rate until a milestone is met, then steps down the day after its deadline (T2)', () => {
    const setup = prepareTerm(agreement, tables, assumptions);
    const path = simulatePath(setup, { met: [true, true], Em: [-1], delivery: 1 }, 'SMART', assumptions);
    expect(path.years).toHaveLength(4);
    // m1 verified on 2025-12-31: 15% from 2026-01-01, so none in year 1; m2 on 2027-06-30 falls inside year 3.
    expect(path.years[0]!.rates.cars).toBe(0.25);
    expect(path.years[1]!.rates.cars).toBeCloseTo(0.15, 12);
    expect(path.years[2]!.rates.cars).toBeGreaterThan(0);
    expect(path.years[2]!.rates.cars).toBeLessThan(0.15);
    expect(path.years[3]!.rates.cars).toBe(0);
    expect(path.years[3]!.revenueForgone).toBeGreaterThan(path.years[1]!.revenueForgone);
    expect(path.years[1]!.consumerPriceChange).toBeLessThan(0);
  });

  it('forgoes no revenue and moves no imports when no milestone is met', () => {
    const setup = prepareTerm(agreement, tables, assumptions);
    const path = simulatePath(setup, { met: [false, false], Em: [-1], delivery: 1 }, 'CES', assumptions);
    for (const y of path.years) {
      expect(y.revenueForgone).toBe(0);
      expect(y.importsFromJapan).toBe(y.importsFromJapanNoDeal);
      expect(y.consumerPriceChange).toBeCloseTo(0, 14);
    }
  });

  it('does not count a milestone whose condition names an unmet milestone', () => {
    const setup = prepareTerm(agreement, tables, assumptions);
    const path = simulatePath(setup, { met: [false, true], Em: [-1], delivery: 1 }, 'SMART', assumptions);
    expect(path.years[3]!.rates.cars).toBe(0.25);
  });

  it('applies steps in order, as the evaluation does: a later step waits for an earlier one', () => {
    const unordered = agreementFromYaml(
      AGREEMENT.replace(
        '{ all: [{ milestone: m1 }, { metric: netNewFte, atLeast: 20 }] }',
        '{ metric: netNewFte, atLeast: 20 }',
      ),
    );
    const setup = prepareTerm(unordered, tables, assumptions);
    const path = simulatePath(setup, { met: [false, true], Em: [-1], delivery: 1 }, 'SMART', assumptions);
    for (const y of path.years) expect(y.rates.cars).toBe(0.25);
  });

  it('snaps back when a milestone is missed, where the agreement says so', () => {
    const snapping = agreementFromYaml(
      AGREEMENT.replace(
        '      - { rate: 0%, after: m2 }\n',
        '      - { rate: 0%, after: m2 }\n    snapBack: { on: [{ event: milestone-missed, milestones: [m2] }], to: 30% }\n',
      ),
    );
    const setup = prepareTerm(snapping, tables, assumptions);
    const path = simulatePath(setup, { met: [true, false], Em: [-1], delivery: 1 }, 'SMART', assumptions);
    // m2 missed at its 2027-06-30 deadline (no cure): final 2027-07-01, 30% from then on.
    expect(path.years[1]!.rates.cars).toBeCloseTo(0.15, 12);
    expect(path.years[3]!.rates.cars).toBe(0.3);
  });

  it('uses the variant’s years and milestone deadlines', () => {
    const setup = prepareTerm(agreement, tables, assumptions, 'short');
    expect(setup.years).toBe(2);
    const path = simulatePath(setup, { met: [true, true], Em: [-1], delivery: 1 }, 'SMART', assumptions);
    expect(path.years).toHaveLength(2);
    expect(path.years[1]!.rates.cars).toBeLessThan(0.15);
  });

  it('turns direct jobs into supplier jobs with the Leontief inverse by default, checked by hand', () => {
    const setup = prepareTerm(agreement, tables, assumptions);
    expect(setup.jobsModel.kind).toBe('leontief');
    const path = simulatePath(setup, { met: [true, true], Em: [-1], delivery: 1 }, 'SMART', assumptions);
    const y = path.years[1]!;
    expect(y.verifiedDirectJobs).toBe(1000);
    // Motor vehicles' column of diag(e)·L: 10·(0.05/0.72) + 2·1.25 = 3.19444 per $1M, 2 of them direct.
    const perDirect = (10 * (0.05 / 0.72) + 2 * 1.25 - 2) / 2;
    expect(y.supplierJobs).toBeCloseTo(1000 * perDirect, 9);
    // The table has no household row: induced jobs keep the flat factor.
    expect(y.inducedJobs).toBeCloseTo(1600, 9);
    // Construction: 10/0.9 direct + supplier per $1M, plus the flat induced 3; $400M on structures.
    expect(path.totals.constructionJobYears).toBeCloseTo(400 * (10 / 0.9 + 3), 6);
    expect(setup.jobsModel.words).toContain('plant NAICS 3361 → 3361MV (0.60 supplier jobs per direct job)');
  });

  it('keeps the flat multipliers as the labelled alternative (jobsModel: flat)', () => {
    const flat = { ...assumptions, jobsModel: 'flat' as const };
    const setup = prepareTerm(agreement, tables, flat);
    expect(setup.jobsModel.kind).toBe('flat');
    expect(setup.jobsModel.words).toMatch(/^jobs model: flat cited multipliers/);
    const path = simulatePath(setup, { met: [true, true], Em: [-1], delivery: 1 }, 'SMART', flat);
    const y = path.years[1]!;
    expect(y.verifiedDirectJobs).toBe(1000);
    expect(y.supplierJobs).toBeCloseTo(800, 9);
    expect(y.inducedJobs).toBeCloseTo(1600, 9);
    expect(y.modelledTotalJobs).toBeCloseTo(3400, 9);
    // $1bn spent by 2026-01-01; 40% on structures; 12 job-years per $1M.
    expect(path.totals.constructionJobYears).toBeCloseTo(400 * 12, 6);
    expect(path.totals.costPerVerifiedJob).toBeCloseTo(path.totals.revenueForgone / 1000, 6);
  });

  it('prices each maker’s duty exposure at the unit value of Japan’s car exports', () => {
    const setup = prepareTerm(agreement, tables, assumptions);
    expect(setup.unitValue).toBe(100);
    expect(setup.firmsWithoutData).toEqual(['Other: not found']);
    const path = simulatePath(setup, { met: [true, true], Em: [-1], delivery: 1 }, 'SMART', assumptions);
    expect(path.years[1]!.firmDuty.Maker).toBeCloseTo(4 * 100 * (0.025 + 0.15), 9);
    expect(path.years[1]!.firmDutySaved.Maker).toBeCloseTo(4 * 100 * 0.1, 9);
  });

  it('claws back relief pro rata when delivery falls below the tolerance', () => {
    const setup = prepareTerm(agreement, tables, assumptions);
    const full = simulatePath(setup, { met: [true, true], Em: [-1], delivery: 1 }, 'SMART', assumptions);
    const half = simulatePath(setup, { met: [true, true], Em: [-1], delivery: 0.5 }, 'SMART', assumptions);
    expect(full.totals.clawback).toBe(0);
    // Relief granted = the rate cut × what Japan ships under the deal, summed over the years.
    const setupYears = half.years;
    const relief = setupYears.reduce((s, y) => s + (0.25 - y.rates.cars!) * y.importsFromJapan, 0);
    expect(half.totals.clawback).toBeCloseTo(relief * 0.5, 6);
    expect(half.totals.clawback).toBeGreaterThan(0);
  });

  it('takes the expected path as the probability-weighted average over milestone outcomes', () => {
    const setup = prepareTerm(agreement, tables, assumptions);
    const a = { ...assumptions, attainment: { m1: 0.6, m2: 0.5 } };
    const expected = expectedPath(setup, 'SMART', a);
    const run = (met: boolean[]) =>
      simulatePath(setup, { met, Em: [-1], delivery: 1 }, 'SMART', a).totals.revenueForgone;
    const manual = 0.6 * 0.5 * run([true, true]) + 0.6 * 0.5 * run([true, false]);
    expect(expected.totals.revenueForgone).toBeCloseTo(manual, 4);
  });

  it('takes milestones the evaluation decided as decided: a miss stays missed, a met one counts from its record', () => {
    const decided = {
      m1: { met: true, on: '2025-07-01', status: 'met' },
      m2: { met: false, status: 'missed' },
    };
    const setup = prepareTerm(agreement, tables, assumptions, undefined, decided);
    const a = { ...assumptions, defaultAttainment: 1 };
    const path = expectedPath(setup, 'SMART', a);
    // m1 recorded on 2025-07-01: 15% from the day after (T2), so year 1 averages 25% and 15%.
    expect(path.years[0]!.rates.cars).toBeCloseTo((182 * 0.25 + 183 * 0.15) / 365, 12);
    // m2 missed: the 0% step never comes, even with attainment 1.
    expect(path.years[3]!.rates.cars).toBeCloseTo(0.15, 12);
  });
});
