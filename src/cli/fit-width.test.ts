import { describe, expect, it } from 'vitest';
import { fitColumns, fittedTable, REPORT_WIDTH, wrapLines } from './fit-width.js';

const width = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));
const long =
  'term-years=15; phase-steps=4 steps; final-rate=2.5% (full removal); jobs-per-step=20,000; verification=three auditors, payroll + QCEW + site visits; snap-back=full (back to 27.5%)';

describe('fitColumns', () => {
  it('keeps columns at their natural width when the table fits', () => {
    expect(
      fitColumns(
        [
          ['u(A)', 'outcome'],
          ['0.5', 'short'],
        ],
        40,
      ),
    ).toEqual([6, 9]);
  });

  it('takes the room from the column with the most to give, not from the narrow numbers', () => {
    const widths = fitColumns(
      [
        ['u(A)', 'u(B)', 'outcome'],
        ['0.812', '0.643', long],
      ],
      60,
    );
    expect(widths.slice(0, 2)).toEqual([7, 7]);
    // Three columns have four borders.
    expect(widths.reduce((a, b) => a + b, 0) + 4).toBe(60);
  });

  it('gives up below the minimum rather than produce columns nothing fits in', () => {
    const widths = fitColumns([Array.from({ length: 30 }, () => 'abcdefghij')], 40);
    expect(Math.min(...widths)).toBe(6);
  });
});

describe('fittedTable', () => {
  it('wraps long cells inside a table no wider than the report width, keeping every word', () => {
    const text = fittedTable(
      ['u(A)', 'u(B)', 'outcome'],
      [['0.812', '0.643', long], { span: `changed: ${long}` }],
    );
    expect(width(text)).toBeLessThanOrEqual(REPORT_WIDTH);
    const cells = text.replace(/[│┌┐└┘├┤┬┴┼─]/g, ' ');
    for (const word of long.split(' ')) expect(cells).toContain(word);
    expect(text).toContain('changed:');
  });
});

describe('wrapLines', () => {
  it('wraps prose at spaces with a hanging indent and leaves short lines and tables alone', () => {
    const text = wrapLines(`  Nash: (0.805, 0.653)  ${long}\nshort\n│ ${'x'.repeat(120)} │`, 60);
    const lines = text.split('\n');
    expect(lines[0]!.startsWith('  Nash: (0.805, 0.653)')).toBe(true);
    expect(lines.slice(1, -2).every((l) => l.startsWith('    ') && [...l].length <= 60)).toBe(true);
    expect(lines.at(-2)).toBe('short');
    expect([...lines.at(-1)!].length).toBe(124);
    expect(text.replace(/\s+/g, ' ')).toContain(long);
  });
});
