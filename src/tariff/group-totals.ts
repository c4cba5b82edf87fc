/**
 * @module tariff/group-totals
 * Exact totals (lines, value and duty in cents) per group key — an importer id, an origin, a layer's heading —
 * kept in typed arrays and found by the key's UTF-8 bytes through an open-addressing hash table. Bulk
 * assessment adds each line to such groups without making a string or looking up a Map per line.
 *
 * @example
 * const importers = new GroupTotals();
 * const id = importers.idOf(buf, start, end); // bytes of "IMP042"
 * importers.add(id, 1_000_00, 150_00);
 * importers.totals(); // [{ key: 'IMP042', lines: 1, value: 100000n, duty: 15000n }]
 */
import { grown } from './grown.js';

/** Sums move into a bigint before a double could lose a cent (inputs are below 2^53 / 2,000,000). */
const CARRY_AT = 4e15;

export interface GroupTotalsRow {
  key: string;
  lines: number;
  value: bigint;
  duty: bigint;
}

const utf8 = new TextDecoder();

export class GroupTotals {
  #size = 0;
  /** Hash slots: group id + 1, 0 when empty. A power of two, at most half full. */
  #slots = new Int32Array(256);
  #hash = new Int32Array(128);
  #keyStart = new Int32Array(129);
  #keyBytes = new Uint8Array(2048);
  #keys: string[] = [];
  #lines = new Float64Array(128);
  #value = new Float64Array(128);
  #duty = new Float64Array(128);
  #valueBig: bigint[] = [];
  #dutyBig: bigint[] = [];

  /** Number of groups. */
  get size(): number {
    return this.#size;
  }

  /** The id of the group whose key is the UTF-8 bytes `buf[start, end)`, made on first sight. */
  idOf(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const mask = this.#slots.length - 1;
    const n = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const id = this.#slots[s]! - 1;
      if (id < 0) return this.#insert(s, h, buf, start, end);
      if (this.#hash[id] !== h) continue;
      const at = this.#keyStart[id]!;
      if (this.#keyStart[id + 1]! - at !== n) continue;
      let same = true;
      for (let i = 0; i < n; i++) {
        if (this.#keyBytes[at + i] !== buf[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
  }

  /** The id of the group with this key. */
  idOfText(key: string): number {
    const bytes = Buffer.from(key, 'utf8');
    return this.idOf(bytes, 0, bytes.length);
  }

  #insert(slot: number, h: number, buf: Uint8Array, start: number, end: number): number {
    const id = this.#size++;
    if (id + 1 >= this.#hash.length) {
      const n = this.#hash.length * 2;
      this.#hash = grown(this.#hash, n);
      this.#keyStart = grown(this.#keyStart, n + 1);
      this.#lines = grown(this.#lines, n);
      this.#value = grown(this.#value, n);
      this.#duty = grown(this.#duty, n);
    }
    const at = this.#keyStart[id]!;
    this.#keyBytes = grown(this.#keyBytes, at + (end - start));
    this.#keyBytes.set(buf.subarray(start, end), at);
    this.#keyStart[id + 1] = at + (end - start);
    this.#hash[id] = h;
    this.#keys.push(utf8.decode(buf.subarray(start, end)));
    this.#valueBig.push(0n);
    this.#dutyBig.push(0n);
    this.#slots[slot] = id + 1;
    if (this.#size * 2 > this.#slots.length) this.#rehash();
    return id;
  }

  #rehash(): void {
    const slots = new Int32Array(this.#slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.#size; id++) {
      let s = this.#hash[id]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id + 1;
    }
    this.#slots = slots;
  }

  /** Add one line of `value` and `duty` cents to a group. */
  add(id: number, value: number, duty: number): void {
    this.#lines[id]!++;
    const v = this.#value[id]! + value;
    const d = this.#duty[id]! + duty;
    if (v > CARRY_AT) {
      this.#valueBig[id]! += BigInt(v);
      this.#value[id] = 0;
    } else this.#value[id] = v;
    if (d > CARRY_AT) {
      this.#dutyBig[id]! += BigInt(d);
      this.#duty[id] = 0;
    } else this.#duty[id] = d;
  }

  /** Every group with at least one line, in the order first seen. */
  totals(): GroupTotalsRow[] {
    const rows: GroupTotalsRow[] = [];
    for (let id = 0; id < this.#size; id++) {
      if (this.#lines[id] === 0) continue;
      rows.push({
        key: this.#keys[id]!,
        lines: this.#lines[id]!,
        value: this.#valueBig[id]! + BigInt(this.#value[id]!),
        duty: this.#dutyBig[id]! + BigInt(this.#duty[id]!),
      });
    }
    return rows;
  }
}
