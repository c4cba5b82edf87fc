/**
 * Random mutations of the shipped examples never crash the loader, and any mutant that still loads
 * evaluates against the example's facts without throwing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../src/_lib/problem.js';
import { loadAgreement } from '../src/agreement/index.js';
import { evaluate, parseFacts } from '../src/evaluation/index.js';
import { ROOT } from './helpers/cli.js';

const EXAMPLES = ['us-japan-2025', 'us-japan-milestones'];

/** A text-level mutation: what a hurried edit or a damaged file does to YAML. */
function mutation(lines: readonly string[]) {
  const at = fc.nat({ max: Math.max(0, lines.length - 1) });
  return fc.oneof(
    at.map((i) => lines.filter((_, j) => j !== i)),
    at.map((i) => [...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)]),
    fc
      .tuple(at, fc.string({ maxLength: 12 }))
      .map(([i, s]) => lines.map((l, j) => (j === i ? l.slice(0, l.length >> 1) + s : l))),
    fc
      .tuple(at, fc.nat({ max: 6 }))
      .map(([i, n]) => lines.map((l, j) => (j === i ? ' '.repeat(n) + l.trimStart() : l))),
    fc
      .tuple(at, fc.constantFrom('- ', ': ', '{', ']', '"', '&a', '*a', '!!binary', '\t', '\u0000', '%'))
      .map(([i, s]) => lines.map((l, j) => (j === i ? `${l}${s}` : l))),
    at.map((i) => lines.slice(0, i)),
  );
}

describe.each(EXAMPLES)('mutations of examples/%s', (name) => {
  const dir = join(ROOT, 'examples', name);
  const text = readFileSync(join(dir, 'agreement.yaml'), 'utf8');
  const facts = parseFacts(readFileSync(join(dir, 'facts.json'), 'utf8'), 'facts.json').facts;
  const lines = text.split('\n');

  it('never throw, and either load or say where the problem is', () => {
    fc.assert(
      fc.property(fc.array(mutation(lines), { minLength: 1, maxLength: 1 }), ([mutated]) => {
        const { agreement, problems } = loadAgreement(mutated!.join('\n'), 'mutant.yaml');
        if (hasErrors(problems)) {
          expect(agreement).toBeUndefined();
          for (const p of problems) expect(p.where?.line ?? p.where?.pointer).toBeDefined();
        } else {
          expect(agreement).toBeDefined();
          // A mutant that is still a valid agreement must evaluate, whatever it now says.
          evaluate(agreement!, facts, '2027-12-31' as never);
        }
      }),
      { numRuns: 100, seed: 20251128 },
    );
  });
});
