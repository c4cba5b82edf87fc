import { describe, expect, it } from 'vitest';
import { ordinal, plural, withArticle } from './words.js';

describe('withArticle', () => {
  it('puts "an" before a vowel and "a" before anything else', () => {
    expect(
      ['auditor', 'observer', 'employment-report', 'firm', 'government', 'waiver'].map(withArticle),
    ).toEqual(['an auditor', 'an observer', 'an employment-report', 'a firm', 'a government', 'a waiver']);
  });
});

describe('plural', () => {
  it('says "1 entry" and "2 entries": the noun agrees with its count, which is grouped by thousands', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(0, 'entry', 'entries')).toBe('0 entries');
    expect(plural(2, 'bad row')).toBe('2 bad rows');
    expect(plural(1, 'bad row')).toBe('1 bad row');
    expect(plural(1_234_567, 'line')).toBe('1,234,567 lines');
    expect(plural(1n, 'attestation')).toBe('1 attestation');
  });
});

describe('ordinal', () => {
  it('gives 1st, 2nd, 3rd, 4th and 11th–13th as English writes them', () => {
    expect([1, 2, 3, 4, 5, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '5th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });
});
