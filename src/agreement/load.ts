/**
 * @module agreement/load
 * From a file's bytes to an {@link Agreement} or a list of positioned problems. The stages, each of which
 * stops the load when it finds errors: size → text → YAML → shape (zod) → conditions and whole-file
 * consistency (validate.ts). Pure: the caller reads the file and passes its bytes.
 */
import { createHash } from 'node:crypto';
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import type { Location, Problem } from '../_lib/problem.js';
import { fail, ok, type Result } from '../_lib/result.js';
import { Locator, position as linePosition } from '../_lib/yaml-locate.js';
import { plainNumberTags } from '../_lib/yaml-numbers.js';
import { zodProblems } from '../_lib/zod-problems.js';
import type { Agreement, AgreementMilestone } from './model.js';
import { normalizeCondition } from './normalize-condition.js';
import { type AgreementData, agreementSchema } from './schema.js';
import { findNotText, findNotTextInString } from './text.js';
import { validateAgreement } from './validate.js';

/**
 * Largest accepted file. The enacted-deal example is about 10 KB; 2 MiB leaves two hundred times that. The
 * limit is also a time bound: the YAML parser reads roughly 0.3–1 MB/s on a busy 2-core machine
 * (bench/agreement/load.ts), so a limit much larger would let one file hold a command for tens of seconds.
 */
export const MAX_AGREEMENT_BYTES = 2 * 1024 * 1024;
/**
 * Aliases (`*name`) a file may expand, counted as YAML counts them (each alias weighs the nodes it
 * copies). Small, because a "billion laughs" file expands a few lines into gigabytes.
 */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of mappings and lists; legitimate files stay under 20 (conditions nest a little). */
export const MAX_DEPTH = 64;
/** Problems reported at most; past this a file is not an agreement with mistakes but something else. */
export const MAX_PROBLEMS = 1000;

/** What {@link loadAgreement} returns: the agreement when there are no errors, and every problem found. */
export interface LoadResult {
  agreement?: Agreement;
  problems: Problem[];
}

const BOM = '\uFEFF';

function fileLevel(file: string): Location {
  return { file, line: 1, column: 1 };
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** Decode and check the input is text; returns the text or the problem. */
function toText(input: string | Uint8Array, file: string): Result<{ text: string; bytes: Uint8Array }> {
  // A string is at least one byte per UTF-16 unit, so a long one is refused before it is measured.
  const size =
    typeof input === 'string'
      ? input.length > MAX_AGREEMENT_BYTES
        ? input.length
        : Buffer.byteLength(input, 'utf8')
      : input.byteLength;
  if (size > MAX_AGREEMENT_BYTES)
    return fail([
      {
        code: 'file-too-large',
        message: `the file is ${plural(size, 'byte')}; an agreement file may be at most ${plural(MAX_AGREEMENT_BYTES, 'byte')} (${MAX_AGREEMENT_BYTES / 1024 / 1024} MiB). Is this the agreement you meant?`,
        where: fileLevel(file),
        params: { size, limit: MAX_AGREEMENT_BYTES },
      },
    ]);
  if (typeof input === 'string') {
    const bad = findNotTextInString(input);
    if (bad)
      return fail([
        {
          code: 'not-text',
          message: `this is not a text file (character offset ${bad.offset}: ${bad.reason}); an agreement file is UTF-8 text (YAML or JSON)`,
          where: { file, line: bad.line, column: bad.column },
          params: { offset: bad.offset },
        },
      ]);
    return ok({ text: input, bytes: Buffer.from(input, 'utf8') });
  }
  const bad = findNotText(input);
  if (bad)
    return fail([
      {
        code: 'not-text',
        message: `this is not a text file (byte offset ${bad.offset}: ${bad.reason}); an agreement file is UTF-8 text (YAML or JSON)`,
        where: { file, line: bad.line, column: bad.column },
        params: { offset: bad.offset },
      },
    ]);
  return ok({
    text: Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8'),
    bytes: input,
  });
}

/** What one walk over the parsed document finds before any value is built. */
interface Scan {
  /** The first node nested deeper than {@link MAX_DEPTH}. */
  tooDeep?: Node;
  /** Keys repeated in one mapping, each with the key it repeats. */
  duplicates: { key: Node; first: Node; text: string }[];
  /** The first alias (`*name`), where an alias bomb is reported. */
  firstAlias?: Node;
  /** The first key that is itself a list or mapping (`? [a, b] : 1`), which no agreement field has. */
  complexKey?: Node;
}

/**
 * Walk the document once, without recursion (a deep file must not overflow the stack): depth, duplicate
 * keys (checked here with a set per mapping because YAML's own check is quadratic in the number of keys)
 * and the first alias.
 */
function scan(doc: Document): Scan {
  const result: Scan = { duplicates: [] };
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isAlias(node)) {
      if (!result.firstAlias || (node.range?.[0] ?? 0) < (result.firstAlias.range?.[0] ?? 0))
        result.firstAlias = node;
      continue;
    }
    if (!isCollection(node)) continue;
    if (depth > MAX_DEPTH) {
      result.tooDeep ??= node;
      continue;
    }
    const seen = isMap(node) ? new Map<string, Node>() : undefined;
    for (const item of node.items) {
      if (isPair(item)) {
        if (isCollection(item.key) || isAlias(item.key)) result.complexKey ??= item.key;
        if (seen && isScalar(item.key) && result.duplicates.length < MAX_PROBLEMS) {
          const text = String(item.key.value);
          const first = seen.get(text);
          if (first) result.duplicates.push({ key: item.key, first, text });
          else seen.set(text, item.key);
        }
        stack.push({ node: item.value, depth: depth + 1 });
        stack.push({ node: item.key, depth: depth + 1 });
      } else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return result;
}

function at(file: string, lineCounter: LineCounter, node: Node | undefined): Location {
  return { file, ...linePosition(lineCounter, node?.range?.[0] ?? 0) };
}

function compareProblems(a: Problem, b: Problem): number {
  return (a.where?.line ?? 0) - (b.where?.line ?? 0) || (a.where?.column ?? 0) - (b.where?.column ?? 0);
}

/**
 * Drop exact repeats (unions can report one mistake through several branches), sort by position and
 * keep at most {@link MAX_PROBLEMS}, saying how many more there were.
 */
function tidy(problems: Problem[], file: string): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.code}\u0000${p.message}\u0000${p.where?.line}:${p.where?.column}:${p.where?.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort(compareProblems);
  if (unique.length <= MAX_PROBLEMS) return unique;
  const errors = unique.filter((p) => p.severity !== 'warning');
  const kept = (errors.length >= MAX_PROBLEMS ? errors : unique).slice(0, MAX_PROBLEMS);
  return [
    ...kept,
    {
      code: 'too-many-problems',
      message: `more problems not shown (at least ${(unique.length - kept.length).toLocaleString('en-US')}); fix these first, or check this is an agreement file`,
      where: fileLevel(file),
    },
  ];
}

/** Parse YAML (or JSON, which is YAML) into a plain value, or say where the syntax is wrong. */
function parseYaml(
  text: string,
  file: string,
): Result<{ data: unknown; locator: Locator; warnings: Problem[] }> {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    // logLevel error, not warn: the loader reports through problems, never by writing to the console
    // (and not silent, which would also drop the multiple-documents error).
    doc = parseDocument(text, {
      lineCounter,
      uniqueKeys: false,
      prettyErrors: false,
      strict: true,
      logLevel: 'error',
      // Numbers as people write them: `0x10`, `0o17`, `.inf` and `.nan` stay text, which fields refuse.
      customTags: plainNumberTags,
    });
  } catch (error) {
    if (error instanceof RangeError)
      return fail([
        {
          code: 'too-deep',
          message: `the file nests too deeply to read (limit ${MAX_DEPTH} levels)`,
          where: fileLevel(file),
        },
      ]);
    throw error;
  }
  const position = (offset: number): Location => ({ file, ...linePosition(lineCounter, offset) });
  // The parser recurses on nesting and reports its own stack overflows as errors (one per level it
  // unwinds); the first says where, and the others add nothing.
  const overflow = doc.errors.find((e) => /call stack/i.test(e.message));
  if (overflow)
    return fail([
      {
        code: 'too-deep',
        message: `mappings and lists nest too deeply to read here (the limit is ${MAX_DEPTH} levels)`,
        where: position(overflow.pos[0]),
      },
    ]);
  if (doc.errors.length > 0) {
    return fail(
      doc.errors.slice(0, MAX_PROBLEMS).map(
        (e): Problem => ({
          code: 'yaml-syntax',
          message: e.message.split('\n')[0]!,
          where: position(e.pos[0]),
        }),
      ),
    );
  }
  const warnings = doc.warnings.map(
    (w): Problem => ({
      code: 'yaml-warning',
      message: w.message.split('\n')[0]!,
      where: position(w.pos[0]),
      severity: 'warning',
    }),
  );
  if (doc.contents === null)
    return fail([
      {
        code: 'empty-file',
        message:
          'the file has no content (only blank lines or comments); an agreement starts with `accord: 1`',
        where: fileLevel(file),
      },
    ]);
  if (!isMap(doc.contents)) {
    const what = isSeq(doc.contents) ? 'a list' : 'a single value';
    return fail([
      {
        code: 'not-a-mapping',
        message: `the file holds ${what}; an agreement is a mapping of keys (accord: 1, id:, title:, parties:, tracks: …)`,
        where: at(file, lineCounter, doc.contents),
      },
    ]);
  }
  const found = scan(doc);
  if (found.tooDeep)
    return fail([
      {
        code: 'too-deep',
        message: `mappings and lists nest more than ${MAX_DEPTH} levels deep here; no agreement needs that`,
        where: at(file, lineCounter, found.tooDeep),
      },
    ]);
  if (found.complexKey)
    return fail([
      {
        code: 'invalid-key',
        message:
          'this key is a list, a mapping or an alias; keys in an agreement file are plain words like `title`',
        where: at(file, lineCounter, found.complexKey),
      },
    ]);
  if (found.duplicates.length > 0)
    return fail(
      found.duplicates.map(({ key, first, text }) => {
        const earlier = at(file, lineCounter, first);
        return {
          code: 'duplicate-key',
          message: `the key "${text}" appears twice in the same mapping (first at line ${earlier.line}, column ${earlier.column}); keep one`,
          where: at(file, lineCounter, key),
        };
      }),
    );
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof RangeError)
      return fail([
        {
          code: 'too-many-aliases',
          message: `aliases (*name) here expand to too much data (YAML alias limit ${MAX_ALIAS_COUNT}); write the values out or use fewer aliases`,
          where: at(file, lineCounter, found.firstAlias),
        },
      ]);
    throw error;
  }
  return ok({ data, locator: new Locator(doc, lineCounter, file), warnings });
}

/**
 * Load an agreement from the exact bytes of a file (or its text). `file` is the name problems carry.
 * Returns the agreement when there are no errors (warnings may remain), and every problem found, each
 * positioned at `file:line:col` with a JSON pointer where one applies.
 *
 * @example
 * const { agreement, problems } = loadAgreement(readFileSync(path), path);
 * for (const p of problems) console.error(formatProblem(p));
 */
export function loadAgreement(input: string | Uint8Array, file: string): LoadResult {
  const decoded = toText(input, file);
  if (!decoded.ok) return { problems: decoded.problems };
  const text = decoded.value.text.startsWith(BOM) ? decoded.value.text.slice(1) : decoded.value.text;
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return { problems: tidy(parsed.problems, file) };
  const { data, locator, warnings } = parsed.value;

  const result = agreementSchema.safeParse(data);
  if (!result.success) {
    const problems = zodProblems(result.error.issues, {
      explain: { data, schema: agreementSchema },
      locate: (path, at) => locator.locate(path, at),
      limit: MAX_PROBLEMS + 1,
    });
    return { problems: tidy([...warnings, ...problems], file) };
  }

  const found: Problem[] = [];
  const agreement = toAgreement(result.data, decoded.value.bytes, found);
  found.push(
    ...validateAgreement(agreement, (pointer) => {
      const where = locator.locatePointer(pointer);
      return `line ${where.line}, column ${where.column}`;
    }),
  );
  const problems = tidy(
    [
      ...warnings,
      ...found.map((p): Problem => ({ ...p, where: locator.locatePointer(p.where?.pointer ?? '') })),
    ],
    file,
  );
  return problems.some((p) => p.severity !== 'warning') ? { problems } : { agreement, problems };
}

function toAgreement(data: AgreementData, bytes: Uint8Array, problems: Problem[]): Agreement {
  const milestones = data.milestones.map(
    (m, i): AgreementMilestone => ({
      ...m,
      when: normalizeCondition(m.when, `/milestones/${i}/when`, problems),
    }),
  );
  return { ...data, milestones, hash: createHash('sha256').update(bytes).digest('hex') };
}
