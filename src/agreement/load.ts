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
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import type { Location, Problem } from '../_lib/problem.js';
import { Locator } from './locate.js';
import type { Agreement, AgreementMilestone } from './model.js';
import { normalizeCondition } from './normalize-condition.js';
import { type AgreementData, agreementSchema } from './schema.js';
import { findNotText, findNotTextInString } from './text.js';
import { validateAgreement } from './validate.js';
import { issuesToProblems } from './zod-issues.js';

/** Largest accepted file: an agreement is kilobytes; 8 MiB leaves room for many commitments and comments. */
export const MAX_AGREEMENT_BYTES = 8 * 1024 * 1024;
/**
 * Aliases (`*name`) a file may expand, counted as YAML counts them (each alias weighs the nodes it
 * copies). Small, because a "billion laughs" file expands a few lines into gigabytes.
 */
export const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of mappings and lists; legitimate files stay under 20 (conditions nest a little). */
export const MAX_DEPTH = 64;

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

/** Decode and check the input is text; returns the text or a problem. */
function toText(input: string | Uint8Array, file: string): { text: string; bytes: Uint8Array } | Problem {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > MAX_AGREEMENT_BYTES)
    return {
      code: 'file-too-large',
      message: `the file is ${plural(size, 'byte')}; an agreement file may be at most ${plural(MAX_AGREEMENT_BYTES, 'byte')} (8 MiB). Is this the agreement you meant?`,
      where: fileLevel(file),
      params: { size, limit: MAX_AGREEMENT_BYTES },
    };
  if (typeof input === 'string') {
    const bad = findNotTextInString(input);
    if (bad)
      return {
        code: 'not-text',
        message: `this is not a text file: ${bad.reason} at character offset ${bad.offset}; an agreement file is UTF-8 text (YAML or JSON)`,
        where: { file, line: bad.line, column: bad.column },
        params: { offset: bad.offset },
      };
    return { text: input, bytes: Buffer.from(input, 'utf8') };
  }
  const bad = findNotText(input);
  if (bad)
    return {
      code: 'not-text',
      message: `this is not a text file: ${bad.reason} at byte offset ${bad.offset}; an agreement file is UTF-8 text (YAML or JSON)`,
      where: { file, line: bad.line, column: bad.column },
      params: { offset: bad.offset },
    };
  return {
    text: Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8'),
    bytes: input,
  };
}

/** The first node nested deeper than {@link MAX_DEPTH}, found without recursion. */
function tooDeep(doc: Document): Node | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (!isCollection(node)) continue;
    if (depth > MAX_DEPTH) return node;
    for (const item of node.items) {
      if (isPair(item)) {
        stack.push({ node: item.value, depth: depth + 1 });
        stack.push({ node: item.key, depth: depth + 1 });
      } else stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

/** The first alias node in the document (where an alias bomb is reported). */
function firstAlias(doc: Document): Node | undefined {
  const stack: unknown[] = [doc.contents];
  let first: Node | undefined;
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (!first || (node.range?.[0] ?? 0) < (first.range?.[0] ?? 0)) first = node;
    } else if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) stack.push(item.key, item.value);
        else stack.push(item);
      }
    }
  }
  return first;
}

function at(file: string, lineCounter: LineCounter, node: Node | undefined): Location {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, column: col };
}

function compareProblems(a: Problem, b: Problem): number {
  return (a.where?.line ?? 0) - (b.where?.line ?? 0) || (a.where?.column ?? 0) - (b.where?.column ?? 0);
}

/** Drop exact repeats (unions can report one mistake through several branches) and sort by position. */
function tidy(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.code}\u0000${p.message}\u0000${p.where?.line}:${p.where?.column}:${p.where?.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(compareProblems);
}

/** Parse YAML (or JSON, which is YAML) into a plain value, or say where the syntax is wrong. */
function parseYaml(
  text: string,
  file: string,
): { data: unknown; locator: Locator; warnings: Problem[] } | { problems: Problem[] } {
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  } catch (error) {
    if (error instanceof RangeError)
      return {
        problems: [
          {
            code: 'too-deep',
            message: `the file nests too deeply to read (limit ${MAX_DEPTH} levels)`,
            where: fileLevel(file),
          },
        ],
      };
    throw error;
  }
  const position = (offset: number): Location => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e): Problem => {
        if (e.code === 'DUPLICATE_KEY') {
          // The error marks the key's first character; the key runs to its colon.
          const key = /^[^:\n]*/.exec(text.slice(e.pos[0], e.pos[0] + 200))![0].trim();
          return {
            code: 'duplicate-key',
            message: `the key ${key ? `"${key}" ` : ''}appears twice in the same mapping; keep one`,
            where: position(e.pos[0]),
          };
        }
        return { code: 'yaml-syntax', message: e.message.split('\n')[0]!, where: position(e.pos[0]) };
      }),
    };
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
    return {
      problems: [
        {
          code: 'empty-file',
          message:
            'the file has no content (only blank lines or comments); an agreement starts with `accord: 1`',
          where: fileLevel(file),
        },
      ],
    };
  if (!isMap(doc.contents)) {
    const what = isSeq(doc.contents) ? 'a list' : 'a single value';
    return {
      problems: [
        {
          code: 'not-a-mapping',
          message: `the file holds ${what}; an agreement is a mapping of keys (accord: 1, id:, title:, parties:, tracks: …)`,
          where: at(file, lineCounter, doc.contents),
        },
      ],
    };
  }
  const deep = tooDeep(doc);
  if (deep)
    return {
      problems: [
        {
          code: 'too-deep',
          message: `mappings and lists nest more than ${MAX_DEPTH} levels deep here; no agreement needs that`,
          where: at(file, lineCounter, deep),
        },
      ],
    };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof RangeError)
      return {
        problems: [
          {
            code: 'too-many-aliases',
            message: `aliases (*name) here expand to too much data (YAML alias limit ${MAX_ALIAS_COUNT}); write the values out or use fewer aliases`,
            where: at(file, lineCounter, firstAlias(doc)),
          },
        ],
      };
    throw error;
  }
  return { data, locator: new Locator(doc, lineCounter, file), warnings };
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
  if (!('text' in decoded)) return { problems: [decoded] };
  const text = decoded.text.startsWith(BOM) ? decoded.text.slice(1) : decoded.text;
  const parsed = parseYaml(text, file);
  if ('problems' in parsed) return { problems: tidy(parsed.problems) };
  const { data, locator, warnings } = parsed;

  const result = agreementSchema.safeParse(data);
  if (!result.success) {
    const problems = issuesToProblems(result.error.issues, data, agreementSchema).map(
      ({ problem, path, at }): Problem => ({ ...problem, where: locator.locate(path, at) }),
    );
    return { problems: tidy([...warnings, ...problems]) };
  }

  const found: Problem[] = [];
  const agreement = toAgreement(result.data, decoded.bytes, found);
  found.push(
    ...validateAgreement(agreement, (pointer) => {
      const where = locator.locatePointer(pointer);
      return `line ${where.line}, column ${where.column}`;
    }),
  );
  const problems = tidy([
    ...warnings,
    ...found.map((p): Problem => ({ ...p, where: locator.locatePointer(p.where?.pointer ?? '') })),
  ]);
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
