import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRate,
  formatCents,
  formatPercent,
  formatUsd,
  MAX_USD_DIGITS,
  numberToDecimalString,
  PPM_PER_UNIT,
  parseRate,
  parseScaledDecimal,
  parseUsd,
  ratioPpm,
  readUsd,
  roundHalfUp,
} from './money.js';

// Independent references, written without the functions under test.

/** Floor division for bigints (BigInt `/` truncates towards zero). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n !== d < 0n ? q - 1n : q;
}

/** Round n/d half up as floor(n/d + 1/2) = floor((2n + d) / 2d). */
function refRoundHalfUp(n: bigint, d: bigint): bigint {
  return floorDiv(2n * n + d, 2n * d);
}

/** Two-place decimal string through string slicing. */
function refFormatCents(c: bigint): string {
  const digits = (c < 0n ? -c : c).toString().padStart(3, '0');
  return `${c < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** `$1,234.56` with a lookahead regex for the thousands separators. */
function refFormatUsd(c: bigint): string {
  const [whole, frac] = refFormatCents(c < 0n ? -c : c).split('.') as [string, string];
  return `${c < 0n ? '-' : ''}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

describe('PPM_PER_UNIT', () => {
  it('is one million', () => {
    expect(PPM_PER_UNIT).toBe(1_000_000);
  });
});

describe('parseScaledDecimal', () => {
  it('parses the documented example', () => {
    expect(parseScaledDecimal('12.5', 4)).toBe(125000n);
  });

  it('scales integers and pads short fractions', () => {
    expect(parseScaledDecimal('0', 2)).toBe(0n);
    expect(parseScaledDecimal('7', 0)).toBe(7n);
    expect(parseScaledDecimal('7', 3)).toBe(7000n);
    expect(parseScaledDecimal('1.5', 2)).toBe(150n);
    expect(parseScaledDecimal('1.05', 2)).toBe(105n);
    expect(parseScaledDecimal('007.5', 1)).toBe(75n);
    expect(parseScaledDecimal('0.000001', 6)).toBe(1n);
  });

  it('accepts trailing zeros beyond the scale, rejects other extra digits', () => {
    expect(parseScaledDecimal('1.500', 2)).toBe(150n);
    expect(parseScaledDecimal('7.0', 0)).toBe(7n);
    expect(parseScaledDecimal('7.000000', 0)).toBe(7n);
    expect(parseScaledDecimal('1.501', 2)).toBeUndefined();
    expect(parseScaledDecimal('7.5', 0)).toBeUndefined();
    expect(parseScaledDecimal('0.0000001', 6)).toBeUndefined();
  });

  it('is exact for numbers far beyond 2^53', () => {
    expect(parseScaledDecimal('123456789012345678901234567890.12', 2)).toBe(
      12345678901234567890123456789012n,
    );
  });

  it('rejects anything that is not a plain non-negative decimal', () => {
    for (const bad of [
      '',
      ' 1',
      '1 ',
      '-1',
      '+1',
      '.5',
      '5.',
      '1e3',
      '1,000',
      '0x10',
      'abc',
      '1.2.3',
      'NaN',
    ]) {
      expect(parseScaledDecimal(bad, 2), bad).toBeUndefined();
    }
  });

  it('property: agrees with integer arithmetic on generated whole and fraction parts', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.integer({ min: 0, max: 12 }),
        fc.nat({ max: 12 }),
        fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }),
        (whole, scale, fracLen, fracSeed) => {
          const len = Math.min(fracLen, scale);
          const frac = fracSeed % 10n ** BigInt(len);
          const text = len === 0 ? String(whole) : `${whole}.${frac.toString().padStart(len, '0')}`;
          const expected = whole * 10n ** BigInt(scale) + frac * 10n ** BigInt(scale - len);
          expect(parseScaledDecimal(text, scale)).toBe(expected);
        },
      ),
    );
  });
});

describe('numberToDecimalString', () => {
  it('expands exponent notation exactly, however small the number', () => {
    expect(numberToDecimalString(1.5e-7)).toBe('0.00000015');
    expect(numberToDecimalString(1.0000000000000003e-15)).toBe('0.0000000000000010000000000000003');
    expect(numberToDecimalString(1.234567e-18)).toBe('0.000000000000000001234567');
    expect(numberToDecimalString(1e-21)).toBe('0.000000000000000000001');
    for (const v of [1e-7, 2.5e-9, 9.99e-10, 1.0000000000000003e-15, 5e-324]) {
      expect(Number(numberToDecimalString(v))).toBe(v);
    }
    // So amounts below a cent or a ppm are refused, not read as zero.
    expect(parseUsd(1e-21)).toBeUndefined();
    expect(parseRate(1e-21)).toBeUndefined();
  });

  it('writes integers and ordinary fractions as JavaScript prints them', () => {
    expect(numberToDecimalString(0)).toBe('0');
    expect(numberToDecimalString(42)).toBe('42');
    expect(numberToDecimalString(1234.5)).toBe('1234.5');
    expect(numberToDecimalString(0.15)).toBe('0.15');
    expect(numberToDecimalString(Number.MAX_SAFE_INTEGER)).toBe('9007199254740991');
  });

  it('expands small fractions that print in exponent notation', () => {
    expect(String(1e-7)).toBe('1e-7');
    expect(numberToDecimalString(1e-7)).toBe('0.0000001');
    expect(numberToDecimalString(1.5e-7)).toBe('0.00000015');
    expect(numberToDecimalString(2.5e-10)).toBe('0.00000000025');
  });

  it('property: small fractions with few digits expand exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 7, max: 12 }), (k, e) => {
        const x = Number(`${k}e-${e}`);
        const text = numberToDecimalString(x);
        expect(text).toBe(`0.${String(k).padStart(e, '0')}`.replace(/0+$/, ''));
      }),
    );
  });

  it('refuses negatives, non-finite numbers and unsafe integers', () => {
    for (const bad of [
      -1,
      -0.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      2 ** 53,
      1e21,
    ]) {
      expect(numberToDecimalString(bad), String(bad)).toBeUndefined();
    }
  });

  it('property: the string parses back to the same number (no exponent notation)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e15, noNaN: true }), (x) => {
        const text = numberToDecimalString(x);
        expect(text).toMatch(/^\d+(\.\d+)?$/);
        expect(Number(text)).toBe(x);
      }),
    );
  });
});

describe('parseUsd', () => {
  it('parses the documented examples', () => {
    expect(parseUsd('4.4bn')).toBe(440000000000n);
    expect(parseUsd(1234.5)).toBe(123450n);
    expect(parseUsd('0.001')).toBeUndefined();
  });

  it('accepts the written forms listed in the doc comment', () => {
    expect(parseUsd(4000000000)).toBe(400000000000n);
    expect(parseUsd('4,000,000,000.00')).toBe(400000000000n);
    expect(parseUsd('$4bn')).toBe(400000000000n);
    expect(parseUsd('4.4 bn')).toBe(440000000000n);
    expect(parseUsd('100m')).toBe(10000000000n);
    expect(parseUsd('2.5k')).toBe(250000n);
  });

  it('knows every suffix, in any case', () => {
    expect(parseUsd('1k')).toBe(100_000n);
    expect(parseUsd('1m')).toBe(100_000_000n);
    expect(parseUsd('1mn')).toBe(100_000_000n);
    expect(parseUsd('1b')).toBe(100_000_000_000n);
    expect(parseUsd('1bn')).toBe(100_000_000_000n);
    expect(parseUsd('1tn')).toBe(100_000_000_000_000n);
    expect(parseUsd('1.5BN')).toBe(150_000_000_000n);
    expect(parseUsd('3K')).toBe(300_000n);
  });

  it('trims, drops a leading $ and commas', () => {
    expect(parseUsd(' $1,234.56 ')).toBe(123456n);
    expect(parseUsd('0')).toBe(0n);
    expect(parseUsd('0.01')).toBe(1n);
    expect(parseUsd('1.50')).toBe(150n);
    expect(parseUsd('1.500')).toBe(150n);
  });

  it('requires suffixed amounts to be whole cents', () => {
    expect(parseUsd('0.00001k')).toBe(1n);
    expect(parseUsd('0.000001k')).toBeUndefined();
    expect(parseUsd('0.00000000001bn')).toBe(1n);
    expect(parseUsd('0.000000000001bn')).toBeUndefined();
    // More than 12 decimals cannot be scaled, even when the product would be whole cents.
    expect(parseUsd('0.0000000000001tn')).toBeUndefined();
    expect(parseUsd('0.000000000001tn')).toBe(100n);
  });

  it('reads numbers exactly, refusing those not exact to the cent', () => {
    expect(parseUsd(0)).toBe(0n);
    expect(parseUsd(0.01)).toBe(1n);
    expect(parseUsd(19.99)).toBe(1999n);
    expect(parseUsd(0.1 + 0.2)).toBeUndefined();
    expect(parseUsd(0.005)).toBeUndefined();
    expect(parseUsd(999_999_999_999_999)).toBe(99_999_999_999_999_900n);
    expect(parseUsd(Number.MAX_SAFE_INTEGER)).toBeUndefined(); // 16 whole-dollar digits
    expect(parseUsd(2 ** 53)).toBeUndefined();
  });

  it(`refuses more than ${MAX_USD_DIGITS} whole-dollar digits, before or after a suffix, saying so`, () => {
    expect(parseUsd('999999999999999.99')).toBe(99_999_999_999_999_999n);
    expect(parseUsd('000000000000000000001')).toBe(100n);
    expect(parseUsd('999tn')).toBe(99_900_000_000_000_000n);
    for (const bad of ['1000000000000000', '1000tn', '9'.repeat(309), '9'.repeat(400)]) {
      expect(parseUsd(bad), bad).toBeUndefined();
      expect(readUsd(bad)).toEqual({
        ok: false,
        reason: `it has more than ${MAX_USD_DIGITS} digits before the decimal point`,
        tooLarge: true,
      });
    }
  });

  it('looks suffixes up without the prototype: constructor, __proto__ and toString are unknown suffixes', () => {
    for (const suffix of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(parseUsd(`1${suffix}`), suffix).toBeUndefined();
      expect(readUsd(`1${suffix}`)).toEqual({ ok: false, reason: expect.stringMatching(/^unknown suffix/) });
    }
    expect(parseUsd('1__proto__')).toBeUndefined();
  });

  it('refuses negatives, empty input, unknown suffixes and other shapes', () => {
    for (const bad of [
      '',
      '   ',
      '$',
      '-1',
      '-$1',
      '$-1',
      '1e3',
      '.5',
      '5.',
      '1x',
      '1 kk',
      'k',
      '1.2.3',
      'one',
      '1%',
    ]) {
      expect(parseUsd(bad), bad).toBeUndefined();
    }
    for (const bad of [-1, -0.01, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseUsd(bad), String(bad)).toBeUndefined();
    }
  });

  it('property: reads back what formatCents and formatUsd write, for non-negative cents', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** BigInt(MAX_USD_DIGITS + 2) - 1n }), (c) => {
        expect(parseUsd(formatCents(c))).toBe(c);
        expect(parseUsd(formatUsd(c))).toBe(c);
      }),
    );
  });

  it('property: a suffix multiplies exactly', () => {
    const suffixes: [string, bigint][] = [
      ['k', 1_000n],
      ['m', 1_000_000n],
      ['bn', 1_000_000_000n],
      ['tn', 1_000_000_000_000n],
    ];
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 999n }), fc.constantFrom(...suffixes), (n, [s, mult]) => {
        expect(parseUsd(`${n}${s}`)).toBe(n * mult * 100n);
      }),
    );
  });
});

describe('formatCents', () => {
  it('formats the documented examples', () => {
    expect(formatCents(450000n)).toBe('4500.00');
    expect(formatCents(-5n)).toBe('-0.05');
  });

  it('handles zero, single cents and negatives', () => {
    expect(formatCents(0n)).toBe('0.00');
    expect(formatCents(1n)).toBe('0.01');
    expect(formatCents(10n)).toBe('0.10');
    expect(formatCents(99n)).toBe('0.99');
    expect(formatCents(100n)).toBe('1.00');
    expect(formatCents(-100n)).toBe('-1.00');
    expect(formatCents(-123456n)).toBe('-1234.56');
  });

  it('property: equals a string-slicing reference on any bigint', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (c) => {
        expect(formatCents(c)).toBe(refFormatCents(c));
      }),
    );
  });

  it('property: round-trips through parseScaledDecimal, sign aside', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (c) => {
        const text = formatCents(c);
        const negative = text.startsWith('-');
        expect(negative).toBe(c < 0n);
        const abs = parseScaledDecimal(negative ? text.slice(1) : text, 2);
        expect(negative ? -abs! : abs).toBe(c);
      }),
    );
  });
});

describe('formatUsd', () => {
  it('formats the documented example', () => {
    expect(formatUsd(400000000000n)).toBe('$4,000,000,000.00');
  });

  it('groups at every length boundary', () => {
    expect(formatUsd(0n)).toBe('$0.00');
    expect(formatUsd(5n)).toBe('$0.05');
    expect(formatUsd(99999n)).toBe('$999.99');
    expect(formatUsd(100000n)).toBe('$1,000.00');
    expect(formatUsd(1234567n)).toBe('$12,345.67');
    expect(formatUsd(12345678n)).toBe('$123,456.78');
    expect(formatUsd(123456789n)).toBe('$1,234,567.89');
  });

  it('puts the sign before the dollar sign', () => {
    expect(formatUsd(-5n)).toBe('-$0.05');
    expect(formatUsd(-100000n)).toBe('-$1,000.00');
    expect(formatUsd(-123456789n)).toBe('-$1,234,567.89');
  });

  it('property: equals a regex reference with commas on any bigint', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (c) => {
        expect(formatUsd(c)).toBe(refFormatUsd(c));
      }),
      { numRuns: 500 },
    );
  });

  it('property: matches en-US grouping from Intl', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (c) => {
        const abs = c < 0n ? -c : c;
        const whole = (abs / 100n).toLocaleString('en-US');
        const cents = String(abs % 100n).padStart(2, '0');
        expect(formatUsd(c)).toBe(`${c < 0n ? '-' : ''}$${whole}.${cents}`);
      }),
    );
  });
});

describe('roundHalfUp', () => {
  it('rounds the documented examples', () => {
    expect(roundHalfUp(5n, 2n)).toBe(3n);
    expect(roundHalfUp(-5n, 2n)).toBe(-2n);
  });

  it('rounds exact halves towards +∞', () => {
    expect(roundHalfUp(1n, 2n)).toBe(1n);
    expect(roundHalfUp(-1n, 2n)).toBe(0n);
    expect(roundHalfUp(3n, 2n)).toBe(2n);
    expect(roundHalfUp(-3n, 2n)).toBe(-1n);
    expect(roundHalfUp(50n, 100n)).toBe(1n);
    expect(roundHalfUp(-50n, 100n)).toBe(0n);
    expect(roundHalfUp(-150n, 100n)).toBe(-1n);
  });

  it('rounds non-halves to the nearest integer', () => {
    expect(roundHalfUp(0n, 7n)).toBe(0n);
    expect(roundHalfUp(14n, 7n)).toBe(2n);
    expect(roundHalfUp(-14n, 7n)).toBe(-2n);
    expect(roundHalfUp(49n, 100n)).toBe(0n);
    expect(roundHalfUp(51n, 100n)).toBe(1n);
    expect(roundHalfUp(-49n, 100n)).toBe(0n);
    expect(roundHalfUp(-51n, 100n)).toBe(-1n);
    expect(roundHalfUp(2n, 3n)).toBe(1n);
    expect(roundHalfUp(-2n, 3n)).toBe(-1n);
    expect(roundHalfUp(7n, 1n)).toBe(7n);
    expect(roundHalfUp(-7n, 1n)).toBe(-7n);
  });

  it('throws a RangeError for a zero or negative denominator', () => {
    expect(() => roundHalfUp(1n, 0n)).toThrow(RangeError);
    expect(() => roundHalfUp(1n, 0n)).toThrow('denominator must be positive');
    expect(() => roundHalfUp(1n, -2n)).toThrow('denominator must be positive');
  });

  it('property: equals floor(n/d + 1/2)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        (n, d) => {
          expect(roundHalfUp(n, d)).toBe(refRoundHalfUp(n, d));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: the result is within half of n/d, and exact halves go up', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (n, d) => {
          const r = roundHalfUp(n, d);
          const err = 2n * (r * d - n); // 2d·(r − n/d)
          expect(err > -d && err <= d).toBe(true);
        },
      ),
    );
  });
});

describe('applyRate', () => {
  it('applies the documented example: 2.5% of $10,000.00 = $250.00', () => {
    expect(applyRate(10_000_00n, 25_000)).toBe(250_00n);
  });

  it('rounds half a cent up and less than half down', () => {
    // 0.5% of 1 cent .. 100 cents: 1 ppm steps.
    expect(applyRate(100n, 5_000)).toBe(1n); // 0.5 cent
    expect(applyRate(100n, 4_999)).toBe(0n); // 0.4999 cent
    expect(applyRate(1n, 500_000)).toBe(1n); // 0.5 cent
    expect(applyRate(1n, 499_999)).toBe(0n);
    expect(applyRate(3n, 500_000)).toBe(2n); // 1.5 cents
  });

  it('handles zero, the whole and rates above 100%', () => {
    expect(applyRate(0n, 250_000)).toBe(0n);
    expect(applyRate(12345n, 0)).toBe(0n);
    expect(applyRate(12345n, 1_000_000)).toBe(12345n);
    expect(applyRate(12345n, 2_000_000)).toBe(24690n);
  });

  it('rounds negative halves towards +∞', () => {
    expect(applyRate(-1n, 500_000)).toBe(0n);
    expect(applyRate(-3n, 500_000)).toBe(-1n);
  });

  it('is exact for amounts beyond 2^53 cents', () => {
    // 15% of $1e18 = $1.5e17.
    expect(applyRate(10n ** 20n, 150_000)).toBe(15n * 10n ** 18n);
  });

  it('property: agrees with an exact rational computation', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (cents, rate) => {
          // cents · rate / 10^6, rounded half up: floor((2·cents·rate + 10^6) / (2·10^6)).
          const expected = floorDiv(2n * cents * BigInt(rate) + 1_000_000n, 2_000_000n);
          expect(applyRate(cents, rate)).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseRate', () => {
  it('parses the documented examples', () => {
    expect(parseRate('2.5%')).toBe(25000);
    expect(parseRate(0.25)).toBe(250000);
  });

  it('parses percent strings with up to four decimals', () => {
    expect(parseRate('15%')).toBe(150000);
    expect(parseRate('0.3464%')).toBe(3464);
    expect(parseRate('0.0001%')).toBe(1);
    expect(parseRate('0%')).toBe(0);
    expect(parseRate('100%')).toBe(1_000_000);
    expect(parseRate('250%')).toBe(2_500_000);
    expect(parseRate(' 15 % ')).toBe(150000);
    expect(parseRate('1.50000%')).toBe(15000);
  });

  it('refuses malformed percent strings and more than four decimals', () => {
    for (const bad of [
      '',
      '15',
      '%',
      '-5%',
      '+5%',
      '.5%',
      '5.%',
      '0.00001%',
      '1e-3%',
      '15 %%',
      '15% x',
      'abc%',
    ]) {
      expect(parseRate(bad), bad).toBeUndefined();
    }
  });

  it('reads numbers as fractions in [0, 1]', () => {
    expect(parseRate(0)).toBe(0);
    expect(parseRate(1)).toBe(1_000_000);
    expect(parseRate(0.15)).toBe(150000);
    expect(parseRate(0.003464)).toBe(3464);
    expect(parseRate(0.000001)).toBe(1);
    expect(parseRate(1e-6)).toBe(1);
  });

  it('refuses numbers outside [0, 1], NaN and finer than one ppm', () => {
    for (const bad of [-0.01, 1.000001, 2, 15, Number.NaN, Number.POSITIVE_INFINITY, 5e-7, 0.0000015]) {
      expect(parseRate(bad), String(bad)).toBeUndefined();
    }
  });

  it('property: reads back what formatPercent writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), (ppm) => {
        expect(parseRate(`${formatPercent(ppm)}%`)).toBe(ppm);
      }),
    );
  });

  it('property: a ppm count written as a fraction reads back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (ppm) => {
        expect(parseRate(ppm / 1_000_000)).toBe(ppm);
      }),
    );
  });
});

describe('formatPercent', () => {
  it('formats the documented examples', () => {
    expect(formatPercent(150000)).toBe('15');
    expect(formatPercent(3464)).toBe('0.3464');
  });

  it('drops trailing zeros and handles the small and large ends', () => {
    expect(formatPercent(0)).toBe('0');
    expect(formatPercent(1)).toBe('0.0001');
    expect(formatPercent(5)).toBe('0.0005');
    expect(formatPercent(25000)).toBe('2.5');
    expect(formatPercent(1_000_000)).toBe('100');
    expect(formatPercent(1_234_500)).toBe('123.45');
  });

  it('writes negatives with a leading minus', () => {
    expect(formatPercent(-3464)).toBe('-0.3464');
    expect(formatPercent(-150000)).toBe('-15');
  });

  it('property: equals the ppm count divided by 10^4, without trailing zeros', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (ppm) => {
        const text = formatPercent(ppm);
        expect(text).toMatch(/^-?\d+(\.\d*[1-9])?$/);
        // Scale the decimal back by 10^4 with integer arithmetic.
        const negative = text.startsWith('-');
        const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.') as [string, string?];
        const back = Number(whole) * 10_000 + Number(frac.padEnd(4, '0'));
        expect(negative ? -back : back).toBe(ppm);
      }),
    );
  });
});

describe('ratioPpm', () => {
  it('gives a ratio in ppm', () => {
    expect(ratioPpm(1n, 4n)).toBe(250_000);
    expect(ratioPpm(3n, 3n)).toBe(1_000_000);
    expect(ratioPpm(0n, 5n)).toBe(0);
    expect(ratioPpm(5n, 2n)).toBe(2_500_000);
  });

  it('rounds half up', () => {
    expect(ratioPpm(1n, 3n)).toBe(333_333);
    expect(ratioPpm(2n, 3n)).toBe(666_667);
    expect(ratioPpm(1n, 2_000_000n)).toBe(1); // exactly 0.5 ppm
    expect(ratioPpm(1n, 2_000_001n)).toBe(0);
    expect(ratioPpm(-1n, 2_000_000n)).toBe(0); // −0.5 ppm goes to 0
    expect(Object.is(ratioPpm(-1n, 2_000_000n), -0)).toBe(false);
  });

  it('throws for a non-positive denominator', () => {
    expect(() => ratioPpm(1n, 0n)).toThrow(RangeError);
    expect(() => ratioPpm(1n, -1n)).toThrow(RangeError);
  });

  it('property: agrees with an exact rational computation', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (n, d) => {
          expect(ratioPpm(n, d)).toBe(Number(floorDiv(2n * n * 1_000_000n + d, 2n * d)));
        },
      ),
    );
  });
});
