/**
 * @module tariff/assess
 * Bulk assessment: read a CSV of entry lines as a stream, compute each line's duty with the engine, write one
 * result per line (CSV or JSON), and summarize by layer, origin and importer. Memory stays flat in the
 * number of lines: input is read in chunks, results are written as they are made, and the per-line work
 * reuses a plan ({@link PlanIndex}: per HTS code, origin class and era, made by the engine) whenever the
 * line's duty is a fixed set of rates on its value. Plain rows (no quotes, ASCII, no content columns) take a
 * byte path that makes no string or object per line; every other row, and every bad one, takes the general
 * path, which writes the same bytes. A bad row is reported with its row number and the rest are assessed.
 *
 * Columns (header names, any order): entry_id, line, hts, origin, entry_date, value (required); importer,
 * transport, weight_kg, metal_content_usd, metal_share, metal_weight_pct, us_content_pct, loaded, mfn, qty_KEY
 * (optional). MPF is per entry: the lines of an entry must be contiguous; the MPF is written on the entry's
 * last line.
 *
 * The results CSV is safe to open in a spreadsheet (OWASP CSV injection), decided per column: entry_id,
 * line, importer and hts echo what the user wrote and are text cells ({@link csvTextCell}: a cell starting
 * with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` and quotes; CR, LF, comma and quote are quoted);
 * origin and entry_date are validated codes and dates; value, duty, effective_rate, mpf and hmf are numbers
 * accord formats (never negative here) and stay numbers; layers is built from the rule base's headings and is
 * quoted like a text cell when a heading holds a comma (both paths; the byte path keeps the quoting per plan).
 * The byte path hands every row with a text cell that could start a formula, or a CR inside, to the general
 * path.
 *
 * Bounds: a value has at most {@link MAX_ENTRY_DIGITS} whole-dollar digits, and a line whose duty reaches
 * $10 trillion is reported, so every sum stays exact in doubles.
 */
import type { Readable, Writable } from 'node:stream';
import { csvTextCell } from '../_lib/csv-cell.js';
import type { IsoDate } from '../_lib/date.js';
import { type Cents, formatCents, formatPercent, ratioPpm, roundHalfUp } from '../_lib/money.js';
import { AccordError, type Problem } from '../_lib/problem.js';
import { quoteInput } from '../_lib/words.js';
import {
  copyWords,
  dateNumberOf,
  FORMULA_START,
  isoOfDateNumber,
  parseCentsBytes,
  parseDateBytes,
  writeCents,
  writePercent,
} from './csv-bytes.js';
import { computeDuty, type DutyInput, type DutyResult, type TariffEngine } from './engine.js';
import {
  MAX_ENTRY_DIGITS,
  parseDateField,
  parseMoneyField,
  parseOriginField,
  parsePercentField,
  parseTransportField,
} from './entry-fields.js';
import { mpfYear } from './fees.js';
import { GroupTotals } from './group-totals.js';
import { ByteStrings, type Cached, makePlan, PlanIndex } from './plan-index.js';

/** The CSV columns `assess` reads. */
export const ASSESS_COLUMNS = {
  required: ['entry_id', 'line', 'hts', 'origin', 'entry_date', 'value'],
  optional: [
    'importer',
    'transport',
    'weight_kg',
    'metal_content_usd',
    'metal_share',
    'metal_weight_pct',
    'us_content_pct',
    'loaded',
    'mfn',
    'qty_KEY (one column per quantity a rate needs: qty_liter, qty_doz …)',
  ],
} as const;

/** Columns `qty_KEY` give the quantity KEY (`qty_liter`, `qty_pf_liter` …; see QUANTITIES in rate-text). */
const QTY_PREFIX = 'qty_';

/** Options for {@link assessEntries}. */
export interface AssessOptions {
  engine: TariffEngine;
  /** The CSV bytes. */
  input: Readable;
  /** The input's name, for problems. */
  file: string;
  /** Where results go; omit to only summarize. */
  output?: Writable;
  format?: 'csv' | 'json';
  /** Called for each bad row (the rest are still assessed). */
  onProblem?: (problem: Problem) => void;
  /** Called every so often with bytes read and lines done. */
  onProgress?: (bytes: number, lines: number) => void;
  /** Every row takes the general path: for tests that check the byte path against it. */
  generalPathOnly?: boolean;
}

/** Duty and value totals of a group. */
export interface GroupTotal {
  key: string;
  lines: number;
  value: Cents;
  duty: Cents;
  effectiveRate: number;
}

/** What {@link assessEntries} returns. */
export interface AssessSummary {
  lines: number;
  badRows: number;
  entries: number;
  value: Cents;
  duty: Cents;
  mpf: Cents;
  hmf: Cents;
  effectiveRate: number;
  byLayer: { heading: string; lines: number; duty: Cents }[];
  byOrigin: GroupTotal[];
  byImporter: GroupTotal[];
}

/** Exact integer sums beyond 2^53: small additions in a double, carried into a bigint. */
class Sum {
  big = 0n;
  small = 0;
  add(n: number): void {
    this.small += n;
    if (this.small > 4e15) {
      this.big += BigInt(this.small);
      this.small = 0;
    }
  }
  addBig(n: bigint): void {
    this.big += n;
  }
  get value(): bigint {
    return this.big + BigInt(this.small);
  }
}

/** Round n / 10^6 half up, exactly, for 0 ≤ n < 2^53. */
function perMillion(n: number): number {
  const q = Math.floor(n / 1e6);
  const r = n - q * 1e6;
  // Float division can land one off at the edges; correct with the exact remainder.
  if (r < 0) return r * 2 + 2e6 >= 1e6 ? q : q - 1;
  if (r >= 1e6) return r - 1e6 >= 5e5 ? q + 2 : q + 1;
  return r >= 5e5 ? q + 1 : q;
}

function cents(n: number): string {
  const whole = Math.floor(n / 100);
  const frac = n - whole * 100;
  return `${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

function percentOf(duty: number, value: number): string {
  if (value === 0) return '0';
  if (duty * 1e6 >= 2 ** 53) return formatPercent(ratioPpm(BigInt(duty), BigInt(value)));
  const n = duty * 1e6;
  let q = Math.floor(n / value);
  const r = n - q * value;
  if (r * 2 >= value) q++;
  // ppm → percent with up to four decimals, trailing zeros dropped (formatPercent, without regexes).
  const whole = Math.floor(q / 10_000);
  let frac = q - whole * 10_000;
  if (frac === 0) return String(whole);
  let digits = 4;
  while (frac % 10 === 0) {
    frac /= 10;
    digits--;
  }
  return `${whole}.${String(frac).padStart(digits, '0')}`;
}

const CSV_HEADER = 'entry_id,line,importer,hts,origin,entry_date,value,duty,effective_rate,mpf,hmf,layers\n';
const MAX_SAFE_VALUE = Math.floor(2 ** 53 / 2_000_000); // value × rate (≤ 200%) stays exact in a double
/**
 * The largest duty on one line (cents, exclusive): $10 trillion. Values are below it too, so the running sums
 * (carried into a bigint at 4e15) stay exact.
 */
const MAX_LINE_DUTY = 10n ** 15n;

/** HMF in cents, exact for any value an entry line may have (a double product only while it is exact). */
function hmfOf(value: number, rate: number): number {
  return value * rate < 2 ** 53
    ? perMillion(value * rate)
    : Number(roundHalfUp(BigInt(value) * BigInt(rate), 1_000_000n));
}

/**
 * Cents of a plain decimal (`123`, `123.4`, `123.45`, at most {@link MAX_ENTRY_DIGITS} whole digits) without
 * allocation; -1 for anything else (the money parser then decides).
 */
function parsePlainCents(text: string): number {
  let whole = 0;
  let i = 0;
  const n = text.length;
  if (n === 0 || n > MAX_ENTRY_DIGITS + 3) return -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) break;
    if (c < 48 || c > 57 || i === MAX_ENTRY_DIGITS) return -1;
    whole = whole * 10 + (c - 48);
  }
  if (i === 0) return -1;
  if (i === n) return whole * 100;
  const frac = n - i - 1;
  if (frac < 1 || frac > 2) return -1;
  const d1 = text.charCodeAt(i + 1) - 48;
  const d2 = frac === 2 ? text.charCodeAt(i + 2) - 48 : 0;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
  return whole * 100 + d1 * 10 + d2;
}

/**
 * The engine's hints name `accord duty`'s `--mfn` option; in an entry file the column-1 rate goes in the
 * row's `mfn` column instead, which is what a row's problem must tell the user to fill in.
 */
export function forEntryFile(message: string): string {
  if (!message.includes('--mfn')) return message;
  return message
    .replace(
      /pass (.*?) with --mfn RATE \(e\.g\. --mfn ([^)]*)\)/g,
      "give $1 in the row's mfn column (e.g. $2)",
    )
    .replace(/pass (.*?) (?:with|as) --mfn(?: RATE)?/g, "give $1 in the row's mfn column")
    .replace(/--mfn\b/g, 'the mfn column');
}

function splitCsvLine(line: string): string[] | undefined {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return undefined;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(value);
      if (i < line.length && line[i] !== ',') return undefined;
      i++;
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The fixed text of a JSON result line (see processRow), in writing order, as byte strings for word copies. */
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
const viewOf = (b: Buffer) => new DataView(b.buffer, b.byteOffset, b.length);

const MAX_FIELDS = 64;
/** The longest row read (bytes): longer ones are reported and skipped. */
const MAX_ROW = 1 << 20;

/**
 * Assess a CSV of entry lines. Throws an {@link AccordError} only when the file cannot be assessed at all
 * (missing columns); bad rows go to `onProblem` and are counted.
 *
 * The common row (no quotes, ASCII, no content columns, a plain value, CSV or no output, no importer-scoped
 * overlay) is read and written on bytes: fields are offsets into the input chunk, the plan is found through
 * numeric keys, and the result is written into a preallocated output buffer. Any other row takes the general
 * path, which reads it as text; both produce the same bytes (tested against the earlier implementation).
 */
export async function assessEntries(options: AssessOptions): Promise<AssessSummary> {
  const { engine, file } = options;
  const format = options.format ?? 'csv';
  const out = options.output;
  // Output is encoded straight into a byte buffer; the read loop hands full buffers to the stream between
  // input chunks and waits on backpressure.
  const OUT_SIZE = 1 << 22;
  const OUT_IN_FLIGHT = 4 * OUT_SIZE;
  let outBuf = Buffer.allocUnsafe(OUT_SIZE);
  let outView = viewOf(outBuf);
  let outLen = 0;
  const ready: Buffer[] = [];
  /** Make room for n more bytes (a line's worst case), handing the full buffer on. */
  const ensure = (n: number) => {
    if (outLen + n > outBuf.length) {
      if (outLen > 0) ready.push(outBuf.subarray(0, outLen));
      outBuf = Buffer.allocUnsafe(Math.max(OUT_SIZE, n));
      outView = viewOf(outBuf);
      outLen = 0;
    }
  };
  // Lines read as ASCII produce ASCII output, which latin1 encodes fastest.
  let asciiLine = true;
  const write = (text: string, ascii = false) => {
    if (!out) return;
    ensure(text.length * 3);
    outLen += outBuf.write(text, outLen, ascii ? 'latin1' : 'utf8');
  };
  const flush = async (all: boolean) => {
    if (!out) return;
    if (all && outLen > 0) {
      ready.push(outBuf.subarray(0, outLen));
      outBuf = Buffer.allocUnsafe(OUT_SIZE);
      outView = viewOf(outBuf);
      outLen = 0;
    }
    // Up to OUT_IN_FLIGHT bytes may wait in the stream: the next chunk is assessed while they are written,
    // instead of waiting for each buffer (a file stream's own limit is 16 KiB, less than one buffer).
    while (ready.length > 0) {
      const sent = out.write(ready.shift()!);
      if (!sent && out.writableLength > OUT_IN_FLIGHT) {
        await new Promise<void>((resolve) => out.once('drain', resolve));
      }
    }
  };

  const report = options.onProblem ?? (() => {});
  const overlayImporters = engine.layers.some((l) => l.importers !== undefined);
  // Column positions by header name: a Map, since names are user text (`constructor` is a name like any).
  let col = new Map<string, number>();
  let headerCount = 0;
  let row = -1; // header is row 0
  let lines = 0;
  let badRows = 0;
  let entries = 0;
  const total = { value: new Sum(), duty: new Sum(), mpf: new Sum(), hmf: new Sum() };
  const byOrigin = new GroupTotals();
  const byImporter = new GroupTotals();
  const plans = new Map<string, Cached>();
  const dates = new Map<string, IsoDate | undefined>();
  const coverageFrom = engine.ruleBase.coverageFrom;
  const coverageNum = dateNumberOf(coverageFrom);
  const mpfBounds = new Map<number, { min: number; max: number; rate: number }>();
  const mpfYears = engine.ruleBase.fees.mpf.years.map((y) => ({
    from: dateNumberOf(y.from),
    until: dateNumberOf(y.until),
    min: Number(y.min),
    max: Number(y.max),
    rate: engine.ruleBase.fees.mpf.rate,
  }));

  // The pending row waits for the next row to know whether it closes its entry (MPF goes on the last line).
  // It is written whole; the MPF is inserted at `mpfAt` later, moving the bytes after it (only the
  // entry's last line moves). Until then the output buffer is not handed on: every write that follows a
  // pending row first settles it, and each row reserves room for its MPF.
  let pending = false;
  let mpfAt = 0;
  const MPF_ROOM = 32;
  const mpfText = Buffer.alloc(MPF_ROOM);
  // The current entry's id as bytes, compared on both paths.
  let entryIdBuf = Buffer.allocUnsafe(256);
  let entryIdLen = -1;
  let entryValue = 0;
  let entryDate = 0;
  let firstJsonRow = true;
  const sameEntry = (buf: Uint8Array, start: number, end: number): boolean => {
    if (end - start !== entryIdLen) return false;
    for (let i = 0; i < entryIdLen; i++) if (entryIdBuf[i] !== buf[start + i]) return false;
    return true;
  };
  const setEntry = (buf: Uint8Array, start: number, end: number, date: number) => {
    const n = end - start;
    if (n > entryIdBuf.length) entryIdBuf = Buffer.allocUnsafe(n * 2);
    for (let i = 0; i < n; i++) entryIdBuf[i] = buf[start + i]!;
    entryIdLen = n;
    entryValue = 0;
    entryDate = date;
  };

  const closeEntry = (): number | undefined => {
    if (entryIdLen < 0) return undefined;
    // The fiscal years as date numbers first (a few comparisons), the general lookup for dates outside them.
    let b: { min: number; max: number; rate: number } | undefined;
    for (let k = 0; k < mpfYears.length; k++) {
      const y = mpfYears[k]!;
      if (entryDate >= y.from && entryDate < y.until) {
        b = y;
        break;
      }
    }
    b ??= mpfBounds.get(entryDate);
    if (!b) {
      const { year } = mpfYear(engine.ruleBase.fees, isoOfDateNumber(entryDate));
      b = { min: Number(year.min), max: Number(year.max), rate: engine.ruleBase.fees.mpf.rate };
      mpfBounds.set(entryDate, b);
    }
    const raw = entryValue <= MAX_SAFE_VALUE ? perMillion(entryValue * b.rate) : b.max;
    const fee = Math.max(b.min, Math.min(raw, b.max));
    total.mpf.add(fee);
    entries++;
    return fee;
  };
  const flushPending = (mpfCents: number | undefined) => {
    if (!pending) return;
    pending = false;
    if (!out || (mpfCents === undefined && format === 'csv')) return;
    // Write the MPF aside, move the row's tail right to make room (a few dozen bytes: four-byte words cost
    // less than native copies at this size), and put the MPF in the gap.
    let n = 0;
    if (mpfCents === undefined) n = mpfText.write('null', 0, 'latin1');
    else if (format === 'csv') n = writeCents(mpfText, 0, mpfCents);
    else {
      mpfText[0] = 34;
      n = writeCents(mpfText, 1, mpfCents);
      mpfText[n++] = 34;
    }
    const o = outBuf;
    let k = outLen;
    // Backwards, four bytes at a time: a block never lands on bytes still to be read (n ≥ 1).
    for (; k - 4 >= mpfAt; k -= 4) outView.setUint32(k - 4 + n, outView.getUint32(k - 4, true), true);
    while (k > mpfAt) {
      k--;
      o[k + n] = o[k]!;
    }
    for (let i = 0; i < n; i++) o[mpfAt + i] = mpfText[i]!;
    outLen += n;
  };
  /** Write a row as `head` (up to the MPF) and `tail`; it is pending until its MPF is known. */
  const writeRow = (head: string, tail: string, ascii: boolean) => {
    const text = head + tail;
    ensure(text.length * 3 + MPF_ROOM * 2);
    const headLen = outBuf.write(head, outLen, ascii ? 'latin1' : 'utf8');
    mpfAt = outLen + headLen;
    outLen = mpfAt + outBuf.write(tail, mpfAt, ascii ? 'latin1' : 'utf8');
  };

  // Origins by their 26 × 26 slot, importers by their bytes: no string per line on either path.
  const originIds = new Int32Array(26 * 26).fill(-1);
  const originId = (o0: number, o1: number): number => {
    const slot = (o0 - 65) * 26 + (o1 - 65);
    let id = originIds[slot]!;
    if (id < 0) {
      id = byOrigin.idOf(Buffer.from([o0, o1]), 0, 2);
      originIds[slot] = id;
    }
    return id;
  };

  const bad = (message: string, code = 'assess-row-invalid') => {
    badRows++;
    report({ code, message: forEntryFile(message), where: { file, row } });
  };

  const parseDate = (name: string, text: string): IsoDate | undefined => {
    let d = dates.get(text);
    if (d === undefined && !dates.has(text)) {
      const p = parseDateField(name, text);
      d = p.ok ? p.value : undefined;
      if (dates.size < 100_000) dates.set(text, d);
    }
    return d;
  };

  // Column positions, set from the header; -1 when an optional column is absent.
  let iId = -1;
  let iLine = -1;
  let iHts = -1;
  let iOrigin = -1;
  let iDate = -1;
  let iValue = -1;
  let iImporter = -1;
  let iTransport = -1;
  let iMfn = -1;
  let iExtras: number[] = [];
  /** The columns start entry_id, line, importer, hts, origin, entry_date, value: the output's order. */
  let headInOrder = false;
  /** The text columns a JSON line copies as they are (entry_id, line, importer, hts, when present). */
  let jsonFields: number[] = [];
  const cell = (cells: string[], i: number): string => (i < 0 ? '' : cells[i]!);
  // Lines and duty per Chapter 99 heading (and column-1 line); plans keep each heading's id as its slot.
  const byLayer = new GroupTotals();
  const slotOf = (heading: string): number => byLayer.idOfText(heading);
  // The plan depends on the date only through its era for the origin (see eraBoundaries), which keeps the
  // cache small: a few thousand plans for the whole shipped extract. Plans are made only for lines without
  // a loading date (a `loaded` value sends the line to the engine), so in-transit dates do not cut eras.
  const index = new PlanIndex(engine, slotOf);

  const processRow = (cells: string[]): void => {
    if (cells.length !== headerCount) {
      bad(`expected ${headerCount} columns, found ${cells.length}`);
      return;
    }
    const id = cells[iId]!;
    const htsText = cells[iHts]!;
    const originText = cells[iOrigin]!;
    const dateText = cells[iDate]!;
    const valueText = cells[iValue]!;
    const importer = cell(cells, iImporter);
    if (id === '' || htsText === '' || originText === '' || dateText === '' || valueText === '') {
      bad('entry_id, hts, origin, entry_date and value must not be empty');
      return;
    }
    const o0 = originText.charCodeAt(0);
    const o1 = originText.charCodeAt(1);
    const origin =
      originText.length === 2 && o0 >= 65 && o0 <= 90 && o1 >= 65 && o1 <= 90 ? originText : undefined;
    if (origin === undefined) {
      const p = parseOriginField(originText);
      bad(p.ok ? `origin ${quoteInput(originText)} must be upper case` : p.message);
      return;
    }
    const date = parseDate('entry_date', dateText);
    if (date === undefined) {
      bad(`entry_date ${quoteInput(dateText)} is not a calendar date (YYYY-MM-DD)`);
      return;
    }
    let value = parsePlainCents(valueText);
    if (value < 0) {
      const p = parseMoneyField('value', valueText);
      if (!p.ok) {
        bad(p.message);
        return;
      }
      value = Number(p.value);
    }
    const transport = cell(cells, iTransport);
    if (transport !== '' && transport !== 'ocean' && transport !== 'air' && transport !== 'other') {
      const p = parseTransportField(transport);
      if (!p.ok) {
        bad(p.message);
        return;
      }
    }
    let extras = false;
    for (const i of iExtras) if (cells[i] !== '') extras = true;
    const mfn = cell(cells, iMfn);

    let duty = 0;
    let layerText = '';
    let headingsAscii = false;
    if (date < coverageFrom) {
      bad(`the rule base covers entries from ${coverageFrom}; ${date} is earlier`);
      return;
    }
    let plan: Cached | undefined = 'slow';
    if (!extras && value <= MAX_SAFE_VALUE) {
      if (mfn === '' && !overlayImporters) {
        plan = index.planFor(htsText, o0, o1, date);
      } else {
        const era = index.eraOf(htsText, o0, o1, date);
        const planKey = `${htsText}|${origin}|${era}|${mfn}|${overlayImporters ? importer : ''}`;
        plan = plans.get(planKey);
        if (plan === undefined) {
          const made = makePlan(engine, {
            hts: htsText,
            origin,
            date,
            value: 1_000_000_00n,
            ...(mfn ? { mfn } : {}),
            ...(importer ? { importer } : {}),
          });
          // Kept out of the index (id −1): the byte path never sees lines with mfn or importer-scoped relief.
          plan =
            made === 'slow' || 'error' in made ? made : { ...made, id: -1, slots: made.headings.map(slotOf) };
          if (plans.size < 200_000) plans.set(planKey, plan);
        }
      }
    }
    if (plan !== 'slow' && 'error' in plan) {
      bad(plan.error, plan.code);
      return;
    }
    if (plan !== 'slow') {
      const { rates, slots } = plan;
      headingsAscii = plan.ascii;
      for (let i = 0; i < rates.length; i++) {
        const d = perMillion(value * rates[i]!);
        duty += d;
        byLayer.add(slots[i]!, 0, d);
        if (out) {
          layerText +=
            format === 'csv' ? `${plan.csvPrefix[i]}${cents(d)}` : `${plan.jsonPrefix[i]}${cents(d)}"}`;
        }
      }
    } else {
      const result = slowLine(engine, cells, col, { htsText, origin, date, value, mfn, importer, transport });
      if ('error' in result) {
        bad(result.error, result.code);
        return;
      }
      let lineDuty = 0n;
      for (const l of result.lines) if (l.applied) lineDuty += l.duty;
      if (lineDuty >= MAX_LINE_DUTY) {
        // A 400-digit weight or a 5000% --mfn gets here: refused, so that the sums stay exact.
        bad(
          'the duty on this line is $10 trillion or more, beyond what bulk assessment sums; check value, weight_kg and mfn',
          'assess-row-too-large',
        );
        return;
      }
      let i = 0;
      for (const l of result.lines) {
        if (!l.applied) continue;
        const d = Number(l.duty);
        duty += d;
        byLayer.add(slotOf(l.heading), 0, d);
        if (format === 'csv') layerText += `${i > 0 ? '|' : ''}${l.heading}:${formatCents(l.duty)}`;
        else
          layerText += `${i > 0 ? ',' : ''}{"heading":${JSON.stringify(l.heading)},"duty":"${formatCents(l.duty)}"}`;
        i++;
      }
    }
    const hmfCents = transport === 'ocean' ? hmfOf(value, hmfRate) : 0;

    // Entry bookkeeping: a new entry id closes the previous entry.
    const idBytes = Buffer.from(id);
    if (!sameEntry(idBytes, 0, idBytes.length)) {
      flushPending(closeEntry());
      setEntry(idBytes, 0, idBytes.length, dateNumberOf(date));
    } else {
      flushPending(undefined);
    }
    entryValue += value;

    lines++;
    total.value.add(value);
    total.duty.add(duty);
    total.hmf.add(hmfCents);
    byOrigin.add(originId(o0, o1), value, duty);
    if (importer !== '') byImporter.add(byImporter.idOfText(importer), value, duty);

    if (out) {
      const lineNo = cell(cells, iLine);
      const ascii = asciiLine && headingsAscii;
      if (format === 'csv') {
        writeRow(
          `${csvTextCell(id)},${csvTextCell(lineNo)},${csvTextCell(importer)},${csvTextCell(htsText)},${origin},${date},${cents(value)},${cents(duty)},${percentOf(duty, value)},`,
          `,${cents(hmfCents)},${csvTextCell(layerText)}\n`,
          ascii,
        );
      } else {
        const sep = firstJsonRow ? '' : ',\n';
        firstJsonRow = false;
        writeRow(
          `${sep}{"entryId":${JSON.stringify(id)},"line":${JSON.stringify(lineNo)},"importer":${JSON.stringify(importer)},"hts":${JSON.stringify(htsText)},"origin":"${origin}","date":"${date}","value":"${cents(value)}","totalDuty":"${cents(duty)}","effectiveRate":"${percentOf(duty, value)}","mpf":`,
          `,"hmf":"${cents(hmfCents)}","layers":[${layerText}]}`,
          ascii,
        );
      }
    }
    pending = true;
  };

  // Field offsets of the current row on the byte path.
  const fs = new Int32Array(MAX_FIELDS);
  const fe = new Int32Array(MAX_FIELDS);
  const lineDuty = new Float64Array(64);
  /** The chunk being read, as a view for word copies. */
  let inView = viewOf(Buffer.alloc(0));

  /**
   * The byte path for one row whose fields are in fs/fe: true when it assessed the row, false when the row
   * needs the general path (anything unusual, including every kind of bad row, which that path reports).
   */
  const fastRow = (buf: Buffer, lineStart: number, lineEnd: number): boolean => {
    const idS = fs[iId]!;
    const idE = fe[iId]!;
    const hS = fs[iHts]!;
    const hE = fe[iHts]!;
    const oS = fs[iOrigin]!;
    if (idE === idS || fe[iOrigin]! - oS !== 2) return false;
    // Text cells that could start a spreadsheet formula are neutralised on the general path.
    if (
      FORMULA_START[buf[idS]!] === 1 ||
      (iLine >= 0 && fe[iLine]! > fs[iLine]! && FORMULA_START[buf[fs[iLine]!]!] === 1) ||
      (iImporter >= 0 && fe[iImporter]! > fs[iImporter]! && FORMULA_START[buf[fs[iImporter]!]!] === 1)
    )
      return false;
    if (format === 'json' && out && !jsonSafe(buf)) return false;
    for (let k = 0; k < iExtras.length; k++) if (fe[iExtras[k]!]! > fs[iExtras[k]!]!) return false;
    if (iMfn >= 0 && fe[iMfn]! > fs[iMfn]!) return false;
    const o0 = buf[oS]!;
    const o1 = buf[oS + 1]!;
    if (o0 < 65 || o0 > 90 || o1 < 65 || o1 > 90) return false;
    const dateNum = parseDateBytes(buf, fs[iDate]!, fe[iDate]!);
    if (dateNum < coverageNum) return false;
    const value = parseCentsBytes(buf, fs[iValue]!, fe[iValue]!);
    if (value < 0 || value > MAX_SAFE_VALUE) return false;
    let ocean = false;
    if (iTransport >= 0) {
      const tS = fs[iTransport]!;
      const tn = fe[iTransport]! - tS;
      // ocean, air, other or nothing; anything else goes to the general path, which reports it.
      if (tn === 5) {
        if (buf[tS] !== 111) return false;
        const c1 = buf[tS + 1];
        const c2 = buf[tS + 2];
        const c3 = buf[tS + 3];
        const c4 = buf[tS + 4];
        if (c1 === 99 && c2 === 101 && c3 === 97 && c4 === 110) ocean = true;
        else if (!(c1 === 116 && c2 === 104 && c3 === 101 && c4 === 114)) return false;
      } else if (tn === 3) {
        if (buf[tS] !== 97 || buf[tS + 1] !== 105 || buf[tS + 2] !== 114) return false;
      } else if (tn !== 0) return false;
    }
    const id = index.planIdOfBytes(buf, hS, hE, o0, o1, dateNum);
    if (id < 0) return false;
    const r0 = index.rateStart[id]!;
    const rn = index.rateCount[id]!;
    if (rn > lineDuty.length) return false;
    const rates = index.rates;
    const slots = index.slots;
    let duty = 0;
    for (let i = 0; i < rn; i++) {
      const d = perMillion(value * rates[r0 + i]!);
      lineDuty[i] = d;
      duty += d;
      byLayer.add(slots[r0 + i]!, 0, d);
    }
    const hmfCents = ocean ? perMillion(value * hmfRate) : 0;

    if (!sameEntry(buf, idS, idE)) {
      flushPending(closeEntry());
      setEntry(buf, idS, idE, dateNum);
    } else {
      flushPending(undefined);
    }
    entryValue += value;

    lines++;
    total.value.add(value);
    total.duty.add(duty);
    total.hmf.add(hmfCents);
    const originSlot = originIds[(o0 - 65) * 26 + (o1 - 65)]!;
    byOrigin.add(originSlot >= 0 ? originSlot : originId(o0, o1), value, duty);
    if (iImporter >= 0 && fe[iImporter]! > fs[iImporter]!)
      byImporter.add(byImporter.idOf(buf, fs[iImporter]!, fe[iImporter]!), value, duty);

    if (out && format === 'json') {
      ensure(lineEnd - lineStart + 512 + index.maxPrefix + rn * 24 + MPF_ROOM * 2);
      jsonRow(o0, o1, value, duty, hmfCents, r0, rn);
    } else if (out) {
      // Head: the input's first fields copied as they are (no quotes or commas on this path), then numbers.
      ensure(lineEnd - lineStart + 128 + index.maxPrefix + rn * 20 + MPF_ROOM * 2);
      const o = outBuf;
      let p = outLen;
      const vS = fs[iValue]!;
      const vE = fe[iValue]!;
      if (headInOrder) {
        // The input starts with the output's first seven columns: one copy, commas included, and the value
        // too when it is written as the output writes it (two decimals, no leading zero).
        if (vE - vS >= 4 && buf[vE - 3] === 46 && (buf[vS] !== 48 || vE - vS === 4)) {
          p = copyWords(inView, lineStart, vE, outView, p);
        } else {
          p = copyWords(inView, lineStart, vS, outView, p);
          p = writeCents(o, p, value);
        }
      } else {
        for (let k = idS; k < idE; k++) o[p++] = buf[k]!;
        o[p++] = 44;
        if (iLine >= 0) for (let k = fs[iLine]!; k < fe[iLine]!; k++) o[p++] = buf[k]!;
        o[p++] = 44;
        if (iImporter >= 0) for (let k = fs[iImporter]!; k < fe[iImporter]!; k++) o[p++] = buf[k]!;
        o[p++] = 44;
        for (let k = hS; k < hE; k++) o[p++] = buf[k]!;
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
      mpfAt = p;
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
      for (let i = 0; i < rn; i++) {
        p = copyWords(view, start[r0 + i]!, start[r0 + i + 1]!, outView, p);
        p = writeCents(o, p, lineDuty[i]!);
      }
      if (quote !== 0) o[p++] = 34;
      o[p++] = 10;
      outLen = p;
    }
    pending = true;
    return true;
  };

  /** The JSON result of a byte-path row (fields checked by jsonSafe), as the general path writes it. */
  const jsonRow = (
    o0: number,
    o1: number,
    value: number,
    duty: number,
    hmfCents: number,
    r0: number,
    rn: number,
  ): void => {
    const o = outBuf;
    const text = JSON_PARTS.view;
    const at = JSON_PARTS.start;
    let p = outLen;
    const part = (k: number) => {
      p = copyWords(text, at[k]!, at[k + 1]!, outView, p);
    };
    const field = (i: number) => {
      if (i >= 0) p = copyWords(inView, fs[i]!, fe[i]!, outView, p);
    };
    if (firstJsonRow) firstJsonRow = false;
    else part(J.sep);
    part(J.id);
    field(iId);
    part(J.line);
    field(iLine);
    part(J.importer);
    field(iImporter);
    part(J.hts);
    field(iHts);
    part(J.origin);
    o[p++] = o0;
    o[p++] = o1;
    part(J.date);
    field(iDate);
    part(J.value);
    p = writeCents(o, p, value);
    part(J.duty);
    p = writeCents(o, p, duty);
    part(J.rate);
    if (duty * 1e6 < 2 ** 53) p = writePercent(o, p, duty, value);
    else p += o.write(percentOf(duty, value), p, 'latin1');
    part(J.mpf);
    mpfAt = p;
    part(J.hmf);
    p = writeCents(o, p, hmfCents);
    part(J.layers);
    const { view, start } = index.jsonPrefix;
    for (let i = 0; i < rn; i++) {
      p = copyWords(view, start[r0 + i]!, start[r0 + i + 1]!, outView, p);
      p = writeCents(o, p, lineDuty[i]!);
      part(J.layerEnd);
    }
    part(J.end);
    outLen = p;
  };
  /** JSON strings on the byte path need no escaping unless a field holds a backslash or a control byte. */
  const jsonSafe = (buf: Buffer): boolean => {
    for (let f = 0; f < jsonFields.length; f++) {
      const i = jsonFields[f]!;
      for (let k = fs[i]!; k < fe[i]!; k++) if (buf[k] === 92 || buf[k]! < 32) return false;
    }
    return true;
  };

  if (out) write(format === 'csv' ? CSV_HEADER : '{"lines":[\n');
  const hmfRate = engine.ruleBase.fees.hmf.rate;
  // Importer-scoped overlays take the general path (their plans depend on the importer).
  const fastOk = !overlayImporters && options.generalPathOnly !== true;

  let bytes = 0;
  let first = true;
  const handleText = (buf: Buffer, start: number, end: number, ascii: boolean): void => {
    let text: string;
    asciiLine = ascii;
    if (ascii) text = buf.toString('latin1', start, end);
    else {
      try {
        text = utf8.decode(buf.subarray(start, end));
      } catch {
        if (row === 0) throw new AccordError('assess-bad-bytes', `${file}: the header row is not UTF-8 text`);
        bad('the row is not valid UTF-8 text (garbage bytes?)', 'assess-bad-bytes');
        return;
      }
    }
    if (row === 0) {
      readHeader(text);
      return;
    }
    const cells = splitCsvLine(text);
    if (!cells) {
      bad('unbalanced quotes in the row');
      return;
    }
    processRow(cells);
  };
  const readHeader = (header: string): void => {
    let text = header;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const names = text.split(',').map((h) => h.trim().toLowerCase());
    const missing = ASSESS_COLUMNS.required.filter((c) => !names.includes(c));
    if (missing.length > 0) {
      throw new AccordError('assess-missing-columns', `${file} lacks the column(s) ${missing.join(', ')}`, {
        problems: [
          {
            code: 'assess-missing-columns',
            message: `the header needs ${ASSESS_COLUMNS.required.join(', ')} (optional: ${ASSESS_COLUMNS.optional.join(', ')}); missing ${missing.join(', ')}`,
            where: { file, row: 0 },
          },
        ],
      });
    }
    col = new Map();
    names.forEach((n, i) => {
      col.set(n, i);
    });
    headerCount = names.length;
    const at = (n: string) => col.get(n) ?? -1;
    iId = at('entry_id');
    iLine = at('line');
    iHts = at('hts');
    iOrigin = at('origin');
    iDate = at('entry_date');
    iValue = at('value');
    iImporter = at('importer');
    iTransport = at('transport');
    iMfn = at('mfn');
    headInOrder =
      iId === 0 &&
      iLine === 1 &&
      iImporter === 2 &&
      iHts === 3 &&
      iOrigin === 4 &&
      iDate === 5 &&
      iValue === 6;
    jsonFields = [iId, iLine, iImporter, iHts].filter((i) => i >= 0);
    iExtras = [
      'weight_kg',
      'metal_content_usd',
      'metal_share',
      'metal_weight_pct',
      'us_content_pct',
      'loaded',
      ...[...col.keys()].filter((n) => n.startsWith(QTY_PREFIX)),
    ]
      .map(at)
      .filter((i) => i >= 0);
  };

  /** Rows of `buf[0, limit)` that end in a newline (all of it when `last`); returns where the rest starts. */
  const handleRows = (buf: Buffer, from: number, last: boolean): number => {
    const n = buf.length;
    inView = viewOf(buf);
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
      row++;
      if (end === start) {
        if (row === 0)
          throw new AccordError('assess-missing-columns', `${file} is empty: it needs a header row`);
      } else if (
        !(fastOk && row > 0 && plain && ascii && fields === headerCount && fastRow(buf, start, end))
      ) {
        handleText(buf, start, end, ascii);
      }
      if ((lines & 0xffff) === 0 && options.onProgress) options.onProgress(bytes, lines);
      start = i + 1;
    }
    return n;
  };

  // A row cut by a chunk boundary is completed in `carry` (only that row is copied, not the chunk); a row
  // longer than MAX_ROW is reported and skipped up to its newline, so no input can make memory grow.
  let carry = Buffer.allocUnsafe(4096);
  let carryLen = 0;
  let skipping = false;
  const keep = (buf: Buffer, from: number, to: number): void => {
    if (carryLen + (to - from) > MAX_ROW) {
      row++;
      if (row === 0)
        throw new AccordError('assess-missing-columns', `${file}: the header row is longer than 1 MiB`);
      bad(`the row is longer than ${MAX_ROW} bytes (no newline?); it is skipped`, 'assess-row-too-long');
      carryLen = 0;
      skipping = true;
      return;
    }
    if (carry.length < carryLen + (to - from)) {
      const grown = Buffer.allocUnsafe(Math.max(carry.length * 2, carryLen + (to - from)));
      carry.copy(grown, 0, 0, carryLen);
      carry = grown;
    }
    buf.copy(carry, carryLen, from, to);
    carryLen += to - from;
  };
  for await (const chunk of options.input as AsyncIterable<Buffer | string>) {
    let buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    let from = 0;
    if (skipping || carryLen > 0) {
      const nl = buf.indexOf(10);
      const to = nl < 0 ? buf.length : nl + 1;
      if (!skipping) keep(buf, 0, to);
      if (nl < 0) continue;
      if (skipping) skipping = false;
      else {
        handleRows(carry.subarray(0, carryLen), 0, false);
        carryLen = 0;
      }
      from = to;
    }
    const rest = handleRows(buf, from, false);
    if (rest < buf.length) keep(buf, rest, buf.length);
    if (ready.length > 0) await flush(false);
  }
  if (carryLen > 0 && !skipping) handleRows(carry.subarray(0, carryLen), 0, true);
  if (row < 0) throw new AccordError('assess-missing-columns', `${file} is empty: it needs a header row`);
  flushPending(closeEntry());
  options.onProgress?.(bytes, lines);

  const group = (totals: GroupTotals): GroupTotal[] =>
    totals
      .totals()
      .map(({ key, lines, value, duty }) => ({
        key,
        lines,
        value,
        duty,
        effectiveRate: value > 0n ? ratioPpm(duty, value) : 0,
      }))
      .sort((a, b) => (b.duty > a.duty ? 1 : b.duty < a.duty ? -1 : a.key.localeCompare(b.key)));
  const value = total.value.value;
  const dutyTotal = total.duty.value;
  const summary: AssessSummary = {
    lines,
    badRows,
    entries,
    value,
    duty: dutyTotal,
    mpf: total.mpf.value,
    hmf: total.hmf.value,
    effectiveRate: value > 0n ? ratioPpm(dutyTotal, value) : 0,
    byLayer: byLayer
      .totals()
      .map(({ key, lines, duty }) => ({ heading: key, lines, duty }))
      .sort((a, b) => (b.duty > a.duty ? 1 : b.duty < a.duty ? -1 : a.heading.localeCompare(b.heading))),
    byOrigin: group(byOrigin),
    byImporter: group(byImporter),
  };
  if (out && format === 'json') {
    write(`\n],"summary":${JSON.stringify(summaryToJson(summary))}}\n`);
  }
  await flush(true);
  return summary;
}

interface SlowInput {
  htsText: string;
  origin: string;
  date: IsoDate;
  value: number;
  mfn: string;
  importer: string;
  transport: string;
}

function slowLine(
  engine: TariffEngine,
  cells: readonly string[],
  col: ReadonlyMap<string, number>,
  s: SlowInput,
): DutyResult | { error: string; code: string } {
  const get = (name: string): string => {
    const i = col.get(name);
    return i === undefined ? '' : (cells[i] ?? '');
  };
  const input: DutyInput = { hts: s.htsText, origin: s.origin, date: s.date, value: BigInt(s.value) };
  if (s.mfn) input.mfn = s.mfn;
  if (s.importer) input.importer = s.importer;
  if (s.transport) input.transport = s.transport as DutyInput['transport'];
  const w = get('weight_kg');
  if (w) input.weightKg = w;
  // qty_KEY columns: the other quantities a rate is charged on (the engine checks the keys and numbers).
  const quantities: Record<string, string> = {};
  for (const name of col.keys()) {
    const text = name.startsWith(QTY_PREFIX) ? get(name) : '';
    if (text !== '') quantities[name.slice(QTY_PREFIX.length)] = text;
  }
  if (Object.keys(quantities).length > 0) input.quantities = quantities;
  const fields: [string, (text: string) => string | undefined][] = [
    [
      'metal_content_usd',
      (t) => {
        const p = parseMoneyField('metal_content_usd', t);
        if (!p.ok) return p.message;
        input.metalContent = p.value;
      },
    ],
    [
      'metal_share',
      (t) => {
        const p = parsePercentField('metal_share', t);
        if (!p.ok) return p.message;
        input.metalShare = p.value;
      },
    ],
    [
      'metal_weight_pct',
      (t) => {
        const p = parsePercentField('metal_weight_pct', t);
        if (!p.ok) return p.message;
        input.metalWeightShare = p.value;
      },
    ],
    [
      'us_content_pct',
      (t) => {
        const p = parsePercentField('us_content_pct', t);
        if (!p.ok) return p.message;
        input.usContentShare = p.value;
      },
    ],
    [
      'loaded',
      (t) => {
        const p = parseDateField('loaded', t);
        if (!p.ok) return p.message;
        input.loaded = p.value;
      },
    ],
  ];
  for (const [name, parse] of fields) {
    const text = get(name);
    if (text === '') continue;
    const message = parse(text);
    if (message) return { error: message, code: 'assess-row-invalid' };
  }
  try {
    return computeDuty(engine, input);
  } catch (error) {
    if (error instanceof AccordError) return { error: error.message, code: error.code };
    throw error;
  }
}

/** The summary with money as decimal strings and rates as percent strings, as JSON outputs carry them. */
export function summaryToJson(s: AssessSummary) {
  const g = (t: GroupTotal) => ({
    key: t.key,
    lines: t.lines,
    value: formatCents(t.value),
    duty: formatCents(t.duty),
    effectiveRate: formatPercent(t.effectiveRate),
  });
  return {
    lines: s.lines,
    badRows: s.badRows,
    entries: s.entries,
    value: formatCents(s.value),
    duty: formatCents(s.duty),
    mpf: formatCents(s.mpf),
    hmf: formatCents(s.hmf),
    effectiveRate: formatPercent(s.effectiveRate),
    byLayer: s.byLayer.map((l) => ({ heading: l.heading, lines: l.lines, duty: formatCents(l.duty) })),
    byOrigin: s.byOrigin.map(g),
    byImporter: s.byImporter.map(g),
  };
}
