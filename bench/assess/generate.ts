/**
 * Generate N realistic entry lines for `accord assess` (deterministic: a seeded PRNG).
 *
 *   npx tsx bench/assess/generate.ts 1000000 bench/out/entries-1m.csv [metal-share, e.g. 0.02]
 *
 * The mix: origins weighted like US imports of the sectors the extract covers (Japan, Germany, China, Mexico,
 * Korea, the UK, Canada …); HTS lines drawn from the extract's lines that the shipped schedule has; entry dates uniform over 2025-01-01 →
 * 2026-11-27; values log-uniform from $50 to $250,000; ocean or air; 1–4 lines per entry, one importer per
 * entry; optionally a share of lines carry a metal content (the engine's split path; third argument, default 0).
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diskSource } from '../../src/_lib/read-file.js';
import { shippedHtsTable } from '../../src/tariff/create-engine.js';
import { htsDigits } from '../../src/tariff/hts-code.js';

/** mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const extract = JSON.parse(readFileSync(join(here, '../../data/tariff/hts-extract.json'), 'utf8')) as {
  htsno: string;
  general: string;
}[];
/**
 * The extract's ad valorem lines that are lines of the shipped schedule (the extract predates it: 8708.29.50,
 * for one, is 8708.29.51 in the 2025 and 2026 HTS), so that every generated line is assessable.
 */
const schedule = shippedHtsTable(diskSource);
const HTS = extract
  .filter((r) => r.general !== '' && !r.general.includes('/'))
  .map((r) => r.htsno)
  .filter((code) => {
    const digits = htsDigits(code);
    return digits !== undefined && schedule.has(digits);
  });
const ORIGINS: [string, number][] = [
  ['JP', 30],
  ['DE', 14],
  ['CN', 14],
  ['MX', 12],
  ['KR', 10],
  ['GB', 5],
  ['CA', 5],
  ['VN', 4],
  ['FR', 3],
  ['IT', 3],
];
const IMPORTERS = Array.from({ length: 200 }, (_, i) => `IMP${String(i).padStart(3, '0')}`);
const START = Date.UTC(2025, 0, 1) / 86_400_000;
const END = Date.UTC(2026, 10, 27) / 86_400_000;
const DATES = Array.from({ length: END - START + 1 }, (_, i) =>
  new Date((START + i) * 86_400_000).toISOString().slice(0, 10),
);

/** Write `n` lines to `path`. */
export function generate(n: number, path: string, metalShare = 0, seed = 20250916): void {
  const r = rng(seed);
  const originTotal = ORIGINS.reduce((s, [, w]) => s + w, 0);
  const pickOrigin = () => {
    let x = r() * originTotal;
    for (const [o, w] of ORIGINS) {
      x -= w;
      if (x < 0) return o;
    }
    return 'JP';
  };
  const fd = openSync(path, 'w');
  let buf = 'entry_id,line,importer,hts,origin,entry_date,value,transport,metal_content_usd\n';
  let written = 0;
  let entry = 0;
  while (written < n) {
    entry++;
    const lines = 1 + Math.floor(r() * 4);
    const importer = IMPORTERS[Math.floor(r() * IMPORTERS.length)]!;
    const origin = pickOrigin();
    const date = DATES[Math.floor(r() * DATES.length)]!;
    const transport = r() < 0.7 ? 'ocean' : 'air';
    for (let l = 1; l <= lines && written < n; l++, written++) {
      const hts = HTS[Math.floor(r() * HTS.length)]!;
      const cents = Math.floor(5_000 * Math.exp(r() * Math.log(5_000)));
      const value = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      const metal = r() < metalShare ? `${Math.floor(cents / 300)}` : '';
      buf += `E${entry},${l},${importer},${hts},${origin},${date},${value},${transport},${metal}\n`;
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
  }
  writeSync(fd, buf);
  closeSync(fd);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = Number(process.argv[2] ?? 1_000_000);
  const path = process.argv[3] ?? join(here, '../out', `entries-${n}.csv`);
  mkdirSync(dirname(path), { recursive: true });
  generate(n, path, Number(process.argv[4] ?? 0));
  process.stdout.write(`${n} lines → ${path}\n`);
}
