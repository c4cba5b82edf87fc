/**
 * @module agreement/zod-issues
 * Turn zod's issues into problems a person can act on: a stable code, a message that names what was
 * expected and what was found, and the path of the offending key or value (the loader adds line:col).
 */
import type { z } from 'zod';
import type { Problem } from '../_lib/problem.js';
import type { Path } from '../_lib/yaml-locate.js';

type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

/** A problem before positioning: the path it concerns and whether the key or the value is at fault. */
export interface PathProblem {
  problem: Omit<Problem, 'where'>;
  path: Path;
  at: 'key' | 'value';
}

/** The value at `path` inside `data`, or undefined when the path does not exist. */
export function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** How a value reads in a message: `the text "abc"`, `the number 4`, `a list` … */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the text ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Uint8Array) return 'binary data';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
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

function defOf(schema: Schema): Record<string, unknown> & { type: string } {
  return schema._zod.def as unknown as Record<string, unknown> & { type: string };
}

/** The description a field carries (`.meta({ description })` / `.describe`), if any. */
function descriptionOf(schema: Schema): string | undefined {
  const meta = (schema as unknown as { meta?: () => { description?: string } | undefined }).meta?.();
  return meta?.description;
}

/** Strip wrappers that do not change which keys or items a value may have. */
function unwrap(schema: Schema, seen = 0): Schema[] {
  if (seen > 50) return [schema];
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return unwrap(def.innerType as Schema, seen + 1);
    case 'lazy':
      return unwrap((def.getter as () => Schema)(), seen + 1);
    case 'pipe':
      return unwrap(def.in as Schema, seen + 1);
    case 'union':
      return (def.options as Schema[]).flatMap((o) => unwrap(o, seen + 1));
    default:
      return [schema];
  }
}

/** Every schema that can describe the value at `path` (several where a union branches). */
export function schemasAt(root: Schema, path: Path): Schema[] {
  let current: Schema[] = [root];
  for (const segment of path) {
    const next: Schema[] = [];
    for (const candidate of current.flatMap((s) => unwrap(s))) {
      const def = defOf(candidate);
      if (def.type === 'object') {
        const shape = def.shape as Record<string, Schema>;
        const field = Object.hasOwn(shape, String(segment)) ? shape[String(segment)] : undefined;
        if (field) next.push(field);
      } else if (def.type === 'array' && typeof segment === 'number') next.push(def.element as Schema);
      else if (def.type === 'record') next.push(def.valueType as Schema);
    }
    current = next;
  }
  return current;
}

/** The keys an object at `path` may have (the union of every candidate object's keys). */
export function allowedKeysAt(root: Schema, path: Path): string[] {
  const keys = new Set<string>();
  for (const candidate of schemasAt(root, path).flatMap((s) => unwrap(s))) {
    const def = defOf(candidate);
    if (def.type === 'object') for (const key of Object.keys(def.shape as object)) keys.add(key);
  }
  return [...keys];
}

/** A description of what belongs at `path`, from the field's own metadata. */
function expectedAt(root: Schema, path: Path): string | undefined {
  for (let schema of schemasAt(root, path)) {
    // Look through optional/default wrappers: the description sits on the field itself.
    for (let hops = 0; hops < 10; hops++) {
      const description = descriptionOf(schema);
      if (description) return description;
      const def = defOf(schema);
      if (!['optional', 'nullable', 'default', 'prefault', 'readonly'].includes(def.type)) break;
      schema = def.innerType as Schema;
    }
  }
  return undefined;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The candidate closest to `word`, when it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance =
      candidate.toLowerCase() === word.toLowerCase()
        ? 0
        : editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** Zod's own English messages start like this; messages written in our schema are kept verbatim. */
function isDefaultMessage(message: string): boolean {
  return /^(Invalid|Too (small|big)|Unrecognized)/.test(message);
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function prefixed(issue: Issue, base: Path): Issue {
  return { ...issue, path: [...base, ...issue.path] } as Issue;
}

/** True when a union branch failed because the value is of another type altogether. */
function wrongTypeAtRoot(branch: readonly Issue[]): boolean {
  return branch.some((i) => i.code === 'invalid_type' && i.path.length === 0);
}

/**
 * Map zod issues for `data` (parsed against `schema`) to path problems. Pure: positions are added by the
 * loader, which knows the YAML nodes.
 */
export function issuesToProblems(
  issues: readonly Issue[],
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

type IssueOf<C extends Issue['code']> = Extract<Issue, { code: C }>;

function mapIssue(
  issue: Issue,
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
  issue: Extract<Issue, { code: 'invalid_union' }>,
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
