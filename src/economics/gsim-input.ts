/**
 * @module economics/gsim-input
 * Checked parsing of a raw GSIM input file (JSON): every bad entry becomes a problem with a JSON pointer
 * to it, so `accord simulate --gsim` can say exactly what to fix.
 */
import { parseDocument } from 'yaml';
import { type Location, type Problem, toPointer } from '../_lib/problem.js';
import type { GsimInput } from './gsim.js';

const KEYS = ['regions', 'M', 'T0', 'T1', 'Em', 'Es', 'Ex'] as const;
const OPTIONAL_KEYS = ['title', 'source'];

/**
 * Where a JSON syntax error is. Node 22 puts the offset in the message; Node 20 does not, so fall back to
 * the YAML parser (JSON is YAML), which reports line and column for the same mistakes.
 */
function syntaxPosition(text: string, message: string, file: string): Location {
  const pos = /position (\d+)/.exec(message);
  if (pos) {
    const before = text.slice(0, Number(pos[1]));
    return { file, line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
  }
  const err = parseDocument(text).errors[0];
  const lp = err?.linePos?.[0];
  return lp ? { file, line: lp.line, column: lp.col } : { file };
}

/**
 * Parse and check a GSIM input. Returns the input or the problems found (all of them, not just the first).
 *
 * @example
 * parseGsimInput('{"regions":["A"],...}', 'in.json')
 */
export function parseGsimInput(
  text: string,
  file: string,
): { ok: true; input: GsimInput; title?: string } | { ok: false; problems: Problem[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [
        {
          code: 'json-syntax',
          message: `not valid JSON: ${message.split('\n')[0]}`,
          where: syntaxPosition(text, message, file),
        },
      ],
    };
  }
  const problems: Problem[] = [];
  const at = (path: (string | number)[]) => ({ file, pointer: toPointer(path) });
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return {
      ok: false,
      problems: [
        {
          code: 'gsim-not-object',
          message: 'a GSIM input is a JSON object with regions, M, T0, T1, Em, Es and Ex',
          where: at([]),
        },
      ],
    };
  }
  const obj = doc as Record<string, unknown>;
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
  const regions = obj.regions;
  let n = -1;
  if (Array.isArray(regions)) {
    n = regions.length;
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
  } else if ('regions' in obj) {
    problems.push({
      code: 'gsim-regions',
      message: 'regions is an array of region names',
      where: at(['regions']),
    });
  }

  const number = (v: unknown, path: (string | number)[], rule: (x: number) => string | undefined) => {
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
  };
  const matrix = (key: 'M' | 'T0' | 'T1', rule: (x: number) => string | undefined) => {
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
        number(x, [key, i, j], rule);
      });
    });
  };
  matrix('M', (x) => (x < 0 ? `flows cannot be negative (${x})` : undefined));
  const power = (x: number) =>
    x <= 0 ? `a tariff power is 1 + rate and must be positive (${x}); write 1.25 for 25%` : undefined;
  matrix('T0', power);
  matrix('T1', power);
  const vector = (key: 'Em' | 'Es' | 'Ex', rule: (x: number) => string | undefined, meaning: string) => {
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
      number(x, [key, i], rule);
    });
  };
  vector(
    'Em',
    (x) => (x >= 0 ? `import-demand elasticity must be negative (${x})` : undefined),
    'import-demand elasticity',
  );
  vector(
    'Es',
    (x) => (x < 0 ? `substitution elasticity cannot be negative (${x})` : undefined),
    'substitution elasticity',
  );
  vector(
    'Ex',
    (x) => (x <= 0 ? `export-supply elasticity must be positive (${x})` : undefined),
    'export-supply elasticity',
  );
  if (problems.length > 0) return { ok: false, problems };
  const input = Object.fromEntries(KEYS.map((k) => [k, obj[k]])) as unknown as GsimInput;
  return typeof obj.title === 'string' ? { ok: true, input, title: obj.title } : { ok: true, input };
}
