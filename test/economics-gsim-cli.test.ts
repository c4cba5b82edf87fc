import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accord } from './helpers/cli.js';

const EXAMPLE = 'data/economics/gsim-us-eu-fta.json';

describe('accord simulate --gsim', () => {
  it('prints per-region prices, surplus, revenue, welfare and new flows for the 4-region example', () => {
    const r = accord(['simulate', '--gsim', EXAMPLE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('model: GSIM');
    expect(r.stdout).toMatch(/US\s+│ 0\.079181/);
    expect(r.stdout).toMatch(/RW\s+│ -0\.018372/);
    expect(r.stdout).toContain('New flows');
  });

  it('prints JSON with the model label and the published world-price changes', () => {
    const r = accord(['simulate', '--gsim', EXAMPLE, '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      model: string;
      regions: { region: string; worldPriceChange: number; welfare: number }[];
      flows: number[][];
    };
    expect(out.model).toBe('GSIM');
    const expected = [0.079181, -0.031621, 0.048049, -0.018372];
    for (const [i, reg] of out.regions.entries())
      expect(Math.abs(reg.worldPriceChange - expected[i]!)).toBeLessThan(5e-5);
    expect(out.flows).toHaveLength(4);
  });

  it('exits 1 with JSON pointers for a non-square matrix, a negative flow and a short vector', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-gsim-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        regions: ['A', 'B'],
        M: [
          [0, 1, 2],
          [-3, 0],
        ],
        T0: [
          [1, 1],
          [1, 1],
        ],
        T1: [
          [1, 1],
          [1, 1],
        ],
        Em: [-1],
        Es: [1, 1],
        Ex: [1, 'x'],
      }),
    );
    const r = accord(['simulate', '--gsim', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}#/M/0: gsim-matrix-shape`);
    expect(r.stderr).toContain(`${file}#/M/1/0: gsim-out-of-range`);
    expect(r.stderr).toContain(`${file}#/Em: gsim-vector-length`);
    expect(r.stderr).toContain(`${file}#/Ex/1: gsim-not-number`);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits 1 for a missing file and 2 when given both a scenario and --gsim', () => {
    expect(accord(['simulate', '--gsim', 'no/such.json']).status).toBe(1);
    expect(accord(['simulate', 'x.yaml', '--gsim', EXAMPLE]).status).toBe(2);
  });
});
