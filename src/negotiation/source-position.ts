/**
 * @module negotiation/source-position
 * Turn an offset or a searched-for snippet of a source text into a 1-based line and column, so problems
 * in XML and JSON files point at the place to fix even when the parser keeps no positions.
 */
import type { Location } from '../_lib/problem.js';

/** Line and column (1-based) of a character offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

/**
 * Location of the first occurrence of `needle` at or after the first occurrence of each `after` snippet
 * in turn (to find, say, an item inside a given issue); just the file when it is not found.
 */
export function locate(file: string, text: string, needle: string, after: readonly string[] = []): Location {
  let from = 0;
  for (const a of after) {
    const k = text.indexOf(a, from);
    if (k >= 0) from = k;
  }
  const at = text.indexOf(needle, from);
  if (at < 0) return { file };
  return { file, ...positionOf(text, at) };
}
