/**
 * Bulk-assessment benchmark: accord's `assessEntries` against DuckDB computing the same per-line duty with SQL
 * over the same layer table, side by side in one run, each in its own process (so peak RSS is its own).
 *
 *   npx tsx bench/assess/run.ts                 # 1M and 2M lines
 *   npx tsx bench/assess/run.ts 1000000,10000000
 *
 * DuckDB is the peer (a dev dependency, so users of the package never install it): `@duckdb/node-api` from the project's node_modules, or from the directory in
 * DUCKDB_NODE_API_DIR (an `npm install --prefix DIR @duckdb/node-api`). Without it the peer is skipped with
 * a message. DuckDB runs with threads=1, the same single core accord uses.
 *
 * The layer table: accord's rule base resolved per (HTS, origin) over the eras between its boundary dates
 * (each layer's from/until), one row per applied layer with its rate. It is built before timing starts; the
 * timed SQL reads the CSV, joins each line to its era's rows and sums round-half-up(value × rate) per line,
 * writing one result per line, as accord does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// The built package, as the accord worker uses: both engines read the same rule base.
import { computeDuty, createTariffEngine, formatCents, type IsoDate } from 'accord';
import { generate } from './generate.js';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(here, '../out');

interface Measure {
  engine: string;
  lines: number;
  seconds: number;
  /** CPU seconds (user + system) of the timed part: the machine is shared, so wall time varies with load. */
  cpuSeconds: number;
  maxRssMb: number;
  duty: string;
  /** DuckDB only: CPU seconds to build its layer table with accord's engine, outside the timed part. */
  tableCpuSeconds?: number;
  tableRows?: number;
}

/** The part of `@duckdb/node-api` the peer uses (typed here: absent after `npm ci --omit=dev`). */
interface DuckDbApi {
  DuckDBInstance: {
    create(
      path: string,
      options: Record<string, string>,
    ): Promise<{
      connect(): Promise<{
        run(sql: string): Promise<unknown>;
        runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
      }>;
    }>;
  };
}

const DUCKDB = '@duckdb/node-api';

async function loadDuckDb(): Promise<DuckDbApi | undefined> {
  try {
    return (await import(DUCKDB)) as DuckDbApi;
  } catch {
    const dir = process.env.DUCKDB_NODE_API_DIR;
    if (!dir) return undefined;
    try {
      const req = createRequire(join(resolve(dir), 'package.json'));
      return (await import(pathToFileURL(req.resolve(DUCKDB)).href)) as DuckDbApi;
    } catch {
      return undefined;
    }
  }
}

/** The layer table DuckDB reads: (hts, origin, from, until, heading, rate_ppm) rows. */
function writeLayerTable(path: string): number {
  const engine = createTariffEngine();
  const bounds = new Set<string>(['2025-01-01', '2027-01-01']);
  for (const l of engine.layers) {
    for (const d of [l.from, l.until, l.transit?.loadedBefore, l.transit?.enteredBefore]) {
      if (d && d >= '2025-01-01' && d < '2027-01-01') bounds.add(d);
    }
    for (const i of l.interactions)
      for (const d of [i.from, i.until]) if (d && d >= '2025-01-01' && d < '2027-01-01') bounds.add(d);
  }
  const eras = [...bounds].sort();
  const origins = ['JP', 'DE', 'CN', 'MX', 'KR', 'GB', 'CA', 'VN', 'FR', 'IT'];
  const codes: string[] = [];
  for (const code of JSON.parse(readFileSync(join(here, '../../data/tariff/hts-extract.json'), 'utf8')) as {
    htsno: string;
    general: string;
  }[]) {
    // As generate.ts draws them: the extract's ad valorem lines that the shipped schedule has.
    if (
      code.general !== '' &&
      !code.general.includes('/') &&
      engine.hts.latest().has(code.htsno.replace(/\./g, ''))
    )
      codes.push(code.htsno);
  }
  let rows = 'hts,origin,from_date,until_date,heading,rate\n';
  let n = 0;
  for (const hts of codes) {
    for (const origin of origins) {
      for (let e = 0; e + 1 < eras.length; e++) {
        const r = computeDuty(engine, {
          hts,
          origin,
          date: eras[e]! as IsoDate, // boundaries are the rule base's own dates
          value: 100_000_000n,
        });
        for (const line of r.lines) {
          if (!line.applied) continue;
          rows += `${hts},${origin},${eras[e]},${eras[e + 1]},"${line.heading}",${line.rate}\n`;
          n++;
        }
      }
    }
  }
  writeFileSync(path, rows);
  return n;
}

async function workerDuckDb(file: string): Promise<Measure | string> {
  const duckdb = await loadDuckDb();
  if (!duckdb)
    return 'DuckDB peer skipped: @duckdb/node-api is not installed (a dev dependency: run npm ci without --omit=dev; see bench/assess/README.md)';
  const layers = join(OUT, 'layers.csv');
  const t0Table = process.cpuUsage();
  const tableRows = writeLayerTable(layers);
  const tableCpu = process.cpuUsage(t0Table);
  const instance = await duckdb.DuckDBInstance.create(':memory:', { threads: '1' });
  const con = await instance.connect();
  await con.run(`CREATE TABLE layers AS SELECT * FROM read_csv('${layers}', header=true,
    columns={'hts':'VARCHAR','origin':'VARCHAR','from_date':'DATE','until_date':'DATE','heading':'VARCHAR','rate':'BIGINT'})`);
  // As the accord worker does: let background work of the set-up finish before the timer starts.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await con.run(`COPY (
    SELECT l.entry_id, l.line, l.importer, l.hts, l.origin, l.entry_date, l.value,
           sum((CAST(round(l.value * 100) AS BIGINT) * y.rate + 500000) // 1000000) AS duty_cents
    FROM read_csv('${file}', header=true, columns={'entry_id':'VARCHAR','line':'INTEGER','importer':'VARCHAR',
      'hts':'VARCHAR','origin':'VARCHAR','entry_date':'DATE','value':'DECIMAL(18,2)','transport':'VARCHAR',
      'metal_content_usd':'VARCHAR'}) l
    JOIN layers y ON y.hts = l.hts AND y.origin = l.origin AND l.entry_date >= y.from_date AND l.entry_date < y.until_date
    GROUP BY ALL
  ) TO '${join(OUT, 'duckdb-out.csv')}' (HEADER)`);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  const cpuSeconds = (c.user + c.system) / 1e6;
  const check = await con.runAndReadAll(
    `SELECT count(*), sum(duty_cents) FROM read_csv('${join(OUT, 'duckdb-out.csv')}', header=true)`,
  );
  const [count, duty] = check.getRows()[0] as [bigint, bigint];
  return {
    engine: 'duckdb',
    lines: Number(count),
    seconds,
    cpuSeconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    duty: formatCents(BigInt(duty)),
    tableCpuSeconds: (tableCpu.user + tableCpu.system) / 1e6,
    tableRows,
  };
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === '--worker-duckdb') {
    process.stdout.write(JSON.stringify(await workerDuckDb(file!)));
    return;
  }
  if (!existsSync(join(here, '../../dist/index.js'))) {
    process.stderr.write(
      'accord is not built: run `npm run build` (npm ci does it), then run the bench again\n',
    );
    process.exit(2);
  }
  mkdirSync(OUT, { recursive: true });
  const sizes = (mode ?? '1000000,2000000').split(',').map(Number);
  const results: { n: number; accord: Measure; duckdb: Measure | string }[] = [];
  for (const n of sizes) {
    const csv = join(OUT, `entries-${n}.csv`);
    if (!existsSync(csv)) {
      process.stderr.write(`generating ${n} lines → ${csv}\n`);
      generate(n, csv);
    }
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20, env: process.env });
      if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
      return JSON.parse(r.stdout) as Measure | string;
    };
    const accord = run([join(here, 'accord-worker.js'), csv, join(OUT, 'accord-out.csv')]) as Measure;
    const duckdb = run(['--import', 'tsx', fileURLToPath(import.meta.url), '--worker-duckdb', csv]);
    results.push({ n, accord, duckdb });
  }
  const lines = [
    '| lines | engine | wall s | CPU s | lines/s (wall) | lines/s (CPU) | peak RSS (MB) | total duty ($) |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { n, accord, duckdb } of results) {
    for (const m of [accord, duckdb]) {
      if (typeof m === 'string') {
        lines.push(`| ${n.toLocaleString('en-US')} | duckdb | — | — | — | — | — | ${m} |`);
        continue;
      }
      lines.push(
        `| ${n.toLocaleString('en-US')} | ${m.engine} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${Math.round(m.lines / m.seconds).toLocaleString('en-US')} | ${Math.round(m.lines / m.cpuSeconds).toLocaleString('en-US')} | ${m.maxRssMb.toFixed(0)} | ${m.duty} |`,
      );
    }
    if (typeof duckdb !== 'string') {
      lines.push(
        `| | ratio accord/duckdb | ${(accord.seconds / duckdb.seconds).toFixed(2)} | ${(accord.cpuSeconds / duckdb.cpuSeconds).toFixed(2)} | | | | ${accord.duty === duckdb.duty ? 'duties agree' : 'DUTIES DIFFER'} |`,
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  // accord makes its plans (the same rates per HTS code, origin and era) inside its timed run; DuckDB's table
  // of them is built before its timer starts. Say what that untimed part cost.
  const table = results.map((r) => r.duckdb).find((m): m is Measure => typeof m !== 'string');
  if (table?.tableCpuSeconds !== undefined) {
    process.stdout.write(
      `\nDuckDB's layer table (${table.tableRows?.toLocaleString('en-US')} rows, built with accord's engine before DuckDB's timer starts): ${table.tableCpuSeconds.toFixed(2)} CPU s, not in DuckDB's figures. accord's figures include making its own plans.\n`,
    );
  }
}

await main();
