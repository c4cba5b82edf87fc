import { describe, expect, it } from 'vitest';
import { d } from './_test/agreement.js';
import { rateOn } from './rate-on.js';
import type { RateStep } from './types.js';

const step = (from: string, until: string | undefined, rate: number): RateStep => ({
  from: d(from),
  ...(until !== undefined && { until: d(until) }),
  rate,
  mode: 'additional',
  kind: 'step',
  because: 'test',
  milestones: [],
  facts: [],
  sources: [],
});

describe('rateOn', () => {
  const steps = [
    step('2025-04-03', '2025-09-16', 250_000),
    step('2025-09-16', '2026-02-24', 150_000),
    step('2026-06-01', undefined, 100_000),
  ];
  it('returns the step with from ≤ date < until', () => {
    expect(rateOn(steps, d('2025-04-03'))?.rate).toBe(250_000);
    expect(rateOn(steps, d('2025-09-15'))?.rate).toBe(250_000);
    expect(rateOn(steps, d('2025-09-16'))?.rate).toBe(150_000);
    expect(rateOn(steps, d('2040-01-01'))?.rate).toBe(100_000);
  });
  it('is undefined before the start and in a gap', () => {
    expect(rateOn(steps, d('2025-04-02'))).toBeUndefined();
    expect(rateOn(steps, d('2026-02-24'))).toBeUndefined();
  });
});
