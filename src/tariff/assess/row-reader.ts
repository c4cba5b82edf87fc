/**
 * @module tariff/assess/row-reader
 * Splits the input stream into rows and sends each to a row path. One pass over a row's bytes finds its end,
 * its field bounds (into the byte path's fs/fe) and whether it is plain ASCII without quotes; such a row tries
 * the byte path first, any other the general path. A row cut by a chunk boundary is completed in a small
 * carry buffer (only that row is copied, not the chunk); a row longer than {@link MAX_ROW} is reported and
 * skipped up to its newline, so no input can make memory grow.
 */
import { AccordError } from '../../_lib/problem.js';
import type { Columns } from './columns.js';
import { type FastRows, MAX_FIELDS } from './fast-row.js';
import type { GeneralRows } from './general-row.js';
import type { ResultBuffer } from './result-buffer.js';
import type { RowProblems } from './row-problems.js';
import type { AssessTotals } from './totals.js';

/** The longest row read (bytes): longer ones are reported and skipped. */
export const MAX_ROW = 1 << 20;

/** What the reader sends rows to. */
export interface RowReaderDeps {
  cols: Columns;
  problems: RowProblems;
  fast: FastRows;
  general: GeneralRows;
  buffer: ResultBuffer;
  /** False: every row takes the general path. */
  fastOk: boolean;
  /** Lines assessed so far, for progress. */
  totals: AssessTotals;
  onProgress?: ((bytes: number, lines: number) => void) | undefined;
}

export class RowReader {
  #bytes = 0;
  #carry = Buffer.allocUnsafe(4096);
  #carryLen = 0;
  #skipping = false;

  constructor(readonly deps: RowReaderDeps) {}

  /** Read every row of the stream; the output buffer is handed on between chunks. */
  async read(input: AsyncIterable<Buffer | string>): Promise<void> {
    const { problems, buffer } = this.deps;
    let first = true;
    for await (const chunk of input) {
      let buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      this.#bytes += buf.length;
      if (first) {
        first = false;
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      }
      let from = 0;
      if (this.#skipping || this.#carryLen > 0) {
        const nl = buf.indexOf(10);
        const to = nl < 0 ? buf.length : nl + 1;
        if (!this.#skipping) this.#keep(buf, 0, to);
        if (nl < 0) continue;
        if (this.#skipping) this.#skipping = false;
        else {
          this.#rows(this.#carry.subarray(0, this.#carryLen), 0, false);
          this.#carryLen = 0;
        }
        from = to;
      }
      const rest = this.#rows(buf, from, false);
      if (rest < buf.length) this.#keep(buf, rest, buf.length);
      if (buffer.hasReady) await buffer.flush(false);
    }
    if (this.#carryLen > 0 && !this.#skipping) this.#rows(this.#carry.subarray(0, this.#carryLen), 0, true);
    if (problems.row < 0)
      throw new AccordError('assess-missing-columns', `${problems.file} is empty: it needs a header row`);
    this.deps.onProgress?.(this.#bytes, this.deps.totals.lines);
  }

  /**
   * The rows of `buf` from `from` that end in a newline (all of them when `last`); returns where the rest
   * starts.
   */
  // hot path: one comparison per input byte for most bytes; splitting the loop would add a call per row.
  #rows(buf: Buffer, from: number, last: boolean): number {
    const { cols, problems, fast, general, fastOk, totals, onProgress } = this.deps;
    const fs = fast.fs;
    const fe = fast.fe;
    const n = buf.length;
    fast.setChunk(buf);
    let start = from;
    while (start < n) {
      // One pass over the row: find its end, its field bounds, and whether it is plain ASCII without quotes.
      let i = start;
      let fields = 0;
      let plain = true;
      let ascii = true;
      fs[0] = start;
      for (; i < n; i++) {
        const c = buf[i]!;
        // Newline, comma and quote are all below 45 ('-'): most bytes take one comparison.
        if (c < 45) {
          if (c === 10) break;
          if (c === 44) {
            if (fields < MAX_FIELDS - 1) {
              fe[fields] = i;
              fs[++fields] = i + 1;
            } else plain = false;
            // A quote, or a CR other than the one before the newline (it must be quoted in the results).
          } else if (c === 34 || (c === 13 && i + 1 < n && buf[i + 1] !== 10)) plain = false;
        } else if (c > 127) ascii = false;
      }
      if (i === n && !last) return start;
      let end = i;
      if (end > start && buf[end - 1] === 13) end--;
      fe[fields] = end;
      fields++;
      const row = ++problems.row;
      if (end === start) {
        if (row === 0)
          throw new AccordError('assess-missing-columns', `${problems.file} is empty: it needs a header row`);
      } else if (
        !(fastOk && row > 0 && plain && ascii && fields === cols.count && fast.row(buf, start, end))
      ) {
        general.text(buf, start, end, ascii);
      }
      if ((totals.lines & 0xffff) === 0 && onProgress) onProgress(this.#bytes, totals.lines);
      start = i + 1;
    }
    return n;
  }

  /** Keep `buf[from, to)`, the start of a row the next chunk completes. */
  #keep(buf: Buffer, from: number, to: number): void {
    const { problems } = this.deps;
    if (this.#carryLen + (to - from) > MAX_ROW) {
      problems.row++;
      if (problems.row === 0)
        throw new AccordError(
          'assess-missing-columns',
          `${problems.file}: the header row is longer than 1 MiB`,
        );
      problems.bad(
        `the row is longer than ${MAX_ROW} bytes (no newline?); it is skipped`,
        'assess-row-too-long',
      );
      this.#carryLen = 0;
      this.#skipping = true;
      return;
    }
    if (this.#carry.length < this.#carryLen + (to - from)) {
      const grown = Buffer.allocUnsafe(Math.max(this.#carry.length * 2, this.#carryLen + (to - from)));
      this.#carry.copy(grown, 0, 0, this.#carryLen);
      this.#carry = grown;
    }
    buf.copy(this.#carry, this.#carryLen, from, to);
    this.#carryLen += to - from;
  }
}
