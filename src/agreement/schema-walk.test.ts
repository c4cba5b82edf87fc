import { describe, expect, it } from 'vitest';
import { allowedKeysAt } from '../_lib/zod-schema-walk.js';
import { agreementSchema } from './schema.js';

describe('walking the agreement schema', () => {
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
