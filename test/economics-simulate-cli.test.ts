import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accord, ROOT } from './helpers/cli.js';

const SCENARIO = 'examples/us-japan-milestones/scenario.yaml';

interface Block {
  variant: { id: string; years: number };
  model: string;
  assumptions: string[];
  citations: string[];
  years: { rates: Record<string, string>; jobs: { verifiedDirect: number; modelledTotal: number } }[];
  totals: Record<string, unknown> & { npv: { US: string; JP: string }; revenueForgone: string };
  bands?: { totals: Record<string, { p5: string | number; p95: string | number }> };
}

describe('accord simulate SCENARIO', () => {
  it('answers 7 against 15 years with each model, labelled, with verified and modelled jobs kept apart', () => {
    const r = accord(['simulate', SCENARIO, '--runs', '0', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { models: string[]; results: Block[]; firms: string[] };
    expect(out.models).toEqual(['SMART', 'GSIM', 'CES']);
    expect(out.results).toHaveLength(6);
    for (const b of out.results) {
      expect(['SMART', 'GSIM', 'CES']).toContain(b.model);
      expect(b.years).toHaveLength(b.variant.id === 'japan-7y' ? 7 : 15);
      expect(b.citations.length).toBeGreaterThan(2);
      expect(b.totals.revenueForgone).toMatch(/^-?\d+\.\d\d$/);
      expect(b.totals.npv.US).toMatch(/^-?\d+\.\d\d$/);
      const last = b.years[b.years.length - 1]!;
      expect(last.jobs.modelledTotal).toBeGreaterThan(last.jobs.verifiedDirect);
      expect(b.years[0]!.rates.autos).toBe('25');
    }
    expect(out.firms).toEqual(['Toyota', 'Subaru', 'Mazda', 'Nissan']);
    // The 15-year term forgoes more revenue than the 7-year one under every model.
    for (const model of out.models) {
      const seven = out.results.find((b) => b.model === model && b.variant.id === 'japan-7y')!;
      const fifteen = out.results.find((b) => b.model === model && b.variant.id === 'us-15y')!;
      expect(Number(fifteen.totals.revenueForgone)).toBeGreaterThan(Number(seven.totals.revenueForgone));
    }
  });

  it('gives identical Monte Carlo bands on one and on two worker threads for the same seed', () => {
    const run = (workers: string) =>
      accord([
        'simulate',
        SCENARIO,
        '--model',
        'smart',
        '--runs',
        '300',
        '--seed',
        '5',
        '--workers',
        workers,
        '--json',
      ]);
    const one = run('1');
    const two = run('2');
    const none = run('0');
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    const bands = (text: string) => (JSON.parse(text) as { results: Block[] }).results.map((b) => b.bands);
    expect(bands(two.stdout)).toEqual(bands(one.stdout));
    expect(bands(none.stdout)).toEqual(bands(one.stdout));
    const b = bands(one.stdout)[0]!;
    expect(Number(b.totals.revenueForgone!.p5)).toBeLessThanOrEqual(Number(b.totals.revenueForgone!.p95));
  });

  it('prints a text report and writes fan charts as SVG and PNG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-charts-'));
    const r = accord([
      'simulate',
      SCENARIO,
      '--model',
      'ces',
      '--runs',
      '100',
      '--workers',
      '0',
      '--charts',
      dir,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Term totals — model: CES');
    expect(r.stdout).toContain('verified direct jobs at the end');
    expect(r.stdout).toContain('japan-7y (7 years)');
    expect(r.stdout).toContain('us-15y (15 years)');
    const png = readFileSync(join(dir, 'revenue-forgone-ces.png'));
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readFileSync(join(dir, 'modelled-jobs-ces.svg'), 'utf8')).toContain('<svg');
    expect(existsSync(join(dir, 'imports-from-japan-ces.png'))).toBe(true);
  });

  it('points at an unknown variant with file:line:col and exits 1; a bad --runs exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-scenario-'));
    const file = join(dir, 'scenario.yaml');
    writeFileSync(
      file,
      `scenario: 1\ntitle: t\nagreement: ${join(ROOT, 'examples/us-japan-milestones/agreement.yaml')}\nvariants: [japan-7y, eu-10y]\n`,
    );
    const r = accord(['simulate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:4:`);
    expect(r.stderr).toContain('scenario-unknown-variant');
    expect(accord(['simulate', SCENARIO, '--runs', 'many']).status).toBe(2);
  });

  it('reports a bad value in the scenario at its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-scenario-'));
    const file = join(dir, 'scenario.yaml');
    writeFileSync(
      file,
      `scenario: 1\ntitle: t\nagreement: ${join(ROOT, 'examples/us-japan-milestones/agreement.yaml')}\nassumptions:\n  delivery: lots\n`,
    );
    const r = accord(['simulate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:\\d+: scenario-invalid`),
    );
  });

  it('reports problems in the agreement a scenario names, positioned in the agreement file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-scenario-'));
    const agreement = join(dir, 'agreement.yaml');
    writeFileSync(agreement, 'accord: 1\nid: x\ntitle: t\nstatus: maybe\n');
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, 'scenario: 1\ntitle: t\nagreement: agreement.yaml\n');
    const r = accord(['simulate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${agreement}:4:`);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('uses a user elasticity table, and names the row of a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-tables-'));
    const agreement = join(ROOT, 'examples/us-japan-milestones/agreement.yaml');
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'group,hs_prefixes,Em,Es,Ex,source\nall,,-2.5,1.5,99,my own estimate\n');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'group,hs_prefixes,Em,Es,Ex,source\nall,,-2.5,1.5,99,mine\ncars,8703,2,1.5,99,mine\n');
    const scenario = (table: string) => {
      const file = join(dir, `s-${table}.yaml`);
      writeFileSync(
        file,
        `scenario: 1\ntitle: t\nagreement: ${agreement}\ntables: { elasticities: ${table}.csv }\n`,
      );
      return file;
    };
    const ok = accord(['simulate', scenario('good'), '--model', 'smart', '--runs', '0', '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    const out = JSON.parse(ok.stdout) as { results: Block[] };
    expect(out.results[0]!.citations).toContain('my own estimate');
    const r = accord(['simulate', scenario('bad'), '--runs', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:row 2: csv-out-of-range`);
  });

  it('draws only the milestones the evaluation has not decided when the scenario gives verified facts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-facts-'));
    const example = join(ROOT, 'examples/us-japan-milestones');
    const file = join(dir, 'scenario.yaml');
    writeFileSync(
      file,
      `scenario: 1\ntitle: t\nagreement: ${example}/agreement.yaml\nvariants: [us-15y]\nfacts: ${example}/facts.json\nasOf: 2026-12-31\n`,
    );
    const r = accord(['simulate', file, '--model', 'smart', '--runs', '0', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { results: Block[]; notes: string[] };
    expect(out.results[0]!.assumptions.join(' ')).toContain('decided by the evaluation of verified facts');
    expect(
      out.notes.some((n) => /m1: (met|missed|pending|in-cure|waived|snapped-back) as of 2026-12-31/.test(n)),
    ).toBe(true);
    const noDate = join(dir, 'no-date.yaml');
    writeFileSync(
      noDate,
      `scenario: 1\ntitle: t\nagreement: ${example}/agreement.yaml\nfacts: ${example}/facts.json\n`,
    );
    const bad = accord(['simulate', noDate]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`${noDate}:4:`);
  });
});
