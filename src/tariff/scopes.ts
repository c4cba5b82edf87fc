/**
 * @module tariff/scopes
 * Product scopes: named lists of HTS prefixes (Section 301 lists, the 232 auto-parts annex, the steel,
 * aluminum and copper derivative lists, civil aircraft …). Shipped in `data/tariff/scopes.yaml`; full
 * official lists are added from CSV files with the columns `list,hts` (one prefix per row).
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AccordError, type Problem } from '../_lib/problem.js';
import { quoteInput } from '../_lib/words.js';
import { htsDigits, matchPrefix, type ScopeMatch } from './hts-code.js';

/** One named product list. */
export interface ScopeList {
  id: string;
  title: string;
  source: string;
  uncertain?: string;
  /** HTS prefixes as digits. */
  prefixes: string[];
}

/** The outcome of matching a code against a set of lists. */
export interface ScopeHit {
  match: ScopeMatch;
  /** The lists that matched (fully, or partially when `match` is partial). */
  lists: ScopeList[];
  /** For a partial match: the longer prefixes the code would need. */
  narrower: string[];
}

const listSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  source: z.string().min(1),
  uncertain: z.string().optional(),
  hts: z.array(z.string()).min(1),
});
const fileSchema = z.strictObject({ lists: z.array(listSchema) });

/** All product lists, by id. */
export class Scopes {
  readonly #lists = new Map<string, ScopeList>();

  constructor(lists: Iterable<ScopeList>) {
    for (const list of lists) this.#lists.set(list.id, list);
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
      let hit: ScopeMatch = 'no';
      for (const prefix of list.prefixes) {
        const m = matchPrefix(code, prefix);
        if (m === 'yes') {
          hit = 'yes';
          break;
        }
        if (m === 'partial') {
          hit = 'partial';
          narrower.push(prefix);
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
      if (existing) existing.prefixes.push(...add.prefixes);
      else merged.set(id, { id, title: id, source: add.source, prefixes: [...add.prefixes] });
    }
    return new Scopes(merged.values());
  }
}

function badPrefixes(values: readonly string[], file: string, pointer: string): Problem[] {
  const problems: Problem[] = [];
  values.forEach((value, i) => {
    if (htsDigits(value) === undefined) {
      problems.push({
        code: 'scope-bad-prefix',
        message: `${quoteInput(value)} is not an HTS prefix (2–10 digits, dots allowed)`,
        where: { file, pointer: `${pointer}/${i}` },
      });
    }
  });
  return problems;
}

/** Parse the shipped YAML scope file. */
export function parseScopesYaml(content: string, file: string): Scopes {
  const parsed = fileSchema.safeParse(parseYaml(content));
  if (!parsed.success) {
    throw new AccordError('scopes-invalid', `${file} is not a valid scope file`, {
      problems: parsed.error.issues.map((issue) => ({
        code: 'scopes-invalid',
        message: issue.message,
        where: { file, pointer: `/${issue.path.join('/')}` },
      })),
    });
  }
  const problems = parsed.data.lists.flatMap((list, i) => badPrefixes(list.hts, file, `/lists/${i}/hts`));
  if (problems.length > 0)
    throw new AccordError('scopes-invalid', `${file} has bad HTS prefixes`, { problems });
  return new Scopes(
    parsed.data.lists.map((list) => ({
      id: list.id,
      title: list.title,
      source: list.source,
      ...(list.uncertain ? { uncertain: list.uncertain } : {}),
      prefixes: list.hts.map((h) => htsDigits(h)!),
    })),
  );
}

/**
 * Parse a CSV of official list rows: a header with `list` and `hts` columns (others ignored), then one row per
 * prefix. Bad rows are reported with their row number.
 *
 * @example
 * parseScopesCsv('list,hts\ns301-list-25,8703.23.01\n', 'lists.csv') // Map { 's301-list-25' => … }
 */
export function parseScopesCsv(
  content: string,
  file: string,
): Map<string, { prefixes: string[]; source: string }> {
  const lines = content.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
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
  const problems: Problem[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const cells = raw.split(',').map((c) => c.trim());
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
