import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import type { AccordError } from '../_lib/problem.js';
import { HtsSchedule, parseHtsJson } from './hts.js';
import { matchPrefix } from './hts-code.js';

const EXPORT = JSON.stringify([
  { htsno: '', indent: '0', description: 'section header', general: '' },
  { htsno: '8703', indent: '0', description: 'Motor cars', general: '' },
  {
    htsno: '8703.23.01',
    indent: '1',
    description: 'Cars 1,500–3,000 cc',
    general: '2.5%',
    special: 'Free (KR)',
    other: '10%',
  },
  { htsno: '8703.23.01.90', indent: '2', description: 'Other', general: '' },
  { htsno: '0406.10.04', indent: '1', description: 'Cheese', general: '10¢/kg' },
  { htsno: '0811.10.00', indent: '1', description: 'Strawberries', general: 'See additional U.S. note 3' },
  { htsno: '7207.11.00.00', indent: '1', description: 'Semifinished steel', general: 'Free' },
  { htsno: '8704.21.01', indent: '1', description: 'Trucks', general: '' },
]);

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as AccordError).message;
  }
  return 'no error';
}

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as AccordError).code;
  }
  return 'no error';
}

describe('HtsTable (USITC JSON export)', () => {
  const table = parseHtsJson(EXPORT, 'export.json');

  it('finds an 8-digit line with its column-1 rate, with or without dots', () => {
    expect(table.lookup('8703.23.01').rate?.adValorem).toBe(25_000);
    expect(table.lookup('87032301').line.special).toBe('Free (KR)');
  });

  it("gives a statistical line its 8-digit parent's rate", () => {
    const r = table.lookup('8703.23.01.90');
    // A generic description is given with its parent's, so that messages say what "Other" is.
    expect(r.line.description).toBe('Cars 1,500–3,000 cc: Other');
    expect(r.rateFrom).toBe('87032301');
  });

  it('reads per-unit rates, and leaves a rate set by reference unparsed', () => {
    expect(table.lookup('0406.10.04').rate?.needs).toEqual(['kg']);
    expect(table.lookup('0406.10.04').rate?.parts).toEqual([
      { kind: 'per-unit', microCents: 10_000_000n, per: 1n, of: 'kg' },
    ]);
    expect(table.lookup('0811.10.00').rate).toBeUndefined();
    expect(table.lookup('0811.10.00').general).toBe('See additional U.S. note 3');
  });

  it('knows an 8-digit rate line the export writes only as its single 10-digit line', () => {
    expect(table.has('72071100')).toBe(true);
    expect(table.lookup('7207.11.00').general).toBe('Free');
    expect(table.lookup('7207.11.00.00').rateFrom).toBe('7207110000');
  });

  it('rejects unknown, short, malformed, Chapter 99 and rateless codes with user errors that say what to do', () => {
    expect(code(() => table.lookup('8703.23.02'))).toBe('hts-unknown');
    expect(message(() => table.lookup('8703.23.02'))).toMatch(
      /HTS 8703\.23\.02 is not a line of the HTS in export\.json; nearest: 8703\.23\.01 \(Cars 1,500–3,000 cc\)/,
    );
    // Nothing under the same heading: the nearest codes of the same chapter, closest first.
    expect(message(() => table.lookup('8705.10.00'))).toMatch(
      /nearest: 8704\.21\.01 \(Trucks\); 8703\.23\.01 \(Cars/,
    );
    expect(code(() => table.lookup('1234.56.78'))).toBe('hts-unknown');
    expect(code(() => table.lookup('8703'))).toBe('hts-too-short');
    expect(message(() => table.lookup('8703'))).toMatch(/8703\.23\.01 \(Cars/);
    expect(code(() => table.lookup('87x3.23.01'))).toBe('hts-invalid');
    expect(code(() => table.lookup('9903.88.03'))).toBe('hts-chapter-99');
    expect(code(() => table.lookup('8704.21.01'))).toBe('hts-no-rate');
    expect(message(() => table.lookup('8704.21.01'))).toMatch(/--mfn/);
  });

  it('suggests the nearest codes by shared digits, then by distance', () => {
    expect(table.nearest('8703230199')).toEqual(['8703230190', '87032301']);
  });

  it('reports bad rows and bad JSON with positions', () => {
    expect(code(() => parseHtsJson('{', 'x.json'))).toBe('hts-json-syntax');
    expect(code(() => parseHtsJson('{}', 'x.json'))).toBe('hts-json-shape');
    try {
      parseHtsJson(JSON.stringify([{ htsno: '87.0' }, 7]), 'x.json');
    } catch (error) {
      expect((error as AccordError).problems.map((p) => p.where?.pointer)).toEqual(['/0/htsno', '/1']);
    }
  });
});

describe('HtsSchedule.anyRevisionHas', () => {
  const older = parseHtsJson(
    JSON.stringify([{ htsno: '8708.29.50', indent: '1', description: 'Other body parts', general: '2.5%' }]),
    'hts_2025_rev_1.json',
  );
  const newer = parseHtsJson(EXPORT, 'hts_2026_rev_10.json');
  const schedule = new HtsSchedule([
    { label: older.revision.label, effective: isoDate('2025-01-01'), origin: 'installed', load: () => older },
    { label: newer.revision.label, effective: isoDate('2026-01-01'), origin: 'shipped', load: () => newer },
  ]);

  it('is true for a line of any installed revision, and false for a code none has', () => {
    expect(schedule.anyRevisionHas('87032301')).toBe(true);
    expect(schedule.anyRevisionHas('87082950')).toBe(true); // only in the older revision
    expect(schedule.anyRevisionHas('87032399')).toBe(false);
    expect(schedule.anyRevisionHas('8703')).toBe(false); // a heading is not a line
  });
});

describe('matchPrefix', () => {
  it('distinguishes full, partial and no coverage', () => {
    expect(matchPrefix('9401614011', '94016140')).toBe('yes');
    expect(matchPrefix('94016140', '9401614011')).toBe('partial');
    expect(matchPrefix('94016160', '9401614011')).toBe('no');
  });
});

describe('HtsSchedule.loadAll', () => {
  it('loads each revision once, now, and not again on use', () => {
    const table = parseHtsJson(EXPORT, 'hts_2026_rev_10.json');
    const loads: string[] = [];
    const schedule = new HtsSchedule(
      (['2025-01-01', '2026-01-01'] as const).map((effective) => ({
        label: `from ${effective}`,
        effective: isoDate(effective),
        origin: 'installed' as const,
        load: () => {
          loads.push(effective);
          return table;
        },
      })),
    );
    expect(loads).toEqual([]);
    expect(schedule.loadAll()).toBe(schedule);
    expect(loads).toEqual(['2025-01-01', '2026-01-01']);
    schedule.tableOn(isoDate('2025-06-01'));
    schedule.latest();
    expect(loads).toHaveLength(2);
  });
});
