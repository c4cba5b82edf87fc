import { describe, expect, it } from 'vitest';
import { isoDate } from '../../_lib/date.js';
import type { Layer } from '../layer.js';
import { FORMULAS } from './index.js';

const layer: Layer = {
  id: 'jp',
  program: 'p',
  heading: '9903.02.73',
  headingAtOrAbove: '9903.02.72',
  authority: 'EO 14345',
  formula: 'inclusive',
  rate: 150_000,
  base: 'value',
  products: { all: true },
  countries: { only: ['JP'] },
  from: isoDate('2025-08-07'),
  interactions: [],
  filingOrder: 30,
  source: 's',
};

describe('inclusive cap', () => {
  it('tops column 1 below the cap up to the cap, under the "below" heading', () => {
    const r = FORMULAS.inclusive({ layer, base: 1_000_000n, mfnAve: 25_000 });
    expect(r).toMatchObject({ rate: 125_000, duty: 125_000n, heading: '9903.02.73' });
  });

  it('adds nothing when column 1 is exactly the cap or above, under the "at or above" heading', () => {
    expect(FORMULAS.inclusive({ layer, base: 1_000_000n, mfnAve: 150_000 })).toMatchObject({
      rate: 0,
      duty: 0n,
      heading: '9903.02.72',
    });
    expect(FORMULAS.inclusive({ layer, base: 1_000_000n, mfnAve: 250_000 })).toMatchObject({
      rate: 0,
      duty: 0n,
    });
  });

  it('just below the cap charges the difference', () => {
    expect(FORMULAS.inclusive({ layer, base: 1_000_000n, mfnAve: 149_999 }).duty).toBe(1n);
  });
});

describe('ad valorem and claim', () => {
  it('charges the rate on the base, rounded half up', () => {
    expect(FORMULAS['ad-valorem']({ layer: { ...layer, rate: 250_000 }, base: 2n, mfnAve: 0 }).duty).toBe(1n);
    expect(FORMULAS['ad-valorem']({ layer: { ...layer, rate: 250_000 }, base: 1n, mfnAve: 0 }).duty).toBe(0n);
  });

  it('files a claim at zero duty', () => {
    expect(FORMULAS.claim({ layer, base: 5n, mfnAve: 0 })).toMatchObject({ duty: 0n, rate: 0 });
  });
});
