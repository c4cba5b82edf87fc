import { describe, expect, it } from 'vitest';
import { fanSteps } from './fan.js';

describe('fan steps', () => {
  it('scale every percentile and repeat the last year to close its step', () => {
    const years = [
      { p5: 1e9, p25: 2e9, p50: 3e9, p75: 4e9, p95: 5e9, mean: 3e9 },
      { p5: 2e9, p25: 3e9, p50: 4e9, p75: 5e9, p95: 6e9, mean: 4e9 },
    ];
    const steps = fanSteps([{ label: '7 years', years }], 1e9);
    expect(steps.map((s) => [s.year, s.p5, s.p50, s.p95])).toEqual([
      [1, 1, 3, 5],
      [2, 2, 4, 6],
      [3, 2, 4, 6],
    ]);
    expect(new Set(steps.map((s) => s.variant))).toEqual(new Set(['7 years']));
  });
});
