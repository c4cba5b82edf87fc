/**
 * @module evaluation/parse-facts
 * Read a facts file in JSON: `{ "accordFacts": 1, "agreement": "<id>", "facts": [ … ] }`. JSON is YAML 1.2,
 * so the `yaml` parser reads it with positions: every problem carries file:line:col and the JSON pointer.
 * One bad fact is reported and dropped; the rest are kept. Never throws on input.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import type { Location, Problem } from '../_lib/problem.js';
import { toPointer } from '../_lib/problem.js';
import { Locator } from '../_lib/yaml-locate.js';
import { plainNumberTags } from '../_lib/yaml-numbers.js';
import { buildFact } from './build-fact.js';
import type { Fact } from './facts.js';

/** What reading a facts file gives: the good facts, the agreement id it names, and every problem. */
export interface ParsedFacts {
  facts: Fact[];
  problems: Problem[];
  /** The agreement id the file says it is for (JSON only). */
  agreement?: string;
}

/** Larger inputs are refused before parsing: a facts file of this size is a mistake, not data. */
export const MAX_FACTS_BYTES = 20 * 1024 * 1024;

/**
 * Parse a JSON facts file.
 *
 * @example
 * const { facts, problems } = parseFacts(readFileSync('facts.json', 'utf8'), 'facts.json');
 */
export function parseFacts(text: string, file: string): ParsedFacts {
  const early = checkText(text, file);
  if (early) return { facts: [], problems: [early] };
  const lineCounter = new LineCounter();
  // JSON numbers only: without the YAML-only forms `0x10`, `0o17`, `.inf`, `.nan` stay text and fail as such.
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    version: '1.2',
    customTags: plainNumberTags,
  });
  const locator = new Locator(doc, lineCounter, file);
  if (doc.errors.length > 0) {
    return {
      facts: [],
      problems: doc.errors.slice(0, 20).map((e) => ({
        code: 'facts-syntax',
        message: `not valid JSON: ${e.message.split('\n')[0]}`,
        where: { file, line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1 },
      })),
    };
  }
  const root = doc.contents;
  if (!isMap(root))
    return {
      facts: [],
      problems: [
        {
          code: 'facts-shape',
          message: 'a facts file is an object: { "accordFacts": 1, "agreement": "<id>", "facts": [ … ] }',
          where: locator.locate([]),
        },
      ],
    };
  const problems: Problem[] = [];
  const top = plainKeys(root);
  for (const key of top.keys())
    if (!['accordFacts', 'agreement', 'facts'].includes(key))
      problems.push({
        code: 'unknown-field',
        message: `a facts file has no field "${key}"; it has accordFacts, agreement and facts`,
        where: locator.locate([key], 'key'),
      });
  const version = top.get('accordFacts')?.value;
  if (!(isScalar(version) && version.value === 1))
    problems.push({
      code: 'facts-version',
      message: 'write "accordFacts": 1 (the facts format version)',
      where: locator.locate(['accordFacts']),
    });
  const agreementNode = top.get('agreement')?.value;
  let agreement: string | undefined;
  if (isScalar(agreementNode) && typeof agreementNode.value === 'string' && agreementNode.value !== '')
    agreement = agreementNode.value;
  else
    problems.push({
      code: 'missing-field',
      message: 'write "agreement": "<agreement id>" naming the agreement these facts are for',
      where: locator.locate(['agreement']),
    });
  const list = top.get('facts')?.value;
  if (!isSeq(list)) {
    problems.push({
      code: 'facts-shape',
      message: '"facts" must be an array of fact objects',
      where: locator.locate(['facts']),
    });
    return { facts: [], problems, ...(agreement !== undefined && { agreement }) };
  }

  let js: unknown;
  try {
    js = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    problems.push({
      code: 'facts-syntax',
      message: `cannot read the file: ${(error as Error).message}`,
      where: { file, line: 1, column: 1 },
    });
    return { facts: [], problems };
  }
  const jsFacts = (js as { facts: unknown[] }).facts;
  const facts: Fact[] = [];
  const seen = new Map<string, string>();
  list.items.forEach((item, index) => {
    const path: (string | number)[] = ['facts', index];
    if (!isMap(item)) {
      problems.push({
        code: 'facts-shape',
        message: 'each fact is an object',
        where: locator.locate(path),
      });
      return;
    }
    const record = jsFacts[index] as Record<string, unknown>;
    const locate = (field?: string): Location =>
      locator.locate(field === undefined ? path : [...path, field]);
    const built = buildFact(record, 'json', locate, { kind: 'file', file, pointer: toPointer(path) });
    problems.push(...built.problems);
    if (!built.fact) return;
    const first = seen.get(built.fact.id);
    if (first !== undefined) {
      problems.push({
        code: 'duplicate-fact-id',
        message: `fact id "${built.fact.id}" is already used at ${first}; give each fact its own id (this one is ignored)`,
        where: locate('id'),
      });
      return;
    }
    seen.set(built.fact.id, toPointer(path));
    facts.push(built.fact);
  });
  return { facts, problems, ...(agreement !== undefined && { agreement }) };
}

interface Pair {
  key: Node;
  value: unknown;
}

/** A map's pairs by key; keys that are not plain strings are skipped (JSON keys always are). */
function plainKeys(map: YAMLMap): Map<string, Pair> {
  const out = new Map<string, Pair>();
  for (const pair of map.items)
    if (isScalar(pair.key) && typeof pair.key.value === 'string')
      out.set(pair.key.value, { key: pair.key, value: pair.value });
  return out;
}

/** Refuse inputs that are too big or not text before a parser sees them. */
export function checkText(text: string, file: string): Problem | undefined {
  if (text.length > MAX_FACTS_BYTES)
    return {
      code: 'facts-too-large',
      message: `the file has ${text.length} characters; a facts file may have at most ${MAX_FACTS_BYTES} — split it`,
      where: { file },
    };
  // NUL and other C0 controls (except tab, CR, LF) mean binary, not a text file.
  const binary = /[\u0000-\u0008\u000e-\u001f\ufffd]/.exec(text);
  if (binary) {
    const before = text.slice(0, binary.index);
    const line = before.split('\n').length;
    const column = binary.index - before.lastIndexOf('\n');
    return {
      code: 'not-text',
      message: 'the file contains binary bytes (e.g. NUL or invalid UTF-8); a facts file is UTF-8 text',
      where: { file, line, column },
    };
  }
  return undefined;
}
