/**
 * Witness benchmark: `add-checkpoint` requests per second answered by `accord witness serve` (a separate
 * process, state in SQLite), each a new checkpoint with a consistency proof from the last one cosigned,
 * sent one after another by one client — beside a bare node:http server in its own process that reads the
 * same bodies and answers 200 (the limit of node:http on this machine, with no verification and no state).
 *
 *   npx tsx bench/ledger/witness.ts [--requests 2000] [--leaves-per-step 7]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signCheckpoint } from '../../src/tlog/checkpoint.js';
import { leafHash } from '../../src/tlog/hash.js';
import { formatSignerKey, formatVerifierKey, generateSigner, SIG_TYPE } from '../../src/tlog/keys.js';
import { MemoryTree } from '../../src/tlog/memory-tree.js';
import { consistencyProof } from '../../src/tlog/merkle.js';
import { formatAddCheckpoint } from '../../src/tlog/witness.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const REQUESTS = opt('requests', 2000);
const STEP = opt('leaves-per-step', 7);
const ROOT = new URL('../../', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'accord-witness-bench-'));

const origin = 'bench.example/log';
const log = generateSigner(origin);
const witnessKey = generateSigner('witness.bench.example', SIG_TYPE.cosignatureV1);
writeFileSync(join(dir, 'w.key'), `${formatSignerKey(witnessKey)}\n`, { mode: 0o600 });

// Every request body, built before timing: checkpoints growing by STEP leaves, each with its proof.
const tree = new MemoryTree();
const bodies: string[] = [];
let old = 0;
for (let r = 0; r < REQUESTS; r++) {
  for (let i = 0; i < STEP; i++) tree.append(leafHash(Buffer.from(`entry ${r} ${i}`)));
  const size = tree.size;
  const note = signCheckpoint({ origin, size, root: Buffer.from(tree.root(size)), extensions: [] }, log);
  const proof = old > 0 ? consistencyProof(tree.read, old, size).map((h) => Buffer.from(h)) : [];
  bodies.push(formatAddCheckpoint({ old, proof, checkpoint: note }));
  old = size;
}

function start(cmd: string[], ready: RegExp): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cmd, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

async function run(name: string, port: number): Promise<void> {
  const url = `http://127.0.0.1:${port}/add-checkpoint`;
  const times: number[] = [];
  let failures = 0;
  const t0 = performance.now();
  for (const body of bodies) {
    const t = performance.now();
    const res = await fetch(url, { method: 'POST', body });
    await res.text();
    if (res.status !== 200) failures++;
    times.push(performance.now() - t);
  }
  const total = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))]!.toFixed(2);
  console.log(
    `${name.padEnd(34)} ${Math.round(bodies.length / total).toLocaleString('en-US')} requests/s  p50 ${pct(0.5)} ms  p99 ${pct(0.99)} ms  non-200: ${failures}`,
  );
}

console.log(
  `${REQUESTS} add-checkpoint requests, +${STEP} leaves each (final size ${tree.size}), one client\n`,
);
const bare = await start(
  [
    '-e',
    "const s=require('node:http').createServer((q,r)=>{q.resume();q.on('end',()=>r.end('ok\\n'))});s.listen(0,'127.0.0.1',()=>console.log('port '+s.address().port))",
  ],
  /port (\d+)/,
);
await run('bare node:http (reads, answers 200)', bare.port);
bare.child.kill();
const witness = await start(
  [
    '--import',
    'tsx',
    'src/cli/entry.ts',
    'witness',
    'serve',
    '--quiet',
    '--port',
    '0',
    '--key',
    join(dir, 'w.key'),
    '--log-key',
    formatVerifierKey(log),
    '--state',
    join(dir, 'w.db'),
  ],
  /127\.0\.0\.1:(\d+)\//,
);
await run('accord witness serve (SQLite state)', witness.port);
witness.child.kill();
rmSync(dir, { recursive: true, force: true });
