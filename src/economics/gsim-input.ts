/**
 * @module economics/gsim-input
 * Checked parsing of a raw GSIM input file (JSON): every bad entry becomes a problem with a JSON pointer
 * to it, so `accord simulate --gsim` can say exactly what to fix.
 */
import { LineCounter, parseDocument } from 'yaml';
import { type Location, type Problem, toPointer } from '../_lib/problem.js';
import { fail, ok, type Result } from '../_lib/result.js';
import { position } from '../_lib/yaml-locate.js';
import type { GsimInput } from './gsim.js';

const KEYS = ['regions', 'M', 'T0', 'T1', 'Em', 'Es', 'Ex'] as const;
const OPTIONAL_KEYS = ['title', 'source'];

/** Where a problem is: the file and a JSON pointer into it. */
type At = (path: (string | number)[]) => Location;
/** What is wrong with a number in range terms, or undefined when it is fine. */
type Rule = (x: number) => string | undefined;

/**
 * Where a JSON syntax error is. Node 22 puts the offset in the message; Node 20 does not, so fall back to
 * the YAML parser (JSON is YAML), which reports line and column for the same mistakes. Either way the
 * line and column come from the YAML parser's line counter, as every YAML position in accord does.
 */
function syntaxPosition(text: string, message: string, file: string): Location {
  const lineCounter = new LineCounter();
  const err = parseDocument(text, { lineCounter }).errors[0];
  const pos = /position (\d+)/.exec(message);
  if (pos) return { file, ...position(lineCounter, Number(pos[1])) };
  const lp = err?.linePos?.[0];
  return lp ? { file, line: lp.line, column: lp.col } : { file };
}

/** The parsed JSON, or the syntax problem. */
function parseJson(text: string, file: string): Result<unknown> {
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail([
      {
        code: 'json-syntax',
        message: `not valid JSON: ${message.split('\n')[0]}`,
        where: syntaxPosition(text, message, file),
      },
    ]);
  }
}

/** Unknown keys and missing required ones. */
function checkKeys(obj: Record<string, unknown>, at: At, problems: Problem[]): void {
  for (const key of Object.keys(obj)) {
    if (!(KEYS as readonly string[]).includes(key) && !OPTIONAL_KEYS.includes(key))
      problems.push({
        code: 'gsim-unknown-key',
        message: `unknown key "${key}"; a GSIM input has ${KEYS.join(', ')} (and optionally title, source)`,
        where: at([key]),
      });
  }
  for (const key of KEYS) {
    if (!(key in obj))
      problems.push({ code: 'gsim-missing', message: `"${key}" is missing`, where: at([key]) });
  }
}

/** The region names; returns how many there are (-1 when `regions` is not a list), which sizes the rest. */
function checkRegions(obj: Record<string, unknown>, at: At, problems: Problem[]): number {
  const regions = obj.regions;
  if (!Array.isArray(regions)) {
    if ('regions' in obj)
      problems.push({
        code: 'gsim-regions',
        message: 'regions is an array of region names',
        where: at(['regions']),
      });
    return -1;
  }
  const n = regions.length;
  if (n < 2)
    problems.push({
      code: 'gsim-regions',
      message: 'GSIM needs at least 2 regions',
      where: at(['regions']),
    });
  const seen = new Set<string>();
  regions.forEach((r, i) => {
    if (typeof r !== 'string' || r.trim() === '')
      problems.push({
        code: 'gsim-regions',
        message: 'a region name is a non-empty string',
        where: at(['regions', i]),
      });
    else if (seen.has(r))
      problems.push({
        code: 'gsim-regions',
        message: `region "${r}" appears twice`,
        where: at(['regions', i]),
      });
    else seen.add(r);
  });
  return n;
}

function checkNumber(v: unknown, path: (string | number)[], rule: Rule, at: At, problems: Problem[]): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    problems.push({
      code: 'gsim-not-number',
      message: `expected a number, found ${JSON.stringify(v) ?? 'nothing'}`,
      where: at(path),
    });
    return;
  }
  const bad = rule(v);
  if (bad) problems.push({ code: 'gsim-out-of-range', message: bad, where: at(path) });
}

/** An n×n matrix of numbers (rows exporters, columns importers), each checked by `rule`. */
function checkMatrix(
  obj: Record<string, unknown>,
  key: 'M' | 'T0' | 'T1',
  n: number,
  rule: Rule,
  at: At,
  problems: Problem[],
): void {
  const m = obj[key];
  if (!(key in obj)) return;
  if (!Array.isArray(m)) {
    problems.push({
      code: 'gsim-matrix',
      message: `${key} is an array of rows (exporters)`,
      where: at([key]),
    });
    return;
  }
  if (n >= 0 && m.length !== n)
    problems.push({
      code: 'gsim-matrix-shape',
      message: `${key} has ${m.length} rows; it must be ${n}×${n} (rows are exporters, one per region)`,
      where: at([key]),
    });
  m.forEach((row, i) => {
    if (!Array.isArray(row)) {
      problems.push({
        code: 'gsim-matrix',
        message: `row ${i} of ${key} is not an array`,
        where: at([key, i]),
      });
      return;
    }
    if (n >= 0 && row.length !== n)
      problems.push({
        code: 'gsim-matrix-shape',
        message: `row ${i} of ${key} has ${row.length} entries; ${key} must be square, ${n}×${n} (columns are importers)`,
        where: at([key, i]),
      });
    row.forEach((x, j) => {
      checkNumber(x, [key, i, j], rule, at, problems);
    });
  });
}

/** A vector of one number per region, each checked by `rule`. */
function checkVector(
  obj: Record<string, unknown>,
  key: 'Em' | 'Es' | 'Ex',
  n: number,
  rule: Rule,
  meaning: string,
  at: At,
  problems: Problem[],
): void {
  const v = obj[key];
  if (!(key in obj)) return;
  if (!Array.isArray(v)) {
    problems.push({
      code: 'gsim-vector',
      message: `${key} is an array with one ${meaning} per region`,
      where: at([key]),
    });
    return;
  }
  if (n >= 0 && v.length !== n)
    problems.push({
      code: 'gsim-vector-length',
      message: `${key} has ${v.length} entries; it needs one ${meaning} per region (${n})`,
      where: at([key]),
    });
  v.forEach((x, i) => {
    checkNumber(x, [key, i], rule, at, problems);
  });
}

/** A checked GSIM input and the title its file gave it, if any. */
export interface ParsedGsimInput {
  input: GsimInput;
  title?: string;
}

/**
 * Parse and check a GSIM input. Returns the input or the problems found (all of them, not just the first).
 *
 * @example
 * parseGsimInput('{"regions":["A"],...}', 'in.json')
 */
export function parseGsimInput(text: string, file: string): Result<ParsedGsimInput> {
  const parsed = parseJson(text, file);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const problems: Problem[] = [];
  const at: At = (path) => ({ file, pointer: toPointer(path) });
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return fail([
      {
        code: 'gsim-not-object',
        message: 'a GSIM input is a JSON object with regions, M, T0, T1, Em, Es and Ex',
        where: at([]),
      },
    ]);
  }
  const obj = doc as Record<string, unknown>;
  checkKeys(obj, at, problems);
  const n = checkRegions(obj, at, problems);
  checkMatrix(obj, 'M', n, (x) => (x < 0 ? `flows cannot be negative (${x})` : undefined), at, problems);
  const power: Rule = (x) =>
    x <= 0 ? `a tariff power is 1 + rate and must be positive (${x}); write 1.25 for 25%` : undefined;
  checkMatrix(obj, 'T0', n, power, at, problems);
  checkMatrix(obj, 'T1', n, power, at, problems);
  checkVector(
    obj,
    'Em',
    n,
    (x) => (x >= 0 ? `import-demand elasticity must be negative (${x})` : undefined),
    'import-demand elasticity',
    at,
    problems,
  );
  checkVector(
    obj,
    'Es',
    n,
    (x) => (x < 0 ? `substitution elasticity cannot be negative (${x})` : undefined),
    'substitution elasticity',
    at,
    problems,
  );
  checkVector(
    obj,
    'Ex',
    n,
    (x) => (x <= 0 ? `export-supply elasticity must be positive (${x})` : undefined),
    'export-supply elasticity',
    at,
    problems,
  );
  if (problems.length > 0) return fail(problems);
  // Every key was checked above, so each holds what GsimInput says it does.
  const input: GsimInput = {
    regions: obj.regions as string[],
    M: obj.M as number[][],
    T0: obj.T0 as number[][],
    T1: obj.T1 as number[][],
    Em: obj.Em as number[],
    Es: obj.Es as number[],
    Ex: obj.Ex as number[],
  };
  return ok(typeof obj.title === 'string' ? { input, title: obj.title } : { input });
}
