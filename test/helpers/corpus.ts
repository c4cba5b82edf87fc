/**
 * The regression corpus of hostile inputs (test/corpus/*.txt): one case a line, tab-separated, the input as a
 * JSON string (so NUL, lone surrogates, CR and tabs survive), `#` lines are comments. Replayed through the
 * parsers (test/fuzz-parsers.test.ts) and through the CLI (test/hostile-cli.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** A line's fields: the first decoded from JSON, the rest as written. */
function cases(name: string): { cells: string[]; line: number }[] {
  const text = readFileSync(join(ROOT, 'test/corpus', name), 'utf8');
  return text
    .split('\n')
    .map((raw, i) => ({ raw, line: i + 1 }))
    .filter(({ raw }) => raw.trim() !== '' && !raw.startsWith('#'))
    .map(({ raw, line }) => ({ cells: raw.split('\t'), line }));
}

/** What a money value must read as: cents, or refused. */
export type Verdict = bigint | 'refused';

const verdict = (text: string): Verdict => (text === 'refused' ? 'refused' : BigInt(text));

/** Money values: as money in general (agreements, facts) and as an entry line's value (duty, assess). */
export function moneyCorpus(): {
  value: string;
  money: Verdict;
  entry: Verdict;
  why: string;
  line: number;
}[] {
  return cases('money.txt').map(({ cells: [value, money, entry, why], line }) => ({
    value: JSON.parse(value!) as string,
    money: verdict(money!),
    entry: verdict(entry!),
    why: why ?? '',
    line,
  }));
}

/** Text cells and the cell the results CSV must write for each. */
export function csvCellCorpus(): { input: string; output: string; why: string }[] {
  return cases('csv-cells.txt').map(({ cells: [input, output, why] }) => ({
    input: JSON.parse(input!) as string,
    output: JSON.parse(output!) as string,
    why: why ?? '',
  }));
}

/** The header of the rows in assess-rows.txt. */
export const ASSESS_ROWS_HEADER =
  'entry_id,line,importer,hts,origin,entry_date,value,transport,weight_kg,metal_share,mfn';

/** Whole entry rows and whether each must be assessed or reported. */
export function assessRowCorpus(): { row: string; verdict: 'ok' | 'refused'; why: string }[] {
  return cases('assess-rows.txt').map(({ cells: [row, v, why] }) => ({
    row: JSON.parse(row!) as string,
    verdict: v === 'ok' ? 'ok' : 'refused',
    why: why ?? '',
  }));
}

/** A minimal RFC 4180 reader for the results CSV: records of fields (quotes undone). */
export function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || fields.length > 0) records.push([...fields, field]);
  return records;
}
