/**
 * Bulk-assessment uploads under load: N concurrent anonymous uploads of an M MB entry file (each from its own
 * loopback address, 127.0.0.2 and up, as N different clients would be), while other clients keep asking for
 * duty lookups (a new value every time, so each runs the engine) and `GET /api/ledger`. Measured: the server's
 * RSS (its process and any worker processes, sampled from /proc every 50 ms), the other clients' latency
 * (p50/p99/max) before and during the uploads, each upload's status and time, and the results kept on disk.
 * The server runs as its own process (`accord serve`, rate limit off, request log off).
 *
 *   npx tsx bench/server/upload.ts [--uploads 20] [--mb 30] [--probes 4] [--every 10] [--workers 1] [--root DIR]
 *
 * `--root DIR` serves from another checkout of accord (with its node_modules), for a before/after peer:
 * the same bench against an earlier commit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '../assess/generate.js';

const HERE = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const uploads = Number(arg('uploads', '20'));
const mb = Number(arg('mb', '30'));
const probes = Number(arg('probes', '4'));
const every = Number(arg('every', '10'));
const workers = arg('workers', '1');
const root = arg('root', HERE);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A process and its descendants (cluster workers), from /proc. */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {}
  }
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return out;
}

/** RSS of processes, bytes (threads included: they share their process's memory). */
function rss(pids: readonly number[]): number {
  let total = 0;
  for (const p of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {}
  }
  return total;
}

function du(dir: string): { files: number; bytes: number; kinds: Map<string, number> } {
  let files = 0;
  let bytes = 0;
  const kinds = new Map<string, number>();
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else {
        files++;
        bytes += s.size;
        const kind = `${d.split('/').pop()}/*${n.slice(20)}`;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
    }
  };
  walk(dir);
  return { files, bytes, kinds };
}

const agent = new Agent({ keepAlive: true, maxSockets: probes });

function get(base: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Other clients: `probes` loops, each sending a request every `every` ms (or as soon as the last answer
 * came, if later) until `stop()`; their latencies, ms. Paced, so the clients measure the server rather than
 * take the two cores from it.
 */
function probe(base: string): { stop: () => Promise<{ ms: number[]; failed: number }> } {
  const ms: number[] = [];
  let failed = 0;
  let running = true;
  let n = 0;
  const loops = Array.from({ length: probes }, async () => {
    while (running) {
      n++;
      const path =
        n % 2 === 0
          ? '/api/ledger'
          : `/api/duty?hts=8703.23.01&origin=JP&date=2025-10-01&value=${40_000 + (n % 100_000)}`;
      const t0 = performance.now();
      try {
        const status = await get(base, path);
        if (status !== 200) failed++;
      } catch {
        failed++;
      }
      const took = performance.now() - t0;
      ms.push(took);
      if (took < every) await new Promise((r) => setTimeout(r, every - took));
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { ms, failed };
    },
  };
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))]!;
}

function latencyLine(label: string, r: { ms: number[]; failed: number }): string {
  const s = [...r.ms].sort((a, b) => a - b);
  return `${label.padEnd(34)} ${String(s.length).padStart(6)} requests   p50 ${pct(s, 0.5).toFixed(1).padStart(6)} ms   p99 ${pct(s, 0.99).toFixed(1).padStart(7)} ms   max ${pct(s, 1).toFixed(0).padStart(6)} ms   failed ${r.failed}`;
}

/** One upload from its own loopback address; status, time and the answer's id. */
function upload(
  base: string,
  file: string,
  size: number,
  from: string,
): Promise<{ status: number; ms: number; code?: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const url = new URL('/api/assessments', base);
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      localAddress: from,
      headers: { 'content-type': 'text/csv', 'content-length': size },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: string }).code;
        } catch {}
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, ...(code ? { code } : {}) });
      });
    });
    req.on('error', (e) => resolve({ status: 0, ms: performance.now() - t0, code: e.message }));
    createReadStream(file).pipe(req);
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-upload-'));
  const file = join(dir, 'entries.csv');
  // The generator's lines average about 56 bytes.
  generate(Math.round((mb * 1e6) / 56.17), file);
  const size = statSync(file).size;
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src/cli/entry.ts'),
      'serve',
      '--db',
      join(dir, 'accord.sqlite'),
      '--port',
      String(port),
      '--quiet',
      '--rate-limit',
      '0',
      '--workers',
      workers,
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < 600; i++) {
      try {
        if ((await get(base, '/api/ledger')) === 200) break;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    if (workers !== '1') await new Promise((r) => setTimeout(r, 4000));
    console.log(
      `server: ${root === HERE ? 'this checkout' : root}, ${workers} worker process(es); ${uploads} uploads of ${(size / 1e6).toFixed(1)} MB (${(size / 1024 / 1024).toFixed(1)} MiB) each; ${probes} other clients, a request each every ${every} ms; load average before: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    // Warm up: one small upload (starts the assessment threads) and a few hundred reads.
    const small = join(dir, 'small.csv');
    generate(1000, small);
    await upload(base, small, statSync(small).size, '127.0.0.1');
    const warm = probe(base);
    await new Promise((r) => setTimeout(r, 1000));
    await warm.stop();

    // The tree is read once (a worker process restarted meanwhile would be missed; none is expected).
    const tree = processTree(child.pid!);
    const rssIdle = rss(tree);
    const before = probe(base);
    await new Promise((r) => setTimeout(r, 5000));
    const baseline = await before.stop();

    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rss(tree));
    }, 50);
    const during = probe(base);
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: uploads }, (_, i) => upload(base, file, size, `127.0.0.${2 + i}`)),
    );
    const wall = performance.now() - t0;
    const load = await during.stop();
    clearInterval(sampler);
    const rssAfter = rss(tree);

    const byStatus = new Map<string, number>();
    for (const r of results) {
      const k = `${r.status}${r.code ? ` ${r.code}` : ''}`;
      byStatus.set(k, (byStatus.get(k) ?? 0) + 1);
    }
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    const ok = results.filter((r) => r.status === 201).length;
    console.log(
      `uploads: ${[...byStatus].map(([k, n]) => `${n} × ${k}`).join(', ')}; all done in ${(wall / 1000).toFixed(1)} s (${((ok * size) / 1e6 / (wall / 1000)).toFixed(1)} MB/s assessed); each ${(pct(times, 0) / 1000).toFixed(1)}–${(pct(times, 1) / 1000).toFixed(1)} s, median ${(pct(times, 0.5) / 1000).toFixed(1)} s`,
    );
    console.log(latencyLine('other clients, no uploads', baseline));
    console.log(latencyLine('other clients, during the uploads', load));
    console.log(
      `server RSS: ${(rssIdle / 2 ** 20).toFixed(0)} MiB idle (after warm-up), peak ${(peak / 2 ** 20).toFixed(0)} MiB during the uploads, ${(rssAfter / 2 ** 20).toFixed(0)} MiB after`,
    );
    const kept = du(join(dir, 'assessments'));
    console.log(
      `results on disk: ${kept.files} files (${[...kept.kinds].map(([k, n]) => `${n} ${k}`).join(', ')}), ${(kept.bytes / 2 ** 20).toFixed(0)} MiB`,
    );
  } finally {
    if (child.exitCode === null) {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    }
    agent.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
