import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from './nearest.js';

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
