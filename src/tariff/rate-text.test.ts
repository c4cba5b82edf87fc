import { describe, expect, it } from 'vitest';
import { mfnDuty, parseRateText } from './rate-text.js';

describe('parseRateText', () => {
  it('reads Free, percent, specific and compound rates exactly', () => {
    expect(parseRateText('Free')).toEqual({ text: 'Free', adValorem: 0 });
    expect(parseRateText('2.5%')).toEqual({ text: '2.5%', adValorem: 25_000 });
    expect(parseRateText('4.4¢/kg')).toEqual({
      text: '4.4¢/kg',
      adValorem: 0,
      specific: { perUnit: 44_000n, unit: 'kg' },
    });
    expect(parseRateText('$1.05/kg')?.specific).toEqual({ perUnit: 1_050_000n, unit: 'kg' });
    expect(parseRateText('2.5% + 4.4¢/kg')).toMatchObject({
      adValorem: 25_000,
      specific: { perUnit: 44_000n },
    });
  });

  it('rejects text that is not a rate', () => {
    for (const bad of ['', 'free-ish', '2.5', '%', '1% + 2%', '4¢/kg + 5¢/kg', '1.2.3%', '$4¢/kg']) {
      expect(parseRateText(bad), bad).toBeUndefined();
    }
  });
});

describe('mfnDuty', () => {
  it("computes CBP's AVE example: 50¢/kg on 1 kg worth $10 is 5%", () => {
    expect(mfnDuty(parseRateText('50¢/kg')!, 1000n, 1000n)).toEqual({ duty: 50n, ave: 50_000 });
  });

  it('keeps the ad valorem rate itself as the AVE of a pure ad valorem rate', () => {
    expect(mfnDuty(parseRateText('2.5%')!, 1001n, undefined)).toEqual({ duty: 25n, ave: 25_000 });
  });

  it('rounds a compound rate once, half up', () => {
    // 2.5% of $1.00 = 2.5¢; 4.4¢/kg × 0.5 kg = 2.2¢; total 4.7¢ → 5¢
    expect(mfnDuty(parseRateText('2.5% + 4.4¢/kg')!, 100n, 500n)).toEqual({ duty: 5n, ave: 50_000 });
  });

  it('asks for a weight when the rate is specific', () => {
    expect(mfnDuty(parseRateText('4.4¢/kg')!, 100n, undefined)).toMatch(/--weight-kg/);
    expect(mfnDuty(parseRateText('4.4¢/liter')!, 100n, 1000n)).toMatch(/per liter/);
  });
});
