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

/** Prefix index of one list: the prefixes, and for each shorter code the longer prefixes under it. */
interface ListIndex {
  full: Set<string>;
  narrower: Map<string, string[]>;
}

function indexOf(prefixes: readonly string[]): ListIndex {
  const full = new Set(prefixes);
  const narrower = new Map<string, string[]>();
  for (const p of full) {
    for (let len = 2; len < p.length; len += 2) {
      const key = p.slice(0, len);
      const list = narrower.get(key);
      if (list) list.push(p);
      else narrower.set(key, [p]);
    }
  }
  return { full, narrower };
}

/** The outcome of matching a code against a set of lists. */
export interface ScopeHit {
  match: ScopeMatch;
  /** The lists that matched (fully, or partially when `match` is partial). */
  lists: ScopeList[];
  /** For a partial match: the longer prefixes the code would need. */
  narrower: string[];
}

/** All product lists, by id. */
export class Scopes {
  readonly #lists = new Map<string, ScopeList>();
  readonly #index = new Map<string, ListIndex>();
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

  #indexOf(list: ScopeList): ListIndex {
    let index = this.#index.get(list.id);
    if (!index) {
      index = indexOf(list.prefixes);
      this.#index.set(list.id, index);
    }
    return index;
  }

  /** The list with this id. */
  get(id: string): ScopeList | undefined {
    return this.#lists.get(id);
  }

  /** Ids of all lists. */
  ids(): string[] {
    return [...this.#lists.keys()];
  }

  /**
   * Match a code (digits) against the named lists: `yes` when any list covers it, else `partial` when a list
   * covers only some of its statistical lines, else `no`.
   */
  match(code: string, listIds: readonly string[]): ScopeHit {
    const full: ScopeList[] = [];
    const partial: ScopeList[] = [];
    const narrower: string[] = [];
    for (const id of listIds) {
      const list = this.#lists.get(id);
      if (!list) continue;
      // Same answers as matchPrefix over every prefix, through the list's index.
      const index = this.#indexOf(list);
      let hit: ScopeMatch = 'no';
      for (let len = 2; len <= code.length; len += 2) {
        if (index.full.has(code.slice(0, len))) {
          hit = 'yes';
          break;
        }
      }
      if (hit === 'no') {
        const longer = index.narrower.get(code);
        if (longer) {
          hit = 'partial';
          narrower.push(...longer);
        }
      }
      if (hit === 'yes') full.push(list);
      else if (hit === 'partial') partial.push(list);
    }
    if (full.length > 0) return { match: 'yes', lists: full, narrower: [] };
    if (partial.length > 0) return { match: 'partial', lists: partial, narrower };
    return { match: 'no', lists: [], narrower: [] };
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
