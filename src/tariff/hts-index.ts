/**
 * @module tariff/hts-index
 * The compact index of one HTS revision: what the engine needs from the USITC HTS JSON export (13 MB, 35,509
 * rows for 2026 Revision 10), in columns, with every repeated text (rates, units, "Other") stored once. It is
 * built once per revision, when the revision is installed (`accord data import-hts`, or for the shipped
 * revision when it was added to `data/tariff/hts/`); a test rebuilds the shipped index from the shipped
 * export and compares them, so the two cannot drift.
 *
 * On disk it is JSON whose columns are a handful of long strings (fixed-width codes, base64 integer columns,
 * the texts joined), so reading it is one parse of a few large strings, against 150 ms to parse the export
 * itself. An installed revision's index is Brotli-compressed; the shipped one is kept as plain JSON (3.6 MB,
 * see {@link htsIndexJson}). Rows keep the export's order (headings before their lines, indentation giving the
 * hierarchy), header rows ("Other:") included, so descriptions can be read in context.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { AccordError, type Problem } from '../_lib/problem.js';
import { quoteInput } from '../_lib/words.js';
import { htsDigits } from './hts-code.js';

/** The index format's name and version (a reader refuses anything else). */
export const HTS_INDEX_FORMAT = 'accord-hts-index/2';

/** Width of a code in the fixed-width code columns (10 digits; shorter ones padded with spaces). */
const W = 10;
/** Separator of the joined texts: a control character no HTS text holds. */
const SEP = '\u0001';

/** Which revision an index holds and where it came from. */
export interface HtsRevisionInfo {
  /** As USITC names it: `2026 Revision 10`, `2025 Basic Edition`. */
  label: string;
  /** First entry date the revision applies to (YYYY-MM-DD), from USITC's change record. */
  effective: string;
  /** The export it was built from: file name, SHA-256 of the file as given, its row count. */
  source: { file: string; sha256: string; rows: number };
}

/** One revision in columns; each text column holds ids into `strings`. */
export interface HtsIndexData extends HtsRevisionInfo {
  strings: string[];
  /** HTS number of each row as digits padded to 10 with spaces; blanks for header rows. */
  code: string;
  indent: Uint8Array;
  description: Uint32Array;
  general: Uint32Array;
  special: Uint32Array;
  other: Uint32Array;
  /** Reporting units joined by `|`. */
  units: Uint32Array;
  /** Footnotes of the general column (e.g. `See 9903.88.15.`), joined by a space. */
  notes: Uint32Array;
  /**
   * Every 8- and 10-digit line in code order, fixed width, including the 8-digit rate lines that the export
   * writes only as their single 10-digit line (`7207.11.00` is `7207.11.00.00`); `lineRow` is each one's row.
   */
  lines: string;
  lineRow: Uint32Array;
}

const COLUMNS = ['description', 'general', 'special', 'other', 'units', 'notes'] as const;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * A text cell without the HTML markup some USITC exports carry (`$1.13/m<sup>3</sup>`, `2.5% <u></u>`,
 * `<i>Camelidae</i>`): the text as printed in the schedule.
 */
function plain(value: unknown): string {
  const t = text(value);
  return (t.includes('<') ? t.replace(/<\/?[a-z]+[^<>]*>/gi, '') : t).trim();
}

/**
 * Build the index of a USITC HTS JSON export (the parsed array). Rows without an `htsno` are headers; a row
 * that is not an object, an `htsno` that is not an HTS number, or a number given twice is reported with its
 * JSON pointer.
 */
export function buildHtsIndex(data: unknown, info: HtsRevisionInfo, file: string): HtsIndexData {
  if (!Array.isArray(data)) {
    throw new AccordError(
      'hts-json-shape',
      `${file} must be the USITC export: a JSON array of rows with "htsno"`,
    );
  }
  const ids = new Map<string, number>();
  const strings: string[] = [];
  const id = (s: string): number => {
    let n = ids.get(s);
    if (n === undefined) {
      n = strings.length;
      strings.push(s.includes(SEP) ? s.replaceAll(SEP, ' ') : s);
      ids.set(s, n);
    }
    return n;
  };
  id('');
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const codes: string[] = [];
  const indent: number[] = [];
  const cols: Record<(typeof COLUMNS)[number], number[]> = {
    description: [],
    general: [],
    special: [],
    other: [],
    units: [],
    notes: [],
  };
  data.forEach((row: unknown, index) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      problems.push({
        code: 'hts-row-shape',
        message: 'each row must be an object',
        where: { file, pointer: `/${index}` },
      });
      return;
    }
    const r = row as Record<string, unknown>;
    const htsno = text(r.htsno).trim();
    let code = '';
    if (htsno !== '') {
      const digits = htsDigits(htsno);
      if (digits === undefined) {
        problems.push({
          code: 'hts-row-code',
          message: `${quoteInput(htsno)} is not an HTS number`,
          where: { file, pointer: `/${index}/htsno` },
        });
        return;
      }
      if (seen.has(digits)) {
        problems.push({
          code: 'hts-row-duplicate',
          message: `${quoteInput(htsno)} appears twice`,
          where: { file, pointer: `/${index}/htsno` },
        });
        return;
      }
      seen.add(digits);
      code = digits;
    }
    const level = Number.parseInt(String(r.indent ?? '0'), 10);
    const units = Array.isArray(r.units)
      ? r.units.filter((u): u is string => typeof u === 'string').map((u) => u.trim())
      : [];
    const notes = Array.isArray(r.footnotes)
      ? r.footnotes
          .filter(
            (f): f is { columns: unknown[]; value: string } =>
              typeof f === 'object' &&
              f !== null &&
              Array.isArray((f as { columns?: unknown }).columns) &&
              (f as { columns: unknown[] }).columns.includes('general') &&
              typeof (f as { value?: unknown }).value === 'string',
          )
          .map((f) => f.value.trim())
      : [];
    codes.push(code);
    indent.push(Number.isFinite(level) && level >= 0 && level < 256 ? level : 0);
    cols.description.push(id(plain(r.description)));
    cols.general.push(id(plain(r.general)));
    cols.special.push(id(plain(r.special)));
    cols.other.push(id(plain(r.other)));
    cols.units.push(id(units.join('|')));
    cols.notes.push(id(notes.join(' ')));
  });
  if (problems.length > 0) {
    throw new AccordError('hts-invalid-file', `${file} has ${problems.length} bad row(s)`, { problems });
  }
  if (seen.size === 0)
    throw new AccordError('hts-json-shape', `${file} has no HTS numbers: is it the USITC HTS JSON export?`);

  // Lines: 8- and 10-digit codes, with the 8-digit rate lines that have no row of their own (one 10-digit
  // line under a missing 8-digit row), sorted.
  const children = new Map<string, number[]>();
  codes.forEach((c, row) => {
    if (c.length === 10 && !seen.has(c.slice(0, 8))) {
      const list = children.get(c.slice(0, 8)) ?? [];
      list.push(row);
      children.set(c.slice(0, 8), list);
    }
  });
  const lines: [string, number][] = [];
  codes.forEach((c, row) => {
    if (c.length === 8 || c.length === 10) lines.push([c, row]);
  });
  for (const [parent, rows] of children) if (rows.length === 1) lines.push([parent, rows[0]!]);
  lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

  return {
    ...info,
    strings,
    code: codes.map((c) => c.padEnd(W, ' ')).join(''),
    indent: Uint8Array.from(indent),
    description: Uint32Array.from(cols.description),
    general: Uint32Array.from(cols.general),
    special: Uint32Array.from(cols.special),
    other: Uint32Array.from(cols.other),
    units: Uint32Array.from(cols.units),
    notes: Uint32Array.from(cols.notes),
    lines: lines.map(([c]) => c.padEnd(W, ' ')).join(''),
    lineRow: Uint32Array.from(lines.map(([, row]) => row)),
  };
}

/** Little-endian bytes of a typed array as base64 (the machines that run accord are little-endian). */
function b64(a: Uint8Array | Uint32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function u32(text: string, n: number, file: string): Uint32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== n * 4)
    throw new AccordError('hts-index-unreadable', `${file}: a column has the wrong length`);
  // A copy: base64 decoding may leave the bytes unaligned for a Uint32Array view.
  const out = new Uint32Array(n);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** The index as Brotli-compressed JSON: the same bytes for the same export (no timestamps, fixed settings). */
export function serializeHtsIndex(data: HtsIndexData): Buffer {
  const json = JSON.stringify({
    format: HTS_INDEX_FORMAT,
    label: data.label,
    effective: data.effective,
    source: data.source,
    rows: data.indent.length,
    strings: data.strings.join(SEP),
    code: data.code,
    indent: b64(data.indent),
    ...Object.fromEntries(COLUMNS.map((c) => [c, b64(data[c])])),
    lines: data.lines,
    lineRow: b64(data.lineRow),
  });
  return brotliCompressSync(Buffer.from(`${json}\n`), {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 9,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
    },
  });
}

/**
 * The index's JSON text, e.g. to compare two builds. An index is stored Brotli-compressed as written by
 * {@link serializeHtsIndex} (revisions a user installs: smallest), gzip-compressed (the shipped revision, which
 * every cold `accord duty` reads: inflating it takes about a fifth of the time Brotli takes, for a file 20%
 * larger), or as plain JSON. Gzip starts with 1f 8b and plain JSON with `{`; a Brotli stream starting with
 * either would be an empty one or use reserved window bits, which no index is.
 */
export function htsIndexJson(bytes: Buffer): string {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes).toString('utf8');
  return (bytes[0] === 0x7b ? bytes : brotliDecompressSync(bytes)).toString('utf8');
}

/** Read an index written by {@link serializeHtsIndex}; `file` names it in messages. */
export function readHtsIndex(bytes: Buffer, file: string): HtsIndexData {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(htsIndexJson(bytes)) as Record<string, unknown>;
  } catch (error) {
    throw new AccordError(
      'hts-index-unreadable',
      `${file} is not an accord HTS index: ${(error as Error).message}`,
    );
  }
  if (raw?.format !== HTS_INDEX_FORMAT) {
    throw new AccordError(
      'hts-index-format',
      `${file} is not an accord HTS index of format ${HTS_INDEX_FORMAT}; install the revision again with accord data import-hts`,
    );
  }
  const n = raw.rows as number;
  const lines = raw.lines as string;
  const indent = new Uint8Array(Buffer.from(raw.indent as string, 'base64'));
  if (indent.length !== n || (raw.code as string).length !== n * W)
    throw new AccordError('hts-index-unreadable', `${file}: a column has the wrong length`);
  return {
    label: raw.label as string,
    effective: raw.effective as string,
    source: raw.source as HtsRevisionInfo['source'],
    strings: (raw.strings as string).split(SEP),
    code: raw.code as string,
    indent,
    description: u32(raw.description as string, n, file),
    general: u32(raw.general as string, n, file),
    special: u32(raw.special as string, n, file),
    other: u32(raw.other as string, n, file),
    units: u32(raw.units as string, n, file),
    notes: u32(raw.notes as string, n, file),
    lines,
    lineRow: u32(raw.lineRow as string, lines.length / W, file),
  };
}

/** SHA-256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A USITC export's bytes as JSON text: gunzipped when gzip-compressed (`.json.gz`). */
export function exportText(bytes: Buffer): string {
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}
