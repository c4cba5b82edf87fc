/**
 * One `assessEntries` run in this process, for profiling and for the cost of output alone:
 *
 *   npx tsx bench/assess/one.ts bench/out/entries-1000000.csv [OUT.csv|OUT.json]   # without OUT: no output
 *
 * For a CPU profile with line numbers, bundle it first (tsx adds `__name` wrappers and drops lines):
 *
 *   npx esbuild bench/assess/one.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=bench/out/one.mjs && node --cpu-prof --cpu-prof-dir=bench/out/prof bench/out/one.mjs FILE
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { assessEntries, createTariffEngine, formatCents } from '../../src/index.js';

const [file, outFile] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/assess/one.ts ENTRIES.csv [OUT.csv|OUT.json]');
  process.exit(2);
}
const engine = createTariffEngine();
engine.hts.loadAll(); // as accord-worker.js: the schedule's index is set-up, not the run
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const output = outFile ? createWriteStream(outFile) : undefined;
const summary = await assessEntries({
  engine,
  input: createReadStream(file, { highWaterMark: 1 << 20 }),
  file,
  ...(output ? { output } : {}),
  format: outFile?.endsWith('.json') ? 'json' : 'csv',
});
if (output) {
  const done = new Promise<void>((resolve) => output.on('finish', () => resolve()));
  output.end();
  await done;
}
const cpu = process.cpuUsage(c0);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(
  JSON.stringify({
    lines: summary.lines,
    duty: formatCents(summary.duty),
    output: outFile ?? null,
    wallSeconds: Number(seconds.toFixed(2)),
    cpuSeconds: Number(cpuSeconds.toFixed(2)),
    linesPerCpuSecond: Math.round(summary.lines / cpuSeconds),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
