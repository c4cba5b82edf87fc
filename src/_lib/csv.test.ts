import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.js';

const fields = (text: string) => readCsv(text, 'in.csv').records.map((r) => r.fields);

describe('readCsv', () => {
  it('reads quoted commas, doubled quotes, newlines inside quotes and any line end', () => {
    const { records, problems } = readCsv(
      '\uFEFFa,"b,c","say ""hi"""\r\n\r\n"multi\nline",x,y\r7,8,9',
      'in.csv',
    );
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { fields: ['a', 'b,c', 'say "hi"'], line: 1, row: 0 },
      { fields: ['multi\nline', 'x', 'y'], line: 3, row: 1 },
      { fields: ['7', '8', '9'], line: 5, row: 2 },
    ]);
  });

  it('keeps fields as written: trimming is the caller’s decision', () => {
    expect(fields(' a , b \n')).toEqual([[' a ', ' b ']]);
  });

  it('reports a stray quote with its line and row, and still reads the rows after it', () => {
    const { records, problems } = readCsv('a,b\n1,x"y\n\n3,4\n', 'in.csv');
    expect(problems).toEqual([
      {
        code: 'csv-syntax',
        message: expect.stringMatching(/quote inside an unquoted field/),
        where: { file: 'in.csv', line: 2, column: 1, row: 1 },
      },
    ]);
    expect(records.at(-1)).toEqual({ fields: ['3', '4'], line: 4, row: 2 });
  });

  it('reports text after a closing quote and a quote never closed at the line the record starts', () => {
    expect(readCsv('a\n"2"x\n', 'f').problems[0]?.message).toMatch(/after a closing quote/);
    const open = readCsv('a,b\n\n1,"open\nmore\n', 'f');
    expect(open.problems).toEqual([
      {
        code: 'csv-syntax',
        message: expect.stringMatching(/never closed/),
        where: { file: 'f', line: 3, column: 1, row: 1 },
      },
    ]);
    expect(open.records).toEqual([{ fields: ['a', 'b'], line: 1, row: 0 }]);
  });

  it('reads back whatever a quoting writer wrote (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'é') });
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(table, (rows) => {
        // Rows whose only field is empty are blank lines, which the reader skips; give each row two fields.
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n');
        expect(fields(text)).toEqual(rows);
      }),
    );
  });
});
