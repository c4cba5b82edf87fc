import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteLedgerStore } from '../src/store/sqlite-ledger.js';
import { leafHash } from '../src/tlog/hash.js';
import { MemoryTree } from '../src/tlog/memory-tree.js';
import { ROOT } from './helpers/cli.js';

const LOOP = join(ROOT, 'bench/ledger/append-loop.ts');

/** Start the append loop; resolve with the acknowledged appends once `stopAfter` are seen (then SIGKILL) or it exits. */
function runWriter(file: string, tag: string, opts: { stopAfter?: number; count?: number; batch?: number }) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', LOOP, file, tag, String(opts.count ?? 1e9), String(opts.batch ?? 1)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const acks = new Map<number, string>();
  let buf = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise<{ acks: Map<number, string>; stderr: string }>((resolve) => {
    child.stdout.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        const m = /^ack (\d+) (\S+)$/.exec(l);
        if (m) acks.set(Number(m[1]), m[2]!);
      }
      if (opts.stopAfter !== undefined && acks.size >= opts.stopAfter) child.kill('SIGKILL');
    });
    child.on('exit', () => resolve({ acks, stderr }));
  });
}

async function checkTree(file: string) {
  const store = SqliteLedgerStore.open(file);
  const size = await store.size();
  const entries = await store.entries(0, size + 10);
  const mem = new MemoryTree();
  for (const e of entries) mem.append(leafHash(e));
  const root = await store.root(size);
  await store.close();
  return { size, entries, root, memRoot: Buffer.from(mem.root()) };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-crash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite log under process death and concurrent writers', () => {
  it('loses no acknowledged append and leaves no partial entry when the writer is SIGKILLed', async () => {
    const file = join(dir, 'log.db');
    SqliteLedgerStore.create(file, 'ledger.example/crash').close();
    for (const batch of [1, 5]) {
      const before = (await checkTree(file)).size;
      const { acks } = await runWriter(file, `b${batch}`, { stopAfter: 150, batch });
      expect(acks.size).toBeGreaterThanOrEqual(150);
      const t = await checkTree(file);
      // Everything acknowledged is there, at its index, byte for byte; nothing half-written.
      for (const [index, tag] of acks) expect(t.entries[index]!.toString().startsWith(`${tag}-`)).toBe(true);
      expect(t.entries.length).toBe(t.size);
      expect(t.size).toBeGreaterThanOrEqual(before + acks.size);
      expect(t.root).toEqual(t.memRoot);
    }
  });

  it('serializes two processes appending to the same file into one consistent tree', async () => {
    const file = join(dir, 'log.db');
    SqliteLedgerStore.create(file, 'ledger.example/two').close();
    const [a, b] = await Promise.all([
      runWriter(file, 'A', { count: 200, batch: 4 }),
      runWriter(file, 'B', { count: 200, batch: 4 }),
    ]);
    expect(a.stderr).toBe('');
    expect(b.stderr).toBe('');
    const t = await checkTree(file);
    expect(t.size).toBe(400);
    const indexes = new Set([...a.acks.keys(), ...b.acks.keys()]);
    expect(indexes.size).toBe(400);
    for (const [index, tag] of [...a.acks, ...b.acks])
      expect(t.entries[index]!.toString().startsWith(`${tag}-`)).toBe(true);
    expect(t.root).toEqual(t.memRoot);
  });
});
