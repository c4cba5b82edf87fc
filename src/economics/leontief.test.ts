import { describe, expect, it } from 'vitest';
import { ioJobs, leontiefInverse, technicalCoefficients, typeIMultipliers } from './leontief.js';

// Miller & Blair, Input–Output Analysis (2nd ed., 2009), §2.3 two-sector example.
const Z = [
  [150, 500],
  [200, 100],
];
const x = [1000, 2000];

describe('Leontief input–output', () => {
  it('reproduces the textbook technical coefficients and Leontief inverse', () => {
    const A = technicalCoefficients(Z, x);
    expect(A).toEqual([
      [0.15, 0.25],
      [0.2, 0.05],
    ]);
    const L = leontiefInverse(A);
    expect(L[0]![0]).toBeCloseTo(1.2541, 4);
    expect(L[0]![1]).toBeCloseTo(0.33, 4);
    expect(L[1]![0]).toBeCloseTo(0.264, 4);
    expect(L[1]![1]).toBeCloseTo(1.1221, 4);
  });

  it('splits jobs into direct and supplier jobs (Type I) for a final-demand shock', () => {
    const table = { industries: ['agriculture', 'manufacturing'], Z, output: x, jobs: [100, 400] };
    const r = ioJobs(table, [0, 10]);
    // e = [0.1, 0.2]; x1 = L·f = [3.300, 11.221]; Type I = 0.1·3.300 + 0.2·11.221.
    expect(r.direct).toBeCloseTo(2, 10);
    expect(r.direct + r.supplier).toBeCloseTo(0.1 * 3.3003 + 0.2 * 11.2211, 3);
    expect(r.induced).toBe(0);
    expect(r.total).toBeCloseTo(r.direct + r.supplier, 12);
    const m = typeIMultipliers(table);
    expect(m[1]).toBeCloseTo((0.1 * 0.33 + 0.2 * 1.1221) / 0.2, 3);
  });

  it('adds induced jobs when households are closed into the table (Type II ≥ Type I)', () => {
    const table = {
      industries: ['agriculture', 'manufacturing'],
      Z,
      output: x,
      jobs: [100, 400],
      laborIncome: [300, 500],
      householdSpending: [90, 50],
      householdIncome: 1000,
    };
    const r = ioJobs(table, [0, 10]);
    expect(r.induced).toBeGreaterThan(0);
    expect(r.total).toBeCloseTo(r.direct + r.supplier + r.induced, 12);
    // Closed inverse by hand: households buy 0.09 and 0.05 per unit of income and earn 0.3 and 0.25 per unit.
    const Abar = [
      [0.15, 0.25, 0.09],
      [0.2, 0.05, 0.05],
      [0.3, 0.25, 0],
    ];
    const Lbar = leontiefInverse(Abar);
    const typeII = 0.1 * Lbar[0]![1]! * 10 + 0.2 * Lbar[1]![1]! * 10;
    expect(r.total).toBeCloseTo(typeII, 10);
  });

  it('gives zero jobs for zero final demand', () => {
    const r = ioJobs({ industries: ['a', 'b'], Z, output: x, jobs: [100, 400] }, [0, 0]);
    expect(r).toEqual({ direct: 0, supplier: 0, induced: 0, total: 0 });
  });
});
