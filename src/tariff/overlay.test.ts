import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import { formatCents } from '../_lib/money.js';
import type { RateStep, TrackSchedule } from '../evaluation/types.js';
import { createTariffEngine } from './create-engine.js';
import { computeDuty } from './engine.js';

function step(from: string, rate: number, until?: string, extra: Partial<RateStep> = {}): RateStep {
  return {
    from: isoDate(from),
    ...(until ? { until: isoDate(until) } : {}),
    rate,
    mode: 'additional',
    kind: 'step',
    because: 'milestone verified',
    milestones: ['m1'],
    facts: ['f1'],
    sources: ['agreement §3'],
    ...extra,
  };
}

function track(overrides: Partial<TrackSchedule>): TrackSchedule {
  return {
    track: 'autos',
    mode: 'additional',
    heading: '9903.94.01',
    authority: 'Section 232 autos',
    hts: ['8703'],
    except: [],
    origin: 'JP',
    inForce: [],
    planned: [],
    ...overrides,
  };
}

const CAR = { hts: '8703.23.01', origin: 'JP', value: 40_000_00n } as const;

describe('agreement overlays', () => {
  it("applies the milestone compromise's steps in place of the autos layers on their dates", () => {
    const engine = createTariffEngine({
      tracks: [
        track({
          inForce: [
            step('2025-04-03', 250_000, '2027-01-01', { kind: 'start' }),
            step('2027-01-01', 175_000, '2028-01-01', { stepId: 's1' }),
            step('2028-01-01', 100_000, undefined, { stepId: 's2', uncertain: 'jobs data revised' }),
          ],
        }),
      ],
    });
    const r2027 = computeDuty(engine, { ...CAR, date: isoDate('2027-06-01') });
    expect(formatCents(r2027.totalDuty)).toBe('8000.00'); // 17.5% + 2.5%
    const replaced = r2027.lines.find((l) => l.layer === 's232-autos-jp');
    expect(replaced?.applied).toBe(false);
    expect(replaced?.reason).toMatch(/replaced on this date by agreement track autos/);
    expect(r2027.lines.find((l) => l.layer.startsWith('track:'))?.source).toMatch(/milestones m1/);
    const r2028 = computeDuty(engine, { ...CAR, date: isoDate('2028-02-01') });
    expect(formatCents(r2028.totalDuty)).toBe('5000.00');
    expect(r2028.lines.find((l) => l.layer.startsWith('track:'))?.reason).toMatch(
      /uncertain: jobs data revised/,
    );
    // The reciprocal still steps aside for the overlay (9903.01.33 names the autos program).
    const r2025 = computeDuty(engine, { ...CAR, date: isoDate('2025-05-01') });
    expect(formatCents(r2025.totalDuty)).toBe('11000.00');
  });

  it('reproduces the enacted inclusive 15% when the track says so', () => {
    const engine = createTariffEngine({
      tracks: [
        track({
          mode: 'inclusive',
          inForce: [step('2025-09-16', 150_000, undefined, { kind: 'start', mode: 'inclusive' })],
        }),
      ],
    });
    const r = computeDuty(engine, { ...CAR, date: isoDate('2025-10-01') });
    expect(r.effectiveRate).toBe(150_000);
  });

  it('leaves other origins, excepted lines, and dates outside the steps on the rule base', () => {
    const engine = createTariffEngine({
      tracks: [track({ except: ['8703.80'], inForce: [step('2027-01-01', 0)] })],
    });
    expect(computeDuty(engine, { ...CAR, origin: 'KR', date: isoDate('2027-06-01') }).effectiveRate).toBe(
      275_000,
    );
    expect(
      computeDuty(engine, { ...CAR, hts: '8703.80.00', date: isoDate('2027-06-01') }).effectiveRate,
    ).toBe(150_000);
    expect(computeDuty(engine, { ...CAR, date: isoDate('2026-06-01') }).effectiveRate).toBe(150_000);
    expect(computeDuty(engine, { ...CAR, date: isoDate('2027-06-01') }).effectiveRate).toBe(25_000);
  });

  it("scopes relief to the track's importers", () => {
    const engine = createTariffEngine({
      tracks: [track({ importers: ['toyota'], inForce: [step('2027-01-01', 0)] })],
    });
    const mine = computeDuty(engine, { ...CAR, date: isoDate('2027-06-01'), importer: 'toyota' });
    expect(mine.effectiveRate).toBe(25_000);
    const other = computeDuty(engine, { ...CAR, date: isoDate('2027-06-01'), importer: 'honda' });
    expect(other.effectiveRate).toBe(150_000);
    expect(other.lines.find((l) => l.layer.startsWith('track:'))?.reason).toMatch(
      /scoped to importers toyota/,
    );
  });

  it('rejects a track whose heading no layer files under', () => {
    expect(() => createTariffEngine({ tracks: [track({ heading: '9903.99.99' })] })).toThrow(/no layer/);
  });
});
