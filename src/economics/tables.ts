/**
 * @module economics/tables
 * The simulator's cited tables: import elasticities by product group, the motivating case's base-year
 * trade flows, firms' vehicle exports and employment multipliers. accord ships them in data/economics/
 * (every row names its source); users can supply their own CSV files with the same columns. The shipped
 * tables are read through the {@link DataSource} the caller gives (the edges pass the disk).
 */
import { join } from 'node:path';
import { type Ppm, parseRate } from '../_lib/money.js';
import { AccordError, type Problem } from '../_lib/problem.js';
import type { DataSource } from '../_lib/read-file.js';
import { type CsvRow, numberCell, parseCsv } from './csv.js';

/** Elasticities for a product group. */
export interface ElasticityRow {
  group: string;
  /** HS prefixes the group covers; empty for the default row. */
  hsPrefixes: string[];
  Em: number;
  /** Range for Monte Carlo draws. */
  EmLow: number;
  EmHigh: number;
  Es: number;
  Ex: number;
  source: string;
  confidence: string;
  note: string;
}

/** One base-year flow: imports of an HS heading from a partner, annualised. */
export interface BaseFlow {
  hs: string;
  description: string;
  partner: string;
  year: number;
  /** Annual value in US dollars (scaled by 12/months when the source covers part of a year). */
  annualValue: number;
  units?: number;
  mfn: Ppm;
  source: string;
  confidence: string;
}

/** A firm's (or a country's) vehicle exports to the US. */
export interface FirmExports {
  exporter: string;
  year: number;
  /** Undefined where the figure was not found (the row says so). */
  units?: number;
  basis: string;
  source: string;
  note: string;
}

/** An exporter's export-supply elasticity for a product group (overrides the group's Ex for that exporter). */
export interface ExportSupplyRow {
  group: string;
  exporter: string;
  Ex: number;
  /** Range for Monte Carlo draws (triangular, mode at Ex). */
  ExLow: number;
  ExHigh: number;
  source: string;
  confidence: string;
  note: string;
}

/** Jobs per direct job or per $1M of final demand, by NAICS prefix. */
export interface MultiplierRow {
  naics: string;
  industry: string;
  basis: 'per-1m' | 'per-direct';
  direct: number;
  supplier: number;
  induced: number;
  source: string;
  confidence: string;
}

/** Read a shipped table by its path inside data/economics. */
export function readShipped(source: DataSource, name: string): { text: string; file: string } {
  const file = join(source.shippedDir('economics'), name);
  return { text: source.readText(file), file };
}

function fail(file: string, problems: Problem[]): never {
  throw new AccordError('invalid-table', `${file}: ${problems.length} problem(s) in the table`, { problems });
}

function table<T>(
  text: string,
  file: string,
  required: readonly string[],
  build: (r: CsvRow, problems: Problem[]) => T | undefined,
): T[] {
  const { rows, problems } = parseCsv(text, file, required);
  if (problems.some((p) => p.code === 'csv-missing-column' || p.code === 'csv-empty')) fail(file, problems);
  const out: T[] = [];
  for (const r of rows) {
    const before = problems.length;
    const value = build(r, problems);
    if (value !== undefined && problems.length === before) out.push(value);
  }
  if (problems.length > 0) fail(file, problems);
  return out;
}

/** Every row of a shipped table cites where its figures come from. */
function requireSource(r: CsvRow, file: string, problems: Problem[]): void {
  if (!r.cells.source)
    problems.push({
      code: 'csv-no-source',
      message: 'every row needs a source',
      where: { file, row: r.row },
    });
}

const negative = (x: number) => (x < 0 ? undefined : `must be negative (${x})`);
const positive = (x: number) => (x > 0 ? undefined : `must be positive (${x})`);
const nonNegative = (x: number) => (x >= 0 ? undefined : `cannot be negative (${x})`);

/** Parse an elasticity table (columns as data/economics/elasticities.csv); throws AccordError with row problems. */
export function parseElasticities(text: string, file: string): ElasticityRow[] {
  const rows = table(text, file, ['group', 'hs_prefixes', 'Em', 'Es', 'Ex', 'source'], (r, problems) => {
    const Em = numberCell(r, 'Em', file, problems, negative);
    const Es = numberCell(r, 'Es', file, problems, nonNegative);
    const Ex = numberCell(r, 'Ex', file, problems, positive);
    const EmLow = r.cells.Em_low ? numberCell(r, 'Em_low', file, problems, negative) : Em;
    const EmHigh = r.cells.Em_high ? numberCell(r, 'Em_high', file, problems, negative) : Em;
    const prefixes = (r.cells.hs_prefixes ?? '').split(/\s+/).filter(Boolean);
    for (const p of prefixes)
      if (!/^\d{2,10}$/.test(p))
        problems.push({
          code: 'csv-hs-prefix',
          message: `"${p}" is not an HS prefix (2–10 digits)`,
          where: { file, row: r.row },
        });
    requireSource(r, file, problems);
    if (
      Em === undefined ||
      Es === undefined ||
      Ex === undefined ||
      EmLow === undefined ||
      EmHigh === undefined
    )
      return undefined;
    if (EmLow > Em || EmHigh < Em) {
      problems.push({
        code: 'csv-out-of-range',
        message: `Em_low ≤ Em ≤ Em_high must hold (${EmLow}, ${Em}, ${EmHigh})`,
        where: { file, row: r.row },
      });
      return undefined;
    }
    return {
      group: r.cells.group ?? '',
      hsPrefixes: prefixes,
      Em,
      EmLow,
      EmHigh,
      Es,
      Ex,
      source: r.cells.source ?? '',
      confidence: r.cells.confidence ?? '',
      note: r.cells.note ?? '',
    };
  });
  return rows;
}

/**
 * The elasticities for an HS code: the group with the longest matching prefix, else the `default` row.
 *
 * @example
 * elasticitiesFor(rows, '870323').group // 'passenger-vehicles'
 */
export function elasticitiesFor(rows: readonly ElasticityRow[], hs: string): ElasticityRow {
  const digits = hs.replace(/\./g, '');
  let best: ElasticityRow | undefined;
  let bestLength = -1;
  for (const row of rows) {
    for (const p of row.hsPrefixes)
      if (digits.startsWith(p) && p.length > bestLength) {
        best = row;
        bestLength = p.length;
      }
  }
  const fallback = rows.find((r) => r.hsPrefixes.length === 0);
  const found = best ?? fallback;
  if (!found)
    throw new AccordError('no-elasticity', `no elasticity covers HS ${hs} and the table has no default row`);
  return found;
}

/** Parse a base-year flow table (columns as data/economics/us-japan-autos-base-2024.csv). */
export function parseBaseFlows(text: string, file: string): BaseFlow[] {
  return table(
    text,
    file,
    ['hs', 'partner', 'year', 'months', 'value_usd', 'mfn', 'source'],
    (r, problems) => {
      const year = numberCell(r, 'year', file, problems, (x) =>
        Number.isInteger(x) ? undefined : 'a year is a whole number',
      );
      const months = numberCell(r, 'months', file, problems, (x) =>
        Number.isInteger(x) && x >= 1 && x <= 12 ? undefined : 'months is 1 to 12',
      );
      const value = numberCell(r, 'value_usd', file, problems, nonNegative);
      const units = r.cells.units ? numberCell(r, 'units', file, problems, nonNegative) : undefined;
      const mfn = parseRate(r.cells.mfn ?? '');
      if (mfn === undefined)
        problems.push({
          code: 'csv-rate',
          message: `column mfn: "${r.cells.mfn}" is not a rate; write e.g. 2.5%`,
          where: { file, row: r.row },
        });
      if (!/^\d{2,10}$/.test(r.cells.hs ?? ''))
        problems.push({
          code: 'csv-hs-prefix',
          message: `column hs: "${r.cells.hs}" is not an HS code`,
          where: { file, row: r.row },
        });
      if (!r.cells.partner)
        problems.push({
          code: 'csv-partner',
          message: 'column partner is empty',
          where: { file, row: r.row },
        });
      requireSource(r, file, problems);
      if (year === undefined || months === undefined || value === undefined || mfn === undefined)
        return undefined;
      const flow: BaseFlow = {
        hs: r.cells.hs ?? '',
        description: r.cells.description ?? '',
        partner: r.cells.partner ?? '',
        year,
        annualValue: (value * 12) / months,
        mfn,
        source: r.cells.source ?? '',
        confidence: r.cells.confidence ?? '',
      };
      if (units !== undefined) flow.units = (units * 12) / months;
      return flow;
    },
  );
}

/** Parse firms' vehicle exports (columns as data/economics/japan-vehicle-exports.csv). */
export function parseFirmExports(text: string, file: string): FirmExports[] {
  return table(text, file, ['exporter', 'year', 'units', 'source'], (r, problems) => {
    const year = numberCell(r, 'year', file, problems);
    const units = r.cells.units ? numberCell(r, 'units', file, problems, nonNegative) : undefined;
    if (year === undefined) return undefined;
    const row: FirmExports = {
      exporter: r.cells.exporter ?? '',
      year,
      basis: r.cells.basis ?? '',
      source: r.cells.source ?? '',
      note: r.cells.note ?? '',
    };
    if (units !== undefined) row.units = units;
    return row;
  });
}

/** Parse export-supply elasticities by exporter (columns as data/economics/export-supply.csv). */
export function parseExportSupply(text: string, file: string): ExportSupplyRow[] {
  return table(text, file, ['group', 'exporter', 'Ex', 'source'], (r, problems) => {
    const Ex = numberCell(r, 'Ex', file, problems, positive);
    const ExLow = r.cells.Ex_low ? numberCell(r, 'Ex_low', file, problems, positive) : Ex;
    const ExHigh = r.cells.Ex_high ? numberCell(r, 'Ex_high', file, problems, positive) : Ex;
    if (!r.cells.group || !r.cells.exporter)
      problems.push({
        code: 'csv-missing-cell',
        message: 'every row names a product group and an exporter',
        where: { file, row: r.row },
      });
    requireSource(r, file, problems);
    if (Ex === undefined || ExLow === undefined || ExHigh === undefined) return undefined;
    if (ExLow > Ex || ExHigh < Ex) {
      problems.push({
        code: 'csv-out-of-range',
        message: `Ex_low ≤ Ex ≤ Ex_high must hold (${ExLow}, ${Ex}, ${ExHigh})`,
        where: { file, row: r.row },
      });
      return undefined;
    }
    return {
      group: r.cells.group ?? '',
      exporter: r.cells.exporter ?? '',
      Ex,
      ExLow,
      ExHigh,
      source: r.cells.source ?? '',
      confidence: r.cells.confidence ?? '',
      note: r.cells.note ?? '',
    };
  });
}

/** The export-supply row for an exporter in a product group, if the table has one. */
export function exportSupplyFor(
  rows: readonly ExportSupplyRow[],
  group: string,
  exporter: string,
): ExportSupplyRow | undefined {
  return rows.find((r) => r.group === group && r.exporter === exporter);
}

/** Parse employment multipliers (columns as data/economics/multipliers.csv). */
export function parseMultipliers(text: string, file: string): MultiplierRow[] {
  return table(text, file, ['naics', 'basis', 'direct', 'supplier', 'induced', 'source'], (r, problems) => {
    const direct = numberCell(r, 'direct', file, problems, nonNegative);
    const supplier = numberCell(r, 'supplier', file, problems, nonNegative);
    const induced = numberCell(r, 'induced', file, problems, nonNegative);
    const basisText = r.cells.basis ?? '';
    const basis = basisText.startsWith('per $1M')
      ? 'per-1m'
      : basisText === 'per direct job'
        ? 'per-direct'
        : undefined;
    if (!basis)
      problems.push({
        code: 'csv-basis',
        message: `column basis: "${basisText}" must be "per $1M final demand" or "per direct job"`,
        where: { file, row: r.row },
      });
    if (direct === undefined || supplier === undefined || induced === undefined || !basis) return undefined;
    return {
      naics: r.cells.naics ?? '',
      industry: r.cells.industry ?? '',
      basis,
      direct,
      supplier,
      induced,
      source: r.cells.source ?? '',
      confidence: r.cells.confidence ?? '',
    };
  });
}

/** The multiplier row for a NAICS code: longest matching prefix among rows of the given basis. */
export function multiplierFor(
  rows: readonly MultiplierRow[],
  naics: string,
  basis: MultiplierRow['basis'],
): MultiplierRow | undefined {
  let best: MultiplierRow | undefined;
  for (const row of rows)
    if (row.basis === basis && naics.startsWith(row.naics) && (!best || row.naics.length > best.naics.length))
      best = row;
  return best;
}

/** The shipped tables, parsed (read through `source`). */
export function shippedTables(source: DataSource): {
  elasticities: ElasticityRow[];
  baseFlows: BaseFlow[];
  firmExports: FirmExports[];
  multipliers: MultiplierRow[];
  exportSupply: ExportSupplyRow[];
} {
  const e = readShipped(source, 'elasticities.csv');
  const x = readShipped(source, 'export-supply.csv');
  const b = readShipped(source, 'us-japan-autos-base-2024.csv');
  const f = readShipped(source, 'japan-vehicle-exports.csv');
  const m = readShipped(source, 'multipliers.csv');
  return {
    elasticities: parseElasticities(e.text, e.file),
    baseFlows: parseBaseFlows(b.text, b.file),
    firmExports: parseFirmExports(f.text, f.file),
    multipliers: parseMultipliers(m.text, m.file),
    exportSupply: parseExportSupply(x.text, x.file),
  };
}
