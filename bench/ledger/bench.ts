/**
 * Ledger benchmarks: appends/s of signed statements (batched, and one per durable commit), inclusion-proof
 * latency at 1 M and 10 M leaves, audit throughput, and SHA-256 hashing beside `openssl speed`.
 *
 *   npx tsx bench/ledger/bench.ts [appends|proofs|audit|hash|all] [--leaves 1000000] [--big 10000000]
 *                                  [--audit 100000] [--dir /tmp/accord-bench]
 *
 * Files go to --dir (default a temp directory) and are reused between runs when present (building a
 * 10 M-leaf log takes minutes), so delete the directory for a cold build.
 */
import { execFileSync } from 'node:child_process';
import { createHash, hash as oneShotHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { auditStore } from '../../src/ledger/audit.js';
import { appendStatements, checkpointLog } from '../../src/ledger/log.js';
import { type Statement, signStatement } from '../../src/ledger/statement.js';
import { SqliteLedgerStore } from '../../src/store/sqlite-ledger.js';
import { leafHash, nodeHash } from '../../src/tlog/hash.js';
import { integrateInto } from '../../src/tlog/integrate.js';
import { formatVerifierKey, generateSigner, SIG_TYPE, type SignerKey } from '../../src/tlog/keys.js';
import { verifyInclusion } from '../../src/tlog/merkle.js';
import { parsePolicy } from '../../src/tlog/policy.js';

const args = process.argv.slice(2);
const section = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a) && !a.startsWith('/')) ?? 'all';
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const dirArg = args.indexOf('--dir');
const DIR = dirArg >= 0 ? args[dirArg + 1]! : join(tmpdir(), 'accord-ledger-bench');
mkdirSync(DIR, { recursive: true });
const now = () => performance.now();
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const lines: string[] = [];
const report = (s: string) => {
  lines.push(s);
  console.log(s);
};

const firm = generateSigner('honda');
const ORIGIN = 'bench.example/log';

/** The i-th distinct employment report (signed by the firm), as the log would receive it. */
function reportStatement(i: number): Statement {
  return {
    v: 2,
    log: ORIGIN,
    type: 'employment-report',
    actor: 'honda',
    issued: '2026-07-15',
    commitment: 'honda-ohio-ev',
    site: 'US-OH',
    periodStart: '2025-07-01',
    periodEnd: '2026-06-30',
    paidHours: 2_000_000 + i,
    relocatedHours: 0,
    wages: { total: '84000000.00' },
    healthPlan: { offered: true, employerSharePctSingle: 85 },
    evidence: [{ kind: 'ui-wage-records', sha256: createHash('sha256').update(String(i)).digest('hex') }],
  };
}

function signedEntries(n: number, offset: number, key: SignerKey = firm): Buffer[] {
  return Array.from({ length: n }, (_, i) => signStatement(reportStatement(offset + i), key).entry);
}

async function appends() {
  const n = opt('appends', 20_000);
  const t0 = now();
  const entries = signedEntries(n, 0);
  const signMs = now() - t0;
  report(`signing ${fmt(n)} statements (firm side): ${fmt((n / signMs) * 1000)}/s`);
  for (const durability of ['full'] as const) {
    const file = join(DIR, `appends-${durability}.db`);
    rmSync(file, { force: true });
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    const store = SqliteLedgerStore.create(file, ORIGIN, { durability });
    const batch = 1000;
    let t = now();
    let c = cpu();
    for (let i = 0; i < n; i += batch) await appendStatements(store, entries.slice(i, i + batch));
    let ms = now() - t;
    report(
      `appends, batches of ${batch}, validated, WAL + synchronous=${durability.toUpperCase()}: ${fmt((n / ms) * 1000)}/s wall, ${fmt(n / (cpu() - c))} per CPU second (${fmt(n)} in ${(ms / 1000).toFixed(2)} s)`,
    );
    const single = Math.min(2000, n);
    const more = signedEntries(single, n);
    t = now();
    c = cpu();
    for (const e of more) await appendStatements(store, [e]);
    ms = now() - t;
    report(
      `appends, one per durable commit (WAL + synchronous=${durability.toUpperCase()}): ${fmt((single / ms) * 1000)}/s wall, ${fmt(single / (cpu() - c))} per CPU second (${fmt(single)} in ${(ms / 1000).toFixed(2)} s; the gap is fsync wait)`,
    );
    await store.close();
  }
}

/** Build (or reuse) a SQLite log of `n` small raw entries for proof timing. */
async function buildRaw(n: number): Promise<SqliteLedgerStore> {
  const file = join(DIR, `raw-${n}.db`);
  if (existsSync(file)) {
    const s = SqliteLedgerStore.open(file, { durability: 'normal' });
    if ((await s.size()) === n) return s;
    await s.close();
    rmSync(file);
  }
  if (n > 2_000_000) return bulkBuild(file, n);
  const store = SqliteLedgerStore.create(file, ORIGIN, { durability: 'normal' });
  const t = now();
  const batch = 20_000;
  for (let i = 0; i < n; i += batch) {
    const m = Math.min(batch, n - i);
    await store.append(Array.from({ length: m }, (_, j) => Buffer.from(`entry-${i + j}`)));
  }
  report(
    `built a ${fmt(n)}-leaf log (raw appends, batches of ${batch}): ${((now() - t) / 1000).toFixed(1)} s, ${fmt((n / (now() - t)) * 1000)}/s`,
  );
  return store;
}

/**
 * A large fixture log written straight into the store's schema (one transaction, no fsync), with the
 * same rows `append` would write: building 10 M leaves through `append` would take far longer than the
 * measurement. The proofs are then served by the store as usual.
 */
async function bulkBuild(file: string, n: number): Promise<SqliteLedgerStore> {
  const t = now();
  SqliteLedgerStore.create(file, ORIGIN, { durability: 'normal' }).close();
  const db = new Database(file);
  db.pragma('synchronous = OFF');
  db.exec('DROP INDEX entries_by_leaf');
  const insE = db.prepare('INSERT INTO entries (idx, leaf_hash, data) VALUES (?, ?, ?)');
  const insN = db.prepare('INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)');
  // The tree grows through the one integration routine; between chunks it reads only the right edge, the
  // last left child written at each level.
  const edge: Uint8Array[] = [];
  const chunk = 200_000;
  for (let start = 0; start < n; start += chunk) {
    const entries = Array.from({ length: Math.min(chunk, n - start) }, (_, j) =>
      Buffer.from(`entry-${start + j}`),
    );
    db.transaction(() =>
      integrateInto(
        start,
        entries.map((e) => leafHash(e)),
        (level, index) => {
          const h = edge[level];
          if (h === undefined) throw new Error(`no right-edge hash at (${level}, ${index})`);
          return h;
        },
        (level, index, hash) => {
          if (level === 0) insE.run(index, hash, entries[index - start]);
          insN.run(level, index, hash);
          if (index % 2 === 0) edge[level] = hash;
        },
      ),
    )();
  }
  db.exec('CREATE UNIQUE INDEX entries_by_leaf ON entries (leaf_hash)');
  db.prepare("UPDATE meta SET value = ? WHERE key = 'size'").run(String(n));
  db.close();
  report(`built a ${fmt(n)}-leaf log (bulk fixture load): ${((now() - t) / 1000).toFixed(1)} s`);
  return SqliteLedgerStore.open(file, { durability: 'normal' });
}

async function proofs() {
  for (const n of [opt('leaves', 1_000_000), opt('big', 10_000_000)]) {
    if (n <= 0) continue;
    const store = await buildRaw(n);
    const root = await store.root(n);
    const samples = 2000;
    let state = 12345;
    const idx = Array.from({ length: samples }, () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    });
    // Warm the page cache the way a serving log would be warm.
    for (const i of idx.slice(0, 200)) await store.inclusionProof(i, n);
    const t = now();
    const c = cpu();
    const got: Buffer[][] = [];
    for (const i of idx) got.push(await store.inclusionProof(i, n));
    const perProof = (now() - t) / samples;
    const perProofCpu = ((cpu() - c) * 1000) / samples;
    const tv = now();
    for (const [k, i] of idx.entries()) {
      if (!verifyInclusion(i, n, leafHash(Buffer.from(`entry-${i}`)), got[k]!, root).ok)
        throw new Error('proof failed');
    }
    const perVerify = (now() - tv) / samples;
    report(
      `inclusion proof at ${fmt(n)} leaves (SQLite, ${samples} random leaves): ${perProof.toFixed(3)} ms wall (${perProofCpu.toFixed(3)} ms CPU) to build, ${perVerify.toFixed(3)} ms to verify`,
    );
    await store.close();
  }
}

async function audit() {
  const n = opt('audit', 100_000);
  const file = join(DIR, `audit-${n}.db`);
  const log = generateSigner(ORIGIN);
  const w = generateSigner('w.example', SIG_TYPE.cosignatureV1);
  const gov = generateSigner('us-gov');
  let store: SqliteLedgerStore;
  // Keys are fresh each run, so rebuild: the registrations must be signed by keys we hold.
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  store = SqliteLedgerStore.create(file, ORIGIN, { durability: 'normal' });
  const reg = (subject: string, role: 'firm' | 'government', key: SignerKey) =>
    signStatement(
      {
        v: 2,
        log: ORIGIN,
        type: 'key-registration',
        actor: 'us-gov',
        issued: '2025-08-01',
        subject,
        role,
        key: formatVerifierKey(key),
      },
      gov,
    ).entry;
  await store.append([reg('us-gov', 'government', gov), reg('honda', 'firm', firm)]);
  const t = now();
  for (let i = 0; i < n - 2; i += 10_000) await store.append(signedEntries(Math.min(10_000, n - 2 - i), i));
  report(`built a ${fmt(n)}-statement log (signed employment reports): ${((now() - t) / 1000).toFixed(1)} s`);
  await checkpointLog(store, log);
  const policy = parsePolicy(
    `log ${formatVerifierKey(log)}\nwitness W ${formatVerifierKey(w)}\nquorum none\n`,
  );
  if (!policy.ok) throw new Error('policy');
  const ta = now();
  const ca = cpu();
  const r = await auditStore(store, { policy: policy.value });
  const ms = now() - ta;
  const cpuS = cpu() - ca;
  const errors = r.problems.filter((p) => p.severity !== 'warning').length;
  report(
    `audit of ${fmt(n)} statements (every leaf, node, signature, checkpoint): ${(ms / 1000).toFixed(2)} s, ${fmt((n / ms) * 1000)} entries/s, ${errors} differences`,
  );
  report(`  CPU time ${cpuS.toFixed(2)} s (${fmt(n / cpuS)} entries per CPU second)`);
  report(
    `  → projected for 1,000,000 entries: ${((1e6 / n) * (ms / 1000)).toFixed(0)} s wall at this load, ${((1e6 / n) * cpuS).toFixed(0)} s of CPU`,
  );
  await store.close();
}

/** CPU seconds (user + system) used by this process so far: `openssl speed` also reports CPU time. */
function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function hashing() {
  const sizes = [16, 64, 256, 1024, 8192, 16384];
  let full = '';
  try {
    // Without -elapsed, openssl speed divides by CPU time; the node figures below do the same, so a loaded
    // machine (other processes' time) affects neither side.
    full = execFileSync('openssl', ['speed', '-evp', 'sha256', '-seconds', '1'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    full = '';
  }
  const row = /^sha256\s+(.*)$/m.exec(full)?.[1]?.trim().split(/\s+/) ?? [];
  // openssl prints thousands of bytes per second for 16, 64, 256, 1024, 8192, 16384-byte blocks.
  const opensslMBs = row.map((v) => Number(v.replace(/k$/, '')) / 1000);
  report(
    'SHA-256 throughput per CPU second, MB/s (node:crypto vs `openssl speed -evp sha256 -seconds 1`, side by side):',
  );
  report('| block | node createHash | node crypto.hash | openssl | openssl ÷ best node |');
  report('|---:|---:|---:|---:|---:|');
  for (const [k, size] of sizes.entries()) {
    const buf = Buffer.alloc(size, 0xab);
    const iters = Math.max(2000, Math.floor(64_000_000 / size / 4));
    let c = cpu();
    for (let i = 0; i < iters; i++) createHash('sha256').update(buf).digest();
    const a = (size * iters) / (cpu() - c) / 1e6;
    c = cpu();
    for (let i = 0; i < iters; i++) oneShotHash('sha256', buf, 'buffer');
    const b = (size * iters) / (cpu() - c) / 1e6;
    const o = opensslMBs[k];
    report(
      `| ${size} B | ${a.toFixed(0)} | ${b.toFixed(0)} | ${o ? o.toFixed(0) : 'n/a'} | ${o ? (o / Math.max(a, b)).toFixed(2) : 'n/a'} |`,
    );
  }
  const l = Buffer.alloc(32, 1);
  const iters = 300_000;
  let c = cpu();
  for (let i = 0; i < iters; i++) nodeHash(l, l);
  report(`RFC 6962 node hash (65 bytes) as the log computes it: ${fmt(iters / (cpu() - c))} per CPU second`);
  c = cpu();
  for (let i = 0; i < iters; i++) leafHash(l);
  report(`RFC 6962 leaf hash (33 bytes): ${fmt(iters / (cpu() - c))} per CPU second`);
}

const t0 = now();
if (section === 'appends' || section === 'all') await appends();
if (section === 'proofs' || section === 'all') await proofs();
if (section === 'audit' || section === 'all') await audit();
if (section === 'hash' || section === 'all') hashing();
report(
  `(total ${((now() - t0) / 1000).toFixed(1)} s; load average ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')})`,
);
