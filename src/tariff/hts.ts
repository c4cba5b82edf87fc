/**
 * @module tariff/hts
 * The Harmonized Tariff Schedule as the engine reads it: one revision's lines ({@link HtsTable}, over the
 * compact index of a USITC HTS JSON export) and the revisions in force over time ({@link HtsSchedule}).
 *
 * A code exists when the revision has a row for it, or — for an 8-digit rate line without statistical
 * suffixes, which the export writes only as its 10-digit line (`7207.11.00.00`) — when that single 10-digit
 * line exists. A line's column-1 rate is the `general` text of the line or of its 8-digit parent. A code that
 * is not in the revision is refused with the nearest codes that are; Chapter 99 numbers (the additional
 * duties accord files itself) are refused with what to give instead.
 */
import { basename } from 'node:path';
import type { IsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import type { DataSource } from '../_lib/read-file.js';
import { quoteInput } from '../_lib/words.js';
import { formatHts, htsDigits } from './hts-code.js';
import {
  buildHtsIndex,
  exportText,
  type HtsIndex,
  type HtsIndexData,
  type HtsRevisionInfo,
  type HtsRows,
  indexOfRevision,
  sha256,
} from './hts-index.js';
import { parseRateText, type RateText } from './rate-text.js';

/** One HTS line with what the engine needs. */
export interface HtsLine {
  /** Digits, 8 or 10. */
  code: string;
  /** The line's own description; for a generic one ("Other"), with its parent's in front. */
  description: string;
  general: string;
  special: string;
  /** Column 2. */
  other: string;
  /** Reporting units (`kg`, `No.`, `doz.` …). */
  units: string[];
}

/** The result of looking a code up (shared between lookups of the same code: do not change it). */
export interface HtsLookup {
  readonly line: HtsLine;
  /** The column-1 text that applies (from the line or its 8-digit parent). */
  readonly general: string;
  /** The parsed rate; undefined when the text sets the rate by reference ("The rate applicable to …"). */
  readonly rate: RateText | undefined;
  /** The code whose `general` column gave the rate. */
  readonly rateFrom: string;
}

/** How many nearest codes a message suggests. */
const SUGGESTIONS = 5;
/** Width of a code in the index's fixed-width columns. */
const W = 10;

/** A code's digits as a number of ten digits (an 8-digit line is its 10-digit `00` line): for distances. */
function tenDigitNumber(code: string): number {
  return Number(code) * 10 ** (10 - code.length);
}

/** One chapter of a revision as the table reads it: its rows, and how many 8- and 10-digit lines it has. */
interface Chapter {
  rows: HtsRows;
  lineCount: number;
}

/** One revision of the HTS, reading each chapter of its index when a code of that chapter is first asked about. */
export class HtsTable {
  readonly #index: HtsIndex;
  readonly #chapters = new Map<string, Chapter | null>();
  readonly #found = new Map<string, HtsLookup>();
  #codes: string[] | undefined;
  /** Codes as a suggestion lists them (`8703.23.01 (description)`): a bulk file of unknown codes repeats them. */
  readonly #listed = new Map<string, string>();
  /** The revision, as messages name it (`HTS 2026 Revision 10`). */
  readonly name: string;
  /** The revision's label, effective date and source. */
  readonly revision: HtsRevisionInfo;

  constructor(index: HtsIndex, name = `HTS ${index.label}`) {
    this.#index = index;
    this.name = name;
    this.revision = { label: index.label, effective: index.effective, source: index.source };
  }

  /** The whole revision, when the table was read from an export (what installing it writes). */
  get whole(): HtsIndexData | undefined {
    return this.#index.whole;
  }

  /** Number of 8- and 10-digit lines. */
  get size(): number {
    return this.#index.lineCount;
  }

  /** Read every chapter now rather than on first use: for a process that times its work after set-up. */
  loadAll(): this {
    for (const c of this.#index.chapters) this.#chapter(c);
    return this;
  }

  /** A chapter (two digits) of the revision, or undefined when it has none. */
  #chapter(chapter: string): Chapter | undefined {
    let found = this.#chapters.get(chapter);
    if (found === undefined) {
      const rows = this.#index.chapter(chapter);
      found = rows ? { rows, lineCount: rows.lines.length / W } : null;
      this.#chapters.set(chapter, found);
    }
    return found ?? undefined;
  }

  #text(c: Chapter, column: Uint32Array, row: number): string {
    return c.rows.strings[column[row]!]!;
  }

  /** The code at position i of a chapter's sorted lines. */
  #lineAt(c: Chapter, i: number): string {
    return c.rows.lines.slice(i * W, i * W + W).trimEnd();
  }

  /**
   * The line at position i of a chapter against `key` (at most 10 characters): negative, zero or positive, as
   * comparing the line's text with it would be. Read in place: the lines are padded with spaces, which sort before
   * every character of a key, so a shorter line sorts first as a shorter string does. A bulk file of new codes
   * makes a few hundred thousand of these comparisons; slicing each line out was most of their cost.
   */
  #compareAt(c: Chapter, i: number, key: string): number {
    const lines = c.rows.lines;
    const at = i * W;
    for (let k = 0; k < W; k++) {
      const d = lines.charCodeAt(at + k) - (k < key.length ? key.charCodeAt(k) : 32);
      if (d !== 0) return d;
    }
    return 0;
  }

  /** Position of the first line of a chapter not below `key` (binary search over the fixed-width lines). */
  #lowerBound(c: Chapter, key: string): number {
    let lo = 0;
    let hi = c.lineCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#compareAt(c, mid, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The chapter and row of a line (digits, 8 or 10), or undefined. */
  #row(code: string): { c: Chapter; row: number } | undefined {
    if (code.length !== 8 && code.length !== 10) return undefined;
    const c = this.#chapter(code.slice(0, 2));
    if (!c) return undefined;
    const i = this.#lowerBound(c, code);
    return i < c.lineCount && this.#compareAt(c, i, code) === 0 ? { c, row: c.rows.lineRow[i]! } : undefined;
  }

  /** True when the code (digits, 8 or 10) is a line of this revision. */
  has(code: string): boolean {
    return this.#row(code) !== undefined;
  }

  /** The description of a row, with its parent's in front when it is generic ("Other"). */
  #describe(c: Chapter, row: number): string {
    const own = this.#text(c, c.rows.description, row);
    if (!/^other\b/i.test(own) || own.length > 40) return own;
    const indent = c.rows.indent;
    // A chapter opens with its heading at the lowest indentation, so a parent is always in the same chapter.
    for (let i = row - 1; i >= 0; i--) {
      if (indent[i]! < indent[row]!) {
        const parent = this.#text(c, c.rows.description, i).replace(/:$/, '');
        return parent === '' ? own : `${parent}: ${own}`;
      }
    }
    return own;
  }

  /** The line for a code (digits), without rate resolution. */
  get(code: string): HtsLine | undefined {
    const at = this.#row(code);
    if (at === undefined) return undefined;
    const { c, row } = at;
    const units = this.#text(c, c.rows.units, row);
    return {
      code,
      description: this.#describe(c, row),
      general: this.#text(c, c.rows.general, row),
      special: this.#text(c, c.rows.special, row),
      other: this.#text(c, c.rows.other, row),
      units: units === '' ? [] : units.split('|'),
    };
  }

  /** Every 8- and 10-digit line of the revision, in code order. */
  codes(): string[] {
    if (!this.#codes) {
      const out: string[] = [];
      for (const chapter of this.#index.chapters) {
        const c = this.#chapter(chapter)!;
        for (let i = 0; i < c.lineCount; i++) out.push(this.#lineAt(c, i));
      }
      this.#codes = out;
    }
    return this.#codes;
  }

  /**
   * The codes nearest an unknown one: those sharing the longest leading digits with it, of its length
   * first, closest in number. Only codes of its chapter share two digits or more with it.
   */
  nearest(code: string, count = SUGGESTIONS): string[] {
    const c = code.length >= 2 ? this.#chapter(code.slice(0, 2)) : undefined;
    if (!c) return [];
    const at = this.#lowerBound(c, code);
    const target = tenDigitNumber(code);
    for (let len = Math.min(code.length, 8); len >= 2; len -= 2) {
      const prefix = code.slice(0, len);
      // Sorted codes: those starting with the prefix are one run around where the code would be.
      const lo = this.#lowerBound(c, prefix);
      const hi = this.#lowerBound(c, `${prefix}:`); // ':' sorts after every digit
      if (lo === hi) continue;
      // Lines of the code's length first, then the others; each group closest first (a tie: the lower code).
      // Code order is numeric order (an 8-digit line is its 10-digit `00` line), so each group is taken by
      // walking out from where the code would be, within a window of 4 × count lines either side.
      const from = Math.max(lo, at - 4 * count);
      const to = Math.min(hi, at + 4 * count);
      const near: string[] = [];
      for (const sameLength of [true, false]) {
        const wanted = (i: number) => (this.#lineAt(c, i).length === code.length) === sameLength;
        let left = at - 1;
        let right = at;
        while (near.length < count) {
          while (left >= from && !wanted(left)) left--;
          while (right < to && !wanted(right)) right++;
          if (left < from && right >= to) break;
          const takeLeft =
            right >= to ||
            (left >= from &&
              target - tenDigitNumber(this.#lineAt(c, left)) <=
                tenDigitNumber(this.#lineAt(c, right)) - target);
          near.push(this.#lineAt(c, takeLeft ? left-- : right++));
        }
      }
      return near;
    }
    return [];
  }

  /** The 8-digit lines under a heading or subheading (digits). */
  #under(prefix: string): string[] {
    const c = prefix.length >= 2 ? this.#chapter(prefix.slice(0, 2)) : undefined;
    const out: string[] = [];
    if (!c) return out;
    for (let i = this.#lowerBound(c, prefix); i < c.lineCount; i++) {
      const line = this.#lineAt(c, i);
      if (!line.startsWith(prefix)) break;
      if (line.length === 8) out.push(line);
    }
    return out;
  }

  /** `8703.23.01 (Of a cylinder capacity …)` for each code. */
  #list(codes: readonly string[]): string {
    let out = '';
    for (const c of codes) {
      let item = this.#listed.get(c);
      if (item === undefined) {
        const d = this.get(c)?.description ?? '';
        item = `${formatHts(c)} (${d.length > 60 ? `${d.slice(0, 57)}…` : d})`;
        // Bounded by the revision's lines (about 35,000).
        this.#listed.set(c, item);
      }
      out += out === '' ? item : `; ${item}`;
    }
    return out;
  }

  /**
   * The digits of a code that is a line of this revision; throws a user error that says what to give
   * otherwise (a malformed code, a heading, a Chapter 99 number, or a code the revision does not have, with
   * the nearest ones it does, followed by `unknownHint` when given).
   */
  find(text: string, unknownHint?: string): string {
    const code = htsDigits(text);
    if (code === undefined) {
      throw new AccordError(
        'hts-invalid',
        `${quoteInput(text)} is not an HTS code: write 8 or 10 digits, e.g. 8703.23.01`,
        { exitCode: 1 },
      );
    }
    if (code.startsWith('99')) {
      throw new AccordError(
        'hts-chapter-99',
        `${formatHts(code)} is a Chapter 99 number (an additional duty or its exemption): accord decides those from the goods' own classification; give the 8- or 10-digit chapter 1–98 code`,
      );
    }
    if (code.length < 8) {
      const under = this.#under(code);
      throw new AccordError(
        'hts-too-short',
        `${formatHts(code)} is a heading or subheading; duty is set on 8- or 10-digit lines${under.length > 0 ? `: ${this.#list(under.slice(0, SUGGESTIONS))}${under.length > SUGGESTIONS ? ` and ${under.length - SUGGESTIONS} more` : ''}` : ` (e.g. ${formatHts(code.padEnd(8, '0'))})`}`,
      );
    }
    if (!this.has(code)) {
      const near = this.nearest(code);
      throw new AccordError(
        'hts-unknown',
        `HTS ${formatHts(code)} is not a line of the ${this.name}${near.length > 0 ? `; nearest: ${this.#list(near)}` : ''}${unknownHint ? `. ${unknownHint}` : ''}`,
      );
    }
    return code;
  }

  /**
   * Resolve a code (any spelling) to its line and column-1 rate; throws as {@link find} does, and when the
   * line's column 1 sets the rate by reference (the caller asks for --mfn).
   */
  lookup(text: string): HtsLookup {
    const known = this.#found.get(text);
    if (known) return known;
    const code = this.find(text);
    const cached = this.#found.get(code);
    if (cached) return cached;
    const line = this.get(code)!;
    let general = line.general;
    let rateFrom = code;
    if (general === '' && code.length === 10) {
      const parent = this.get(code.slice(0, 8));
      if (parent && parent.general !== '') {
        general = parent.general;
        rateFrom = code.slice(0, 8);
      }
    }
    if (general === '') {
      throw new AccordError(
        'hts-no-rate',
        `HTS ${formatHts(code)} in the ${this.name} has no column-1 rate on its line or 8-digit parent; pass it with --mfn RATE`,
      );
    }
    const found: HtsLookup = { line, general, rate: parseRateText(general), rateFrom };
    this.#found.set(code, found);
    if (this.#found.size < 100_000) this.#found.set(text, found);
    return found;
  }
}

/** A revision of the schedule, loaded when first needed. */
export interface HtsRevision {
  label: string;
  /** First entry date it applies to. */
  effective: IsoDate;
  /** Where it comes from, for messages: shipped with accord, installed, or given with --hts-file. */
  origin: 'shipped' | 'installed' | 'file';
  load(): HtsTable;
}

/** The table in force on a date, and the note to show when it is a stand-in for a revision not installed. */
export interface HtsOnDate {
  table: HtsTable;
  revision: HtsRevision;
  /** Set when no installed revision was in force on the date and the earliest one stands in for it. */
  note?: string;
}

/** The revisions of the HTS in force one after another; each applies from its effective date. */
export class HtsSchedule {
  readonly revisions: readonly HtsRevision[];
  readonly #tables = new Map<HtsRevision, HtsTable>();

  constructor(revisions: readonly HtsRevision[]) {
    if (revisions.length === 0) throw new Error('an HTS schedule needs at least one revision');
    this.revisions = [...revisions].sort((a, b) =>
      a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : 0,
    );
  }

  /** A schedule of one table, used on every date (`--hts-file`, tests). */
  static of(table: HtsTable, origin: HtsRevision['origin'] = 'file'): HtsSchedule {
    return new HtsSchedule([
      { label: table.revision.label, effective: '0000-01-01' as IsoDate, origin, load: () => table },
    ]);
  }

  #table(revision: HtsRevision): HtsTable {
    let table = this.#tables.get(revision);
    if (!table) {
      table = revision.load();
      this.#tables.set(revision, table);
    }
    return table;
  }

  /** The revision in force on a date (the last one effective on or before it; before all, the first). */
  revisionOn(date: IsoDate): HtsRevision {
    let found = this.revisions[0]!;
    for (const r of this.revisions) if (r.effective <= date) found = r;
    return found;
  }

  /** The table in force on a date. */
  tableOn(date: IsoDate): HtsOnDate {
    const revision = this.revisionOn(date);
    const table = this.#table(revision);
    if (date >= revision.effective || revision.origin === 'file') return { table, revision };
    return {
      table,
      revision,
      note: `the HTS revision in force on ${date} is not installed: codes and column-1 rates are those of ${revision.label} (in force from ${revision.effective}), the earliest installed; add the revision then in force with accord data import-hts`,
    };
  }

  /**
   * True when some installed revision has the code (digits) as a line. A code none has is refused on every
   * date, whatever the layers: bulk assessment sends it straight to the refusal instead of narrowing the rule
   * base to it.
   */
  anyRevisionHas(code: string): boolean {
    return this.revisions.some((r) => this.#table(r).has(code));
  }

  /**
   * Load every revision's table, every chapter of it, now rather than on first use (a whole revision is some
   * tens of milliseconds to read): for a process that times its work after set-up, as the benchmarks do.
   */
  loadAll(): this {
    for (const r of this.revisions) this.#table(r).loadAll();
    return this;
  }

  /** The newest revision's table. */
  latest(): HtsTable {
    return this.#table(this.revisions[this.revisions.length - 1]!);
  }

  /** The dates on which a later revision takes over (bulk assessment cuts its eras there). */
  changeDates(): IsoDate[] {
    return this.revisions.slice(1).map((r) => r.effective);
  }
}

/** `2026 Revision 10` from a file name like `hts_2026_rev_10.json.gz`; undefined when it does not say. */
export function revisionLabelOf(file: string): string | undefined {
  const name = basename(file).toLowerCase();
  const rev = /(20\d\d)[_ -]?(?:rev(?:ision)?)[_ -]?(\d{1,2})\b/.exec(name);
  if (rev) return `${rev[1]} Revision ${Number(rev[2])}`;
  const basic = /(20\d\d)[_ -]?basic/.exec(name);
  if (basic) return `${basic[1]} Basic Edition`;
  return undefined;
}

/**
 * Parse a USITC HTS JSON export (text) into a table (named `name` in messages). Rows without an `htsno` are
 * headers; bad rows are reported with their JSON pointers.
 */
export function parseHtsJson(
  content: string,
  file: string,
  info?: Partial<HtsRevisionInfo>,
  name?: string,
): HtsTable {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw new AccordError('hts-json-syntax', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const index = buildHtsIndex(
    data,
    {
      label: info?.label ?? revisionLabelOf(file) ?? `in ${basename(file)}`,
      effective: info?.effective ?? '0000-01-01',
      source: {
        file: info?.source?.file ?? basename(file),
        sha256: info?.source?.sha256 ?? '',
        rows: Array.isArray(data) ? data.length : 0,
      },
    },
    file,
  );
  return new HtsTable(indexOfRevision(index), name ?? `HTS ${index.label}`);
}

/** A Buffer over the same memory as `bytes` (no copy), for the readers that decode it. */
export function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Read a USITC HTS JSON export (`.json`, or `.json.gz`) from `source`; a missing file is a user error. */
export function loadHtsFile(path: string, source: DataSource): HtsTable {
  let bytes: Buffer;
  try {
    bytes = bufferOf(source.readBytes(path));
  } catch (error) {
    throw new AccordError('hts-file-unreadable', `cannot read HTS file ${path}: ${(error as Error).message}`);
  }
  let content: string;
  try {
    content = exportText(bytes);
  } catch (error) {
    throw new AccordError('hts-file-unreadable', `cannot read HTS file ${path}: ${(error as Error).message}`);
  }
  return parseHtsJson(
    content,
    path,
    { source: { file: basename(path), sha256: sha256(bytes), rows: 0 } },
    `HTS in ${path}`,
  );
}
