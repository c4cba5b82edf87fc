/**
 * @module tariff/_test/assess-reference
 * The string-splitting implementation of `assessEntries` as it was before the byte-level hot path, kept as
 * the reference the fast one must match byte for byte (see assess.test.ts). Not part of the package.
 * Bulk assessment: read a CSV of entry lines as a stream, compute each line's duty with the engine, write one
 * result per line (CSV or JSON), and summarize by layer, origin and importer. Memory stays flat in the
 * number of lines: input is read in chunks, results are written as they are made, and the per-line work
 * reuses a plan cached per (HTS, origin, date) whenever the line's duty is a fixed set of rates on its value.
 * A bad row is reported with its row number and the rest are assessed.
 *
 * Columns (header names, any order): entry_id, line, hts, origin, entry_date, value (required); importer,
 * transport, weight_kg, metal_content_usd, metal_share, metal_weight_pct, us_content_pct, loaded, mfn
 * (optional). MPF is per entry: the lines of an entry must be contiguous; the MPF is written on the entry's
 * last line.
 */
import type { Readable, Writable } from 'node:stream';
import { csvTextCell } from '../../_lib/csv-cell.js';
import type { IsoDate } from '../../_lib/date.js';
import { type Cents, formatCents, formatPercent, ratioPpm, roundHalfUp } from '../../_lib/money.js';
import { AccordError, type Problem } from '../../_lib/problem.js';
import { quoteInput } from '../../_lib/words.js';
import { computeDuty, type DutyInput, type DutyResult, eraBoundaries, type TariffEngine } from '../engine.js';
import {
  parseDateField,
  parseMoneyField,
  parseOriginField,
  parsePercentField,
  parseTransportField,
} from '../entry-fields.js';
import { mpfYear } from '../fees.js';

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

class Group {
  lines = 0;
  value = new Sum();
  duty = new Sum();
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

/** A cached plan: the line's duty is Σ round(value × rate_i). */
interface Plan {
  rates: number[];
  headings: string[];
  /** Accumulator slots per heading, assigned by the run. */
  slots: number[];
  /** True when every heading is ASCII (the output line may then be encoded as latin1). */
  ascii: boolean;
  /** Output text before each layer's duty (CSV `|heading:`, JSON `{"heading":…,"duty":"`). */
  csvPrefix: string[];
  jsonPrefix: string[];
}

/** Cents of a plain decimal (`123`, `123.4`, `123.45`) without allocation; -1 for anything else. */
function parsePlainCents(text: string): number {
  let whole = 0;
  let i = 0;
  const n = text.length;
  if (n === 0 || n > 18) return -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) break;
    // More than 13 whole digits: the money parser refuses them (entry values are under $10 trillion).
    if (c < 48 || c > 57 || i === 13) return -1;
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

/** Text cells are neutralised against formula injection (OWASP), as the product writes them. */
const csvCell = csvTextCell;

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

/**
 * Assess a CSV of entry lines. Throws an {@link AccordError} only when the file cannot be assessed at all
 * (missing columns); bad rows go to `onProblem` and are counted.
 */
export async function assessEntriesReference(options: AssessOptions): Promise<AssessSummary> {
  const { engine, file } = options;
  const format = options.format ?? 'csv';
  const out = options.output;
  // Output is encoded straight into a byte buffer so that each line's strings die young (cheap GC);
  // the read loop hands full buffers to the stream between input chunks and waits on backpressure.
  const OUT_SIZE = 1 << 22;
  let outBuf = Buffer.allocUnsafe(OUT_SIZE);
  let outLen = 0;
  const ready: Buffer[] = [];
  // Lines read as ASCII produce ASCII output, which latin1 encodes fastest.
  let asciiLine = true;
  const write = (text: string, ascii = false) => {
    if (!out) return;
    if (outLen + text.length * 3 > OUT_SIZE) {
      ready.push(outBuf.subarray(0, outLen));
      outBuf = Buffer.allocUnsafe(Math.max(OUT_SIZE, text.length * 3));
      outLen = 0;
    }
    outLen += outBuf.write(text, outLen, ascii ? 'latin1' : 'utf8');
  };
  const flush = async (all: boolean) => {
    if (!out) return;
    if (all && outLen > 0) {
      ready.push(outBuf.subarray(0, outLen));
      outBuf = Buffer.allocUnsafe(OUT_SIZE);
      outLen = 0;
    }
    while (ready.length > 0) {
      if (!out.write(ready.shift()!)) await new Promise<void>((resolve) => out.once('drain', resolve));
    }
  };

  const report = options.onProblem ?? (() => {});
  const overlayImporters = engine.layers.some((l) => l.importers !== undefined);
  let col = new Map<string, number>();
  let headerCount = 0;
  let row = -1; // header is row 0
  let lines = 0;
  let badRows = 0;
  let entries = 0;
  const total = { value: new Sum(), duty: new Sum(), mpf: new Sum(), hmf: new Sum() };
  const byOrigin = new Map<string, Group>();
  const byImporter = new Map<string, Group>();
  const plans = new Map<string, Plan | { error: string; code: string } | 'slow'>();
  const dates = new Map<string, IsoDate | undefined>();
  // Per HTS code: its era boundaries and, per origin, the plan of each era (the common case: no --mfn column
  // and no importer-scoped overlay). Nested maps avoid building a key string per line.
  type Cached = Plan | { error: string; code: string } | 'slow';
  const byHts = new Map<string, { bounds: IsoDate[]; byOrigin: Map<string, (Cached | undefined)[]> }>();
  const htsEntry = (hts: string) => {
    let found = byHts.get(hts);
    if (!found) {
      found = { bounds: eraBoundaries(engine, hts), byOrigin: new Map() };
      if (byHts.size < 100_000) byHts.set(hts, found);
    }
    return found;
  };
  const eraOf = (hts: string, date: IsoDate): number => {
    const b = htsEntry(hts).bounds;
    // Binary search: the number of boundaries at or before the date.
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid]! <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const coverageFrom = engine.ruleBase.coverageFrom;
  const mpfBounds = new Map<string, { min: number; max: number; rate: number }>();

  // The pending row waits for the next row to know whether it closes its entry (MPF goes on the last line).
  let pending: { head: string; tail: string; ascii: boolean } | undefined;
  let entryId: string | undefined;
  let entryValue = 0;
  let entryDate: IsoDate | undefined;
  let firstJsonRow = true;

  const closeEntry = (): number | undefined => {
    if (entryId === undefined || entryDate === undefined) return undefined;
    let b = mpfBounds.get(entryDate);
    if (!b) {
      const { year } = mpfYear(engine.ruleBase.fees, entryDate);
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
    const mpfText =
      mpfCents === undefined
        ? format === 'csv'
          ? ''
          : 'null'
        : format === 'csv'
          ? cents(mpfCents)
          : `"${cents(mpfCents)}"`;
    write(pending.head + mpfText + pending.tail, pending.ascii);
    pending = undefined;
  };

  const addGroup = (map: Map<string, Group>, key: string, value: number, duty: number) => {
    let g = map.get(key);
    if (!g) {
      g = new Group();
      map.set(key, g);
    }
    g.lines++;
    g.value.add(value);
    g.duty.add(duty);
  };

  const bad = (message: string, code = 'assess-row-invalid') => {
    badRows++;
    report({ code, message, where: { file, row } });
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
  const cell = (cells: string[], i: number): string => (i < 0 ? '' : cells[i]!);
  const layerSlots = new Map<string, number>();
  const layerLines: number[] = [];
  const layerDuty: Sum[] = [];
  const slotOf = (heading: string): number => {
    let slot = layerSlots.get(heading);
    if (slot === undefined) {
      slot = layerLines.length;
      layerSlots.set(heading, slot);
      layerLines.push(0);
      layerDuty.push(new Sum());
    }
    return slot;
  };

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
    let plan: Plan | { error: string; code: string } | 'slow' | undefined = 'slow';
    if (!extras && value <= MAX_SAFE_VALUE) {
      // The plan depends on the date only through its era (see eraBoundaries), which keeps the cache small.
      const era = eraOf(htsText, date);
      const simple = mfn === '' && !overlayImporters;
      let slots: (Cached | undefined)[] | undefined;
      let planKey = '';
      if (simple) {
        const entry = htsEntry(htsText);
        slots = entry.byOrigin.get(origin);
        if (!slots) {
          slots = [];
          entry.byOrigin.set(origin, slots);
        }
        plan = slots[era];
      } else {
        planKey = `${htsText}|${origin}|${era}|${mfn}|${overlayImporters ? importer : ''}`;
        plan = plans.get(planKey);
      }
      if (plan === undefined) {
        plan = makePlan(engine, {
          hts: htsText,
          origin,
          date,
          value: 1_000_000_00n,
          ...(mfn ? { mfn } : {}),
          ...(importer ? { importer } : {}),
        });
        if (plan !== 'slow' && !('error' in plan)) plan.slots = plan.headings.map(slotOf);
        if (slots) slots[era] = plan;
        else if (plans.size < 200_000) plans.set(planKey, plan);
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
        const slot = slots[i]!;
        layerLines[slot]!++;
        layerDuty[slot]!.add(d);
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
      // A line's duty of $10 trillion or more is refused (the product keeps its sums exact below it).
      const lineDuty = result.lines.reduce((sum, l) => (l.applied ? sum + l.duty : sum), 0n);
      if (lineDuty >= 10n ** 15n) {
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
        const slot = slotOf(l.heading);
        layerLines[slot]!++;
        layerDuty[slot]!.add(d);
        if (format === 'csv') layerText += `${i > 0 ? '|' : ''}${l.heading}:${formatCents(l.duty)}`;
        else
          layerText += `${i > 0 ? ',' : ''}{"heading":${JSON.stringify(l.heading)},"duty":"${formatCents(l.duty)}"}`;
        i++;
      }
    }
    const hmfCents =
      transport === 'ocean' ? Number(roundHalfUp(BigInt(value) * BigInt(hmfRate), 1_000_000n)) : 0;

    // Entry bookkeeping: a new entry id closes the previous entry.
    if (id !== entryId) {
      flushPending(closeEntry());
      entryId = id;
      entryValue = 0;
      entryDate = date;
    } else {
      flushPending(undefined);
    }
    entryValue += value;

    lines++;
    total.value.add(value);
    total.duty.add(duty);
    total.hmf.add(hmfCents);
    addGroup(byOrigin, origin, value, duty);
    if (importer !== '') addGroup(byImporter, importer, value, duty);

    if (out) {
      const lineNo = cell(cells, iLine);
      if (format === 'csv') {
        pending = {
          head: `${csvCell(id)},${csvCell(lineNo)},${csvCell(importer)},${csvCell(htsText)},${origin},${date},${cents(value)},${cents(duty)},${percentOf(duty, value)},`,
          tail: `,${cents(hmfCents)},${csvCell(layerText)}\n`,
          ascii: asciiLine && headingsAscii,
        };
      } else {
        const sep = firstJsonRow ? '' : ',\n';
        firstJsonRow = false;
        pending = {
          head: `${sep}{"entryId":${JSON.stringify(id)},"line":${JSON.stringify(lineNo)},"importer":${JSON.stringify(importer)},"hts":${JSON.stringify(htsText)},"origin":"${origin}","date":"${date}","value":"${cents(value)}","totalDuty":"${cents(duty)}","effectiveRate":"${percentOf(duty, value)}","mpf":`,
          tail: `,"hmf":"${cents(hmfCents)}","layers":[${layerText}]}`,
          ascii: asciiLine && headingsAscii,
        };
      }
    }
  };

  if (out) write(format === 'csv' ? CSV_HEADER : '{"lines":[\n');
  const hmfRate = engine.ruleBase.fees.hmf.rate;

  let carry: Buffer | undefined;
  let bytes = 0;
  let first = true;
  const handleLine = (buf: Buffer, start: number, end: number): void => {
    if (end > start && buf[end - 1] === 13) end--;
    row++;
    if (end === start) {
      if (row === 0)
        throw new AccordError('assess-missing-columns', `${file} is empty: it needs a header row`);
      return;
    }
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (buf[i]! > 127) {
        ascii = false;
        break;
      }
    }
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
      iExtras = [
        'weight_kg',
        'metal_content_usd',
        'metal_share',
        'metal_weight_pct',
        'us_content_pct',
        'loaded',
      ]
        .map(at)
        .filter((i) => i >= 0);
      return;
    }
    const cells = splitCsvLine(text);
    if (!cells) {
      bad('unbalanced quotes in the row');
      return;
    }
    processRow(cells);
    if ((lines & 0xffff) === 0 && options.onProgress) options.onProgress(bytes, lines);
  };

  for await (const chunk of options.input as AsyncIterable<Buffer | string>) {
    let buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    if (carry) {
      buf = Buffer.concat([carry, buf]);
      carry = undefined;
    }
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl < 0) break;
      handleLine(buf, start, nl);
      start = nl + 1;
    }
    if (start < buf.length) carry = Buffer.from(buf.subarray(start));
    if (ready.length > 0) await flush(false);
  }
  if (carry) handleLine(carry, 0, carry.length);
  if (row < 0) throw new AccordError('assess-missing-columns', `${file} is empty: it needs a header row`);
  flushPending(closeEntry());
  options.onProgress?.(bytes, lines);

  const group = (map: Map<string, Group>): GroupTotal[] =>
    [...map.entries()]
      .map(([key, g]) => {
        const value = g.value.value;
        const duty = g.duty.value;
        return { key, lines: g.lines, value, duty, effectiveRate: value > 0n ? ratioPpm(duty, value) : 0 };
      })
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
    byLayer: [...layerSlots.entries()]
      .map(([heading, slot]) => ({ heading, lines: layerLines[slot]!, duty: layerDuty[slot]!.value }))
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

function makePlan(engine: TariffEngine, input: DutyInput): Plan | { error: string; code: string } | 'slow' {
  let result: DutyResult;
  try {
    result = computeDuty(engine, input);
  } catch (error) {
    if (error instanceof AccordError) return { error: error.message, code: error.code };
    throw error;
  }
  const applied = result.lines.filter((l) => l.applied);
  // Only a line whose every layer is charged on the full value at a fixed rate can be replayed from a plan.
  // Rates above 200% are not exact in this double arithmetic: those lines take the engine's bigints.
  if (
    applied.some(
      (l) => l.base !== input.value || (l.layer === 'mfn' && l.rateText?.includes('/')) || l.rate > 2_000_000,
    )
  ) {
    return 'slow';
  }
  return {
    rates: applied.map((l) => l.rate),
    headings: applied.map((l) => l.heading),
    ascii: applied.every((l) => /^[\x20-\x7e]*$/.test(l.heading)),
    slots: [],
    csvPrefix: applied.map((l, i) => `${i > 0 ? '|' : ''}${l.heading}:`),
    jsonPrefix: applied.map((l, i) => `${i > 0 ? ',' : ''}{"heading":${JSON.stringify(l.heading)},"duty":"`),
  };
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
