/**
 * Files of many distinct HTS codes, which no plan cache can amortise: every line is a code (or a code and
 * origin) not seen before.
 *
 *   npx tsx bench/assess/distinct-codes.ts 100000 bench/out/distinct-100k.csv             # random 87xx codes
 *   npx tsx bench/assess/distinct-codes.ts 100000 bench/out/schedule-100k.csv --schedule  # the schedule's lines
 *   node bench/out/one.mjs bench/out/distinct-100k.csv /dev/null    # a bundle of one.ts (see its header)
 *
 * - Random (default): 87xx.xx.xx with the digits of the line number, all Japanese, one date; mostly not lines
 *   of the schedule, so mostly bad rows, each refused with its nearest lines. Tries the refusal path and the
 *   memory bound (plans are kept for at most 40,000 codes; peak RSS should not grow with N).
 * - `--schedule`: every 8- and 10-digit line of chapters 1–97 of the shipped schedule in turn (31,152 in
 *   2026 Revision 10), then again for the next origin (JP, DE, CN, MX, KR, GB, CA, VN), on dates spread over
 *   2025-01-01 → 2026-12-01: each line a (code, origin, date) of its own, so each makes its own plan. A line
 *   whose column-1 rate needs a quantity is a bad row that says which.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { diskSource } from '../../src/_lib/read-file.js';
import { shippedHtsTable } from '../../src/tariff/create-engine.js';
import { formatHts } from '../../src/tariff/hts-code.js';

const [count, out, mode] = process.argv.slice(2);
const n = Number(count);
if (!out || !Number.isSafeInteger(n) || n < 1 || (mode !== undefined && mode !== '--schedule')) {
  console.error('usage: npx tsx bench/assess/distinct-codes.ts N OUT.csv [--schedule]');
  process.exit(2);
}
const two = (k: number) => String(k % 100).padStart(2, '0');
const ORIGINS = ['JP', 'DE', 'CN', 'MX', 'KR', 'GB', 'CA', 'VN'];
const codes =
  mode === '--schedule'
    ? shippedHtsTable(diskSource)
        .codes()
        .filter((c) => c < '98')
        .map(formatHts)
    : [];
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

/** Line i of the file (without its newline). */
function line(i: number): string {
  if (codes.length === 0) {
    // Distinct for the first million lines: the digits spell i.
    return `E${i},1,IMP${i % 200},87${two(Math.floor(i / 10_000))}.${two(Math.floor(i / 100))}.${two(i)},JP,2025-10-01,1000.00,ocean`;
  }
  const code = codes[i % codes.length]!;
  const origin = ORIGINS[Math.floor(i / codes.length) % ORIGINS.length]!;
  // A stride prime to 700 spreads consecutive lines over the 700 days.
  const date = new Date(START + ((i * 7919) % 700) * DAY).toISOString().slice(0, 10);
  return `E${i},1,IMP${i % 200},${code},${origin},${date},1000.00,ocean`;
}

mkdirSync(dirname(out), { recursive: true });
const fd = openSync(out, 'w');
writeSync(fd, 'entry_id,line,importer,hts,origin,entry_date,value,transport\n');
let rows = '';
for (let i = 0; i < n; i++) {
  rows += `${line(i)}\n`;
  if (rows.length > 1 << 20) {
    writeSync(fd, rows);
    rows = '';
  }
}
writeSync(fd, rows);
closeSync(fd);
console.error(`${n} lines → ${out}${codes.length > 0 ? ` (${codes.length} schedule lines)` : ''}`);
