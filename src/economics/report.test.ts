import { describe, expect, it } from 'vitest';
import { count, pct, usd } from './report.js';

describe('report formatting', () => {
  it('renders model dollars as decimal strings with two places, rounding halves up', () => {
    expect(usd(1234.5)).toBe('1234.50');
    // Exact binary halves: 0.125 → 12.5 cents → 13; −2.125 → −212.5 cents → −212 (towards +∞).
    expect(usd(0.125)).toBe('0.13');
    expect(usd(-2.125)).toBe('-2.12');
    expect(usd(Number.NaN)).toBe('n/a');
  });

  it('renders fractions as percent strings without trailing zeros', () => {
    expect(pct(0.15)).toBe('15');
    expect(pct(-0.011712)).toBe('-1.1712');
    expect(pct(-0.0000001)).toBe('0');
  });

  it('rounds job counts to whole positions', () => {
    expect(count(5534.6)).toBe(5535);
    expect(Number.isNaN(count(Number.POSITIVE_INFINITY))).toBe(true);
  });
});
