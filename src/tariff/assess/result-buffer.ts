/**
 * @module tariff/assess/result-buffer
 * Where result lines are written: straight into a byte buffer that is handed to the output stream when full,
 * with up to {@link OUT_IN_FLIGHT} bytes waiting in the stream, so the next input chunk is assessed while they
 * are written. A line's MPF is known only when the next line shows whether it closes its entry: the line is
 * written whole and stays pending, and the MPF is slotted in later at `mpfAt`. Until then the buffer is not
 * handed on: every write after a pending line first settles it, and each line reserves room for its MPF.
 */
import type { Writable } from 'node:stream';
import { writeCents } from '../csv-bytes.js';

const OUT_SIZE = 1 << 22;
const OUT_IN_FLIGHT = 4 * OUT_SIZE;
/** Room a line keeps for its MPF (and the JSON quotes around it). */
export const MPF_ROOM = 32;

export const viewOf = (b: Buffer) => new DataView(b.buffer, b.byteOffset, b.length);
const EMPTY = Buffer.alloc(0);

export class ResultBuffer {
  buf: Buffer = EMPTY;
  view = viewOf(EMPTY);
  len = 0;
  /** True while the last line written waits for its MPF. */
  pending = false;
  /** Where the pending line's MPF goes. */
  mpfAt = 0;
  firstJsonRow = true;
  readonly #ready: Buffer[] = [];
  readonly #mpfText = Buffer.alloc(MPF_ROOM);

  constructor(
    readonly out: Writable | undefined,
    readonly format: 'csv' | 'json',
  ) {
    // Set after the empty placeholder, so V8 knows from the start that the buffer fields change (as they do each
    // 4 MiB): the hot path compiled against a constant buffer was thrown away and compiled again when it filled.
    this.buf = Buffer.allocUnsafe(OUT_SIZE);
    this.view = viewOf(this.buf);
  }

  /** Make room for n more bytes (a line's worst case), handing the full buffer on. */
  ensure(n: number): void {
    if (this.len + n > this.buf.length) {
      if (this.len > 0) this.#ready.push(this.buf.subarray(0, this.len));
      this.buf = Buffer.allocUnsafe(Math.max(OUT_SIZE, n));
      this.view = viewOf(this.buf);
      this.len = 0;
    }
  }

  /** Text outside the lines (the CSV header, the JSON frame); ASCII text is encoded as latin1, fastest. */
  write(text: string, ascii = false): void {
    if (!this.out) return;
    this.ensure(text.length * 3);
    this.len += this.buf.write(text, this.len, ascii ? 'latin1' : 'utf8');
  }

  /** Write a line as `head` (up to the MPF) and `tail`; it is pending until its MPF is known. */
  writeRow(head: string, tail: string, ascii: boolean): void {
    const text = head + tail;
    this.ensure(text.length * 3 + MPF_ROOM * 2);
    const headLen = this.buf.write(head, this.len, ascii ? 'latin1' : 'utf8');
    this.mpfAt = this.len + headLen;
    this.len = this.mpfAt + this.buf.write(tail, this.mpfAt, ascii ? 'latin1' : 'utf8');
  }

  /** Buffers ready for the stream are waiting: hand them on (between input chunks). */
  get hasReady(): boolean {
    return this.#ready.length > 0;
  }

  /**
   * Settle the pending line with the MPF of the entry it closes (undefined: the entry goes on, so CSV writes
   * nothing there and JSON null).
   */
  settle(mpfCents: number | undefined): void {
    if (!this.pending) return;
    this.pending = false;
    if (!this.out || (mpfCents === undefined && this.format === 'csv')) return;
    // Write the MPF aside, move the line's tail right to make room (a few dozen bytes: four-byte words cost
    // less than native copies at this size), and put the MPF in the gap.
    const mpfText = this.#mpfText;
    let n = 0;
    if (mpfCents === undefined) n = mpfText.write('null', 0, 'latin1');
    else if (this.format === 'csv') n = writeCents(mpfText, 0, mpfCents);
    else {
      mpfText[0] = 34;
      n = writeCents(mpfText, 1, mpfCents);
      mpfText[n++] = 34;
    }
    const o = this.buf;
    const view = this.view;
    const mpfAt = this.mpfAt;
    let k = this.len;
    // Backwards, four bytes at a time: a block never lands on bytes still to be read (n ≥ 1).
    for (; k - 4 >= mpfAt; k -= 4) view.setUint32(k - 4 + n, view.getUint32(k - 4, true), true);
    while (k > mpfAt) {
      k--;
      o[k + n] = o[k]!;
    }
    for (let i = 0; i < n; i++) o[mpfAt + i] = mpfText[i]!;
    this.len += n;
  }

  /** Hand full buffers to the stream (all of them, the current one too, when `all`), waiting on backpressure. */
  async flush(all: boolean): Promise<void> {
    const out = this.out;
    if (!out) return;
    if (all && this.len > 0) {
      this.#ready.push(this.buf.subarray(0, this.len));
      this.buf = Buffer.allocUnsafe(OUT_SIZE);
      this.view = viewOf(this.buf);
      this.len = 0;
    }
    // Up to OUT_IN_FLIGHT bytes may wait in the stream: the next chunk is assessed while they are written,
    // instead of waiting for each buffer (a file stream's own limit is 16 KiB, less than one buffer).
    while (this.#ready.length > 0) {
      const sent = out.write(this.#ready.shift()!);
      if (!sent && out.writableLength > OUT_IN_FLIGHT) {
        await new Promise<void>((resolve) => out.once('drain', resolve));
      }
    }
  }
}
