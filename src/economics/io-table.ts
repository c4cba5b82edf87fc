/**
 * @module economics/io-table
 * The US input–output table investment → jobs runs on by default: BEA's 2024 summary use table (domestic
 * inputs, 71 industries) and gross output give the technical coefficients A = Z·diag(x)⁻¹; accord inverts
 * I − A itself; an employment-per-output column (jobs per $1M of gross output) turns output into jobs.
 * The shipped files and how the employment column was built are described in
 * data/economics/bea-io-2024/README.md.
 *
 * BEA publishes its own inverse (the industry-by-commodity total requirements). accord's square inverse
 * differs from it because the use table alone carries no make table (secondary products) or scrap
 * adjustment; the tests measure the difference against BEA's published coefficients.
 */
import { AccordError, type Problem } from '../_lib/problem.js';
import type { DataSource } from '../_lib/read-file.js';
import { type CsvRow, numberCell, parseCsv } from './csv.js';
import { leontiefInverse, technicalCoefficients } from './leontief.js';
import type { Matrix } from './linalg.js';
import { readShipped } from './tables.js';

/** Where the shipped table lives inside data/economics/. */
export const BEA_IO_DIR = 'bea-io-2024';

/** A square industry-by-industry input–output table with its inverse and employment coefficients. */
export interface BeaIoTable {
  year: number;
  /** BEA summary industry codes, in table order. */
  codes: string[];
  names: string[];
  /** Gross output per industry, US$ million. */
  output: number[];
  /** Technical coefficients A (domestic inputs per $ of the column industry's output). */
  A: Matrix;
  /** The Leontief inverse (I − A)⁻¹, computed by accord. */
  L: Matrix;
  /** Jobs per $1M of gross output. */
  jobsPerMillion: number[];
  /** How each employment coefficient was obtained ("cited", "cited-difference", "derived-average"). */
  jobsBasis: string[];
  /** Citations, one line each. */
  sources: string[];
}

/** The four CSV files a table is built from (text and the file name used in error positions). */
export interface IoTableFiles {
  use: { text: string; file: string };
  output: { text: string; file: string };
  employment: { text: string; file: string };
  industries: { text: string; file: string };
}

function fail(file: string, problems: Problem[]): never {
  throw new AccordError('invalid-table', `${file}: ${problems.length} problem(s) in the table`, { problems });
}

function rowsOf(src: { text: string; file: string }, required: readonly string[]): CsvRow[] {
  const { rows, problems } = parseCsv(src.text, src.file, required);
  if (problems.length > 0) fail(src.file, problems);
  return rows;
}

/**
 * Build the table from its CSV files; every bad cell is reported with its file, row and column.
 *
 * @example
 * parseIoTable(files).L[0][0] // ≥ 1
 */
export function parseIoTable(files: IoTableFiles, year = 2024): BeaIoTable {
  const problems: Problem[] = [];
  const outputRows = rowsOf(files.output, ['bea_code', 'output']);
  const codes: string[] = [];
  const output: number[] = [];
  for (const r of outputRows) {
    const x = numberCell(r, 'output', files.output.file, problems, (v) =>
      v > 0 ? undefined : `must be positive (${v})`,
    );
    codes.push(r.cells.bea_code ?? '');
    output.push(x ?? 0);
  }
  if (problems.length > 0) fail(files.output.file, problems);

  // The use table: commodity rows × industry columns; the square part is the rows named like an industry.
  const useRows = rowsOf(files.use, ['bea_code', ...codes]);
  const byCode = new Map(useRows.map((r) => [r.cells.bea_code ?? '', r]));
  const Z: number[][] = [];
  for (const code of codes) {
    const r = byCode.get(code);
    if (!r) {
      problems.push({
        code: 'io-missing-row',
        message: `no commodity row for industry ${code} (the table must be square over the output file's industries)`,
        where: { file: files.use.file },
      });
      continue;
    }
    // A negative cell is a BEA adjustment (e.g. government sales); it is kept as published.
    Z.push(codes.map((c) => numberCell(r, c, files.use.file, problems) ?? 0));
  }
  if (problems.length > 0) fail(files.use.file, problems);

  const empRows = rowsOf(files.employment, ['bea_code', 'jobs_per_musd', 'basis', 'source']);
  const emp = new Map<string, { e: number; basis: string; source: string }>();
  for (const r of empRows) {
    const e = numberCell(r, 'jobs_per_musd', files.employment.file, problems, (v) =>
      v >= 0 ? undefined : `cannot be negative (${v})`,
    );
    if (e !== undefined)
      emp.set(r.cells.bea_code ?? '', { e, basis: r.cells.basis ?? '', source: r.cells.source ?? '' });
  }
  for (const code of codes)
    if (!emp.has(code) && problems.length === 0)
      problems.push({
        code: 'io-missing-row',
        message: `no employment row for industry ${code}`,
        where: { file: files.employment.file },
      });
  if (problems.length > 0) fail(files.employment.file, problems);

  const names = new Map(
    rowsOf(files.industries, ['bea_code', 'description']).map((r) => [
      r.cells.bea_code ?? '',
      r.cells.description ?? '',
    ]),
  );
  const A = technicalCoefficients(Z, output);
  // One citation line per basis, naming the industries it covers, rather than one per industry.
  const byBasis = new Map<string, { codes: string[]; sources: Set<string> }>();
  for (const code of codes) {
    const e = emp.get(code)!;
    const entry = byBasis.get(e.basis) ?? { codes: [], sources: new Set<string>() };
    entry.codes.push(code);
    entry.sources.add(e.source);
    byBasis.set(e.basis, entry);
  }
  const jobsSources = [...byBasis].map(([basis, e]) =>
    e.codes.length > 8
      ? `jobs per $1M of output, ${basis} (${e.codes.length} industries): ${[...e.sources].join('; ')}`
      : `jobs per $1M of output, ${basis} (${e.codes.join(', ')}): ${[...e.sources].join('; ')}`,
  );
  return {
    year,
    codes,
    names: codes.map((c) => names.get(c) ?? c),
    output,
    A,
    L: leontiefInverse(A),
    jobsPerMillion: codes.map((c) => emp.get(c)!.e),
    jobsBasis: codes.map((c) => emp.get(c)!.basis),
    sources: [
      `BEA Input-Output Accounts, summary level (71 industries), ${year}: Use Table (domestic portion) and gross output by industry, https://www.bea.gov/industry/input-output-accounts-data (data/economics/${BEA_IO_DIR})`,
      ...jobsSources,
    ],
  };
}

const shipped = new WeakMap<DataSource, BeaIoTable>();

/** The shipped 2024 table, read through `source` (parsed and inverted once per source). */
export function shippedIoTable(source: DataSource): BeaIoTable {
  let table = shipped.get(source);
  if (!table) {
    const f = (name: string) => readShipped(source, `${BEA_IO_DIR}/${name}`);
    table = parseIoTable({
      use: f('use-domestic.csv'),
      output: f('industry-output.csv'),
      employment: f('employment.csv'),
      industries: f('industries.csv'),
    });
    shipped.set(source, table);
  }
  return table;
}

/** NAICS prefixes that BEA's summary level groups under a code that is not itself a NAICS prefix. */
const SUMMARY_GROUPS: readonly [string, string][] = [
  ['111', '111CA'],
  ['112', '111CA'],
  ['113', '113FF'],
  ['114', '113FF'],
  ['115', '113FF'],
  ['311', '311FT'],
  ['312', '311FT'],
  ['313', '313TT'],
  ['314', '313TT'],
  ['315', '315AL'],
  ['316', '315AL'],
  ['3361', '3361MV'],
  ['3362', '3361MV'],
  ['3363', '3361MV'],
  ['3364', '3364OT'],
  ['3365', '3364OT'],
  ['3366', '3364OT'],
  ['3369', '3364OT'],
  ['44', '4A0'],
  ['45', '4A0'],
  ['455', '452'],
  ['487', '487OS'],
  ['488', '487OS'],
  ['492', '487OS'],
  ['521', '521CI'],
  ['522', '521CI'],
  ['531', 'ORE'],
  ['532', '532RL'],
  ['533', '532RL'],
  ['541', '5412OP'],
  ['711', '711AS'],
  ['712', '711AS'],
];

/**
 * The BEA summary industry a NAICS code belongs to: the longest matching prefix among BEA's own numeric
 * codes (22, 334, 5411, …) and its grouped codes (3361–3363 → 3361MV, 5412–5419 → 5412OP, …).
 *
 * @example
 * beaCodeFor(table, '3344') // '334'
 */
export function beaCodeFor(table: Pick<BeaIoTable, 'codes'>, naics: string): string | undefined {
  let best: { prefix: string; code: string } | undefined;
  const consider = (prefix: string, code: string) => {
    if (
      naics.startsWith(prefix) &&
      table.codes.includes(code) &&
      (!best || prefix.length > best.prefix.length)
    )
      best = { prefix, code };
  };
  for (const [prefix, code] of SUMMARY_GROUPS) consider(prefix, code);
  for (const code of table.codes) if (/^\d+$/.test(code)) consider(code, code);
  return best?.code;
}

/** Jobs per $1M of final demand delivered by one industry, split by boundary (Type I, open model). */
export interface IoJobsPerMillion {
  code: string;
  /** e_j: jobs in the industry itself. */
  direct: number;
  /** Σ_i e_i·L_ij − e_j: jobs in the industries that supply it, directly and indirectly. */
  supplier: number;
}

/**
 * Jobs per $1M of final demand for industry `code`: the column of diag(e)·L.
 *
 * @example
 * ioJobsPerMillion(shippedIoTable(diskSource), '23').direct // construction jobs per $1M
 */
export function ioJobsPerMillion(table: BeaIoTable, code: string): IoJobsPerMillion {
  const j = table.codes.indexOf(code);
  if (j < 0) throw new AccordError('unknown-industry', `no BEA summary industry ${code} in the table`);
  let typeI = 0;
  for (let i = 0; i < table.codes.length; i++) typeI += table.jobsPerMillion[i]! * table.L[i]![j]!;
  const direct = table.jobsPerMillion[j]!;
  return { code, direct, supplier: typeI - direct };
}

/** Supplier jobs per direct job in industry `code` (the Type I employment multiplier less one). */
export function ioSupplierPerDirect(table: BeaIoTable, code: string): number {
  const m = ioJobsPerMillion(table, code);
  return m.direct > 0 ? m.supplier / m.direct : 0;
}
