import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../_lib/csv.js';
import { splitCsvLine } from './csv-text.js';

/**
 * The bulk assessor reads rows on its own paths for speed: a quote-free row is split at its commas (the byte
 * path's field bounds, as `line.split(',')`), any other by `splitCsvLine`. Both must read every well-formed
 * row exactly as the general CSV reader (_lib/csv, csv-parse) does.
 */
const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', '-', ' ', ',', '"', 'é') });
/** A cell as an RFC 4180 writer puts it: quoted when it must be, sometimes when it need not be. */
const written = fc
  .tuple(cell, fc.boolean())
  .map(([c, quote]) => (quote || /[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c));

describe('the bulk row readers agree with the general CSV reader', () => {
  it('splitCsvLine reads every well-formed one-line row as csv-parse does', () => {
    fc.assert(
      fc.property(fc.array(written, { minLength: 2, maxLength: 8 }), (cells) => {
        const line = cells.join(',');
        expect(splitCsvLine(line)).toEqual(readCsv(line, 'row.csv').records[0]?.fields);
      }),
      { numRuns: 2000 },
    );
  });

  it('a quote-free row splits at its commas, as the byte path bounds its fields', () => {
    const plain = fc.string({ unit: fc.constantFrom('a', '9', '.', '-', ' ', ',', '_') });
    fc.assert(
      fc.property(plain, (line) => {
        fc.pre(line.includes(',') && line.trim() !== '');
        expect(line.split(',')).toEqual(readCsv(line, 'row.csv').records[0]?.fields);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a row whose quotes do not balance, as csv-parse does', () => {
    for (const line of ['a,"b', '"a""', 'a,"b"c'])
      expect([splitCsvLine(line), readCsv(line, 'row.csv').problems.length > 0]).toEqual([undefined, true]);
  });
});
