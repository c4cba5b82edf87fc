/**
 * A file that tries bulk assessment's memory bound: N lines, each with its own HTS code (87xx.xx.xx with
 * random digits, mostly not in the shipped extract, so mostly bad rows), all Japanese, one date. Plans are
 * kept for at most 20,000 codes; the run's peak RSS should not grow with N.
 *
 *   npx tsx bench/assess/distinct-codes.ts 300000 bench/out/distinct.csv
 *   node bench/out/one.mjs bench/out/distinct.csv /dev/null    # a bundle of one.ts (see its header)
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const [count, out] = process.argv.slice(2);
const n = Number(count);
if (!out || !Number.isSafeInteger(n) || n < 1) {
  console.error('usage: npx tsx bench/assess/distinct-codes.ts N OUT.csv');
  process.exit(2);
}
mkdirSync(dirname(out), { recursive: true });
const fd = openSync(out, 'w');
writeSync(fd, 'entry_id,line,importer,hts,origin,entry_date,value,transport\n');
const two = (k: number) => String(k % 100).padStart(2, '0');
let rows = '';
for (let i = 0; i < n; i++) {
  // Distinct for the first million lines: the digits spell i.
  rows += `E${i},1,IMP${i % 200},87${two(Math.floor(i / 10_000))}.${two(Math.floor(i / 100))}.${two(i)},JP,2025-10-01,1000.00,ocean\n`;
  if (rows.length > 1 << 20) {
    writeSync(fd, rows);
    rows = '';
  }
}
writeSync(fd, rows);
closeSync(fd);
console.error(`${n} lines → ${out}`);
