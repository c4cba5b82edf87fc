/**
 * @module tariff/assess/fast-row
 * The byte path: the common row (no quotes, ASCII, no content columns, a plain value, no mfn, CSV or JSON
 * output without escapes) is assessed and written without making a string or an object. Its fields are
 * offsets into the input chunk (found by the reader), its plan is found through numeric keys in the
 * {@link PlanIndex}, and its result is written into the output buffer with word copies. Anything unusual,
 * including every kind of bad row, is handed to the general path, which reports it; both write the same bytes.
 */

import { ByteStrings } from '../byte-strings.js';
import {
  copyWords,
  FORMULA_START,
  parseCentsBytes,
  parseDateBytes,
  writeCents,
  writePercent,
} from '../csv-bytes.js';
import type { PlanIndex } from '../plan-index.js';
import type { Columns } from './columns.js';
import type { EntryMpf } from './entry-mpf.js';
import { MAX_SAFE_VALUE, percentOf, perMillion } from './numbers.js';
import { MPF_ROOM, type ResultBuffer, viewOf } from './result-buffer.js';
import type { AssessTotals } from './totals.js';

/** The fixed text of a JSON result line (as the general path writes it), in writing order, for word copies. */
const JSON_TEXT = {
  sep: ',\n',
  id: '{"entryId":"',
  line: '","line":"',
  importer: '","importer":"',
  hts: '","hts":"',
  origin: '","origin":"',
  date: '","date":"',
  value: '","value":"',
  duty: '","totalDuty":"',
  rate: '","effectiveRate":"',
  mpf: '","mpf":',
  hmf: ',"hmf":"',
  layers: '","layers":[',
  layerEnd: '"}',
  end: ']}',
} as const;
const JSON_PARTS = new ByteStrings();
const J = Object.fromEntries(
  Object.entries(JSON_TEXT).map(([key, text], i) => {
    JSON_PARTS.push(text);
    return [key, i];
  }),
) as Record<keyof typeof JSON_TEXT, number>;

/** The most fields a row has on the byte path (a row with more goes the general way). */
export const MAX_FIELDS = 64;

/** What the byte path shares with the rest of the run. */
export interface FastRowDeps {
  cols: Columns;
  buffer: ResultBuffer;
  entries: EntryMpf;
  totals: AssessTotals;
  index: PlanIndex;
  /** The first date the rule base covers, as a date number. */
  coverageNum: number;
  hmfRate: number;
}

export class FastRows {
  /** Field bounds of the current row (offsets into its chunk), filled by the reader. */
  readonly fs = new Int32Array(MAX_FIELDS);
  readonly fe = new Int32Array(MAX_FIELDS);
  /** Each layer's duty on the current line. */
  readonly #lineDuty = new Float64Array(64);
  /** The last importer met (its bytes, length, −1 for none, and group). */
  readonly #importer = new Uint8Array(64);
  #importerLen = -1;
  #importerGroup = 0;
  /** The chunk being read, as a view for word copies. */
  #in = viewOf(Buffer.alloc(0));

  constructor(readonly deps: FastRowDeps) {}

  /** The reader moved to another chunk. */
  setChunk(buf: Buffer): void {
    this.#in = viewOf(buf);
  }

  /**
   * Assess the row `buf[lineStart, lineEnd)` whose fields are in fs/fe: true when done, false when it needs
   * the general path.
   */
  // hot path: runs once per input line; its checks are ordered cheapest-first and it allocates nothing.
  row(buf: Buffer, lineStart: number, lineEnd: number): boolean {
    const { cols, index, totals, entries, buffer } = this.deps;
    const fs = this.fs;
    const fe = this.fe;
    const idS = fs[cols.iId]!;
    const idE = fe[cols.iId]!;
    const oS = fs[cols.iOrigin]!;
    if (idE === idS || fe[cols.iOrigin]! - oS !== 2) return false;
    // Text cells that could start a spreadsheet formula are neutralised on the general path.
    const iLine = cols.iLine;
    const iImporter = cols.iImporter;
    if (
      FORMULA_START[buf[idS]!] === 1 ||
      (iLine >= 0 && fe[iLine]! > fs[iLine]! && FORMULA_START[buf[fs[iLine]!]!] === 1) ||
      (iImporter >= 0 && fe[iImporter]! > fs[iImporter]! && FORMULA_START[buf[fs[iImporter]!]!] === 1)
    )
      return false;
    const json = buffer.format === 'json';
    if (json && buffer.out && !this.#jsonSafe(buf)) return false;
    const extras = cols.iExtras;
    for (let k = 0; k < extras.length; k++) if (fe[extras[k]!]! > fs[extras[k]!]!) return false;
    if (cols.iMfn >= 0 && fe[cols.iMfn]! > fs[cols.iMfn]!) return false;
    const o0 = buf[oS]!;
    const o1 = buf[oS + 1]!;
    if (o0 < 65 || o0 > 90 || o1 < 65 || o1 > 90) return false;
    const dateNum = parseDateBytes(buf, fs[cols.iDate]!, fe[cols.iDate]!);
    if (dateNum < this.deps.coverageNum) return false;
    const value = parseCentsBytes(buf, fs[cols.iValue]!, fe[cols.iValue]!);
    if (value < 0 || value > MAX_SAFE_VALUE) return false;
    const ocean = this.#ocean(buf);
    if (ocean === undefined) return false;
    const id = index.planIdOfBytes(buf, fs[cols.iHts]!, fe[cols.iHts]!, o0, o1, dateNum);
    if (id < 0) return false;
    const r0 = index.rateStart[id]!;
    const rn = index.rateCount[id]!;
    const lineDuty = this.#lineDuty;
    if (rn > lineDuty.length) return false;
    const rates = index.rates;
    const slots = index.slots;
    let duty = 0;
    for (let i = 0; i < rn; i++) {
      const d = perMillion(value * rates[r0 + i]!);
      lineDuty[i] = d;
      duty += d;
      totals.byLayer.add(slots[r0 + i]!, 0, d);
    }
    const hmfCents = ocean ? perMillion(value * this.deps.hmfRate) : 0;

    if (!entries.isOpen(buf, idS, idE)) {
      buffer.settle(entries.close());
      entries.open(buf, idS, idE, dateNum);
    } else buffer.settle(undefined);
    entries.value += value;
    totals.addLine(value, duty, hmfCents, o0, o1);
    if (iImporter >= 0 && fe[iImporter]! > fs[iImporter]!)
      totals.byImporter.add(this.#importerId(buf, fs[iImporter]!, fe[iImporter]!), value, duty);

    if (buffer.out && json) {
      buffer.ensure(lineEnd - lineStart + 512 + index.maxPrefix + rn * 24 + MPF_ROOM * 2);
      this.#jsonRow(o0, o1, value, duty, hmfCents, r0, rn);
    } else if (buffer.out) {
      buffer.ensure(lineEnd - lineStart + 128 + index.maxPrefix + rn * 20 + MPF_ROOM * 2);
      this.#csvRow(buf, lineStart, o0, o1, value, duty, hmfCents, id);
    }
    buffer.pending = true;
    return true;
  }

  /**
   * The importer group of `buf[start, end)`: the previous line's when the bytes are the same (the lines of an
   * entry share their importer), else looked up by hash.
   */
  #importerId(buf: Buffer, start: number, end: number): number {
    const n = end - start;
    const last = this.#importer;
    if (n === this.#importerLen) {
      let k = 0;
      while (k < n && last[k] === buf[start + k]) k++;
      if (k === n) return this.#importerGroup;
    }
    const id = this.deps.totals.byImporter.idOf(buf, start, end);
    if (n <= last.length) {
      for (let k = 0; k < n; k++) last[k] = buf[start + k]!;
      this.#importerLen = n;
      this.#importerGroup = id;
    } else this.#importerLen = -1;
    return id;
  }

  /** Whether the transport is ocean (HMF is due), false for air, other or none; undefined for anything else. */
  #ocean(buf: Buffer): boolean | undefined {
    const iTransport = this.deps.cols.iTransport;
    if (iTransport < 0) return false;
    const tS = this.fs[iTransport]!;
    const tn = this.fe[iTransport]! - tS;
    // ocean, air, other or nothing; anything else goes to the general path, which reports it.
    if (tn === 5) {
      if (buf[tS] !== 111) return undefined;
      const c1 = buf[tS + 1];
      const c2 = buf[tS + 2];
      const c3 = buf[tS + 3];
      const c4 = buf[tS + 4];
      if (c1 === 99 && c2 === 101 && c3 === 97 && c4 === 110) return true;
      if (!(c1 === 116 && c2 === 104 && c3 === 101 && c4 === 114)) return undefined;
    } else if (tn === 3) {
      if (buf[tS] !== 97 || buf[tS + 1] !== 105 || buf[tS + 2] !== 114) return undefined;
    } else if (tn !== 0) return undefined;
    return false;
  }

  /** The CSV result of the row, its layers those of plan `id` (rates from `lineDuty`). */
  #csvRow(
    buf: Buffer,
    lineStart: number,
    o0: number,
    o1: number,
    value: number,
    duty: number,
    hmfCents: number,
    id: number,
  ): void {
    const { cols, buffer, index } = this.deps;
    const fs = this.fs;
    const fe = this.fe;
    const o = buffer.buf;
    const outView = buffer.view;
    let p = buffer.len;
    const vS = fs[cols.iValue]!;
    const vE = fe[cols.iValue]!;
    // Head: the input's first fields copied as they are (no quotes or commas on this path), then numbers.
    if (cols.headInOrder) {
      // The input starts with the output's first seven columns: one copy, commas included, and the value
      // too when it is written as the output writes it (two decimals, no leading zero).
      if (vE - vS >= 4 && buf[vE - 3] === 46 && (buf[vS] !== 48 || vE - vS === 4)) {
        p = copyWords(this.#in, lineStart, vE, outView, p);
      } else {
        p = copyWords(this.#in, lineStart, vS, outView, p);
        p = writeCents(o, p, value);
      }
    } else {
      const { iId, iLine, iImporter, iHts, iDate } = cols;
      for (let k = fs[iId]!; k < fe[iId]!; k++) o[p++] = buf[k]!;
      o[p++] = 44;
      if (iLine >= 0) for (let k = fs[iLine]!; k < fe[iLine]!; k++) o[p++] = buf[k]!;
      o[p++] = 44;
      if (iImporter >= 0) for (let k = fs[iImporter]!; k < fe[iImporter]!; k++) o[p++] = buf[k]!;
      o[p++] = 44;
      for (let k = fs[iHts]!; k < fe[iHts]!; k++) o[p++] = buf[k]!;
      o[p++] = 44;
      o[p++] = o0;
      o[p++] = o1;
      o[p++] = 44;
      for (let k = fs[iDate]!; k < fe[iDate]!; k++) o[p++] = buf[k]!;
      o[p++] = 44;
      p = writeCents(o, p, value);
    }
    o[p++] = 44;
    p = writeCents(o, p, duty);
    o[p++] = 44;
    if (duty * 1e6 < 2 ** 53) p = writePercent(o, p, duty, value);
    else p += o.write(percentOf(duty, value), p, 'latin1');
    o[p++] = 44;
    buffer.mpfAt = p;
    // Tail, after the MPF: HMF and the layers.
    o[p++] = 44;
    p = writeCents(o, p, hmfCents);
    o[p++] = 44;
    // The layers cell, quoted as csvTextCell quotes it when a heading asks for it (its prefixes are stored
    // with quotes doubled).
    const quote = index.csvQuote[id]!;
    if (quote !== 0) {
      o[p++] = 34;
      if (quote === 2) o[p++] = 39;
    }
    const { view, start } = index.csvPrefix;
    const r0 = index.rateStart[id]!;
    const rn = index.rateCount[id]!;
    for (let i = 0; i < rn; i++) {
      p = copyWords(view, start[r0 + i]!, start[r0 + i + 1]!, outView, p);
      p = writeCents(o, p, this.#lineDuty[i]!);
    }
    if (quote !== 0) o[p++] = 34;
    o[p++] = 10;
    buffer.len = p;
  }

  /** The JSON result of the row (fields checked by jsonSafe), as the general path writes it. */
  #jsonRow(
    o0: number,
    o1: number,
    value: number,
    duty: number,
    hmfCents: number,
    r0: number,
    rn: number,
  ): void {
    const { cols, buffer, index } = this.deps;
    const o = buffer.buf;
    const outView = buffer.view;
    const text = JSON_PARTS.view;
    const at = JSON_PARTS.start;
    const input = this.#in;
    const fs = this.fs;
    const fe = this.fe;
    let p = buffer.len;
    const part = (k: number) => {
      p = copyWords(text, at[k]!, at[k + 1]!, outView, p);
    };
    const field = (i: number) => {
      if (i >= 0) p = copyWords(input, fs[i]!, fe[i]!, outView, p);
    };
    if (buffer.firstJsonRow) buffer.firstJsonRow = false;
    else part(J.sep);
    part(J.id);
    field(cols.iId);
    part(J.line);
    field(cols.iLine);
    part(J.importer);
    field(cols.iImporter);
    part(J.hts);
    field(cols.iHts);
    part(J.origin);
    o[p++] = o0;
    o[p++] = o1;
    part(J.date);
    field(cols.iDate);
    part(J.value);
    p = writeCents(o, p, value);
    part(J.duty);
    p = writeCents(o, p, duty);
    part(J.rate);
    if (duty * 1e6 < 2 ** 53) p = writePercent(o, p, duty, value);
    else p += o.write(percentOf(duty, value), p, 'latin1');
    part(J.mpf);
    buffer.mpfAt = p;
    part(J.hmf);
    p = writeCents(o, p, hmfCents);
    part(J.layers);
    const { view, start } = index.jsonPrefix;
    for (let i = 0; i < rn; i++) {
      p = copyWords(view, start[r0 + i]!, start[r0 + i + 1]!, outView, p);
      p = writeCents(o, p, this.#lineDuty[i]!);
      part(J.layerEnd);
    }
    part(J.end);
    buffer.len = p;
  }

  /** JSON strings on the byte path need no escaping unless a field holds a backslash or a control byte. */
  #jsonSafe(buf: Buffer): boolean {
    const fields = this.deps.cols.jsonFields;
    for (let f = 0; f < fields.length; f++) {
      const i = fields[f]!;
      for (let k = this.fs[i]!; k < this.fe[i]!; k++) if (buf[k] === 92 || buf[k]! < 32) return false;
    }
    return true;
  }
}
