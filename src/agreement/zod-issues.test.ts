import { describe, expect, it } from 'vitest';
import { agreementSchema } from './schema.js';
import { allowedKeysAt, describeValue, editDistance, nearest, valueAt } from './zod-issues.js';

describe('suggestions', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests the nearest candidate only when it is a plausible typo', () => {
    expect(nearest('titel', ['title', 'summary'])).toBe('title');
    expect(nearest('Milestones', ['milestones', 'tracks'])).toBe('milestones');
    expect(nearest('zzzzzz', ['title', 'summary'])).toBeUndefined();
    expect(nearest('a', [])).toBeUndefined();
  });
});

describe('schema walking', () => {
  it('lists the keys allowed at a path, through arrays, optionals and lazy conditions', () => {
    expect(allowedKeysAt(agreementSchema, ['term'])).toEqual([
      'start',
      'years',
      'variants',
      'default',
      'afterEnd',
    ]);
    expect(allowedKeysAt(agreementSchema, ['milestones', 0, 'when', 'all', 2, 'scope'])).toEqual([
      'commitments',
      'naics',
      'sites',
    ]);
    // A union of two objects allows the keys of both.
    expect(allowedKeysAt(agreementSchema, ['tracks', 0, 'steps', 1, 'after'])).toEqual(['all', 'any']);
  });
});

describe('values in messages', () => {
  it('describes each kind of value', () => {
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue(null)).toBe('an empty value');
    expect(describeValue('x'.repeat(50))).toBe(`the text "${'x'.repeat(40)}…"`);
    expect(describeValue(4)).toBe('the number 4');
    expect(describeValue(false)).toBe('false');
    expect(describeValue([1])).toBe('a list');
    expect(describeValue(Buffer.from('a'))).toBe('binary data');
    expect(describeValue({})).toBe('a mapping');
  });

  it('reads a value at a path, without inherited properties', () => {
    expect(valueAt({ a: [{ b: 2 }] }, ['a', 0, 'b'])).toBe(2);
    expect(valueAt({ a: 1 }, ['a', 'b'])).toBeUndefined();
    expect(valueAt({}, ['toString'])).toBeUndefined();
  });
});
