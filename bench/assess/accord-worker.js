/**
 * accord's side of bench/assess/run.ts, as its own process: the built package (`dist/`, what `npm ci` builds
 * and the `accord` CLI runs), so the figure is the shipped code's and not the TypeScript loader's.
 *
 *   node bench/assess/accord-worker.js ENTRIES.csv OUT.csv   → one JSON line: lines, seconds, CPU, RSS, duty
 *
 * Loading the rule base and the schedule's index is not timed, as building and loading DuckDB's layer table
 * (which holds both) is not: both time the file's run.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { assessEntries, createTariffEngine, formatCents } from 'accord';

const [file, outFile] = process.argv.slice(2);
if (!file || !outFile) {
  console.error('usage: node bench/assess/accord-worker.js ENTRIES.csv OUT.csv');
  process.exit(2);
}
const engine = createTariffEngine();
engine.hts.loadAll();
// Let V8 finish compiling the set-up code (the YAML parser of the rule base) on its background threads before
// the timer starts; the DuckDB worker waits the same after building its table.
await new Promise((resolve) => setTimeout(resolve, 300));
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const output = createWriteStream(outFile);
const done = new Promise((resolve) => output.on('finish', resolve));
const summary = await assessEntries({
  engine,
  input: createReadStream(file, { highWaterMark: 1 << 20 }),
  file,
  output,
});
output.end();
await done;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage(c0);
process.stdout.write(
  JSON.stringify({
    engine: 'accord',
    lines: summary.lines,
    seconds,
    cpuSeconds: (c.user + c.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    duty: formatCents(summary.duty),
  }),
);
