import { describe, expect, it } from 'vitest';
import { withArticle } from './words.js';

describe('withArticle', () => {
  it('puts "an" before a vowel and "a" before anything else', () => {
    expect(
      ['auditor', 'observer', 'employment-report', 'firm', 'government', 'waiver'].map(withArticle),
    ).toEqual(['an auditor', 'an observer', 'an employment-report', 'a firm', 'a government', 'a waiver']);
  });
});
