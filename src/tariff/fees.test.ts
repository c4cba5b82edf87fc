import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import { diskSource } from '../_lib/read-file.js';
import { hmf, mpf } from './fees.js';
import { loadShippedRuleBase } from './rule-base.js';

const { fees } = loadShippedRuleBase(diskSource);

describe('MPF (0.3464%, fiscal-year minimum and maximum)', () => {
  it('uses FY2025 bounds through 2025-09-30 and FY2026 bounds from 2025-10-01', () => {
    expect(mpf(fees, isoDate('2025-09-30'), 100_00n)).toMatchObject({ amount: 32_71n, fiscalYear: 'FY2025' });
    expect(mpf(fees, isoDate('2025-10-01'), 100_00n)).toMatchObject({ amount: 33_58n, fiscalYear: 'FY2026' });
    expect(mpf(fees, isoDate('2025-09-30'), 1_000_000_00n).amount).toBe(634_62n);
    expect(mpf(fees, isoDate('2025-10-01'), 1_000_000_00n).amount).toBe(651_50n);
  });

  it('charges 0.3464% between the bounds, rounded half up', () => {
    // $45,000 × 0.3464% = $155.88
    expect(mpf(fees, isoDate('2025-10-01'), 45_000_00n).amount).toBe(155_88n);
  });

  it('says when the fiscal year is beyond the data', () => {
    expect(mpf(fees, isoDate('2026-11-01'), 45_000_00n).note).toMatch(/FY2027|FY2026 figures/);
  });
});

describe('HMF (0.125%, ocean only)', () => {
  it('charges ocean shipments only', () => {
    expect(hmf(fees, 'ocean', 45_000_00n)).toBe(56_25n);
    expect(hmf(fees, 'air', 45_000_00n)).toBe(0n);
    expect(hmf(fees, undefined, 45_000_00n)).toBe(0n);
  });
});
