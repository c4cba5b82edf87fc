/**
 * CLI cold start: the wall time of whole `accord` processes, from spawn to exit, beside a bare `node -e 0`.
 * Each command is spawned `--runs` times, the commands taking turns (so a burst of load on a shared machine
 * hits them all alike), after one warm-up round; the figures are the median and the minimum.
 *
 *   npm run build && npx tsx bench/cli/startup.ts [--runs 20] [--root DIR]... [--json]
 *
 * `--root DIR` measures the compiled CLI (`bin/accord.js`, built) of that checkout instead of this one; give
 * it more than once, e.g. a worktree of the commit before a change and this one, and their runs take turns
 * too, so before and after share whatever else the machine is doing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const runs = Number(arg('runs', '20'));
const roots = process.argv.flatMap((a, i) => (a === '--root' ? [process.argv[i + 1] as string] : []));
if (roots.length === 0) roots.push(fileURLToPath(new URL('../../', import.meta.url)));
for (const root of roots)
  if (!existsSync(join(root, 'dist/cli/entry.js'))) {
    console.error(`${join(root, 'dist')} is missing: run npm run build there first`);
    process.exit(2);
  }

/** The commands the README shows first, as `accord` arguments. */
const COMMANDS = [
  ['--help'],
  ['validate', 'examples/us-japan-milestones/agreement.yaml'],
  ['duty', '--hts', '8703.23.01', '--origin', 'JP', '--date', '2025-10-01', '--value', '40000'],
];
/** What is measured: bare node, then each command under each root. */
const CASES: { name: string; root: string; args: string[] }[] = [
  { name: 'node -e 0', root: roots[0] as string, args: ['-e', '0'] },
  ...roots.flatMap((root) =>
    COMMANDS.map((c) => ({
      name: `${roots.length > 1 ? `${root}: ` : ''}accord ${c.join(' ')}`,
      root,
      args: [join(root, 'bin/accord.js'), ...c],
    })),
  ),
];

function once({ root, args }: { root: string; args: readonly string[] }): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const times = CASES.map(() => [] as number[]);
for (const c of CASES) once(c); // warm-up: file cache
const load = loadavg()[0] ?? 0;
for (let i = 0; i < runs; i++)
  CASES.forEach((c, j) => {
    times[j]?.push(once(c));
  });

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const rows = CASES.map((c, j) => {
  const t = times[j] as number[];
  return { command: c.name, medianMs: median(t), minMs: Math.min(...t) };
});
const base = rows[0]?.medianMs ?? 1;

if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ node: process.version, runs, loadavg: load, roots, rows }, null, 2));
} else {
  console.log(`${runs} runs each, node ${process.version}, load average ${load.toFixed(1)} at start`);
  console.log('| command | median | min | × node -e 0 |');
  console.log('|:--|--:|--:|--:|');
  for (const r of rows)
    console.log(
      `| \`${r.command}\` | ${r.medianMs.toFixed(0)} ms | ${r.minMs.toFixed(0)} ms | ${(r.medianMs / base).toFixed(1)} |`,
    );
}
