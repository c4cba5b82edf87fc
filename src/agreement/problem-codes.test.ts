import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGREEMENT_PROBLEM_CODES } from './problem-codes.js';

/**
 * Codes written in the loader's sources and its zod converter: `code: '…'` and `check.error('…'` /
 * `check.warn('…'`.
 */
function codesInSources(): Set<string> {
  const dir = new URL('./', import.meta.url);
  const codes = new Set<string>();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name === 'problem-codes.ts') continue;
    const text = readFileSync(new URL(name, dir), 'utf8');
    for (const m of text.matchAll(/\bcode: '([a-z]+(?:-[a-z]+)+)'/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/\.(?:error|warn)\(\s*'([a-z]+(?:-[a-z]+)*)'/g)) codes.add(m[1]!);
  }
  // The loader's zod issues are worded by the shared converter; its doc comments show other callers' codes.
  const converter = readFileSync(new URL('../_lib/zod-problems.ts', dir), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/|\/\*\*)/.test(line))
    .join('\n');
  for (const m of converter.matchAll(/\bcode: '([a-z]+(?:-[a-z]+)+)'/g)) codes.add(m[1]!);
  return codes;
}

describe('AGREEMENT_PROBLEM_CODES', () => {
  it('lists every code the loader’s sources write, and no code they do not', () => {
    const written = codesInSources();
    // Codes built from zod issue kinds rather than written as literals.
    for (const derived of ['too-few-items', 'too-many-items']) written.add(derived);
    expect([...written].sort()).toEqual(Object.keys(AGREEMENT_PROBLEM_CODES).sort());
  });
});
