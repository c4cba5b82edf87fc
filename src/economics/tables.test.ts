import { describe, expect, it } from 'vitest';
import { AccordError } from '../_lib/problem.js';
import { diskSource } from '../_lib/read-file.js';
import {
  elasticitiesFor,
  multiplierFor,
  parseBaseFlows,
  parseElasticities,
  shippedTables,
} from './tables.js';

function problemsOf(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (e instanceof AccordError) return e.problems;
    throw e;
  }
  return [];
}

describe('shipped tables', () => {
  it('parse, and every row names a source', () => {
    const t = shippedTables(diskSource);
    for (const rows of [t.elasticities, t.baseFlows, t.firmExports, t.multipliers])
      for (const row of rows) expect(row.source.length).toBeGreaterThan(0);
    expect(t.baseFlows.find((f) => f.hs === '8703' && f.partner === 'JP')?.annualValue).toBe(40_766_000_000);
  });

  it('annualise part-year flows (parts: Jan–Nov 2024 scaled by 12/11)', () => {
    const t = shippedTables(diskSource);
    const parts = t.baseFlows.find((f) => f.hs === '8708' && f.partner === 'JP');
    expect(parts?.annualValue).toBeCloseTo((6_700_000_000 * 12) / 11, 0);
  });

  it('use JAMA export figures, not the article’s unsupported 1.7 million', () => {
    const t = shippedTables(diskSource);
    const japan = t.firmExports.filter((f) => f.exporter.startsWith('Japan'));
    expect(japan.map((f) => f.units)).toEqual([1_485_641, 1_370_000]);
    expect(japan[0]!.note).toMatch(/1\.7 million is not supported/);
  });

  it('find elasticities by longest HS prefix, falling back to the default group', () => {
    const t = shippedTables(diskSource);
    expect(elasticitiesFor(t.elasticities, '8703.23').group).toBe('passenger-vehicles');
    expect(elasticitiesFor(t.elasticities, '8708').group).toBe('auto-parts');
    expect(elasticitiesFor(t.elasticities, '9401').group).toBe('default');
    expect(elasticitiesFor(t.elasticities, '9401').Es).toBe(1.5);
    expect(elasticitiesFor(t.elasticities, '9401').Ex).toBe(99);
  });

  it('find multipliers by the longest NAICS prefix', () => {
    const t = shippedTables(diskSource);
    expect(multiplierFor(t.multipliers, '3361', 'per-direct')?.naics).toBe('3361');
    expect(multiplierFor(t.multipliers, '3344', 'per-direct')?.naics).toBe('33');
    expect(multiplierFor(t.multipliers, '5417', 'per-direct')).toBeUndefined();
  });
});

describe('user tables', () => {
  it('report bad elasticity cells with their row numbers', () => {
    const text = 'group,hs_prefixes,Em,Es,Ex,source\nautos,8703,-1.2,1.5,99,mine\nbad,87x,1.2,abc,99,\n';
    const p = problemsOf(() => parseElasticities(text, 'e.csv'));
    expect(p.map((x) => [x.code, x.where?.row])).toEqual([
      ['csv-out-of-range', 2],
      ['csv-not-number', 2],
      ['csv-hs-prefix', 2],
      ['csv-no-source', 2],
    ]);
  });

  it('report a bad rate in a base-flow table', () => {
    const text = 'hs,partner,year,months,value_usd,mfn,source\n8703,JP,2024,12,100,two percent,x\n';
    const p = problemsOf(() => parseBaseFlows(text, 'b.csv'));
    expect(p[0]).toMatchObject({ code: 'csv-rate', where: { file: 'b.csv', row: 1 } });
  });
});
