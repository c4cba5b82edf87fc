/**
 * @module tariff/scopes
 * Product scopes: named lists of HTS prefixes (Section 301 lists, the 232 auto-parts annex, the steel,
 * aluminum and copper derivative lists, civil aircraft …). Shipped in `data/tariff/scopes.yaml`; full
 * official lists are added from CSV files with the columns `list,hts` (one prefix per row).
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { readCsv } from '../_lib/csv.js';
import { type IsoDate, parseIsoDate } from '../_lib/date.js';
import { AccordError, type Problem } from '../_lib/problem.js';
import { quoteInput } from '../_lib/words.js';
import { zodProblems } from '../_lib/zod-problems.js';
import { htsDigits } from './hts-code.js';
import { type ScopeList, Scopes } from './scope-lists.js';

// The lists and the CSV reader live in scope-lists.ts, which loads neither YAML nor zod.
export { parseScopesCsv, type ScopeHit, type ScopeList, Scopes } from './scope-lists.js';

const listSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  source: z.string().min(1),
  uncertain: z.string().optional(),
  hts: z.array(z.string()).min(1).optional(),
  /** A CSV list file next to the YAML (columns `hts`, optional `from` and `until`), instead of `hts`. */
  file: z
    .string()
    .regex(/^[a-z0-9/._-]+\.csv$/)
    .optional(),
});
const fileSchema = z.strictObject({ lists: z.array(listSchema) });

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

/** Reads a list file named in the YAML (a path relative to the YAML's directory). */
export type ListFileReader = (path: string) => string;

/**
 * Parse a list file: a CSV with a header naming `hts` and optionally `from` and `until` (entry dates,
 * `until` exclusive; empty for none). Other columns (provenance) are ignored.
 */
function parseListFile(
  content: string,
  file: string,
): { problems: Problem[]; rows: { prefix: string; from?: IsoDate; until?: IsoDate }[] } {
  const { records, problems } = readCsv(content, file);
  const header = (records[0]?.row === 0 ? records[0].fields : []).map((h) => h.trim().toLowerCase());
  const htsCol = header.indexOf('hts');
  const fromCol = header.indexOf('from');
  const untilCol = header.indexOf('until');
  if (htsCol < 0) {
    problems.push({ code: 'scopes-list-header', message: 'missing "hts" column', where: { file, row: 0 } });
    return { problems, rows: [] };
  }
  const rows: { prefix: string; from?: IsoDate; until?: IsoDate }[] = [];
  const dateCell = (cells: string[], col: number, i: number): IsoDate | undefined => {
    const text = col < 0 ? '' : (cells[col] ?? '').trim();
    if (text === '') return undefined;
    const d = parseIsoDate(text);
    if (d === undefined)
      problems.push({
        code: 'scopes-list-row',
        message: `${quoteInput(text)} is not a date (YYYY-MM-DD)`,
        where: { file, row: i },
      });
    return d;
  };
  for (const { fields: cells, row: i } of records.slice(1)) {
    const prefix = htsDigits(cells[htsCol] ?? '');
    if (prefix === undefined) {
      problems.push({
        code: 'scopes-list-row',
        message: `${quoteInput(cells[htsCol] ?? '')} is not an HTS prefix (2–10 digits, dots allowed)`,
        where: { file, row: i },
      });
      continue;
    }
    const from = dateCell(cells, fromCol, i);
    const until = dateCell(cells, untilCol, i);
    rows.push({ prefix, ...(from ? { from } : {}), ...(until ? { until } : {}) });
  }
  return { problems, rows };
}

/**
 * Parse the shipped YAML scope file. A list gives its prefixes inline (`hts`) or names a CSV list file
 * (`file`), read with `readFile`; the rows of a list file that hold only between dates become dated parts
 * of the list ({@link Scopes.parts}).
 */
export function parseScopesYaml(content: string, file: string, readFile?: ListFileReader): Scopes {
  const parsed = fileSchema.safeParse(parseYaml(content));
  if (!parsed.success) {
    throw new AccordError('scopes-invalid', `${file} is not a valid scope file`, {
      problems: zodProblems(parsed.error.issues, { code: 'scopes-invalid', file, pointer: 'joined' }),
    });
  }
  const problems: Problem[] = [];
  const lists: ScopeList[] = [];
  parsed.data.lists.forEach((list, i) => {
    const meta = {
      title: list.title,
      source: list.source,
      ...(list.uncertain ? { uncertain: list.uncertain } : {}),
    };
    if ((list.hts === undefined) === (list.file === undefined)) {
      problems.push({
        code: 'scopes-invalid',
        message: 'a list gives its prefixes with hts or names a list file with file (one of them)',
        where: { file, pointer: `/lists/${i}` },
      });
      return;
    }
    if (list.hts) {
      problems.push(...badPrefixes(list.hts, file, `/lists/${i}/hts`));
      lists.push({ id: list.id, ...meta, prefixes: list.hts.map((h) => htsDigits(h) ?? '') });
      return;
    }
    let text: string;
    try {
      if (!readFile) throw new Error('no list-file reader given');
      text = readFile(list.file!);
    } catch (error) {
      problems.push({
        code: 'scopes-list-unreadable',
        message: `cannot read list file ${list.file}: ${(error as Error).message}`,
        where: { file, pointer: `/lists/${i}/file` },
      });
      return;
    }
    const { problems: rowProblems, rows } = parseListFile(text, list.file!);
    problems.push(...rowProblems);
    const always: string[] = [];
    const dated = new Map<string, { from?: IsoDate; until?: IsoDate; prefixes: string[] }>();
    for (const row of rows) {
      if (row.from === undefined && row.until === undefined) {
        always.push(row.prefix);
        continue;
      }
      const key = `${row.from ?? ''}..${row.until ?? ''}`;
      const part = dated.get(key) ?? {
        ...(row.from ? { from: row.from } : {}),
        ...(row.until ? { until: row.until } : {}),
        prefixes: [],
      };
      part.prefixes.push(row.prefix);
      dated.set(key, part);
    }
    lists.push({ id: list.id, ...meta, prefixes: always });
    for (const [key, part] of dated) {
      lists.push({ id: `${list.id}@${key}`, ...meta, ...part, partOf: list.id });
    }
  });
  if (problems.length > 0) throw new AccordError('scopes-invalid', `${file} has bad lists`, { problems });
  return new Scopes(lists);
}
