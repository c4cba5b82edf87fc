import { describe, expect, it } from 'vitest';
import { diskSource } from '../_lib/read-file.js';
import { agreementFromYaml } from './_test/agreement.js';
import { shippedIoTable } from './io-table.js';
import { drawPath, monteCarlo, pathStream } from './monte-carlo.js';
import { DEFAULT_TERM_ASSUMPTIONS, prepareTerm, type TermTables } from './term-path.js';

const agreement = agreementFromYaml(`
accord: 1
id: mc
title: mc
status: proposal
signed: 2025-01-01
parties:
  - { id: US, name: United States, role: importing }
  - { id: JP, name: Japan, role: investing }
term: { start: 2025-01-01, years: 5 }
commitments:
  - { id: c, investor: I, party: JP, project: P, naics: "3361", sites: [US-OH], start: 2025-01-01, jobs: { target: 100 } }
milestones:
  - { id: m1, by: 2026-01-01, when: { metric: netNewFte, atLeast: 1 } }
  - { id: m2, by: 2027-01-01, when: { milestone: m1 } }
tracks:
  - id: cars
    lines: { hts: ["8703"], origin: JP }
    layer: { heading: 9903.94.01, authority: test }
    mode: additional
    start: { rate: 25%, from: 2025-01-01 }
    steps:
      - { rate: 10%, after: m1 }
      - { rate: 0%, after: m2 }
`);
const tables: TermTables = {
  io: shippedIoTable(diskSource),
  elasticities: [
    {
      group: 'g',
      hsPrefixes: [],
      Em: -1,
      EmLow: -3,
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
      description: '',
      partner: 'JP',
      year: 2024,
      annualValue: 100,
      mfn: 25_000,
      source: 'a',
      confidence: '',
    },
    {
      hs: '8703',
      description: '',
      partner: 'ROW',
      year: 2024,
      annualValue: 300,
      mfn: 25_000,
      source: 'b',
      confidence: '',
    },
  ],
  firmExports: [],
  multipliers: [],
};
const assumptions = { ...DEFAULT_TERM_ASSUMPTIONS, attainment: { m1: 0.7, m2: 0.5 } };
const uncertainty = { elasticities: true, delivery: { low: 0.5, high: 1 } };

describe('Monte Carlo', () => {
  it('gives each path its own stream: the same (seed, index) repeats, another index differs', () => {
    const a = pathStream(42, 7).next();
    expect(pathStream(42, 7).next()).toBe(a);
    expect(pathStream(42, 8).next()).not.toBe(a);
    expect(pathStream(43, 7).next()).not.toBe(a);
  });

  it('draws elasticities within the table’s range and delivery within the scenario’s', () => {
    const setup = prepareTerm(agreement, tables, assumptions);
    for (let i = 0; i < 200; i++) {
      const d = drawPath(setup, assumptions, uncertainty, 1, i);
      expect(d.Em[0]).toBeGreaterThanOrEqual(-3);
      expect(d.Em[0]).toBeLessThanOrEqual(-0.5);
      expect(d.delivery).toBeGreaterThanOrEqual(0.5);
      expect(d.delivery).toBeLessThanOrEqual(1);
    }
  });

  it('reproduces the same percentiles for the same seed and changes with the seed', async () => {
    const setup = prepareTerm(agreement, tables, assumptions);
    const a = await monteCarlo(setup, 'SMART', assumptions, uncertainty, { runs: 500, seed: 9, workers: 0 });
    const b = await monteCarlo(setup, 'SMART', assumptions, uncertainty, { runs: 500, seed: 9, workers: 0 });
    const c = await monteCarlo(setup, 'SMART', assumptions, uncertainty, { runs: 500, seed: 10, workers: 0 });
    expect(b).toEqual(a);
    expect(c.totals.revenueForgone).not.toEqual(a.totals.revenueForgone);
  });

  it('orders percentiles and matches the attainment probability in the share of paths with relief', async () => {
    const setup = prepareTerm(agreement, tables, assumptions);
    const r = await monteCarlo(setup, 'CES', assumptions, uncertainty, { runs: 2000, seed: 3, workers: 0 });
    const t = r.totals.revenueForgone;
    expect(t.p5).toBeLessThanOrEqual(t.p25);
    expect(t.p25).toBeLessThanOrEqual(t.p50);
    expect(t.p50).toBeLessThanOrEqual(t.p75);
    expect(t.p75).toBeLessThanOrEqual(t.p95);
    // 30% of paths miss m1 and so forgo nothing: the 25th percentile is exactly zero.
    expect(t.p25).toBe(0);
    expect(t.p50).toBeGreaterThan(0);
  });
});

describe('triangular draws', () => {
  it('map 0 to the low end, 1 to the high end and the mode’s share to the mode', async () => {
    const { triangular } = await import('./monte-carlo.js');
    expect(triangular(-4, -1, -0.5, 0)).toBe(-4);
    expect(triangular(-4, -1, -0.5, 1)).toBe(-0.5);
    expect(triangular(-4, -1, -0.5, 3 / 3.5)).toBeCloseTo(-1, 12);
  });
});

describe('percentiles', () => {
  it('match the sorted-array definition (type 7) on shuffled data with ties and non-finite values', async () => {
    const { summarize, rowWidth } = await import('./monte-carlo.js');
    const runs = 1001;
    const width = rowWidth(1);
    const buf = new Float64Array(runs * width);
    const values: number[] = [];
    for (let i = 0; i < runs; i++) {
      const v = i === 3 ? Number.NaN : Math.round(((i * 7919) % 1009) / 10);
      buf[i] = v;
      if (Number.isFinite(v)) values.push(v);
    }
    const sorted = [...values].sort((a, b) => a - b);
    const q = (p: number) => {
      const h = (sorted.length - 1) * p;
      const lo = Math.floor(h);
      return sorted[lo]! + (h - lo) * (sorted[Math.min(sorted.length - 1, lo + 1)]! - sorted[lo]!);
    };
    const r = summarize(buf.buffer, runs, 1, 0, 0).perYear.revenueForgone[0]!;
    expect(r.p5).toBeCloseTo(q(0.05), 12);
    expect(r.p25).toBeCloseTo(q(0.25), 12);
    expect(r.p50).toBeCloseTo(q(0.5), 12);
    expect(r.p75).toBeCloseTo(q(0.75), 12);
    expect(r.p95).toBeCloseTo(q(0.95), 12);
    expect(r.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
  });
});
