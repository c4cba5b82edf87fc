/**
 * @module zod-problems
 * The one place zod's issues become {@link Problem}s. Two wordings: `explain` rewrites each issue for a
 * person (what was expected, what was found, the nearest allowed key or value) and says whether the key or
 * the value is at fault, for loaders that point at a line; otherwise zod's message is kept and the caller
 * picks the code. Either way the caller decides how a path becomes a location.
 *
 * @example
 * zodProblems(parsed.error.issues, { code: 'scopes-invalid', file, pointer: 'joined' })
 * // [{ code: 'scopes-invalid', message: 'Invalid input: expected string, received undefined',
 * //    where: { file, pointer: '/lists/0/title' } }]
 */
import type { z } from 'zod';
import { nearest } from './nearest.js';
import { type Location, type Problem, toPointer } from './problem.js';
import type { Path } from './yaml-locate.js';
import { allowedKeysAt, describeValue, expectedAt, type Schema, valueAt } from './zod-schema-walk.js';

/** One zod issue. */
export type ZodIssue = z.core.$ZodIssue;

/** A problem before positioning: the path it concerns and whether the key or the value is at fault. */
export interface PathProblem {
  problem: Omit<Problem, 'where'>;
  path: Path;
  at: 'key' | 'value';
}

/** How a problem's wording is chosen: rewritten for people (`explain`), or zod's with the caller's code. */
type Wording =
  | {
      /** The data that was parsed and the schema that rejected it, to say what belongs where. */
      explain: { data: unknown; schema: Schema };
      code?: never;
      message?: never;
    }
  | {
      explain?: undefined;
      /** The code of every problem, or the code for each issue. */
      code: string | ((issue: ZodIssue) => string);
      /** The message for an issue (default: zod's message). */
      message?: (issue: ZodIssue, path: Path) => string;
    };

/** Options of {@link zodProblems}: the wording, and how a path becomes a location. */
export type ZodProblemOptions = Wording & {
  /** The file named in each location (left out when undefined). */
  file?: string | undefined;
  /** How the path is written as a pointer: escaped per RFC 6901 (default), or its segments joined by `/`. */
  pointer?: 'rfc6901' | 'joined';
  /** Where a path is, when the caller knows more than a pointer (a line and column); replaces file/pointer. */
  locate?: (path: Path, at: 'key' | 'value') => Location;
  /** At most this many problems. */
  limit?: number;
};

/**
 * Zod's issues as problems, worded and positioned as `options` say.
 *
 * @example
 * zodProblems(result.error.issues, { explain: { data, schema }, locate: (path, at) => locator.locate(path, at) })
 */
export function zodProblems(issues: readonly ZodIssue[], options: ZodProblemOptions): Problem[] {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const where = options.locate ?? pointerLocation(options.file, options.pointer ?? 'rfc6901');
  if (options.explain) {
    const { data, schema } = options.explain;
    return explainIssues(issues, data, schema, limit).map(
      ({ problem, path, at }): Problem => ({ ...problem, where: where(path, at) }),
    );
  }
  const { code, message } = options;
  return issues.slice(0, limit).map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    return {
      code: typeof code === 'string' ? code : code(issue),
      message: message ? message(issue, path) : issue.message,
      where: where(path, 'value'),
    };
  });
}

function pointerLocation(file: string | undefined, style: 'rfc6901' | 'joined'): (path: Path) => Location {
  return (path) => ({
    ...(file !== undefined ? { file } : {}),
    pointer: style === 'joined' ? `/${path.join('/')}` : toPointer(path),
  });
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  date: 'a date',
  null: 'an empty value',
};

/** Zod's own English messages start like this; messages written in our schema are kept verbatim. */
function isDefaultMessage(message: string): boolean {
  return /^(Invalid|Too (small|big)|Unrecognized)/.test(message);
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function prefixed(issue: ZodIssue, base: Path): ZodIssue {
  return { ...issue, path: [...base, ...issue.path] } as ZodIssue;
}

/** True when a union branch failed because the value is of another type altogether. */
function wrongTypeAtRoot(branch: readonly ZodIssue[]): boolean {
  return branch.some((i) => i.code === 'invalid_type' && i.path.length === 0);
}

/**
 * Map zod issues for `data` (parsed against `schema`) to path problems worded for people. Pure: positions
 * are added by the caller, which knows the source text.
 */
export function explainIssues(
  issues: readonly ZodIssue[],
  data: unknown,
  schema: Schema,
  limit = Number.POSITIVE_INFINITY,
): PathProblem[] {
  const out: PathProblem[] = [];
  for (const issue of issues) {
    if (out.length >= limit) break;
    mapIssue(issue, data, schema, out, limit);
  }
  return out.slice(0, limit);
}

/** What every issue handler needs: where the issue is, the value there, and where problems go. */
interface At {
  path: Path;
  value: unknown;
  got: string;
  data: unknown;
  schema: Schema;
  out: PathProblem[];
  limit: number;
}

type IssueOf<C extends ZodIssue['code']> = Extract<ZodIssue, { code: C }>;

function mapIssue(
  issue: ZodIssue,
  data: unknown,
  schema: Schema,
  out: PathProblem[],
  limit = Number.POSITIVE_INFINITY,
): void {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const value = valueAt(data, path);
  const at: At = { path, value, got: describeValue(value), data, schema, out, limit };
  switch (issue.code) {
    case 'invalid_type':
      mapInvalidType(issue, at);
      return;
    case 'unrecognized_keys':
      mapUnknownKeys(issue, at);
      return;
    case 'invalid_value':
      mapInvalidValue(issue, at);
      return;
    case 'invalid_format': {
      const message = isDefaultMessage(issue.message)
        ? `${at.got} does not match the pattern ${issue.pattern ?? issue.format}`
        : `${at.got}: ${issue.message}`;
      out.push({ problem: { code: 'invalid-format', message }, path, at: 'value' });
      return;
    }
    case 'too_small':
    case 'too_big':
      mapSize(issue, at);
      return;
    case 'invalid_union': {
      mapUnion(issue, path, value, data, schema, out);
      return;
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      const message =
        inner && !isDefaultMessage(inner.message) ? inner.message : 'this key is not allowed here';
      const key = path[path.length - 1];
      out.push({
        problem: { code: 'invalid-key', message: `key ${JSON.stringify(key)}: ${message}` },
        path,
        at: 'key',
      });
      return;
    }
    case 'invalid_element': {
      for (const inner of issue.issues) mapIssue(prefixed(inner, path), data, schema, out);
      return;
    }
    case 'custom': {
      const code = typeof issue.params?.code === 'string' ? issue.params.code : 'invalid-format';
      out.push({ problem: { code, message: issue.message }, path, at: 'value' });
      return;
    }
    default: {
      out.push({ problem: { code: 'invalid-value', message: issue.message }, path, at: 'value' });
    }
  }
}

/** A value of the wrong type, or (when there is none) a missing field. */
function mapInvalidType(issue: IssueOf<'invalid_type'>, { path, value, got, schema, out }: At): void {
  const key = path[path.length - 1];
  if (value === undefined && key !== undefined) {
    const expected = expectedAt(schema, path) ?? EXPECTED[issue.expected] ?? issue.expected;
    out.push({
      problem: { code: 'missing-field', message: `missing required field "${key}" (${expected})` },
      path,
      at: 'key',
    });
    return;
  }
  const expected = EXPECTED[issue.expected] ?? issue.expected;
  out.push({
    problem: {
      code: 'invalid-type',
      message: `expected ${expected}, got ${got}`,
      params: { expected: issue.expected },
    },
    path,
    at: 'value',
  });
}

/** One problem per unknown key, with the nearest allowed key as a suggestion. */
function mapUnknownKeys(issue: IssueOf<'unrecognized_keys'>, { path, schema, out, limit }: At): void {
  const allowed = allowedKeysAt(schema, path);
  for (const key of issue.keys) {
    // A mapping of thousands of stray keys is not a typo; stop describing them at the limit.
    if (out.length >= limit) break;
    const suggestion = nearest(key, allowed);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
    out.push({
      problem: {
        code: 'unknown-key',
        message: `unknown key "${key}"${hint}; allowed here: ${allowed.join(', ')}`,
        params: { key, allowed, ...(suggestion ? { suggestion } : {}) },
      },
      path: [...path, key],
      at: 'key',
    });
  }
}

/** A value outside an enumeration (with the nearest allowed one), or a missing field that takes one. */
function mapInvalidValue(issue: IssueOf<'invalid_value'>, { path, value, got, out }: At): void {
  const key = path[path.length - 1];
  if (value === undefined && key !== undefined) {
    const allowed = isDefaultMessage(issue.message)
      ? issue.values.length === 1
        ? quoteList(issue.values)
        : `one of ${quoteList(issue.values)}`
      : issue.message;
    out.push({
      problem: { code: 'missing-field', message: `missing required field "${key}" (${allowed})` },
      path,
      at: 'key',
    });
    return;
  }
  const custom = isDefaultMessage(issue.message) ? '' : `${issue.message}; `;
  const suggestion =
    typeof value === 'string'
      ? nearest(
          value,
          issue.values.filter((v): v is string => typeof v === 'string'),
        )
      : undefined;
  const hint = suggestion ? ` — did you mean "${suggestion}"?` : '';
  const allowed =
    issue.values.length === 1 ? `${quoteList(issue.values)}` : `one of ${quoteList(issue.values)}`;
  out.push({
    problem: {
      code: 'invalid-value',
      message: `${custom}expected ${allowed}, got ${got}${hint}`,
      params: { allowed: issue.values },
    },
    path,
    at: 'value',
  });
}

/** A list with too few or many items, a string too short or long, or a number out of range. */
function mapSize(issue: IssueOf<'too_small' | 'too_big'>, { path, value, got, out }: At): void {
  const small = issue.code === 'too_small';
  const bound = small
    ? (issue as { minimum: number | bigint }).minimum
    : (issue as { maximum: number | bigint }).maximum;
  if (issue.origin === 'array' || issue.origin === 'set') {
    const count = Array.isArray(value) ? value.length : 0;
    const name = path[path.length - 1];
    out.push({
      problem: {
        code: small ? 'too-few-items' : 'too-many-items',
        message: `${typeof name === 'string' ? `${name} ` : 'this list '}needs ${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}, has ${count}`,
      },
      path,
      at: 'value',
    });
    return;
  }
  if (issue.origin === 'string') {
    const message = isDefaultMessage(issue.message)
      ? `must be ${small ? 'at least' : 'at most'} ${bound} characters long`
      : issue.message;
    out.push({ problem: { code: 'invalid-format', message: `${got}: ${message}` }, path, at: 'value' });
    return;
  }
  const inclusive = issue.inclusive !== false;
  const rule = isDefaultMessage(issue.message)
    ? `must be ${small ? (inclusive ? 'at least' : 'above') : inclusive ? 'at most' : 'below'} ${bound}`
    : issue.message;
  out.push({
    problem: {
      code: 'out-of-range',
      message: `${got} ${rule}`,
      params: { [small ? 'minimum' : 'maximum']: Number(bound) },
    },
    path,
    at: 'value',
  });
}

function mapUnion(
  issue: Extract<ZodIssue, { code: 'invalid_union' }>,
  path: Path,
  value: unknown,
  data: unknown,
  schema: Schema,
  out: PathProblem[],
): void {
  const branches = issue.errors;
  const fitting = branches.filter((b) => !wrongTypeAtRoot(b));
  if (branches.length === 0 || fitting.length === 0) {
    if (value === undefined && path.length > 0) {
      const expected = expectedAt(schema, path) ?? 'a value';
      out.push({
        problem: {
          code: 'missing-field',
          message: `missing required field "${path[path.length - 1]}" (${expected})`,
        },
        path,
        at: 'key',
      });
      return;
    }
    const kinds = branches.flatMap((b) =>
      b
        .filter((i) => i.code === 'invalid_type' && i.path.length === 0)
        .map((i) => (i as { expected: string }).expected),
    );
    const expected =
      expectedAt(schema, path) ??
      ([...new Set(kinds.map((k) => EXPECTED[k] ?? k))].join(' or ') || 'another value');
    out.push({
      problem: { code: 'invalid-type', message: `expected ${expected}, got ${describeValue(value)}` },
      path,
      at: 'value',
    });
    return;
  }
  // Several shapes fit the value's type: when every one rejects the same unknown key, that key is the
  // mistake; reporting each branch's other complaints would only confuse.
  if (fitting.length > 1) {
    const unknownKeys = fitting.map((b) =>
      b.find((i) => i.code === 'unrecognized_keys' && i.path.length === 0),
    );
    if (unknownKeys.every((u) => u !== undefined)) {
      mapIssue(prefixed(unknownKeys[0]!, path), data, schema, out);
      return;
    }
  }
  const best = fitting.reduce((a, b) => (b.length < a.length ? b : a));
  for (const inner of best) mapIssue(prefixed(inner, path), data, schema, out);
}
