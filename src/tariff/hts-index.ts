/**
 * @module tariff/hts-index
 * The compact index of one HTS revision: what the engine needs from the USITC HTS JSON export (13 MB, 35,509
 * rows for 2026 Revision 10), in columns, with every repeated text (rates, units, "Other") stored once. It is
 * built once per revision, when the revision is installed (`accord data import-hts`, or for the shipped
 * revision when it was added to `data/tariff/hts/`); a test rebuilds the shipped index from the shipped
 * export and compares them, so the two cannot drift.
 *
 * On disk (format `accord-hts-index/3`) it is one line of JSON naming the revision and its chapters, each with
 * its number of rows and lines and the length of its part, followed by one gzip member per chapter. A part is
 * that chapter's rows alone, as JSON whose columns are a handful of long strings (fixed-width codes, base64
 * integer columns, the texts joined), written as ASCII (`\u` escapes) so that it decodes as Latin-1. A duty
 * question reads the line of one chapter: reading the part it needs takes well under a millisecond, against
 * some 35 ms to inflate, decode and parse the whole revision (3.6 MB), which accord did on every cold start
 * until format 3. Rows keep the export's order (headings before their lines, indentation giving the
 * hierarchy), header rows ("Other:") included, so descriptions can be read in context; a header row belongs to
 * the chapter of the line that follows it.
 */

import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AccordError, type Problem } from '../_lib/problem.js';
import { quoteInput } from '../_lib/words.js';
import { htsDigits } from './hts-code.js';

/** The index format's name and version (a reader refuses anything else). */
export const HTS_INDEX_FORMAT = 'accord-hts-index/3';

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

/** Rows in columns (a whole revision, or one chapter of it); each text column holds ids into `strings`. */
export interface HtsRows {
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

/** One whole revision, as built from its export. */
export interface HtsIndexData extends HtsRevisionInfo, HtsRows {}

/** One chapter of a revision (two digits, `87`) and its rows, numbered from 0. */
export interface HtsChapter {
  chapter: string;
  rows: HtsRows;
}

/**
 * A revision's index as the table reads it: its chapters, each decoded when first asked for. Made from an
 * index file ({@link readHtsIndex}) or from a whole revision in memory ({@link indexOfRevision}).
 */
export interface HtsIndex extends HtsRevisionInfo {
  /** Number of 8- and 10-digit lines of the whole revision. */
  lineCount: number;
  /** The chapters that have rows, in code order. */
  chapters: readonly string[];
  /** The rows of a chapter (two digits); undefined for a chapter with no rows (`77` is reserved). */
  chapter(chapter: string): HtsRows | undefined;
  /** The whole revision, when the index was made from it (an export being installed): what is written. */
  whole?: HtsIndexData;
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

/** A column decoded from base64, or undefined when it does not hold `n` values. */
function u32(text: unknown, n: number): Uint32Array | undefined {
  if (typeof text !== 'string') return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== n * 4) return undefined;
  // A copy: base64 decoding may leave the bytes unaligned for a Uint32Array view.
  const out = new Uint32Array(n);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Some rows of a revision (row numbers, ascending), with their own texts and `lines`, numbered from 0. */
function pickRows(data: HtsRows, rows: readonly number[], lines: readonly [string, number][]): HtsRows {
  const ids = new Map<number, number>();
  const strings: string[] = [];
  const local = (id: number): number => {
    let n = ids.get(id);
    if (n === undefined) {
      n = strings.push(data.strings[id]!) - 1;
      ids.set(id, n);
    }
    return n;
  };
  local(0); // '' first, as in a whole revision
  const place = new Map<number, number>(rows.map((row, i) => [row, i]));
  const column = (c: Uint32Array) => Uint32Array.from(rows, (row) => local(c[row]!));
  return {
    strings,
    code: rows.map((row) => data.code.slice(row * W, row * W + W)).join(''),
    indent: Uint8Array.from(rows, (row) => data.indent[row]!),
    description: column(data.description),
    general: column(data.general),
    special: column(data.special),
    other: column(data.other),
    units: column(data.units),
    notes: column(data.notes),
    lines: lines.map(([c]) => c).join(''),
    lineRow: Uint32Array.from(lines, ([, row]) => place.get(row)!),
  };
}

/**
 * A revision's rows by chapter, in code order. A row's chapter is the first two digits of its number; a header
 * row (no number) takes the chapter of the next row that has one, since it heads the rows after it. USITC's
 * exports keep each chapter's rows together; in a file that does not, a chapter's rows keep their order.
 */
export function splitChapters(data: HtsRows): HtsChapter[] {
  const n = data.indent.length;
  const chapterOf: string[] = new Array(n);
  let next = '';
  for (let row = n - 1; row >= 0; row--) {
    const chapter = data.code.slice(row * W, row * W + 2);
    if (chapter !== '  ') next = chapter;
    chapterOf[row] = next;
  }
  // Header rows after the last numbered row (none in USITC's exports) stay with the last chapter.
  for (let row = 1; row < n; row++) if (chapterOf[row] === '') chapterOf[row] = chapterOf[row - 1]!;
  const rowsOf = new Map<string, number[]>();
  for (let row = 0; row < n; row++) {
    const list = rowsOf.get(chapterOf[row]!);
    if (list) list.push(row);
    else rowsOf.set(chapterOf[row]!, [row]);
  }
  const linesOf = new Map<string, [string, number][]>();
  for (let i = 0; i < data.lines.length / W; i++) {
    const line = data.lines.slice(i * W, i * W + W);
    const list = linesOf.get(line.slice(0, 2));
    if (list) list.push([line, data.lineRow[i]!]);
    else linesOf.set(line.slice(0, 2), [[line, data.lineRow[i]!]]);
  }
  return [...rowsOf.keys()]
    .sort()
    .map((chapter) => ({ chapter, rows: pickRows(data, rowsOf.get(chapter)!, linesOf.get(chapter) ?? []) }));
}

/** JSON text as ASCII: every other character as its `\u` escape (JSON.stringify leaves them as they are). */
function asciiJson(json: string): string {
  return json.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One chapter's part of the file, before compression. */
function rowsJson(rows: HtsRows): string {
  return asciiJson(
    JSON.stringify({
      strings: rows.strings.join(SEP),
      code: rows.code,
      indent: b64(rows.indent),
      ...Object.fromEntries(COLUMNS.map((c) => [c, b64(rows[c])])),
      lines: rows.lines,
      lineRow: b64(rows.lineRow),
    }),
  );
}

/** The file's first line: the revision and its chapters. */
interface IndexHeader {
  format: string;
  label: string;
  effective: string;
  source: HtsRevisionInfo['source'];
  rows: number;
  lines: number;
  /** In file order: chapter, its rows, its lines, the bytes of its part. */
  chapters: { chapter: string; rows: number; lines: number; bytes: number }[];
}

/** The index of a revision as stored: the same bytes for the same export (fixed settings, no timestamps). */
export function serializeHtsIndex(data: HtsIndexData): Buffer {
  const chapters = splitChapters(data);
  const parts = chapters.map(({ rows }) => gzipSync(Buffer.from(rowsJson(rows), 'latin1'), { level: 9 }));
  const header: IndexHeader = {
    format: HTS_INDEX_FORMAT,
    label: data.label,
    effective: data.effective,
    source: data.source,
    rows: data.indent.length,
    lines: data.lines.length / W,
    chapters: chapters.map(({ chapter, rows }, i) => ({
      chapter,
      rows: rows.indent.length,
      lines: rows.lines.length / W,
      bytes: parts[i]!.length,
    })),
  };
  return Buffer.concat([Buffer.from(`${asciiJson(JSON.stringify(header))}\n`, 'latin1'), ...parts]);
}

/** An index over a whole revision in memory (an export just read): its chapters split when first asked for. */
export function indexOfRevision(data: HtsIndexData): HtsIndex {
  let byChapter: Map<string, HtsRows> | undefined;
  const chapters = () => {
    byChapter ??= new Map(splitChapters(data).map((c) => [c.chapter, c.rows]));
    return byChapter;
  };
  return {
    label: data.label,
    effective: data.effective,
    source: data.source,
    lineCount: data.lines.length / W,
    get chapters() {
      return [...chapters().keys()];
    },
    chapter: (chapter) => chapters().get(chapter),
    whole: data,
  };
}

/** Bytes as text: Latin-1 when they are ASCII (as accord writes them; much the faster), else UTF-8. */
function textOf(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

function unreadable(file: string, why: string): AccordError {
  return new AccordError('hts-index-unreadable', `${file} is not a readable accord HTS index: ${why}`);
}

/** A count the header gives: a non-negative whole number. */
function isCount(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0;
}

/** What is wrong with a parsed header of the right format, or undefined: each field a reader relies on. */
function headerProblem(h: IndexHeader): string | undefined {
  if (typeof h.label !== 'string' || typeof h.effective !== 'string') return 'label or effective date';
  if (typeof h.source?.file !== 'string' || typeof h.source.sha256 !== 'string' || !isCount(h.source.rows))
    return 'source';
  if (!isCount(h.rows) || !isCount(h.lines) || !Array.isArray(h.chapters)) return 'counts';
  let lines = 0;
  let rows = 0;
  let previous = '';
  for (const c of h.chapters) {
    if (typeof c?.chapter !== 'string' || !/^\d\d$/.test(c.chapter) || c.chapter <= previous)
      return 'chapters out of order';
    if (!isCount(c.rows) || !isCount(c.lines) || !isCount(c.bytes)) return `chapter ${c.chapter}`;
    previous = c.chapter;
    lines += c.lines;
    rows += c.rows;
  }
  return lines === h.lines && rows === h.rows ? undefined : 'the chapters do not add up';
}

/** The header of an index file and where its parts start; `file` names it in messages. */
function readHeader(bytes: Buffer, file: string): { header: IndexHeader; start: number } {
  const end = bytes.indexOf(0x0a);
  let header: IndexHeader;
  try {
    if (bytes[0] !== 0x7b || end < 0) throw new Error('it does not start with a line of JSON');
    header = JSON.parse(textOf(bytes.subarray(0, end))) as IndexHeader;
  } catch (error) {
    // Formats 1 and 2 were one compressed JSON document: say what to do rather than that it is unreadable.
    throw new AccordError(
      'hts-index-format',
      `${file} is not an accord HTS index of format ${HTS_INDEX_FORMAT} (${(error as Error).message}); install the revision again with accord data import-hts`,
    );
  }
  if (header?.format !== HTS_INDEX_FORMAT) {
    throw new AccordError(
      'hts-index-format',
      `${file} is not an accord HTS index of format ${HTS_INDEX_FORMAT}; install the revision again with accord data import-hts`,
    );
  }
  const damaged = headerProblem(header);
  if (damaged) throw unreadable(file, `its first line is damaged (${damaged})`);
  const total = header.chapters.reduce((sum, c) => sum + c.bytes, 0);
  if (total !== bytes.length - end - 1)
    throw unreadable(
      file,
      `its chapters should take ${total} bytes after the first line, and ${bytes.length - end - 1} follow`,
    );
  return { header, start: end + 1 };
}

/** Decode one chapter's part, checking every column's length against the header. */
function readPart(part: Buffer, entry: IndexHeader['chapters'][number], file: string): HtsRows {
  const what = `chapter ${entry.chapter}`;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(textOf(gunzipSync(part))) as Record<string, unknown>;
  } catch (error) {
    throw unreadable(file, `${what}: ${(error as Error).message}`);
  }
  const n = entry.rows;
  const lines = raw?.lines;
  const code = raw?.code;
  const strings = raw?.strings;
  const indent = typeof raw?.indent === 'string' ? Buffer.from(raw.indent, 'base64') : undefined;
  const columns = COLUMNS.map((c) => u32(raw?.[c], n));
  const lineRow = u32(raw?.lineRow, entry.lines);
  if (
    typeof lines !== 'string' ||
    lines.length !== entry.lines * W ||
    typeof code !== 'string' ||
    code.length !== n * W ||
    typeof strings !== 'string' ||
    indent?.length !== n ||
    lineRow === undefined ||
    columns.some((c) => c === undefined)
  )
    throw unreadable(file, `${what}: a column has the wrong length`);
  const [description, general, special, other, units, notes] = columns as Uint32Array[];
  return {
    strings: strings.split(SEP),
    code,
    indent: new Uint8Array(indent),
    description: description!,
    general: general!,
    special: special!,
    other: other!,
    units: units!,
    notes: notes!,
    lines,
    lineRow,
  };
}

/** Read an index written by {@link serializeHtsIndex}: the header now, each chapter when first asked for. */
export function readHtsIndex(bytes: Buffer, file: string): HtsIndex {
  const { header, start } = readHeader(bytes, file);
  const where = new Map<string, { entry: IndexHeader['chapters'][number]; at: number }>();
  let at = start;
  for (const entry of header.chapters) {
    where.set(entry.chapter, { entry, at });
    at += entry.bytes;
  }
  const decoded = new Map<string, HtsRows>();
  return {
    label: header.label,
    effective: header.effective,
    source: header.source,
    lineCount: header.lines,
    chapters: header.chapters.map((c) => c.chapter),
    chapter(chapter) {
      let rows = decoded.get(chapter);
      if (!rows) {
        const found = where.get(chapter);
        if (!found) return undefined;
        rows = readPart(bytes.subarray(found.at, found.at + found.entry.bytes), found.entry, file);
        decoded.set(chapter, rows);
      }
      return rows;
    },
  };
}

/**
 * An index file's content as text, to compare two builds whatever zlib compressed them with: the header
 * without the parts' byte counts, then each chapter's JSON on its own line.
 */
export function htsIndexText(bytes: Buffer, file: string): string {
  const { header, start } = readHeader(bytes, file);
  let at = start;
  const parts = header.chapters.map((c) => {
    const text = gunzipSync(bytes.subarray(at, at + c.bytes)).toString('latin1');
    at += c.bytes;
    return text;
  });
  const chapters = header.chapters.map(({ bytes: _, ...rest }) => rest);
  return `${JSON.stringify({ ...header, chapters })}\n${parts.join('\n')}\n`;
}

/** SHA-256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A USITC export's bytes as JSON text: gunzipped when gzip-compressed (`.json.gz`). */
export function exportText(bytes: Buffer): string {
  return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
}
