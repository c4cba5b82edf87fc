import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../_lib/date.js';
import { defaultAsOf } from './as-of.js';

const d = (s: string) => s as IsoDate;

describe('defaultAsOf', () => {
  it('is the latest recording date, whatever the order of the facts', () => {
    const facts = [
      { recorded: d('2026-07-15') },
      { recorded: d('2026-03-31') },
      { recorded: d('2027-01-02') },
    ];
    expect(defaultAsOf(facts, d('2025-09-04'))).toBe('2027-01-02');
    expect(defaultAsOf([...facts].reverse(), d('2025-09-04'))).toBe('2027-01-02');
  });
  it('is the signing date when there are no facts', () => {
    expect(defaultAsOf([], d('2025-09-04'))).toBe('2025-09-04');
  });
  it('never falls before signing, even when every fact was recorded earlier', () => {
    expect(defaultAsOf([{ recorded: d('2025-01-01') }], d('2025-09-04'))).toBe('2025-09-04');
  });
});
