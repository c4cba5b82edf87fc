import { describe, expect, it } from 'vitest';
import { GroupTotals } from './group-totals.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('GroupTotals', () => {
  it('finds a group by its key bytes, wherever they sit in the buffer', () => {
    const t = new GroupTotals();
    const row = bytes('E1,IMP042,x,IMP042,IMP04');
    const a = t.idOf(row, 3, 9);
    expect(t.idOf(row, 12, 18)).toBe(a);
    expect(t.idOf(row, 19, 24)).not.toBe(a); // a prefix is another key
    expect(t.idOfText('IMP042')).toBe(a);
    expect(t.idOfText('importé')).toBe(t.idOf(bytes('importé'), 0, bytes('importé').length));
    expect(t.size).toBe(3);
  });

  it('keeps 20,000 groups apart through growth and rehashing', () => {
    const t = new GroupTotals();
    for (let i = 0; i < 20_000; i++) t.add(t.idOfText(`IMP${i}`), i, 1);
    for (let i = 0; i < 20_000; i += 997) t.add(t.idOfText(`IMP${i}`), 1, 1);
    const rows = t.totals();
    expect(rows).toHaveLength(20_000);
    expect(rows[997]).toEqual({ key: 'IMP997', lines: 2, value: 998n, duty: 2n });
    expect(rows[998]).toEqual({ key: 'IMP998', lines: 1, value: 998n, duty: 1n });
  });

  it('sums exactly past 2^53 cents', () => {
    const t = new GroupTotals();
    const id = t.idOfText('JP');
    const big = 4_503_599_627; // the largest value a plan line takes, in cents
    for (let i = 0; i < 3_000_000; i++) t.add(id, big, big + 1);
    expect(t.totals()[0]).toEqual({
      key: 'JP',
      lines: 3_000_000,
      value: BigInt(big) * 3_000_000n,
      duty: BigInt(big + 1) * 3_000_000n,
    });
  });

  it('lists only groups with lines, in the order first seen', () => {
    const t = new GroupTotals();
    t.idOfText('unused');
    t.add(t.idOfText('B'), 1, 0);
    t.add(t.idOfText('A'), 2, 0);
    expect(t.totals().map((r) => r.key)).toEqual(['B', 'A']);
  });
});
