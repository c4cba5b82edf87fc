/**
 * @module tariff/assess
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
import type { IsoDate } from '../_lib/date.js';
import { type Cents, formatCents, formatPercent, ratioPpm } from '../_lib/money.js';
import { AccordError, type Problem } from '../_lib/problem.js';
import { computeDuty, type DutyInput, type DutyResult, type TariffEngine } from './engine.js';
import {
  parseDateField,
  parseMoneyField,
  parseOriginField,
  parsePercentField,
  parseTransportField,
} from './entry-fields.js';
import { mpfYear } from './fees.js';

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
  const q = Math.floor(n / value);
  const r = n - q * value;
  return formatPercent(r * 2 >= value ? q + 1 : q);
}

const CSV_HEADER = 'entry_id,line,importer,hts,origin,entry_date,value,duty,effective_rate,mpf,hmf,layers\n';
const MAX_SAFE_VALUE = Math.floor(2 ** 53 / 2_000_000); // value × rate (≤ 200%) stays exact in a double

/** A cached plan: the line's duty is Σ round(value × rate_i). */
interface Plan {
  rates: number[];
  headings: string[];
  layerKeys: string[];
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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

/**
 * Assess a CSV of entry lines. Throws an {@link AccordError} only when the file cannot be assessed at all
 * (missing columns); bad rows go to `onProblem` and are counted.
 */
export async function assessEntries(options: AssessOptions): Promise<AssessSummary> {
  const { engine, file } = options;
  const format = options.format ?? 'csv';
  const out = options.output;
  let outBuf: string[] = [];
  let outLen = 0;
  const write = async (text: string) => {
    if (!out) return;
    outBuf.push(text);
    outLen += text.length;
    if (outLen > 1 << 20) await flush();
  };
  const flush = async () => {
    if (!out || outBuf.length === 0) return;
    const chunk = outBuf.join('');
    outBuf = [];
    outLen = 0;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
  };

  const report = options.onProblem ?? (() => {});
  const overlayImporters = engine.layers.some((l) => l.importers !== undefined);
  let col: Record<string, number> = {};
  let headerCount = 0;
  let row = -1; // header is row 0
  let lines = 0;
  let badRows = 0;
  let entries = 0;
  const total = { value: new Sum(), duty: new Sum(), mpf: new Sum(), hmf: new Sum() };
  const byLayer = new Map<string, { lines: number; duty: Sum }>();
  const byOrigin = new Map<string, Group>();
  const byImporter = new Map<string, Group>();
  const plans = new Map<string, Plan | { error: string; code: string } | 'slow'>();
  const dates = new Map<string, IsoDate | undefined>();
  const mpfBounds = new Map<string, { min: number; max: number; rate: number }>();

  // The pending row waits for the next row to know whether it closes its entry (MPF goes on the last line).
  let pending: { head: string; tail: string } | undefined;
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
  const flushPending = async (mpfCents: number | undefined) => {
    if (!pending) return;
    const mpfText =
      mpfCents === undefined
        ? format === 'csv'
          ? ''
          : 'null'
        : format === 'csv'
          ? cents(mpfCents)
          : `"${cents(mpfCents)}"`;
    await write(pending.head + mpfText + pending.tail);
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

  const processRow = async (cells: string[]) => {
    if (cells.length !== headerCount) {
      bad(`expected ${headerCount} columns, found ${cells.length}`);
      return;
    }
    const get = (name: string): string => {
      const i = col[name];
      return i === undefined ? '' : cells[i]!;
    };
    const id = get('entry_id');
    const lineNo = get('line');
    const htsText = get('hts');
    const originText = get('origin');
    const dateText = get('entry_date');
    const valueText = get('value');
    const importer = get('importer');
    if (id === '' || htsText === '' || originText === '' || dateText === '' || valueText === '') {
      bad('entry_id, hts, origin, entry_date and value must not be empty');
      return;
    }
    const origin =
      originText.length === 2 && originText >= 'AA' && originText <= 'ZZ' ? originText : undefined;
    if (origin === undefined) {
      const p = parseOriginField(originText);
      bad(p.ok ? `origin "${originText}" must be upper case` : p.message);
      return;
    }
    const date = parseDate('entry_date', dateText);
    if (date === undefined) {
      bad(`entry_date "${dateText}" is not a calendar date (YYYY-MM-DD)`);
      return;
    }
    // Fast path for plain decimals; parseMoneyField for everything else.
    let value: number;
    const m = /^(\d{1,15})(?:\.(\d{1,2}))?$/.exec(valueText);
    if (m) value = Number(m[1]) * 100 + (m[2] ? Number(m[2].length === 1 ? `${m[2]}0` : m[2]) : 0);
    else {
      const p = parseMoneyField('value', valueText);
      if (!p.ok) {
        bad(p.message);
        return;
      }
      value = Number(p.value);
    }
    const transport = get('transport');
    const extras =
      get('weight_kg') !== '' ||
      get('metal_content_usd') !== '' ||
      get('metal_share') !== '' ||
      get('metal_weight_pct') !== '' ||
      get('us_content_pct') !== '' ||
      get('loaded') !== '';
    const mfn = get('mfn');
    if (transport !== '' && transport !== 'ocean' && transport !== 'air' && transport !== 'other') {
      const p = parseTransportField(transport);
      if (!p.ok) {
        bad(p.message);
        return;
      }
    }

    let duty = 0;
    let layerText = '';
    let layerJson = '';
    const planKey = `${htsText}|${origin}|${date}|${mfn}|${overlayImporters ? importer : ''}`;
    let plan = extras || value > MAX_SAFE_VALUE ? 'slow' : plans.get(planKey);
    if (plan === undefined) {
      plan = makePlan(engine, {
        hts: htsText,
        origin,
        date,
        value: 1_000_000_00n,
        ...(mfn ? { mfn } : {}),
        ...(importer ? { importer } : {}),
      });
      if (plans.size < 200_000) plans.set(planKey, plan);
    }
    if (plan !== 'slow' && 'error' in plan) {
      bad(plan.error, plan.code);
      return;
    }
    if (plan !== 'slow') {
      for (let i = 0; i < plan.rates.length; i++) {
        const d = perMillion(value * plan.rates[i]!);
        duty += d;
        const key = plan.layerKeys[i]!;
        let acc = byLayer.get(key);
        if (!acc) {
          acc = { lines: 0, duty: new Sum() };
          byLayer.set(key, acc);
        }
        acc.lines++;
        acc.duty.add(d);
        if (format === 'csv') layerText += `${i > 0 ? '|' : ''}${plan.headings[i]}:${cents(d)}`;
        else
          layerJson += `${i > 0 ? ',' : ''}{"heading":${JSON.stringify(plan.headings[i])},"duty":"${cents(d)}"}`;
      }
    } else {
      const result = slowLine(engine, { get, htsText, origin, date, value, mfn, importer, transport });
      if ('error' in result) {
        bad(result.error, result.code);
        return;
      }
      const applied = result.lines.filter((l) => l.applied);
      applied.forEach((l, i) => {
        const d = Number(l.duty);
        duty += d;
        const key = l.heading;
        let acc = byLayer.get(key);
        if (!acc) {
          acc = { lines: 0, duty: new Sum() };
          byLayer.set(key, acc);
        }
        acc.lines++;
        acc.duty.add(d);
        if (format === 'csv') layerText += `${i > 0 ? '|' : ''}${l.heading}:${formatCents(l.duty)}`;
        else
          layerJson += `${i > 0 ? ',' : ''}{"heading":${JSON.stringify(l.heading)},"duty":"${formatCents(l.duty)}"}`;
      });
    }
    const hmfCents = transport === 'ocean' ? perMillion(value * engine.ruleBase.fees.hmf.rate) : 0;

    // Entry bookkeeping: a new entry id closes the previous entry.
    if (id !== entryId) {
      const fee = closeEntry();
      await flushPending(fee);
      entryId = id;
      entryValue = 0;
      entryDate = date;
    } else {
      await flushPending(undefined);
    }
    entryValue += value;

    lines++;
    total.value.add(value);
    total.duty.add(duty);
    total.hmf.add(hmfCents);
    addGroup(byOrigin, origin, value, duty);
    if (importer !== '') addGroup(byImporter, importer, value, duty);

    if (out) {
      if (format === 'csv') {
        pending = {
          head: `${csvCell(id)},${csvCell(lineNo)},${csvCell(importer)},${csvCell(htsText)},${origin},${date},${cents(value)},${cents(duty)},${percentOf(duty, value)},`,
          tail: `,${cents(hmfCents)},${layerText}\n`,
        };
      } else {
        const sep = firstJsonRow ? '' : ',\n';
        firstJsonRow = false;
        pending = {
          head: `${sep}{"entryId":${JSON.stringify(id)},"line":${JSON.stringify(lineNo)},"importer":${JSON.stringify(importer)},"hts":${JSON.stringify(htsText)},"origin":"${origin}","date":"${date}","value":"${cents(value)}","totalDuty":"${cents(duty)}","effectiveRate":"${percentOf(duty, value)}","mpf":`,
          tail: `,"hmf":"${cents(hmfCents)}","layers":[${layerJson}]}`,
        };
      }
    }
  };

  if (out) await write(format === 'csv' ? CSV_HEADER : '{"lines":[\n');

  let carry: Buffer | undefined;
  let bytes = 0;
  let first = true;
  const handleLine = async (buf: Buffer, start: number, end: number) => {
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
      col = {};
      names.forEach((n, i) => {
        col[n] = i;
      });
      headerCount = names.length;
      return;
    }
    const cells = splitCsvLine(text);
    if (!cells) {
      bad('unbalanced quotes in the row');
      return;
    }
    await processRow(cells);
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
      await handleLine(buf, start, nl);
      start = nl + 1;
    }
    if (start < buf.length) carry = Buffer.from(buf.subarray(start));
  }
  if (carry) await handleLine(carry, 0, carry.length);
  if (row < 0) throw new AccordError('assess-missing-columns', `${file} is empty: it needs a header row`);
  await flushPending(closeEntry());
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
    byLayer: [...byLayer.entries()]
      .map(([heading, a]) => ({ heading, lines: a.lines, duty: a.duty.value }))
      .sort((a, b) => (b.duty > a.duty ? 1 : b.duty < a.duty ? -1 : a.heading.localeCompare(b.heading))),
    byOrigin: group(byOrigin),
    byImporter: group(byImporter),
  };
  if (out && format === 'json') {
    await write(`\n],"summary":${JSON.stringify(summaryToJson(summary))}}\n`);
  }
  await flush();
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
  if (applied.some((l) => l.base !== input.value || (l.layer === 'mfn' && l.rateText?.includes('/')))) {
    return 'slow';
  }
  return {
    rates: applied.map((l) => l.rate),
    headings: applied.map((l) => l.heading),
    layerKeys: applied.map((l) => l.heading),
  };
}

interface SlowInput {
  get: (name: string) => string;
  htsText: string;
  origin: string;
  date: IsoDate;
  value: number;
  mfn: string;
  importer: string;
  transport: string;
}

function slowLine(engine: TariffEngine, s: SlowInput): DutyResult | { error: string; code: string } {
  const input: DutyInput = { hts: s.htsText, origin: s.origin, date: s.date, value: BigInt(s.value) };
  if (s.mfn) input.mfn = s.mfn;
  if (s.importer) input.importer = s.importer;
  if (s.transport) input.transport = s.transport as DutyInput['transport'];
  const w = s.get('weight_kg');
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
    const text = s.get(name);
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
