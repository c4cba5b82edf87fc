import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPercent, ratioPpm } from '../_lib/money.js';
import {
  copyWords,
  dateNumberOf,
  htsKeyBytes,
  isoOfDateNumber,
  parseCentsBytes,
  parseDateBytes,
  writeCents,
  writePercent,
  writeUint,
} from './csv-bytes.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');
const written = (f: (b: Buffer, p: number) => number) => {
  const b = Buffer.alloc(64);
  b[0] = 120; // something before, to check the position is honoured
  const end = f(b, 1);
  return b.toString('latin1', 1, end);
};

describe('csv-bytes', () => {
  it('reads plain decimals as cents and refuses anything else', () => {
    const read = (s: string) => parseCentsBytes(bytes(`,${s},`), 1, s.length + 1);
    expect(read('123')).toBe(12_300);
    expect(read('123.4')).toBe(12_340);
    expect(read('0.05')).toBe(5);
    for (const s of ['', '.5', '1.', '1.234', '-1', '1e3', '1,0', ' 1', '12345678901234567']) {
      expect(read(s)).toBe(-1);
    }
  });

  it('reads calendar dates only, leap days included', () => {
    const read = (s: string) => parseDateBytes(bytes(s), 0, s.length);
    expect(read('2025-09-16')).toBe(20250916);
    expect(read('2024-02-29')).toBe(20240229);
    for (const s of [
      '2025-02-29',
      '2100-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-4-01',
      '2025/04/01',
    ])
      expect(read(s)).toBe(-1);
    expect(isoOfDateNumber(20250916)).toBe('2025-09-16');
    expect(dateNumberOf(isoOfDateNumber(20260301) as never)).toBe(20260301);
  });

  it('keys HTS texts exactly: distinct texts, distinct keys', () => {
    const key = (s: string) => htsKeyBytes(bytes(s), 0, s.length);
    expect(key('8703.23.01')).not.toBe(key('87032301'));
    expect(key('8703.23.01')).not.toBe(key('8703.23.010'));
    expect(key('0870.32.30')).not.toBe(key('870.32.30'));
    expect(key('8703.23.01.90')).toBeGreaterThan(0);
    expect(key('8703.23.01.90.1')).toBe(-1); // 15 characters: the general path takes it
    expect(key('8703 23')).toBe(-1);
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9.]{1,14}$/), fc.stringMatching(/^[0-9.]{1,14}$/), (a, b) => {
        expect(key(a) === key(b)).toBe(a === b);
      }),
    );
  });

  it('writes integers, cents and percents as the string formatters do', () => {
    // Digit-count and pair boundaries, and both sides of the int32 fast path.
    for (const n of [0, 9, 10, 99, 100, 101, 999, 1000, 99_999, 100_000, 2 ** 31 - 1, 2 ** 31, 2 ** 53 - 1]) {
      expect(written((b, p) => writeUint(b, p, n))).toBe(String(n));
    }
    expect(written((b, p) => writeCents(b, p, 2 ** 31 + 5))).toBe('21474836.53');
    expect(written((b, p) => writeCents(b, p, 7))).toBe('0.07');
    expect(written((b, p) => writePercent(b, p, 1, 2))).toBe('50');
    expect(written((b, p) => writePercent(b, p, 1, 3))).toBe('33.3333');
    expect(written((b, p) => writePercent(b, p, 105, 1000))).toBe('10.5');
    expect(written((b, p) => writePercent(b, p, 1, 1_000_000))).toBe('0.0001');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(written((b, p) => writeUint(b, p, n))).toBe(String(n));
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (n) => {
        const c = BigInt(n);
        expect(written((b, p) => writeCents(b, p, n))).toBe(
          `${c / 100n}.${String(c % 100n).padStart(2, '0')}`,
        );
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 }),
        fc.integer({ min: 0, max: 2 ** 32 }),
        (duty, value) => {
          const expected = value === 0 ? '0' : formatPercent(ratioPpm(BigInt(duty), BigInt(value)));
          expect(written((b, p) => writePercent(b, p, duty, value))).toBe(expected);
        },
      ),
    );
  });

  it('copies byte ranges four at a time, with or without slack at the end of the source', () => {
    const src = Buffer.from('abcdefghijklmnop', 'latin1');
    const view = (b: Buffer) => new DataView(b.buffer, b.byteOffset, b.length);
    for (let s = 0; s < src.length; s++) {
      for (let e = s; e <= src.length; e++) {
        const dst = Buffer.alloc(40, 46);
        const end = copyWords(view(src), s, e, view(dst), 5);
        expect(end).toBe(5 + e - s);
        expect(dst.toString('latin1', 5, end)).toBe(src.toString('latin1', s, e));
        expect(dst.toString('latin1', 0, 5)).toBe('.....');
      }
    }
  });
});
