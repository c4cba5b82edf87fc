/**
 * @module tariff/hts
 * The HTS table: rows of the official USITC HTS JSON export (`htsno`, `indent`, `description`, `general`,
 * `special`, `other`, `units`, `footnotes` …). accord ships an extract (`data/tariff/hts-extract.json`) and
 * reads the full official file through `--hts-file`. A line's column-1 rate is the first non-empty
 * `general` on the code or its 8-digit parent, as the export leaves statistical suffixes blank.
 */
import { readFileSync } from 'node:fs';
import { AccordError, type Problem } from '../_lib/problem.js';
import { quoteInput } from '../_lib/words.js';
import { formatHts, htsDigits } from './hts-code.js';
import { parseRateText, type RateText } from './rate-text.js';

/** One HTS line with what the engine needs. */
export interface HtsLine {
  /** Digits, 8 or 10. */
  code: string;
  description: string;
  general: string;
  special: string;
  other: string;
  /** Where the extract took the rate from (the `accord.source` field of shipped rows). */
  source?: string;
}

/** The result of looking a code up (shared between lookups of the same code: do not change it). */
export interface HtsLookup {
  readonly line: HtsLine;
  /** The column-1 rate that applies (from the line or its 8-digit parent). */
  readonly rate: RateText;
  /** The code whose `general` column gave the rate. */
  readonly rateFrom: string;
}

/** An HTS table read from a USITC JSON export. */
export class HtsTable {
  readonly #rows = new Map<string, HtsLine>();
  /** Lookups already resolved, by code digits: every explanation and bulk plan looks its line up again. */
  readonly #found = new Map<string, HtsLookup>();
  /** The file it was read from, for messages. */
  readonly file: string;

  constructor(lines: Iterable<HtsLine>, file: string) {
    this.file = file;
    for (const line of lines) this.#rows.set(line.code, line);
  }

  /** Number of lines with a code. */
  get size(): number {
    return this.#rows.size;
  }

  /** The line for a code (digits), without rate resolution. */
  get(code: string): HtsLine | undefined {
    return this.#rows.get(code);
  }

  /**
   * Resolve a code (any spelling) to its line and column-1 rate; throws a user error naming what to do when
   * the code is malformed, too short, or not in the table.
   */
  lookup(text: string): HtsLookup {
    const code = htsDigits(text);
    if (code === undefined) {
      throw new AccordError(
        'hts-invalid',
        `${quoteInput(text)} is not an HTS code: write 8 or 10 digits, e.g. 8703.23.01`,
        {
          exitCode: 1,
        },
      );
    }
    if (code.length < 8) {
      throw new AccordError(
        'hts-too-short',
        `${formatHts(code)} is a heading or subheading; duty is set on 8- or 10-digit lines (e.g. ${formatHts(code.padEnd(8, '0'))})`,
      );
    }
    const known = this.#found.get(code);
    if (known) return known;
    const line = this.#rows.get(code) ?? this.#rows.get(code.slice(0, 8));
    if (!line) {
      throw new AccordError(
        'hts-unknown',
        `HTS ${formatHts(code)} is not in ${this.file}; pass its column-1 rate with --mfn RATE (e.g. --mfn 2.5%) or point --hts-file at the full USITC HTS JSON export`,
      );
    }
    for (const candidate of [code, code.slice(0, 8)]) {
      const row = this.#rows.get(candidate);
      if (!row || row.general.trim() === '') continue;
      const rate = parseRateText(row.general);
      if (!rate) {
        throw new AccordError(
          'hts-rate-unreadable',
          `the column-1 rate "${row.general}" of HTS ${formatHts(candidate)} in ${this.file} is not a rate accord can compute; pass it with --mfn`,
        );
      }
      const found = { line, rate, rateFrom: candidate };
      this.#found.set(code, found);
      return found;
    }
    throw new AccordError(
      'hts-no-rate',
      `HTS ${formatHts(code)} in ${this.file} has no column-1 rate on its line or 8-digit parent; pass it with --mfn RATE`,
    );
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Parse a USITC HTS JSON export (an array of row objects). Rows without an `htsno` are headers and skipped;
 * a row that is not an object, or an `htsno` that is not an HTS code, is reported with its JSON pointer.
 */
export function parseHtsJson(content: string, file: string): HtsTable {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw new AccordError('hts-json-syntax', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) {
    throw new AccordError(
      'hts-json-shape',
      `${file} must be the USITC export: a JSON array of rows with "htsno"`,
    );
  }
  const problems: Problem[] = [];
  const lines: HtsLine[] = [];
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
    if (htsno === '') return;
    const code = htsDigits(htsno);
    if (code === undefined) {
      problems.push({
        code: 'hts-row-code',
        message: `${quoteInput(htsno)} is not an HTS number`,
        where: { file, pointer: `/${index}/htsno` },
      });
      return;
    }
    const accord = r.accord as { source?: unknown } | undefined;
    const source = typeof accord?.source === 'string' ? accord.source : undefined;
    lines.push({
      code,
      description: text(r.description),
      general: text(r.general),
      special: text(r.special),
      other: text(r.other),
      ...(source ? { source } : {}),
    });
  });
  if (problems.length > 0) {
    throw new AccordError('hts-invalid-file', `${file} has ${problems.length} bad row(s)`, { problems });
  }
  return new HtsTable(lines, file);
}

/** Read a USITC HTS JSON export from disk; a missing file is a user error. */
export function loadHtsFile(path: string): HtsTable {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AccordError('hts-file-unreadable', `cannot read HTS file ${path}: ${(error as Error).message}`);
  }
  return parseHtsJson(content, path);
}
