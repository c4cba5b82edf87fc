import { describe, expect, it } from 'vitest';
import { formatPercent, ratioPpm, roundHalfUp } from '../../_lib/money.js';
import { cents, hmfOf, parsePlainCents, percentOf, perMillion, Sum } from './numbers.js';

describe('bulk arithmetic on doubles', () => {
  it('rounds n / 10^6 half up exactly, as the engine rounds bigints', () => {
    for (const n of [0, 1, 499_999, 500_000, 1_499_999, 1_500_000, 2 ** 53 - 1, 123_456_789_012_345]) {
      expect(perMillion(n)).toBe(Number(roundHalfUp(BigInt(n), 1_000_000n)));
    }
  });

  it('writes cents and rates as the engine formats them', () => {
    expect([cents(0), cents(5), cents(1234), cents(100)]).toEqual(['0.00', '0.05', '12.34', '1.00']);
    for (const [duty, value] of [
      [0, 100],
      [15, 100],
      [1, 3],
      [2_500, 100_000],
      [123_457, 1_000_000],
      [2 ** 50, 2 ** 40],
    ] as const) {
      expect(percentOf(duty, value)).toBe(formatPercent(ratioPpm(BigInt(duty), BigInt(value))));
    }
    expect(percentOf(1, 0)).toBe('0');
  });

  it('reads plain decimals without allocating, and leaves anything else to the money parser', () => {
    expect([parsePlainCents('12'), parsePlainCents('12.3'), parsePlainCents('12.34')]).toEqual([
      1200, 1230, 1234,
    ]);
    for (const text of ['', '.5', '1.', '1.234', '-1', '1e3', '1,000', ' 1'])
      expect(parsePlainCents(text)).toBe(-1);
  });

  it('keeps sums exact beyond 2^53 and HMF exact on any value', () => {
    const s = new Sum();
    for (let i = 0; i < 5; i++) s.add(3e15 + 1);
    expect(s.value).toBe(15_000_000_000_000_005n);
    expect(hmfOf(1_000_00, 1_250)).toBe(125);
    const huge = 9_000_000_000_000_000;
    expect(hmfOf(huge, 1_250)).toBe(Number(roundHalfUp(BigInt(huge) * 1_250n, 1_000_000n)));
  });
});
