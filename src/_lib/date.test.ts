import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addDuration,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  daysInMonth,
  formatDuration,
  fromDayNumber,
  type IsoDate,
  isLeapYear,
  isoDate,
  maxDate,
  minDate,
  parseDuration,
  parseIsoDate,
  toDayNumber,
} from './date.js';

// Independent references: Howard Hinnant's civil-calendar algorithms (days since 1970-01-01).

function refDaysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function refCivilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const refDaysInMonth = (y: number, m: number): number =>
  [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    m - 1
  ]!;

const iso = (y: number, m: number, d: number): string =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

const FIRST_DAY = refDaysFromCivil(1900, 1, 1);
const LAST_DAY = refDaysFromCivil(2200, 12, 31);

/** A valid date in the accepted range, built without the module under test. */
const arbDate = fc
  .integer({ min: FIRST_DAY, max: LAST_DAY })
  .map((n) => iso(...refCivilFromDays(n)) as IsoDate);

const d = (text: string): IsoDate => text as IsoDate;

describe('reference sanity', () => {
  it('agrees with known day numbers', () => {
    expect(refDaysFromCivil(1970, 1, 1)).toBe(0);
    expect(refDaysFromCivil(2000, 3, 1)).toBe(11017);
    expect(refCivilFromDays(11017)).toEqual([2000, 3, 1]);
  });
});

describe('isLeapYear', () => {
  it('follows the Gregorian rules', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2023)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(isLeapYear(2100)).toBe(false);
    expect(isLeapYear(2400)).toBe(true);
    expect(isLeapYear(0)).toBe(true);
  });

  it('property: agrees with whether 29 February exists in JavaScript Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 9999 }), (y) => {
        expect(isLeapYear(y)).toBe(new Date(Date.UTC(y, 1, 29)).getUTCMonth() === 1);
      }),
    );
  });
});

describe('daysInMonth', () => {
  it('knows every month, and February in leap and common years', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2025, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('property: agrees with day 0 of the next month in JavaScript Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        expect(daysInMonth(y, m)).toBe(new Date(Date.UTC(y, m, 0)).getUTCDate());
      }),
    );
  });
});

describe('parseIsoDate', () => {
  it('parses the documented examples', () => {
    expect(parseIsoDate('2025-09-16')).toBe('2025-09-16');
    expect(parseIsoDate('2025-02-30')).toBeUndefined();
  });

  it('accepts leap days only in leap years', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2000-02-29')).toBe('2000-02-29');
    expect(parseIsoDate('2023-02-29')).toBeUndefined();
    expect(parseIsoDate('1900-02-29')).toBeUndefined();
    expect(parseIsoDate('2100-02-29')).toBeUndefined();
  });

  it('accepts month ends and refuses the day after', () => {
    expect(parseIsoDate('2025-01-31')).toBe('2025-01-31');
    expect(parseIsoDate('2025-04-30')).toBe('2025-04-30');
    expect(parseIsoDate('2025-04-31')).toBeUndefined();
    expect(parseIsoDate('2025-12-31')).toBe('2025-12-31');
    expect(parseIsoDate('2025-12-32')).toBeUndefined();
  });

  it('accepts the years 1900 to 2200 only', () => {
    expect(parseIsoDate('1900-01-01')).toBe('1900-01-01');
    expect(parseIsoDate('1899-12-31')).toBeUndefined();
    expect(parseIsoDate('2200-12-31')).toBe('2200-12-31');
    expect(parseIsoDate('2201-01-01')).toBeUndefined();
    expect(parseIsoDate('0000-01-01')).toBeUndefined();
    expect(parseIsoDate('9999-12-31')).toBeUndefined();
  });

  it('refuses months and days out of range and other shapes', () => {
    for (const bad of [
      '2025-00-10',
      '2025-13-01',
      '2025-01-00',
      '2025-1-01',
      '2025-01-1',
      '25-01-01',
      '+02025-01-01',
      ' 2025-01-01',
      '2025-01-01 ',
      '2025-01-01T00:00:00Z',
      '2025/01/01',
      '20250101',
      '',
      'yesterday',
      '２０２５-０１-０１',
    ]) {
      expect(parseIsoDate(bad), bad).toBeUndefined();
    }
  });

  it('property: accepts exactly the real calendar days in range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1850, max: 2250 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, day) => {
          const text = iso(y, m, day);
          const valid =
            y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && day >= 1 && day <= refDaysInMonth(y, m);
          expect(parseIsoDate(text)).toBe(valid ? text : undefined);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('isoDate', () => {
  it('returns valid dates', () => {
    expect(isoDate('2024-02-29')).toBe('2024-02-29');
  });

  it('throws a RangeError naming the text', () => {
    expect(() => isoDate('2025-02-30')).toThrow(RangeError);
    expect(() => isoDate('2025-02-30')).toThrow('not a calendar date: 2025-02-30');
    expect(() => isoDate('')).toThrow('not a calendar date: ');
  });
});

describe('toDayNumber / fromDayNumber', () => {
  it('counts from 1970-01-01', () => {
    expect(toDayNumber(d('1970-01-01'))).toBe(0);
    expect(toDayNumber(d('1970-01-02'))).toBe(1);
    expect(toDayNumber(d('1969-12-31'))).toBe(-1);
    expect(toDayNumber(d('2000-03-01'))).toBe(11017);
    expect(fromDayNumber(0)).toBe('1970-01-01');
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    expect(fromDayNumber(11017)).toBe('2000-03-01');
  });

  it('handles both ends of the accepted range', () => {
    expect(toDayNumber(d('1900-01-01'))).toBe(-25567);
    expect(toDayNumber(d('2200-12-31'))).toBe(84370);
    expect(fromDayNumber(-25567)).toBe('1900-01-01');
    expect(fromDayNumber(84370)).toBe('2200-12-31');
  });

  it('property: toDayNumber agrees with the reference', () => {
    fc.assert(
      fc.property(arbDate, (date) => {
        const [y, m, day] = date.split('-').map(Number) as [number, number, number];
        expect(toDayNumber(date)).toBe(refDaysFromCivil(y, m, day));
      }),
    );
  });

  it('property: fromDayNumber agrees with the reference and round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), (n) => {
        const date = fromDayNumber(n);
        expect(date).toBe(iso(...refCivilFromDays(n)));
        expect(parseIsoDate(date)).toBe(date);
        expect(toDayNumber(date)).toBe(n);
      }),
    );
  });
});

describe('addDays', () => {
  it('crosses month ends, year ends and leap days', () => {
    expect(addDays(d('2025-01-31'), 1)).toBe('2025-02-01');
    expect(addDays(d('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(d('2024-02-29'), 1)).toBe('2024-03-01');
    expect(addDays(d('2023-02-28'), 1)).toBe('2023-03-01');
    expect(addDays(d('2025-12-31'), 1)).toBe('2026-01-01');
    expect(addDays(d('2026-01-01'), -1)).toBe('2025-12-31');
    expect(addDays(d('2024-03-01'), -1)).toBe('2024-02-29');
    expect(addDays(d('2025-09-16'), 0)).toBe('2025-09-16');
    expect(addDays(d('2025-01-01'), 365)).toBe('2026-01-01');
    expect(addDays(d('2024-01-01'), 365)).toBe('2024-12-31');
    expect(addDays(d('2025-09-16'), 180)).toBe('2026-03-15');
  });

  it('property: addDays and daysBetween are inverse', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: -40_000, max: 40_000 }), (date, k) => {
        const n = toDayNumber(date) + k;
        fc.pre(n >= FIRST_DAY && n <= LAST_DAY);
        const later = addDays(date, k);
        expect(daysBetween(date, later)).toBe(k);
        expect(addDays(later, -k)).toBe(date);
        expect(later).toBe(
          iso(
            ...refCivilFromDays(
              refDaysFromCivil(...(date.split('-').map(Number) as [number, number, number])) + k,
            ),
          ),
        );
      }),
    );
  });
});

describe('daysBetween', () => {
  it('is positive when the second date is later', () => {
    expect(daysBetween(d('2025-01-01'), d('2025-12-31'))).toBe(364);
    expect(daysBetween(d('2024-01-01'), d('2025-01-01'))).toBe(366);
    expect(daysBetween(d('2025-12-31'), d('2025-01-01'))).toBe(-364);
    expect(daysBetween(d('2025-09-16'), d('2025-09-16'))).toBe(0);
    expect(daysBetween(d('1900-01-01'), d('2200-12-31'))).toBe(84370 + 25567);
  });

  it('property: is antisymmetric and additive', () => {
    fc.assert(
      fc.property(arbDate, arbDate, arbDate, (a, b, c) => {
        expect(daysBetween(a, b) + daysBetween(b, a)).toBe(0);
        expect(daysBetween(a, b) + daysBetween(b, c)).toBe(daysBetween(a, c));
      }),
    );
  });
});

describe('addMonths', () => {
  it('clamps to the month end, as documented', () => {
    expect(addMonths(d('2025-01-31'), 1)).toBe('2025-02-28');
    expect(addMonths(d('2024-01-31'), 1)).toBe('2024-02-29');
    expect(addMonths(d('2025-03-31'), 1)).toBe('2025-04-30');
    expect(addMonths(d('2025-03-31'), -1)).toBe('2025-02-28');
    expect(addMonths(d('2025-05-31'), -1)).toBe('2025-04-30');
  });

  it('crosses year ends both ways', () => {
    expect(addMonths(d('2025-12-15'), 1)).toBe('2026-01-15');
    expect(addMonths(d('2026-01-15'), -1)).toBe('2025-12-15');
    expect(addMonths(d('2025-11-30'), 14)).toBe('2027-01-30');
    expect(addMonths(d('2025-01-15'), -13)).toBe('2023-12-15');
    expect(addMonths(d('2025-09-16'), 0)).toBe('2025-09-16');
    expect(addMonths(d('2025-09-16'), 6)).toBe('2026-03-16');
  });

  it('property: moves by the month count and keeps or clamps the day', () => {
    fc.assert(
      fc.property(arbDate, fc.integer({ min: -1200, max: 1200 }), (date, k) => {
        const [y, m, day] = date.split('-').map(Number) as [number, number, number];
        const index = y * 12 + m - 1 + k;
        const ny = Math.floor(index / 12);
        const nm = index - ny * 12 + 1;
        fc.pre(ny >= 1900 && ny <= 2200);
        expect(addMonths(date, k)).toBe(iso(ny, nm, Math.min(day, refDaysInMonth(ny, nm))));
      }),
    );
  });
});

describe('addYears', () => {
  it('clamps 29 February in common years', () => {
    expect(addYears(d('2024-02-29'), 1)).toBe('2025-02-28');
    expect(addYears(d('2024-02-29'), 4)).toBe('2028-02-29');
    expect(addYears(d('2024-02-29'), -4)).toBe('2020-02-29');
    expect(addYears(d('2024-02-29'), 76)).toBe('2100-02-28');
    expect(addYears(d('2025-09-16'), 2)).toBe('2027-09-16');
    expect(addYears(d('2025-12-31'), -1)).toBe('2024-12-31');
  });
});

describe('compareDates / maxDate / minDate', () => {
  it('orders dates', () => {
    expect(compareDates(d('2025-01-01'), d('2025-01-02'))).toBe(-1);
    expect(compareDates(d('2025-01-02'), d('2025-01-01'))).toBe(1);
    expect(compareDates(d('2025-01-01'), d('2025-01-01'))).toBe(0);
    expect(compareDates(d('2024-12-31'), d('2025-01-01'))).toBe(-1);
    expect(maxDate(d('2025-01-01'), d('2024-12-31'))).toBe('2025-01-01');
    expect(maxDate(d('2024-12-31'), d('2025-01-01'))).toBe('2025-01-01');
    expect(minDate(d('2025-01-01'), d('2024-12-31'))).toBe('2024-12-31');
    expect(minDate(d('2024-12-31'), d('2025-01-01'))).toBe('2024-12-31');
    expect(minDate(d('2025-05-05'), d('2025-05-05'))).toBe('2025-05-05');
  });

  it('property: agree with the day count', () => {
    fc.assert(
      fc.property(arbDate, arbDate, (a, b) => {
        const diff = daysBetween(a, b); // > 0 when b is later
        expect(compareDates(a, b)).toBe(-Math.sign(diff) || 0);
        expect(maxDate(a, b)).toBe(diff >= 0 ? b : a);
        expect(minDate(a, b)).toBe(diff >= 0 ? a : b);
      }),
    );
  });

  it('sorts an array chronologically', () => {
    const dates = ['2025-03-01', '2024-02-29', '2025-01-31', '1999-12-31'].map(d);
    expect([...dates].sort(compareDates)).toEqual(['1999-12-31', '2024-02-29', '2025-01-31', '2025-03-01']);
  });
});

describe('parseDuration', () => {
  it('parses the documented forms', () => {
    expect(parseDuration('180d')).toEqual({ amount: 180, unit: 'd' });
    expect(parseDuration('6m')).toEqual({ amount: 6, unit: 'm' });
    expect(parseDuration('2y')).toEqual({ amount: 2, unit: 'y' });
  });

  it('tolerates surrounding whitespace and a space before the unit', () => {
    expect(parseDuration(' 6m ')).toEqual({ amount: 6, unit: 'm' });
    expect(parseDuration('6 m')).toEqual({ amount: 6, unit: 'm' });
  });

  it('accepts 0 to 99999, with leading zeros', () => {
    expect(parseDuration('0d')).toEqual({ amount: 0, unit: 'd' });
    expect(parseDuration('99999d')).toEqual({ amount: 99999, unit: 'd' });
    expect(parseDuration('007y')).toEqual({ amount: 7, unit: 'y' });
    expect(parseDuration('100000d')).toBeUndefined();
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      'd',
      '6',
      '6w',
      '6M',
      '6D',
      '-1d',
      '+1d',
      '1.5m',
      '6mo',
      '6 months',
      'm6',
      '1e2d',
    ]) {
      expect(parseDuration(bad), bad).toBeUndefined();
    }
  });

  it('property: parses what formatDuration writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99999 }),
        fc.constantFrom('d', 'm', 'y' as const),
        (amount, unit) => {
          const duration = { amount, unit: unit as 'd' | 'm' | 'y' };
          expect(formatDuration(duration)).toBe(`${amount}${unit}`);
          expect(parseDuration(formatDuration(duration))).toEqual(duration);
        },
      ),
    );
  });
});

describe('addDuration', () => {
  it('adds days, months and years', () => {
    expect(addDuration(d('2025-09-16'), { amount: 180, unit: 'd' })).toBe('2026-03-15');
    expect(addDuration(d('2025-01-31'), { amount: 1, unit: 'm' })).toBe('2025-02-28');
    expect(addDuration(d('2024-02-29'), { amount: 2, unit: 'y' })).toBe('2026-02-28');
    expect(addDuration(d('2025-09-16'), { amount: 0, unit: 'y' })).toBe('2025-09-16');
    expect(addDuration(d('2025-12-31'), { amount: 1, unit: 'd' })).toBe('2026-01-01');
  });
});

describe('formatDuration', () => {
  it('writes amount and unit', () => {
    expect(formatDuration({ amount: 180, unit: 'd' })).toBe('180d');
    expect(formatDuration({ amount: 0, unit: 'm' })).toBe('0m');
    expect(formatDuration({ amount: 2, unit: 'y' })).toBe('2y');
  });
});
