/**
 * How long the agreement loader takes: a realistic file, a file near the size limit, and a 50 MB file
 * that must be refused at once. Run: `npx tsx bench/agreement/load.ts [iterations]`.
 * Times are wall-clock on whatever else the machine is doing; compare runs on the same machine.
 */
import { readFileSync } from 'node:fs';
import { agreementJsonSchema, loadAgreement, MAX_AGREEMENT_BYTES } from '../../src/agreement/index.js';

const iterations = Number(process.argv[2] ?? 100);
const fixture = readFileSync(new URL('../../src/agreement/fixtures/milestones.yaml', import.meta.url));

function time(label: string, runs: number, fn: () => unknown): void {
  fn(); // warm-up: module initialisation and JIT
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / runs;
  console.log(`${label.padEnd(48)} ${ms.toFixed(2).padStart(9)} ms/run  (${runs} runs)`);
}

/** The fixture with its commitment list repeated until the file is just under the limit. */
function nearLimit(): Buffer {
  const text = fixture.toString('utf8');
  const block = /commitments:\n([\s\S]*?)\nimporters:/.exec(text)![1]!;
  const parts: string[] = [];
  let size = text.length;
  for (let i = 0; size + block.length + 200 < MAX_AGREEMENT_BYTES; i++) {
    const copy = block.replace(/id: ([a-z-]+)/g, `id: $1-${i}`);
    parts.push(copy);
    size += copy.length + 1;
  }
  return Buffer.from(text.replace(block, `${block}\n${parts.join('\n')}`), 'utf8');
}

const big = nearLimit();
const check = loadAgreement(big, 'near-limit.yaml');
if (!check.agreement) throw new Error(`near-limit file did not load: ${check.problems[0]?.message}`);

time(`milestones fixture (${fixture.length} bytes)`, iterations, () => loadAgreement(fixture, 'm.yaml'));
time(`near the limit (${big.length} bytes, ${check.agreement.commitments.length} commitments)`, 3, () =>
  loadAgreement(big, 'big.yaml'),
);
const huge = new Uint8Array(50 * 1024 * 1024).fill(0x61);
time('50 MB input (refused: file-too-large)', iterations, () => loadAgreement(huge, 'huge.yaml'));
// Worst case for the text check: valid UTF-8 all the way to the last byte, which is not.
const lateGarbage = Buffer.alloc(MAX_AGREEMENT_BYTES, 'é a\n');
lateGarbage[lateGarbage.length - 1] = 0xff;
time('2 MiB, bad byte at the end (refused: not-text)', iterations, () => loadAgreement(lateGarbage, 'g.bin'));
time('agreementJsonSchema()', iterations, () => agreementJsonSchema());
