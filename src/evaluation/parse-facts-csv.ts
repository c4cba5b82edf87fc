/**
 * @module evaluation/parse-facts-csv
 * Read facts from CSV (RFC 4180, with the one CSV reader of _lib/csv), one fact per row. Generic columns (`subject`, `date`, `value`) map to the field each fact type calls them; see
 * FACTS.md for the table. Problems name the data row (the header is row 0). Never throws on input.
 */
import { readCsv } from '../_lib/csv.js';
import type { Location, Problem } from '../_lib/problem.js';
import { withArticle } from '../_lib/words.js';
import { buildFact } from './build-fact.js';
import type { Fact, FactType } from './facts.js';
import { checkText, type ParsedFacts } from './parse-facts.js';

/** Columns a facts CSV may have. `id`, `type` and `recorded` are required. */
export const CSV_COLUMNS = [
  'id',
  'type',
  'subject',
  'date',
  'value',
  'evidence',
  'attestations',
  'recorded',
  'months',
  'relocatedHours',
  'totalWages',
  'healthPlanOffered',
  'site',
  'extendTo',
  'approvedBy',
  'by',
  'event',
  'reason',
  'note',
  'unit',
  'raisedBy',
  'grounds',
  'about',
  'outcome',
] as const;

/** What `subject`, `date` and `value` mean for each fact type. */
export const CSV_GENERIC: Record<FactType, { subject: string; date?: string; value?: string }> = {
  employment: { subject: 'commitment', date: 'periodEnd', value: 'paidHours' },
  capital: { subject: 'commitment', date: 'asOf', value: 'disbursed' },
  obligation: { subject: 'obligation', date: 'periodEnd', value: 'value' },
  'project-selected': { subject: 'project', date: 'selected', value: 'amount' },
  'project-funded': { subject: 'project', date: 'funded', value: 'amount' },
  waiver: { subject: 'milestone', date: 'extendTo' },
  breach: { subject: 'commitment', date: 'date' },
  'snap-back-decision': { subject: 'track', date: 'effective', value: 'rate' },
  'relief-granted': { subject: 'track', date: 'periodEnd', value: 'amount' },
  dispute: { subject: 'subject' },
  'dispute-resolution': { subject: 'dispute' },
};

/**
 * Parse a CSV facts file.
 *
 * @example
 * parseFactsCsv('id,type,subject,date,value,evidence,attestations,recorded\n' +
 *   'f1,capital,honda-ohio,2026-06-30,1.2bn,cpa-attestation,kpmg,2026-07-15\n', 'facts.csv')
 */
export function parseFactsCsv(text: string, file: string): ParsedFacts {
  const early = checkText(text, file);
  if (early) return { facts: [], problems: [early] };
  // A syntax error makes every later row doubtful: evidence is refused whole, naming the first one.
  const { records, problems: syntax } = readCsv(text, file);
  if (syntax[0]) return { facts: [], problems: [syntax[0]] };
  const header = records[0];
  if (!header)
    return {
      facts: [],
      problems: [
        {
          code: 'csv-empty',
          message: 'the file is empty; the first row names the columns',
          where: { file, row: 0 },
        },
      ],
    };
  const problems: Problem[] = [];
  const columns = header.fields.map((h) => h.trim());
  const known = new Set<string>(CSV_COLUMNS);
  columns.forEach((name, index) => {
    if (!known.has(name))
      problems.push({
        code: 'unknown-column',
        message: `column ${index + 1} "${name}" is not a facts column; use ${CSV_COLUMNS.join(', ')}`,
        where: { file, row: 0 },
      });
  });
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup !== undefined)
    problems.push({
      code: 'duplicate-column',
      message: `column "${dup}" appears twice`,
      where: { file, row: 0 },
    });
  for (const required of ['id', 'type', 'recorded'])
    if (!columns.includes(required))
      problems.push({
        code: 'missing-column',
        message: `the header needs a "${required}" column`,
        where: { file, row: 0 },
      });
  if (problems.length > 0) return { facts: [], problems };

  const facts: Fact[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((rec) => {
    const row = rec.row;
    const where = (column?: string): Location => ({
      file,
      row,
      ...(column !== undefined && { pointer: `/${column}` }),
    });
    if (rec.fields.length !== columns.length) {
      problems.push({
        code: 'csv-row-length',
        message: `row has ${rec.fields.length} fields but the header has ${columns.length}; quote fields that contain commas`,
        where: { file, row, line: rec.line, column: 1 },
      });
      return;
    }
    const before = problems.length;
    const cells: Record<string, string> = {};
    columns.forEach((c, i) => {
      cells[c] = rec.fields[i]!.trim();
    });
    // The type is user text: look it up as an own key (`constructor` is not a fact type with a mapping).
    const type = cells.type as FactType;
    const generic = Object.hasOwn(CSV_GENERIC, type) ? CSV_GENERIC[type] : undefined;
    const record: Record<string, unknown> = Object.create(null);
    const columnOf = new Map<string, string>();
    for (const [column, value] of Object.entries(cells)) {
      if (value === '') continue;
      let field = column;
      if (column === 'subject' || column === 'date' || column === 'value') {
        const mapped = generic?.[column];
        if (generic && mapped === undefined) {
          problems.push({
            code: 'unknown-field',
            message: `${withArticle(type)} fact has no ${column}; leave the cell empty`,
            where: where(column),
          });
          continue;
        }
        field = mapped ?? column;
      }
      record[field] = value;
      columnOf.set(field, column);
    }
    const built = buildFact(
      record,
      'csv',
      (field) => where(field === undefined ? undefined : (columnOf.get(field) ?? field)),
      {
        kind: 'file',
        file,
        row,
      },
    );
    problems.push(...built.problems);
    // A row with any problem is dropped whole, as a JSON fact with a bad field is.
    if (!built.fact || problems.length > before) return;
    const first = seen.get(built.fact.id);
    if (first !== undefined) {
      problems.push({
        code: 'duplicate-fact-id',
        message: `fact id "${built.fact.id}" is already used on row ${first}; give each fact its own id (this row is ignored)`,
        where: where('id'),
      });
      return;
    }
    seen.set(built.fact.id, row);
    facts.push(built.fact);
  });
  return { facts, problems };
}
