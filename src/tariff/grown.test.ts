import { describe, expect, it } from 'vitest';
import { grown } from './grown.js';

describe('grown', () => {
  it('returns the array itself while it is long enough', () => {
    const a = new Int32Array(4);
    expect(grown(a, 4)).toBe(a);
  });

  it('copies into an array of the same kind, at least twice as long', () => {
    const a = Float64Array.from([1.5, 2.5]);
    const b = grown(a, 3);
    expect(b).toBeInstanceOf(Float64Array);
    expect([...b]).toEqual([1.5, 2.5, 0, 0]);
    expect(grown(new Uint8Array(2), 9).length).toBe(9);
  });
});
