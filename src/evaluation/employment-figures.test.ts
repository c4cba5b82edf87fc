import { describe, expect, it } from 'vitest';
import { hoursConsistent, monthsInRange } from './employment-figures.js';

describe('hoursConsistent (J5)', () => {
  it('accepts relocated hours up to the paid hours, and none at all', () => {
    expect(hoursConsistent(1000, 0)).toBe(true);
    expect(hoursConsistent(1000, 1000)).toBe(true);
    expect(hoursConsistent(1000)).toBe(true);
    expect(hoursConsistent(0)).toBe(true);
  });
  it('rejects relocated hours above paid hours, negative or non-finite figures', () => {
    expect(hoursConsistent(1000, 1000.5)).toBe(false);
    expect(hoursConsistent(-1)).toBe(false);
    expect(hoursConsistent(1000, -1)).toBe(false);
    expect(hoursConsistent(Number.NaN)).toBe(false);
    expect(hoursConsistent(Number.POSITIVE_INFINITY, 0)).toBe(false);
  });
});

describe('monthsInRange (J2)', () => {
  it('accepts whole months from 1 to 12', () => {
    for (let m = 1; m <= 12; m++) expect(monthsInRange(m)).toBe(true);
  });
  it('rejects 0, 13 and fractions', () => {
    expect(monthsInRange(0)).toBe(false);
    expect(monthsInRange(13)).toBe(false);
    expect(monthsInRange(6.5)).toBe(false);
  });
});
