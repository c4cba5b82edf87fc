import { describe, expect, it } from 'vitest';
import { numberCell, parseCsv } from './csv.js';

describe('CSV reader', () => {
  it('reads quoted fields with commas and doubled quotes, numbering data rows from 1', () => {
    const r = parseCsv('a,b\n"x, ""y""",2\r\n3,4\n', 't.csv', ['a', 'b']);
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      { row: 1, cells: { a: 'x, "y"', b: '2' } },
      { row: 2, cells: { a: '3', b: '4' } },
    ]);
  });

  it('reports a missing column on the header row and a short row by its number', () => {
    const r = parseCsv('a,b\n1,2\n3\n', 't.csv', ['a', 'c']);
    expect(r.problems.map((p) => [p.code, p.where?.row])).toEqual([
      ['csv-missing-column', 0],
      ['csv-field-count', 2],
    ]);
  });
});

describe('numberCell', () => {
  it('reads numbers with thousands separators and reports empty or bad cells by row and column', () => {
    const problems: { code: string; message: string }[] = [];
    const row = { row: 3, cells: { a: '1,234.5', b: '', c: 'x' } };
    expect(numberCell(row, 'a', 'f.csv', problems)).toBe(1234.5);
    expect(numberCell(row, 'b', 'f.csv', problems)).toBeUndefined();
    expect(numberCell(row, 'c', 'f.csv', problems, () => 'never')).toBeUndefined();
    expect(problems.map((p) => p.code)).toEqual(['csv-not-number', 'csv-not-number']);
    expect(problems[1]!.message).toContain('column c');
  });
});
