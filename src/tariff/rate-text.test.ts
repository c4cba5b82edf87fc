import { describe, expect, it } from 'vitest';
import { mfnDuty, parseQuantity, parseRateText, quantityHint } from './rate-text.js';

describe('parseRateText', () => {
  it('reads Free, percent, per-unit and compound rates exactly', () => {
    expect(parseRateText('Free')).toEqual({ text: 'Free', adValorem: 0, parts: [], needs: [] });
    expect(parseRateText('2.5%')).toEqual({ text: '2.5%', adValorem: 25_000, parts: [], needs: [] });
    expect(parseRateText('4.4¢/kg')).toEqual({
      text: '4.4¢/kg',
      adValorem: 0,
      parts: [{ kind: 'per-unit', microCents: 4_400_000n, per: 1n, of: 'kg' }],
      needs: ['kg'],
    });
    expect(parseRateText('$1.05/kg')?.parts).toEqual([
      { kind: 'per-unit', microCents: 105_000_000n, per: 1n, of: 'kg' },
    ]);
    expect(parseRateText('2.5% + 4.4¢/kg')).toMatchObject({
      adValorem: 25_000,
      parts: [{ kind: 'per-unit', microCents: 4_400_000n }],
      needs: ['kg'],
    });
  });

  it('reads the other quantities, kinds of kilograms and percents of a part the schedule writes', () => {
    const needs = (t: string) => parseRateText(t)?.needs;
    expect(needs('23.7¢/pf.liter')).toEqual(['pf_liter']);
    expect(needs('6.3¢/liter')).toEqual(['liter']);
    expect(needs('16¢ each')).toEqual(['no']);
    expect(needs('90¢/pr.')).toEqual(['pr']);
    expect(needs('38.4¢/1000')).toEqual(['thousand']);
    expect(needs('$1.13/m3')).toEqual(['m3']);
    expect(needs('4.4¢/kg on drained weight')).toEqual(['kg_drained']);
    expect(needs('1.5¢/kg on lead content')).toEqual(['kg_lead']);
    expect(needs('36¢ each + 5.6% + 2¢/jewel')).toEqual(['no', 'jewel']);
    expect(parseRateText('3.9% on the movement and case + 5.3% on the battery')).toMatchObject({
      adValorem: 0,
      parts: [
        { kind: 'percent-of', ppm: 39_000, of: 'usd_movement_case' },
        { kind: 'percent-of', ppm: 53_000, of: 'usd_battery' },
      ],
    });
    expect(parseRateText('6.5% on the entire set')).toMatchObject({ adValorem: 65_000, parts: [] });
    expect(needs('2.8¢/jewel over 7')).toEqual(['jewel']);
  });

  it('reads the raw-sugar scale of heading 1701 on kilograms and degrees', () => {
    const scale = parseRateText(
      '3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg',
    );
    expect(scale?.needs).toEqual(['kg', 'degrees']);
    expect(scale?.parts).toEqual([
      { kind: 'sugar-scale', base: 3_660_600n, step: 20_668n, floor: 3_143_854n },
    ]);
  });

  it('rejects text that is not a rate, and references to another rate', () => {
    for (const bad of [
      '',
      'free-ish',
      '2.5',
      '%',
      '1% + 2%',
      '4¢/kg + 5¢/kg',
      '1.2.3%',
      '$4¢/kg',
      '4¢/furlong',
      '2% on the hull',
      'The rate applicable to the natural juice in heading 2009',
      'See additional U.S. note 3',
    ]) {
      expect(parseRateText(bad), bad).toBeUndefined();
    }
  });
});

describe('mfnDuty', () => {
  it("computes CBP's AVE example: 50¢/kg on 1 kg worth $10 is 5%", () => {
    expect(mfnDuty(parseRateText('50¢/kg')!, 1000n, { kg: 1000n })).toEqual({ duty: 50n, ave: 50_000 });
  });

  it('keeps the ad valorem rate itself as the AVE of a pure ad valorem rate', () => {
    expect(mfnDuty(parseRateText('2.5%')!, 1001n)).toEqual({ duty: 25n, ave: 25_000 });
  });

  it('rounds a compound rate once, half up', () => {
    // 2.5% of $1.00 = 2.5¢; 4.4¢/kg × 0.5 kg = 2.2¢; total 4.7¢ → 5¢
    expect(mfnDuty(parseRateText('2.5% + 4.4¢/kg')!, 100n, { kg: 500n })).toEqual({
      duty: 5n,
      ave: 50_000,
    });
  });

  it('charges a percent of a part on the value of that part, and jewels only over the count', () => {
    // 3.9% of $200.00 + 5.3% of $10.00 = $7.80 + $0.53
    const watch = parseRateText('3.9% on the movement and case + 5.3% on the battery')!;
    expect(mfnDuty(watch, 50_000n, { usd_movement_case: 200_000n, usd_battery: 10_000n })).toMatchObject({
      duty: 833n,
    });
    // 2.8¢ on each jewel over 7: 10 jewels pay on 3
    expect(mfnDuty(parseRateText('2.8¢/jewel over 7')!, 1000n, { jewel: 10_000n })).toMatchObject({
      duty: 8n,
    });
  });

  it('applies the sugar scale with its floor', () => {
    const scale = parseRateText(
      '3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in proportion) but not less than 3.143854¢/kg',
    )!;
    // 96 degrees: 3.6606 − 4 × 0.020668 = 3.577928¢/kg; × 1,000 kg = $35.77928 → $35.78
    expect(mfnDuty(scale, 100_000n, { kg: 1_000_000n, degrees: 96_000n })).toMatchObject({ duty: 3578n });
    // 50 degrees would be 2.6272¢/kg: the floor 3.143854¢/kg applies → $31.43854 → $31.44
    expect(mfnDuty(scale, 100_000n, { kg: 1_000_000n, degrees: 50_000n })).toMatchObject({ duty: 3144n });
  });

  it('names the quantities a rate needs when they are not given, and how to give them', () => {
    expect(mfnDuty(parseRateText('4.4¢/kg')!, 100n)).toEqual({ missing: ['kg'] });
    expect(mfnDuty(parseRateText('4.4¢/liter')!, 100n, { kg: 1000n })).toEqual({ missing: ['liter'] });
    expect(quantityHint('kg')).toMatch(/--weight-kg N \(CSV column weight_kg\)/);
    expect(quantityHint('liter')).toMatch(/--qty liter=N \(CSV column qty_liter\)/);
  });
});

describe('parseQuantity', () => {
  it('reads thousandths, dollars with separators, and refuses what is not a quantity', () => {
    expect(parseQuantity('liter', '12.5')).toBe(12_500n);
    expect(parseQuantity('usd_battery', '$1,250.50')).toBe(1_250_500n);
    expect(parseQuantity('degrees', '100.5')).toBeUndefined();
    expect(parseQuantity('kg', '-1')).toBeUndefined();
    expect(parseQuantity('kg', 'ten')).toBeUndefined();
  });
});
