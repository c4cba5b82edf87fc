import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { toPointer } from './problem.js';
import { fromPointer, Locator } from './yaml-locate.js';

function locator(text: string): Locator {
  const lineCounter = new LineCounter();
  return new Locator(parseDocument(text, { lineCounter }), lineCounter, 'f.yaml');
}

const text = 'a: 1\nlist:\n  - { b: x, c: [1, 2] }\n  - d: &anchor\n      e: 5\nalias: *anchor\nempty:\n';

describe('Locator', () => {
  it('points at a value, or at its key', () => {
    const l = locator(text);
    expect(l.locate(['a'])).toEqual({ file: 'f.yaml', line: 1, column: 4, pointer: '/a' });
    expect(l.locate(['a'], 'key')).toMatchObject({ line: 1, column: 1 });
    expect(l.locate(['list', 0, 'c', 1])).toMatchObject({ line: 3, column: 20, pointer: '/list/0/c/1' });
  });

  it('falls back to the deepest existing node for a missing path (its key when it has one)', () => {
    const l = locator(text);
    expect(l.locate(['list', 1, 'd', 'missing'])).toMatchObject({ line: 4, column: 5 });
    expect(l.locate(['list', 0, 'missing'])).toMatchObject({ line: 3, column: 5 });
    expect(l.locate(['nothing', 'here'])).toMatchObject({ line: 1, column: 1 });
  });

  it('follows aliases to the anchored node', () => {
    expect(locator(text).locate(['alias', 'e'])).toMatchObject({ line: 5, column: 10 });
  });

  it('points at the key of an empty value', () => {
    expect(locator(text).locate(['empty'])).toMatchObject({ line: 7 });
  });

  it('reads back the JSON pointers toPointer writes, escaping ~ and /', () => {
    const path = ['a/b', 'c~d', 3, 'e'];
    expect(toPointer(path)).toBe('/a~1b/c~0d/3/e');
    expect(fromPointer(toPointer(path))).toEqual(path);
    expect(fromPointer('')).toEqual([]);
  });
});
