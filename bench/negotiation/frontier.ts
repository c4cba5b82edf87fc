/**
 * Two-party Pareto frontier over 10^6 and 10^7 outcomes, side by side with a plain sort of the same
 * utilities (the floor any sort-based method pays).
 *
 *   npx tsx bench/negotiation/frontier.ts            # 10^6 and 10^7
 *   npx tsx bench/negotiation/frontier.ts 1e5        # a quick run
 *
 * Domains are linear-additive with 10 options per issue (6 issues = 10^6 outcomes, 7 = 10^7), seeded.
 * Two utility shapes: independent random evaluations, and opposed ones (B's evaluation ≈ 1 − A's), where
 * most outcomes sit near the frontier — the hard case for pruning.
 */
import { enumerateUtilities } from '../../src/negotiation/model.js';
import { additiveFrontier2, paretoIndices2 } from '../../src/negotiation/pareto.js';
import { seededRandom } from '../../src/negotiation/test-random.js';

const sizes = (process.argv[2] ?? '1e6,1e7').split(',').map(Number);

function tables(issues: number, seed: number, opposed: boolean): [Float64Array[], Float64Array[]] {
  const rand = seededRandom(seed);
  const a: Float64Array[] = [];
  const b: Float64Array[] = [];
  for (let i = 0; i < issues; i++) {
    const w = 0.5 + rand();
    const ta = Float64Array.from({ length: 10 }, () => rand() * w);
    const tb = Float64Array.from(ta, (x) => (opposed ? w - x + 0.05 * rand() : rand() * w));
    a.push(ta);
    b.push(tb);
  }
  return [a, b];
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}

// Warm the JIT on a small domain so the first reported row is not a compile-time measurement.
{
  const [wa, wb] = tables(5, 1, false);
  paretoIndices2(enumerateUtilities(wa), enumerateUtilities(wb));
  additiveFrontier2(wa, wb);
}

const rows: string[] = [];
rows.push(
  '| outcomes | shape | enumerate | frontier (sweep) | plain sort (floor) | additive merge | frontier size | typed arrays |',
);
rows.push('|---|---|---|---|---|---|---|---|');
for (const n of sizes) {
  const issues = Math.round(Math.log10(n));
  for (const opposed of [false, true]) {
    const [ta, tb] = tables(issues, 42 + issues, opposed);
    let t = process.hrtime.bigint();
    const uA = enumerateUtilities(ta);
    const uB = enumerateUtilities(tb);
    const tEnum = ms(t);
    t = process.hrtime.bigint();
    const front = paretoIndices2(uA, uB);
    const tFront = ms(t);
    // Typed arrays the sweep path allocates: two utility arrays and the survivor index (exact, not sampled).
    const peak = uA.byteLength + uB.byteLength + 4 * n;
    t = process.hrtime.bigint();
    const copy = Float64Array.from(uA);
    copy.sort();
    const tSort = ms(t);
    t = process.hrtime.bigint();
    const merged = additiveFrontier2(ta, tb);
    const tMerge = ms(t);
    if (merged.length !== front.length)
      throw new Error(`frontier sizes differ: ${merged.length} vs ${front.length}`);
    rows.push(
      `| ${n.toExponential(0)} | ${opposed ? 'opposed' : 'independent'} | ${tEnum.toFixed(0)} ms | ${tFront.toFixed(0)} ms | ${tSort.toFixed(0)} ms | ${tMerge.toFixed(1)} ms | ${front.length} | ${mb(peak)} (${(peak / n).toFixed(1)} B/outcome) |`,
    );
    process.stderr.write(`${rows.at(-1)}\n`);
  }
}
process.stdout.write(`${rows.join('\n')}\n`);
process.stdout.write(
  `node ${process.version}, ${process.platform}/${process.arch}; peak RSS of the whole run ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`,
);
