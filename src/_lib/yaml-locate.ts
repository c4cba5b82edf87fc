/**
 * @module _lib/yaml-locate
 * The one YAML locator: map a path into the parsed document (`['milestones', 0, 'by']`, or its JSON
 * pointer) back to the YAML node it came from, and that node to a 1-based line and column, so every
 * problem can say `file:line:col`. The agreement loader, the facts reader and the scenario reader use it.
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { type Location, toPointer } from './problem.js';

/** A path into the parsed value: object keys and array indexes. */
export type Path = readonly (string | number)[];

/** How far a path resolved: the deepest node found, the key that led to it, and how many segments matched. */
interface Resolved {
  node: Node | null;
  key: Node | null;
  depth: number;
}

/** Follow aliases (`*name`) to the node they stand for; the loader caps how many there are. */
function deref(doc: Document, node: unknown): Node | null {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 100; hops++) current = current.resolve(doc);
  return (current as Node | null | undefined) ?? null;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return '';
  return undefined;
}

/** Pairs of a mapping by key text, built once per mapping: a file may locate many problems in a big one. */
type PairIndex = WeakMap<object, Map<string, Pair<unknown, unknown>>>;

function pairOf(
  index: PairIndex,
  map: YAMLMap<unknown, unknown>,
  key: string,
): Pair<unknown, unknown> | undefined {
  let byKey = index.get(map);
  if (!byKey) {
    byKey = new Map();
    // The last pair with a key wins, as it does when YAML turns the map into an object.
    for (const pair of map.items) {
      const text = keyText(pair.key);
      if (text !== undefined) byKey.set(text, pair);
    }
    index.set(map, byKey);
  }
  return byKey.get(key);
}

function resolve(doc: Document, path: Path, index: PairIndex): Resolved {
  let node = deref(doc, doc.contents);
  let key: Node | null = null;
  let depth = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = pairOf(index, node, String(segment));
      if (!pair) break;
      key = (pair.key as Node | null) ?? null;
      node = deref(doc, pair.value);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      key = null;
      node = deref(doc, item);
    } else break;
    depth++;
  }
  return { node, key, depth };
}

/** The 1-based line and column of a character offset. */
export function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * Where to point: `key`, the key that names the path's last segment; `value`, its value; `node`, its
 * value too, but when the path does not fully exist the deepest existing ancestor's value (not its key).
 */
export type Anchor = 'key' | 'value' | 'node';

/**
 * Locates paths of one parsed document. `at: 'key'` points at the key that names the path's last segment
 * (for unknown keys), `at: 'value'` at its value; when the path does not fully exist (a missing field)
 * the deepest existing ancestor is used — its key when it has one, else its first character.
 */
export class Locator {
  private readonly index: PairIndex = new WeakMap();

  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    private readonly file: string,
  ) {}

  /** The location of `path`, with its JSON pointer. */
  locate(path: Path, at: Anchor = 'value'): Location {
    const pointer = toPointer(path);
    const { node, key, depth } = resolve(this.doc, path, this.index);
    const complete = depth === path.length;
    const anchor = at === 'key' || (at === 'value' && !complete) ? (key ?? node) : (node ?? key);
    const offset = anchor?.range?.[0];
    if (offset === undefined) {
      // An empty value (`by:` with nothing after it) has no node: point at its key instead.
      const fallback = key?.range?.[0];
      if (fallback !== undefined)
        return { file: this.file, ...position(this.lineCounter, fallback), pointer };
      return { file: this.file, line: 1, column: 1, pointer };
    }
    return { file: this.file, ...position(this.lineCounter, offset), pointer };
  }

  /** The location of a JSON pointer (`/milestones/0/when`), as `toPointer` writes them. */
  locatePointer(pointer: string, at: Anchor = 'value'): Location {
    return this.locate(fromPointer(pointer), at);
  }
}

/** Split an RFC 6901 pointer into its segments; all-digit segments become indexes. */
export function fromPointer(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}
