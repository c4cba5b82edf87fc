/**
 * accord's in-memory log beside Go's reference, golang.org/x/mod/sumdb/tlog, measured the same way on the
 * same records: N appends (leaf hash plus every subtree hash each record completes), then inclusion proofs
 * of the same pseudo-random records in the tree of N, each made and dropped as a server answers a request,
 * then all checked against the root in an untimed pass. Both sides must report the same root. Go runs first, in its own process, then node. The table
 * compares CPU time per operation (user + system, of the whole process, GC included on both sides), the
 * steadier figure on a shared machine; each round's line also gives the wall clock.
 *
 *   npx tsx bench/ledger/tlog.ts [--n 1000000] [--proofs 200000] [--rounds 3]
 *
 * Needs `go` and golang.org/x/mod (Debian: golang-golang-x-mod-dev), built in GOPATH mode, offline.
 * accord hashes with its native addon when `npm ci` built it; ACCORD_SKIP_NATIVE=1 measures node:crypto.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { leafHash, nodeHash, toBase64 } from '../../src/tlog/hash.js';
import { MemoryTree } from '../../src/tlog/memory-tree.js';
import { verifyInclusion } from '../../src/tlog/merkle.js';
import { nativeSha256 } from '../../src/tlog/sha256-native.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const N = opt('n', 1_000_000);
const PROOFS = opt('proofs', 200_000);
const ROUNDS = opt('rounds', 3);

interface Result {
  impl: string;
  root: string;
  appendNsPerOp: number;
  proofNsPerOp: number;
  appendCpuNsPerOp: number;
  proofCpuNsPerOp: number;
  /**
   * One interior node hash, SHA-256 of 65 bytes: the unit an append is made of (a leaf hash and, on average,
   * one node). accord's is `nodeHash`, through the native addon when it is built, else node:crypto.
   */
  hashCpuNsPerOp: number;
}

/** CPU nanoseconds (user + system) this process has used. */
function cpuNs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

/** The same pseudo-random record indices as the Go side draws. */
function indices(n: number, count: number): number[] {
  let state = 12345;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  });
}

function goRun(): Result {
  const out = execFileSync(
    'go',
    [
      'run',
      join(dirname(fileURLToPath(import.meta.url)), 'tlog', 'main.go'),
      '-n',
      String(N),
      '-proofs',
      String(PROOFS),
    ],
    { encoding: 'utf8', env: { ...process.env, GOPATH: '/usr/share/gocode', GO111MODULE: 'off' } },
  );
  return JSON.parse(out) as Result;
}

function accordRun(): Result {
  const records = Array.from({ length: N }, (_, i) => Buffer.from(`entry-${i}`));
  const tree = new MemoryTree();
  const [t0, c0] = [process.hrtime.bigint(), cpuNs()];
  for (const r of records) tree.append(leafHash(r));
  const appendNs = Number(process.hrtime.bigint() - t0) / N;
  const appendCpu = (cpuNs() - c0) / N;
  const root = tree.root(N);
  const idx = indices(N, PROOFS);
  // Timed: each proof is made and dropped, as a server serializes one per request (one byte of each is kept
  // so none can be optimized away). Checking them is a separate, untimed pass. Go's side does the same.
  let sink = 0;
  const [t1, c1] = [process.hrtime.bigint(), cpuNs()];
  for (const x of idx) sink ^= tree.inclusionProof(x, N)[0]?.[0] ?? 0;
  const proofNs = Number(process.hrtime.bigint() - t1) / idx.length;
  const proofCpu = (cpuNs() - c1) / idx.length;
  for (const x of idx) {
    const record = records[x];
    if (record === undefined || !verifyInclusion(x, N, leafHash(record), tree.inclusionProof(x, N), root).ok)
      throw new Error(`proof of ${x} failed`);
  }
  const [left, right] = [Buffer.alloc(32), Buffer.alloc(32)];
  const c2 = cpuNs();
  for (let i = 0; i < 1_000_000; i++) {
    left[0] = i & 0xff;
    sink ^= nodeHash(left, right)[0] ?? 0;
  }
  const hashCpu = (cpuNs() - c2) / 1_000_000;
  if (sink < 0) throw new Error('unreachable: a byte is never negative');
  return {
    impl: 'accord MemoryTree',
    root: toBase64(root),
    appendNsPerOp: appendNs,
    proofNsPerOp: proofNs,
    appendCpuNsPerOp: appendCpu,
    proofCpuNsPerOp: proofCpu,
    hashCpuNsPerOp: hashCpu,
  };
}

/** Which SHA-256 accord ran on: ACCORD_SKIP_NATIVE=1 measures the node:crypto path. */
const HASHER = nativeSha256 ? 'native addon' : 'node:crypto';

const fmt = (ns: number) =>
  `${(ns / 1000).toFixed(2)} µs/op, ${Math.round(1e9 / ns).toLocaleString('en-US')} ops/s`;
const best = (rs: Result[], k: keyof Result) => Math.min(...rs.map((r) => Number(r[k])));

const go: Result[] = [];
const accord: Result[] = [];
for (let round = 0; round < ROUNDS; round++) {
  go.push(goRun());
  accord.push(accordRun());
  const [g, a] = [go.at(-1)!, accord.at(-1)!];
  if (g.root !== a.root) throw new Error(`roots differ: go ${g.root}, accord ${a.root}`);
  console.log(
    `round ${round + 1} (wall): append go ${fmt(g.appendNsPerOp)} | accord ${fmt(a.appendNsPerOp)}; proof go ${fmt(g.proofNsPerOp)} | accord ${fmt(a.proofNsPerOp)}`,
  );
}
const os = await import('node:os');
console.log(
  `\n${N.toLocaleString('en-US')} leaves, ${PROOFS.toLocaleString('en-US')} proofs, best of ${ROUNDS} rounds:`,
);
console.log('| operation | Go tlog | accord | accord ÷ Go (speed) |');
console.log('|---|---|---|---|');
for (const [label, k] of [
  ['append (in memory)', 'appendCpuNsPerOp'],
  ['inclusion proof', 'proofCpuNsPerOp'],
  [`node hash, SHA-256 of 65 bytes (Go crypto/sha256; accord ${HASHER})`, 'hashCpuNsPerOp'],
] as const) {
  const g = best(go, k);
  const a = best(accord, k);
  console.log(`| ${label} | ${fmt(g)} | ${fmt(a)} | ${(g / a).toFixed(2)}× |`);
}
console.log(
  `(load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}; node ${process.version})`,
);
