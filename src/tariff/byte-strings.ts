/**
 * @module tariff/byte-strings
 * Strings kept as UTF-8 bytes one after another, for bulk assessment's output: the text before each layer's duty
 * (`|9903.94.05:`, `,{"heading":…,"duty":"`) is copied from here into the result line with word copies instead of
 * being encoded per line.
 *
 * @example
 * const s = new ByteStrings();
 * s.push('|9903.01.25:'); // 11 (bytes); string 0 is s.bytes[s.start[0], s.start[1])
 */
import { grown } from './grown.js';

const QUOTE = /"/g;

/**
 * Byte strings one after another: string i is `bytes[start[i], start[i + 1])`. `view` covers `bytes` with at
 * least 4 bytes of slack past the last string, as {@link copyWords} needs.
 */
export class ByteStrings {
  bytes = new Uint8Array(65536);
  view = new DataView(this.bytes.buffer);
  start = new Int32Array(4097);
  #count = 0;
  /** `bytes` as a Buffer, to encode into it in place. */
  #buffer = Buffer.from(this.bytes.buffer);

  /** Append a string (UTF-8), with its quotes doubled when `csv`; returns its length in bytes. */
  push(text: string, csv = false): number {
    const t = csv && text.includes('"') ? text.replace(QUOTE, '""') : text;
    const at = this.start[this.#count]!;
    // Encoded in place (at most 3 bytes per UTF-16 unit), with the slack copyWords needs.
    if (at + t.length * 3 + 4 > this.bytes.length) {
      this.bytes = grown(this.bytes, at + t.length * 3 + 4);
      this.view = new DataView(this.bytes.buffer);
      this.#buffer = Buffer.from(this.bytes.buffer);
    }
    const n = this.#buffer.write(t, at, 'utf8');
    this.start = grown(this.start, this.#count + 2);
    this.start[++this.#count] = at + n;
    return n;
  }
}
