import { describe, expect, it } from 'vitest';
import { isoDate } from '../../_lib/date.js';
import { compactUsd, compareIds, sortIds, type TrackForText, trackStepsText, usdText } from './format.js';

describe('fact ids in natural order', () => {
  it('puts log-8 before log-10 and keeps ids without numbers in text order', () => {
    expect(sortIds(['log-10', 'log-8', 'log-100', 'log-9'])).toEqual(['log-8', 'log-9', 'log-10', 'log-100']);
    expect(sortIds(['f-b', 'f-a', 'log-2', 'f-10', 'f-2'])).toEqual(['f-2', 'f-10', 'f-a', 'f-b', 'log-2']);
    expect(compareIds('log-8', 'log-8')).toBe(0);
  });

  it('does not change its input', () => {
    const ids = ['log-10', 'log-8'];
    sortIds(ids);
    expect(ids).toEqual(['log-10', 'log-8']);
  });
});

describe('money for people', () => {
  it('writes decimal amounts with thousands separators and cents, and leaves other text alone', () => {
    expect(usdText('1600000000.00')).toBe('$1,600,000,000.00');
    expect(usdText('1234.5')).toBe('$1,234.50');
    expect(usdText('not an amount')).toBe('not an amount');
    expect(usdText(undefined)).toBe('undefined');
  });

  it('compacts axis amounts to three significant figures', () => {
    expect(compactUsd(0)).toBe('$0');
    expect(compactUsd(950)).toBe('$950');
    expect(compactUsd(30_346_730)).toBe('$30.3 M');
    expect(compactUsd(12_000_000)).toBe('$12 M');
    expect(compactUsd(2_500_000_000)).toBe('$2.5 bn');
    expect(compactUsd(-4_200)).toBe('-$4.2 k');
  });
});

describe('track steps in words', () => {
  const track = (over: Partial<TrackForText>): TrackForText => ({
    id: 'autos',
    title: 'Autos',
    lines: {},
    mode: 'additional',
    start: { rate: 250_000, from: isoDate('2025-07-01') },
    steps: [],
    ...over,
  });

  it('counts the steps of the file and lists each with its gate', () => {
    const agreement = {
      tracks: [
        track({
          steps: [
            { id: 'a', rate: 200_000, after: 'm1' },
            { id: 'b', rate: 150_000, after: { all: ['m2', 'm3'] } },
            { id: 'c', rate: 100_000, after: { any: ['m3', 'm4'] } },
            { id: 'd', rate: 0, on: isoDate('2030-01-01') },
          ],
        }),
      ],
    };
    const [t] = trackStepsText(agreement);
    expect(t).toEqual({
      track: 'autos',
      title: 'Autos',
      text: '25% additional from 2025-07-01, then four steps: 20% after m1, 15% after m2 and m3, 10% after m3 or m4, 0% from 2030-01-01',
    });
  });

  it('says "one step" for one, and nothing about steps for none', () => {
    const one = trackStepsText({
      tracks: [track({ steps: [{ id: 'a', rate: 150_000, after: 'm1' }] })],
    });
    expect(one[0]!.text).toContain('then one step: 15% after m1');
    const none = trackStepsText({ tracks: [track({})] });
    expect(none[0]!.text).toBe('25% additional from 2025-07-01');
  });
});
