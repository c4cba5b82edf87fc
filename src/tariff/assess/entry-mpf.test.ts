import { describe, expect, it } from 'vitest';
import { isoDate } from '../../_lib/date.js';
import { engine } from '../_test/duty-helpers.js';
import { dateNumberOf } from '../csv-bytes.js';
import { mpf } from '../fees.js';
import { EntryMpf } from './entry-mpf.js';

const bytes = (text: string) => Buffer.from(text);

describe('EntryMpf', () => {
  it('charges MPF once per entry on its total value, as the engine does, within the year bounds', () => {
    const fees = engine.ruleBase.fees;
    const entries = new EntryMpf(fees);
    const date = isoDate('2025-10-01');
    expect(entries.close()).toBeUndefined();
    entries.open(bytes('E1'), 0, 2, dateNumberOf(date));
    entries.value += 30_000_00;
    expect(entries.isOpen(bytes('E1'), 0, 2)).toBe(true);
    expect(entries.isOpen(bytes('xE1'), 0, 3)).toBe(false);
    entries.value += 15_000_00;
    expect(entries.close()).toBe(Number(mpf(fees, date, 45_000_00n).amount));
    entries.open(bytes('E2'), 0, 2, dateNumberOf(date));
    entries.value += 1_00;
    expect(entries.close()).toBe(Number(mpf(fees, date, 1_00n).amount));
    expect(entries.count).toBe(2);
    expect(entries.total.value).toBe(mpf(fees, date, 45_000_00n).amount + mpf(fees, date, 1_00n).amount);
  });

  it('uses the general lookup for dates outside the fiscal years it knows', () => {
    const fees = engine.ruleBase.fees;
    const entries = new EntryMpf(fees);
    const late = isoDate('2031-01-01');
    entries.open(bytes('E'), 0, 1, dateNumberOf(late));
    entries.value = 1_000_000_00;
    expect(entries.close()).toBe(Number(mpf(fees, late, 1_000_000_00n).amount));
  });
});
