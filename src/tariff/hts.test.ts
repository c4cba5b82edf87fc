import { describe, expect, it } from 'vitest';
import type { AccordError } from '../_lib/problem.js';
import { parseHtsJson } from './hts.js';
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
  { htsno: '9999.99.99', indent: '1', description: 'Mystery', general: 'see note 3' },
  { htsno: '8704.21.01', indent: '1', description: 'Trucks', general: '' },
]);

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
    expect(table.lookup('8703.23.01').rate.adValorem).toBe(25_000);
    expect(table.lookup('87032301').line.special).toBe('Free (KR)');
  });

  it("gives a statistical line its 8-digit parent's rate", () => {
    const r = table.lookup('8703.23.01.90');
    expect(r.line.description).toBe('Other');
    expect(r.rateFrom).toBe('87032301');
  });

  it('reads specific rates', () => {
    expect(table.lookup('0406.10.04').rate.specific?.unit).toBe('kg');
  });

  it('rejects unknown, short, malformed and rateless codes with user errors that say what to do', () => {
    expect(code(() => table.lookup('1234.56.78'))).toBe('hts-unknown');
    try {
      table.lookup('1234.56.78');
    } catch (error) {
      expect((error as Error).message).toMatch(/--mfn/);
      expect((error as Error).message).toMatch(/--hts-file/);
    }
    expect(code(() => table.lookup('8703'))).toBe('hts-too-short');
    expect(code(() => table.lookup('87x3.23.01'))).toBe('hts-invalid');
    expect(code(() => table.lookup('9999.99.99'))).toBe('hts-rate-unreadable');
    expect(code(() => table.lookup('8704.21.01'))).toBe('hts-no-rate');
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

describe('matchPrefix', () => {
  it('distinguishes full, partial and no coverage', () => {
    expect(matchPrefix('9401614011', '94016140')).toBe('yes');
    expect(matchPrefix('94016140', '9401614011')).toBe('partial');
    expect(matchPrefix('94016160', '9401614011')).toBe('no');
  });
});
