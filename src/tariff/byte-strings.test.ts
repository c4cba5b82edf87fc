import { describe, expect, it } from 'vitest';
import { ByteStrings } from './byte-strings.js';

describe('ByteStrings', () => {
  it('appends UTF-8 strings, doubling quotes for CSV, and keeps them as it grows', () => {
    const strings = new ByteStrings();
    const texts: string[] = [];
    for (let i = 0; i < 5_000; i++) {
      const text = i % 3 === 0 ? `9903.05 (note "52") é ${i}` : `|9903.01.${i}:`;
      texts.push(i % 3 === 0 ? text.replaceAll('"', '""') : text);
      expect(strings.push(text, true)).toBe(Buffer.byteLength(texts[i]!));
    }
    const at = (i: number) =>
      Buffer.from(strings.bytes.subarray(strings.start[i]!, strings.start[i + 1]!)).toString('utf8');
    expect(texts.every((t, i) => at(i) === t)).toBe(true);
    expect(strings.view.buffer).toBe(strings.bytes.buffer);
    expect(strings.bytes.length).toBeGreaterThanOrEqual(strings.start[5_000]! + 4);
  });
});
