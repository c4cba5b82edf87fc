import { describe, expect, it } from 'vitest';
import {
  parseChoiceField,
  parseCountryField,
  parseOriginField,
  parseQuantityPairs,
  parseYesNoField,
} from './entry-fields.js';

describe('parseYesNoField', () => {
  it('reads yes, no, true and false in any case, and says what else is allowed', () => {
    for (const [text, value] of [
      ['yes', true],
      [' YES ', true],
      ['true', true],
      ['no', false],
      ['False', false],
    ] as const)
      expect(parseYesNoField('usmca', text, 'claimed or not')).toEqual({ ok: true, value });
    expect(parseYesNoField('usmca', '1', 'claimed or not')).toEqual({
      ok: false,
      message: 'usmca "1" must be yes or no, or true or false (claimed or not)',
    });
  });
});

describe('parseChoiceField', () => {
  it('reads one of the words, lower-cased, and lists them when the text is none', () => {
    expect(parseChoiceField('quota', ' OVER ', ['within', 'over'])).toEqual({ ok: true, value: 'over' });
    expect(parseChoiceField('quota', 'x', ['within', 'over'])).toEqual({
      ok: false,
      message: 'quota "x" must be within or over',
    });
    expect(parseChoiceField('pharma', 'x', ['a', 'b', 'c'], 'U.S. note 40')).toEqual({
      ok: false,
      message: 'pharma "x" must be one of a, b, c (U.S. note 40)',
    });
  });
});

describe('parseCountryField', () => {
  it('upper-cases an ISO alpha-2 code and refuses what is not one, naming the field', () => {
    expect(parseCountryField('meltPour', 'ru')).toEqual({ ok: true, value: 'RU' });
    expect(parseCountryField('meltPour', 'ß')).toEqual({
      ok: false,
      message: 'meltPour "ß" must be an ISO 3166 alpha-2 code such as JP',
    });
    expect(parseOriginField('Japan')).toEqual({
      ok: false,
      message: 'origin "Japan" must be an ISO 3166 alpha-2 code such as JP',
    });
  });
});

describe('parseQuantityPairs', () => {
  it('reads KEY=N texts by key, and refuses a text without a key or a key given twice', () => {
    expect(parseQuantityPairs('qty', ['liter=750', ' doz =3'])).toEqual({
      ok: true,
      value: { liter: '750', doz: '3' },
    });
    expect(parseQuantityPairs('qty', ['=750'])).toEqual({
      ok: false,
      message: 'qty "=750" must be KEY=N, e.g. liter=750',
    });
    expect(parseQuantityPairs('qty', ['a=1', 'a=2'])).toEqual({
      ok: false,
      message: 'qty "a" is given twice',
    });
  });
});
