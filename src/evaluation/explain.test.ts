import { describe, expect, it } from 'vitest';
import { factList, formatFte, percent, summarize } from './explain.js';

describe('explain', () => {
  it('formats FTE with thousands separators and at most one decimal', () => {
    expect(formatFte(1950)).toBe('1,950 FTE');
    expect(formatFte(12.345)).toBe('12.3 FTE');
  });

  it('lists facts in words', () => {
    expect(factList([])).toBe('no counted facts');
    expect(factList(['a'])).toBe('fact a');
    expect(factList(['a', 'b'])).toBe('facts a, b');
  });

  it('writes a percent', () => {
    expect(percent(925_000)).toBe('92.5%');
  });

  it('summarizes the leaves of a condition with value, target and tolerance', () => {
    const text = summarize({
      label: 'all of 2 conditions',
      holds: true,
      facts: [],
      children: [
        {
          label: 'netNewFte ≥ 10',
          holds: true,
          withinTolerance: true,
          value: '9.6 FTE',
          target: '10 FTE',
          facts: [],
        },
        { label: 'healthPlanOffered', holds: false, facts: [] },
      ],
    });
    expect(text).toBe(
      'netNewFte ≥ 10: 9.6 FTE vs target 10 FTE (within tolerance); healthPlanOffered: does not hold',
    );
  });
});
