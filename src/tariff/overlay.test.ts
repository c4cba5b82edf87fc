import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import { formatCents } from '../_lib/money.js';
import { diskSource } from '../_lib/read-file.js';
import type { RateStep, TrackSchedule } from '../evaluation/types.js';
import { createTariffEngine as create, type EngineOptions } from './create-engine.js';
import { computeDuty } from './engine.js';

const createTariffEngine = (options: EngineOptions) => create(options, diskSource);

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
    // A Korean car is not on the Japan track: it keeps the rule base, which from 2025-11-01 caps Korean
    // vehicles at 15% inclusive under 9903.94.61 (90 FR 55964), not 25% + column 1 as before that deal.
    expect(computeDuty(engine, { ...CAR, origin: 'KR', date: isoDate('2027-06-01') }).effectiveRate).toBe(
      150_000,
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

  describe('localized relief (exemptShare)', () => {
    // Base law on a Japanese car in 2027 is the inclusive 15% (2.5% column 1 + 12.5%); the general track
    // charges 20%; Honda's share of each entry is relieved at 0% once verified investment earns it.
    const shares = [
      { from: isoDate('2027-03-01'), share: 250_000, facts: ['cap-1'] },
      { from: isoDate('2027-06-01'), share: 333_333, facts: ['cap-1', 'cap-2'] },
    ];
    const honda = track({
      track: 'honda-localized',
      importers: ['honda'],
      exemptShare: shares,
      inForce: [step('2027-01-01', 0, undefined, { kind: 'start', milestones: [], facts: [] })],
    });
    const general = track({ inForce: [step('2027-01-01', 200_000, undefined, { kind: 'start' })] });
    const split = (r: ReturnType<typeof computeDuty>) =>
      r.lines
        .filter((l) => l.applied && l.heading === '9903.94.01')
        .map((l) => [l.layer, formatCents(l.base), formatCents(l.duty)]);

    it('relieves nothing before the first verified share: the line pays the other layers in full', () => {
      const engine = createTariffEngine({ tracks: [general, honda] });
      const r = computeDuty(engine, { ...CAR, date: isoDate('2027-02-28'), importer: 'honda' });
      expect(formatCents(r.totalDuty)).toBe('9000.00'); // 20% + 2.5% on $40,000
      const relief = r.lines.find((l) => l.layer === 'track:honda-localized:0');
      expect(relief?.applied).toBe(false);
      expect(relief?.reason).toMatch(/no share relieved on 2027-02-28.*25% from 2027-03-01, facts cap-1/);
    });

    it('splits the line at each share boundary: the relieved share at the track rate, the rest at the law', () => {
      const engine = createTariffEngine({ tracks: [general, honda] });
      const on = computeDuty(engine, { ...CAR, date: isoDate('2027-03-01'), importer: 'honda' });
      expect(split(on)).toEqual([
        ['track:honda-localized:0', '10000.00', '0.00'],
        ['track:autos:0', '30000.00', '6000.00'],
      ]);
      expect(formatCents(on.totalDuty)).toBe('7000.00');
      const relief = on.lines.find((l) => l.layer === 'track:honda-localized:0');
      expect(relief?.reason).toMatch(/relieved share 25% of \$40,000\.00 .*from 2027-03-01.*facts cap-1\)/);
      expect(on.lines.find((l) => l.layer === 'track:autos:0')?.reason).toMatch(/share not relieved/);
      // 33.3333% of $400.01 is 133.336… → $133.34 relieved (half up), $266.67 charged 20% → $53.33.
      const odd = computeDuty(engine, {
        ...CAR,
        value: 400_01n,
        date: isoDate('2027-06-01'),
        importer: 'honda',
      });
      expect(split(odd)).toEqual([
        ['track:honda-localized:0', '133.34', '0.00'],
        ['track:autos:0', '266.67', '53.33'],
      ]);
      expect(odd.lines.find((l) => l.layer === 'track:honda-localized:0')?.reason).toMatch(
        /33\.3333%.*from 2027-06-01.*facts cap-1, cap-2/,
      );
      const dayBefore = computeDuty(engine, { ...CAR, date: isoDate('2027-05-31'), importer: 'honda' });
      expect(formatCents(dayBefore.totalDuty)).toBe('7000.00');
    });

    it('leaves the rest on the base law when no general track is in force', () => {
      const engine = createTariffEngine({ tracks: [honda] });
      const r = computeDuty(engine, { ...CAR, date: isoDate('2027-03-01'), importer: 'honda' });
      // $10,000 relieved at 0%; $30,000 under the inclusive 15% (12.5% on top of column 1's 2.5%).
      expect(
        r.lines.filter((l) => l.applied).map((l) => [l.heading, formatCents(l.base), formatCents(l.duty)]),
      ).toEqual([
        ['9903.94.01', '10000.00', '0.00'],
        ['9903.94.41', '30000.00', '3750.00'],
        ['8703.23.01', '40000.00', '1000.00'],
      ]);
    });

    it('charges another importer the law in full', () => {
      const engine = createTariffEngine({ tracks: [general, honda] });
      for (const importer of ['toyota', undefined]) {
        const r = computeDuty(engine, {
          ...CAR,
          date: isoDate('2027-06-01'),
          ...(importer ? { importer } : {}),
        });
        expect(formatCents(r.totalDuty)).toBe('9000.00');
        expect(r.lines.find((l) => l.layer === 'track:honda-localized:0')?.reason).toMatch(
          /scoped to importers honda/,
        );
      }
    });
  });

  it('rejects a track whose heading no layer files under', () => {
    expect(() => createTariffEngine({ tracks: [track({ heading: '9903.99.99' })] })).toThrow(/no layer/);
  });
});
