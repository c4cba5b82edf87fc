/**
 * @module tariff/assess/entry-mpf
 * MPF is charged per entry, not per line: the lines of an entry are contiguous, so the current entry's id is
 * kept as bytes (compared on both row paths without making a string), its value summed, and its fee computed
 * when a line of another entry (or the end of the file) closes it.
 */
import { dateNumberOf, isoOfDateNumber } from '../csv-bytes.js';
import { mpfYear } from '../fees.js';
import type { RuleBase } from '../rule-base.js';
import { MAX_SAFE_VALUE, perMillion, Sum } from './numbers.js';

interface MpfBounds {
  min: number;
  max: number;
  rate: number;
}

export class EntryMpf {
  /** Entries closed so far. */
  count = 0;
  /** MPF of the entries closed so far (cents). */
  readonly total = new Sum();
  /** The open entry's value so far (cents). */
  value = 0;
  #id = Buffer.allocUnsafe(256);
  #idLen = -1;
  #date = 0;
  readonly #fees: RuleBase['fees'];
  /** The fiscal years as date numbers: a few comparisons per entry; dates outside them are looked up once. */
  readonly #years: (MpfBounds & { from: number; until: number })[];
  readonly #otherDates = new Map<number, MpfBounds>();

  constructor(fees: RuleBase['fees']) {
    this.#fees = fees;
    this.#years = fees.mpf.years.map((y) => ({
      from: dateNumberOf(y.from),
      until: dateNumberOf(y.until),
      min: Number(y.min),
      max: Number(y.max),
      rate: fees.mpf.rate,
    }));
  }

  /** True when the id in `buf[start, end)` is the open entry's. */
  isOpen(buf: Uint8Array, start: number, end: number): boolean {
    const n = this.#idLen;
    if (end - start !== n) return false;
    const id = this.#id;
    for (let i = 0; i < n; i++) if (id[i] !== buf[start + i]) return false;
    return true;
  }

  /** Open the entry whose id is `buf[start, end)`, entered on `date` (a date number). */
  open(buf: Uint8Array, start: number, end: number, date: number): void {
    const n = end - start;
    if (n > this.#id.length) this.#id = Buffer.allocUnsafe(n * 2);
    for (let i = 0; i < n; i++) this.#id[i] = buf[start + i]!;
    this.#idLen = n;
    this.value = 0;
    this.#date = date;
  }

  /** Close the open entry: its MPF in cents (added to the total), or undefined when none is open. */
  close(): number | undefined {
    if (this.#idLen < 0) return undefined;
    const date = this.#date;
    let b: MpfBounds | undefined;
    for (let k = 0; k < this.#years.length; k++) {
      const y = this.#years[k]!;
      if (date >= y.from && date < y.until) {
        b = y;
        break;
      }
    }
    b ??= this.#otherDates.get(date);
    if (!b) {
      const { year } = mpfYear(this.#fees, isoOfDateNumber(date));
      b = { min: Number(year.min), max: Number(year.max), rate: this.#fees.mpf.rate };
      this.#otherDates.set(date, b);
    }
    const raw = this.value <= MAX_SAFE_VALUE ? perMillion(this.value * b.rate) : b.max;
    const fee = Math.max(b.min, Math.min(raw, b.max));
    this.total.add(fee);
    this.count++;
    return fee;
  }
}
