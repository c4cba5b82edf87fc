/**
 * @module tariff/scope-lists
 * The product lists the rule base names ({@link Scopes}) and the CSV of official list rows a user adds to them.
 * Kept apart from the YAML parser of `scopes.yaml` (scopes.ts) so that the CLI, which loads the precompiled
 * rule base (shipped-rule-base.ts), does not load the YAML and schema libraries.
 */
import { readCsv } from '../_lib/csv.js';
import type { IsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import { quoteInput } from '../_lib/words.js';
import { htsDigits, type ScopeMatch } from './hts-code.js';

/** One named product list. */
export interface ScopeList {
  id: string;
  title: string;
  source: string;
  uncertain?: string;
  /** HTS prefixes as digits. */
  prefixes: string[];
  /**
   * For a dated part of a list (rows of a list file that took effect on a date, or were removed on one): the
   * list it is part of and the entry dates its rows hold (`until` exclusive). Exemption interactions naming
   * the list are compiled into one interaction per dated part ({@link Scopes.parts}).
   */
  partOf?: string;
  from?: IsoDate;
  until?: IsoDate;
}

/**
 * Which lists hold a code: `full` the ids of the lists with a prefix the code starts with, `partial` those
 * with only longer prefixes under it.
 */
interface CodeHits {
  full: Set<string>;
  partial: Set<string>;
  /**
   * Answers of {@link Scopes.match} for this code, by the list-id array asked about. Callers pass a layer's or an
   * interaction's own array, so the same few arrays come back for every era and origin a bulk file assesses the
   * code on; remembering them keeps the engine from rebuilding the same answer (and its arrays) each time.
   */
  answers?: Map<readonly string[], ScopeHit>;
}

const NO_HITS: CodeHits = { full: new Set(), partial: new Set() };

/** Codes whose hits are remembered (a bulk file narrows the rule base to one code many times in a row). */
const HITS_KEPT = 4096;
/** Answers of `match` remembered per code (a rule base's layers and interactions name a few hundred list arrays). */
const ANSWERS_KEPT = 1024;

/** The outcome of matching a code against a set of lists. */
export interface ScopeHit {
  readonly match: ScopeMatch;
  /** The lists that matched (fully, or partially when `match` is partial). */
  readonly lists: readonly ScopeList[];
  /** For a partial match: the longer prefixes the code would need. */
  readonly narrower: readonly string[];
}

/** The answer for a code no list holds: one object, since most of a rule base's lists miss most codes. */
export const NO_SCOPE_HIT: ScopeHit = Object.freeze({
  match: 'no',
  lists: Object.freeze([]),
  narrower: Object.freeze([]),
});

/** Add a list's id under a key; lists are indexed one at a time, so a prefix a list repeats is one entry. */
function addId(index: Map<string, string[]>, key: string, id: string): void {
  const ids = index.get(key);
  if (!ids) index.set(key, [id]);
  else if (ids[ids.length - 1] !== id) ids.push(id);
}

/** All product lists, by id. */
export class Scopes {
  readonly #lists = new Map<string, ScopeList>();
  /**
   * One index of every list, made on first use (prefix → ids of the lists holding it; per code length, shorter
   * code → ids of the lists with longer prefixes under it). A code is looked up once, in at most five slices,
   * instead of once per list per layer: the rule base names a few hundred lists, and a file of many distinct
   * codes narrows it once per code.
   */
  #byPrefix: Map<string, string[]> | undefined;
  readonly #byShorter = new Map<number, Map<string, string[]>>();
  readonly #hits = new Map<string, CodeHits>();
  readonly #parts = new Map<string, ScopeList[]>();

  constructor(lists: Iterable<ScopeList>) {
    for (const list of lists) {
      this.#lists.set(list.id, list);
      if (list.partOf !== undefined) {
        const parts = this.#parts.get(list.partOf) ?? [];
        parts.push(list);
        this.#parts.set(list.partOf, parts);
      }
    }
  }

  /** The dated parts of a list (empty when all its rows hold on every date). */
  parts(id: string): ScopeList[] {
    return this.#parts.get(id) ?? [];
  }

  /** Prefix → ids of the lists holding it, made on first use. */
  #prefixIndex(): Map<string, string[]> {
    if (!this.#byPrefix) {
      const byPrefix = new Map<string, string[]>();
      for (const list of this.#lists.values()) {
        for (const p of list.prefixes) {
          addId(byPrefix, p, list.id);
        }
      }
      this.#byPrefix = byPrefix;
    }
    return this.#byPrefix;
  }

  /**
   * Codes of one length → ids of the lists holding longer prefixes under them, made on first use for that length:
   * a 10-digit code never needs it, and one `accord duty` line needs one length only.
   */
  #shorterIndex(length: number): Map<string, string[]> {
    let byShorter = this.#byShorter.get(length);
    if (!byShorter) {
      byShorter = new Map();
      for (const list of this.#lists.values()) {
        for (const p of list.prefixes) {
          if (p.length <= length) continue;
          addId(byShorter, p.slice(0, length), list.id);
        }
      }
      this.#byShorter.set(length, byShorter);
    }
    return byShorter;
  }

  /** The lists that hold a code (digits), remembered for the last few thousand codes. */
  #hitsOf(code: string): CodeHits {
    let hits = this.#hits.get(code);
    if (hits) return hits;
    const byPrefix = this.#prefixIndex();
    let full: Set<string> | undefined;
    // Even lengths only, as every prefix is written (chapter, heading, subheading, 8 and 10 digits).
    for (let len = 2; len <= code.length; len += 2) {
      const ids = byPrefix.get(code.slice(0, len));
      if (ids) {
        full ??= new Set();
        for (const id of ids) full.add(id);
      }
    }
    // Partly held only by a list with a longer prefix under the code: never for 10 digits (the longest line) or
    // for a code of odd length (prefixes are cut at even lengths).
    const shorter =
      code.length % 2 === 0 && code.length < 10 ? this.#shorterIndex(code.length).get(code) : undefined;
    hits =
      full === undefined && shorter === undefined
        ? NO_HITS
        : { full: full ?? NO_HITS.full, partial: shorter ? new Set(shorter) : NO_HITS.partial };
    if (this.#hits.size >= HITS_KEPT) this.#hits.clear();
    this.#hits.set(code, hits);
    return hits;
  }

  /** The list with this id. */
  get(id: string): ScopeList | undefined {
    return this.#lists.get(id);
  }

  /** Ids of all lists. */
  ids(): string[] {
    return [...this.#lists.keys()];
  }

  /** The ids of the lists with a prefix the code (digits) starts with. */
  holding(code: string): ReadonlySet<string> {
    return this.#hitsOf(code).full;
  }

  /**
   * The ids of the lists that {@link match} would not answer `no` for: those holding the code and those with
   * only longer prefixes under it.
   */
  touching(code: string): { readonly full: ReadonlySet<string>; readonly partial: ReadonlySet<string> } {
    return this.#hitsOf(code);
  }

  /**
   * Match a code (digits) against the named lists: `yes` when any list covers it, else `partial` when a list
   * covers only some of its statistical lines, else `no`. The answer is remembered with the code's hits and
   * shared between calls (its fields are read-only).
   */
  match(code: string, listIds: readonly string[]): ScopeHit {
    const hits = this.#hitsOf(code);
    if (hits === NO_HITS) return NO_SCOPE_HIT;
    hits.answers ??= new Map();
    let answer = hits.answers.get(listIds);
    if (answer === undefined) {
      answer = this.#match(code, hits, listIds);
      // A caller passing a new array each time would only fill the map: keep it to what a rule base can name.
      if (hits.answers.size >= ANSWERS_KEPT) hits.answers.clear();
      hits.answers.set(listIds, answer);
    }
    return answer;
  }

  #match(code: string, hits: CodeHits, listIds: readonly string[]): ScopeHit {
    let full: ScopeList[] | undefined;
    let partial: ScopeList[] | undefined;
    for (const id of listIds) {
      const list = this.#lists.get(id);
      if (!list) continue;
      if (hits.full.has(id)) {
        full ??= [];
        full.push(list);
      } else if (hits.partial.has(id)) {
        partial ??= [];
        partial.push(list);
      }
    }
    if (full) return { match: 'yes', lists: full, narrower: [] };
    if (partial) {
      // The longer prefixes under the code, in each list's order (what the reader would need to write).
      const narrower: string[] = [];
      for (const list of partial) {
        for (const p of new Set(list.prefixes))
          if (p.length > code.length && p.startsWith(code)) narrower.push(p);
      }
      return { match: 'partial', lists: partial, narrower };
    }
    return NO_SCOPE_HIT;
  }

  /** A copy with rows added to (or creating) lists, as read from a CSV of official lists. */
  withAdditions(additions: ReadonlyMap<string, { prefixes: string[]; source: string }>): Scopes {
    const merged = new Map<string, ScopeList>();
    for (const [id, list] of this.#lists) merged.set(id, { ...list, prefixes: [...list.prefixes] });
    for (const [id, add] of additions) {
      const existing = merged.get(id);
      if (existing) existing.prefixes = [...existing.prefixes, ...add.prefixes];
      else merged.set(id, { id, title: id, source: add.source, prefixes: [...add.prefixes] });
    }
    return new Scopes(merged.values());
  }
}

/**
 * Parse a CSV of official list rows: a header with `list` and `hts` columns (others ignored), then one row per
 * prefix. Bad rows are reported with their row number.
 *
 * @example
 * parseScopesCsv('list,hts\ns301-list-1,8703.23.01\n', 'lists.csv') // Map { 's301-list-1' => … }
 */
export function parseScopesCsv(
  content: string,
  file: string,
): Map<string, { prefixes: string[]; source: string }> {
  const { records, problems } = readCsv(content, file);
  const header = (records[0]?.row === 0 ? records[0].fields : []).map((h) => h.trim().toLowerCase());
  const listCol = header.indexOf('list');
  const htsCol = header.indexOf('hts');
  if (listCol < 0 || htsCol < 0) {
    throw new AccordError('scopes-csv-header', `${file} needs a header with the columns "list" and "hts"`, {
      problems: [
        { code: 'scopes-csv-header', message: 'missing "list" or "hts" column', where: { file, row: 0 } },
      ],
    });
  }
  const out = new Map<string, { prefixes: string[]; source: string }>();
  for (const { fields, row: i } of records.slice(1)) {
    const cells = fields.map((c) => c.trim());
    const raw = fields.join(',');
    const list = cells[listCol] ?? '';
    const digits = htsDigits(cells[htsCol] ?? '');
    if (!/^[a-z0-9-]+$/.test(list) || digits === undefined) {
      problems.push({
        code: 'scopes-csv-row',
        message: `row needs a list id (lowercase, dashes) and an HTS prefix; got ${quoteInput(raw, 80)}`,
        where: { file, row: i },
      });
      continue;
    }
    const entry = out.get(list) ?? { prefixes: [], source: file };
    entry.prefixes.push(digits);
    out.set(list, entry);
  }
  if (problems.length > 0) throw new AccordError('scopes-csv-invalid', `${file} has bad rows`, { problems });
  return out;
}
