import { describe, expect, it } from 'vitest';
import { applyTariffChange } from './operators.js';

describe('tariff-change operators (reference b.4)', () => {
  it('Swiss formula with a = 16 takes 25% to 9.756098% and 27.5% to 10.114943%', () => {
    expect(applyTariffChange(250_000, { op: 'swiss' })).toBe(97_561);
    expect(applyTariffChange(275_000, { op: 'swiss', coefficient: 16 })).toBe(101_149);
  });

  it('a linear cut of 80% leaves a fifth of the rate', () => {
    expect(applyTariffChange(100_000, { op: 'linear-cut', cut: 800_000 })).toBe(20_000);
  });

  it('a maximum rate caps high rates and leaves low ones', () => {
    expect(applyTariffChange(275_000, { op: 'cap', rate: 150_000 })).toBe(150_000);
    expect(applyTariffChange(25_000, { op: 'cap', rate: 150_000 })).toBe(25_000);
  });

  it('a new rate replaces the rate', () => {
    expect(applyTariffChange(275_000, { op: 'new-rate', rate: 150_000 })).toBe(150_000);
  });

  it('refuses a non-positive Swiss coefficient', () => {
    expect(() => applyTariffChange(250_000, { op: 'swiss', coefficient: 0 })).toThrow(/positive/);
  });
});
