/**
 * @module negotiation/source-position
 * Turn an offset or a searched-for snippet of a source text into a 1-based line and column, so problems
 * in XML and JSON files point at the place to fix even when the parser keeps no positions.
 */
import { LineCounter } from 'yaml';
import type { Location } from '../_lib/problem.js';
import { position } from '../_lib/yaml-locate.js';

/**
 * Line and column (1-based) of a character offset, clamped to the text. The line index is the YAML
 * parser's, as for every other position accord reports, so XML and JSON problems count lines the same way.
 */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  return position(lineCounter, Math.max(0, Math.min(offset, text.length)));
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
