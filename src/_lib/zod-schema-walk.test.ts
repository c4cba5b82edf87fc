import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { allowedKeysAt, describeValue, expectedAt, valueAt } from './zod-schema-walk.js';

const leaf = z.strictObject({ id: z.string().meta({ description: 'an id' }), note: z.string().optional() });
const schema = z.strictObject({
  items: z.array(leaf).optional(),
  either: z.union([z.strictObject({ all: z.string() }), z.strictObject({ any: z.string() })]),
  later: z.lazy(() => leaf),
});

describe('schema walking', () => {
  it('lists the keys allowed at a path, through arrays, optionals, unions and lazy schemas', () => {
    expect(allowedKeysAt(schema, [])).toEqual(['items', 'either', 'later']);
    expect(allowedKeysAt(schema, ['items', 0])).toEqual(['id', 'note']);
    expect(allowedKeysAt(schema, ['either'])).toEqual(['all', 'any']);
    expect(allowedKeysAt(schema, ['later'])).toEqual(['id', 'note']);
    expect(allowedKeysAt(schema, ['nowhere'])).toEqual([]);
  });

  it("reads what belongs at a path from the field's description", () => {
    expect(expectedAt(schema, ['items', 3, 'id'])).toBe('an id');
    expect(expectedAt(schema, ['items', 3, 'note'])).toBeUndefined();
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
