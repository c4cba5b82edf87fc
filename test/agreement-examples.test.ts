/**
 * The agreement loader against the repository's examples and the shared sketch: the examples must load
 * without errors; the sketch (another format) must be refused with positioned problems, not a crash.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../src/_lib/problem.js';
import { loadAgreement } from '../src/agreement/index.js';
import { ROOT } from './helpers/cli.js';

const examplesDir = join(ROOT, 'examples');
const examples = existsSync(examplesDir)
  ? readdirSync(examplesDir)
      .map((name) => join('examples', name, 'agreement.yaml'))
      .filter((file) => existsSync(join(ROOT, file)))
  : [];
if (examples.length === 0) console.warn('agreement-examples: no examples/*/agreement.yaml yet; skipped');

describe.skipIf(examples.length === 0)('examples/*/agreement.yaml', () => {
  it.each(examples)('%s loads with no errors', (file) => {
    const { agreement, problems } = loadAgreement(readFileSync(join(ROOT, file)), file);
    const errors = problems.filter((p) => p.severity !== 'warning').map(formatProblem);
    expect(errors).toEqual([]);
    expect(agreement?.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

const sketch = join(ROOT, '..', 'shared', 'sketches', 'agreement-milestones.yaml');
if (!existsSync(sketch)) console.warn(`agreement-examples: ${sketch} is absent; the sketch test is skipped`);

describe.skipIf(!existsSync(sketch))('the shared sketch (a different format)', () => {
  it('is refused with positioned problems that name the unknown keys', () => {
    const { agreement, problems } = loadAgreement(readFileSync(sketch), 'sketch.yaml');
    expect(agreement).toBeUndefined();
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.where?.line).toBeGreaterThanOrEqual(1);
    const unknown = problems.find((p) => p.code === 'unknown-key' && p.params?.key === 'agreement');
    expect(unknown?.message).toMatch(/^unknown key "agreement"; allowed here: accord, id, title,/);
    expect(unknown?.where?.column).toBe(1);
  });
});
