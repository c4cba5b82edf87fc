import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signCheckpoint } from '../ledger/checkpoint.js';
import { leafHash } from '../ledger/hash.js';
import { formatVerifierKey, generateSigner, parseVerifierKey, SIG_TYPE } from '../ledger/keys.js';
import { checkpointLog } from '../ledger/log.js';
import { MemoryTree } from '../ledger/memory-tree.js';
import { Witness } from '../ledger/witness.js';
import { SqliteLedgerStore, SqliteWitnessState } from './sqlite-ledger.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite ledger store', () => {
  it('holds the same tree as the in-memory reference: roots and proofs at every size', async () => {
    const store = SqliteLedgerStore.create(join(dir, 'log.db'), 'ledger.example/t');
    const mem = new MemoryTree();
    const entries = Array.from({ length: 300 }, (_, i) => Buffer.from(`entry ${i}`));
    // Mixed batch sizes exercise the right-border cache inside a transaction.
    for (let i = 0; i < entries.length; ) {
      const n = 1 + (i % 7);
      await store.append(entries.slice(i, i + n));
      for (const e of entries.slice(i, i + n)) mem.append(leafHash(e));
      i += n;
    }
    expect(await store.size()).toBe(300);
    for (const size of [1, 2, 7, 64, 255, 256, 257, 300]) {
      expect(await store.root(size)).toEqual(Buffer.from(mem.root(size)));
      expect(await store.inclusionProof(size - 1, size)).toEqual(
        mem.inclusionProof(size - 1, size).map((h) => Buffer.from(h)),
      );
      expect(await store.consistencyProof(Math.ceil(size / 3), size)).toEqual(
        mem.consistencyProof(Math.ceil(size / 3), size).map((h) => Buffer.from(h)),
      );
    }
    await store.close();
  });

  it('appends the same entry once and returns its existing index', async () => {
    const store = SqliteLedgerStore.create(join(dir, 'log.db'), 'ledger.example/t');
    await store.append([Buffer.from('a'), Buffer.from('b')]);
    const again = await store.append([Buffer.from('b'), Buffer.from('c'), Buffer.from('c')]);
    expect(again.map((r) => [r.index, r.existed])).toEqual([
      [1, true],
      [2, false],
      [2, true],
    ]);
    expect(await store.size()).toBe(3);
    await store.close();
  });

  it('records checkpoints only for a tree it holds, and keeps data across reopen', async () => {
    const path = join(dir, 'log.db');
    const store = SqliteLedgerStore.create(path, 'ledger.example/t');
    const key = generateSigner('ledger.example/t');
    await store.append([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]);
    const { note } = await checkpointLog(store, key);
    const fake = signCheckpoint(
      { origin: 'ledger.example/t', size: 3, root: Buffer.alloc(32, 7), extensions: [] },
      key,
    );
    await expect(store.putCheckpoint(3, Buffer.alloc(32, 7), fake)).rejects.toMatchObject({
      code: 'checkpoint-mismatch',
    });
    const beyond = signCheckpoint(
      { origin: 'ledger.example/t', size: 4, root: Buffer.alloc(32, 7), extensions: [] },
      key,
    );
    await expect(store.putCheckpoint(4, Buffer.alloc(32, 7), beyond)).rejects.toMatchObject({
      code: 'ledger-size',
    });
    await expect(checkpointLog(store, generateSigner('other.example'))).rejects.toMatchObject({
      code: 'checkpoint-key-name',
    });
    await store.close();
    const again = SqliteLedgerStore.open(path);
    expect(again.origin).toBe('ledger.example/t');
    expect((await again.latestCheckpoint())?.note).toBe(note);
    await again.close();
    expect(() => SqliteLedgerStore.create(path, 'x')).toThrow(/already holds/);
    expect(() => SqliteLedgerStore.open(join(dir, 'missing.db'))).toThrow(/no log at/);
  });

  it('keeps witness state with a compare-and-swap', async () => {
    const w = new SqliteWitnessState(join(dir, 'w.db'));
    const r1 = { size: 3, root: Buffer.alloc(32, 1), note: 'n1' };
    expect(await w.swap('o', undefined, r1)).toBe(true);
    expect(await w.swap('o', undefined, r1)).toBe(false);
    expect(await w.swap('o', r1, { size: 5, root: Buffer.alloc(32, 2), note: 'n2' })).toBe(true);
    expect(await w.swap('o', r1, { size: 4, root: Buffer.alloc(32, 3), note: 'n3' })).toBe(false);
    expect((await w.get('o'))?.size).toBe(5);
    w.close();
  });

  it('keeps two witness processes sharing one state file from rolling the size back', async () => {
    const origin = 'ledger.example/t';
    const log = generateSigner(origin);
    const vk = parseVerifierKey(formatVerifierKey(log));
    if (!vk.ok) throw new Error(vk.message);
    const store = SqliteLedgerStore.create(join(dir, 'log.db'), origin);
    const key = generateSigner('w.example', SIG_TYPE.cosignatureV1);
    const file = join(dir, 'w.db');
    // Two connections to one file, as two witness processes would have.
    const [s1, s2] = [new SqliteWitnessState(file), new SqliteWitnessState(file)];
    const [w1, w2] = [s1, s2].map(
      (state) => new Witness({ key, logs: new Map([[origin, [vk.key]]]), state, now: () => 1 }),
    );
    await store.append(Array.from({ length: 10 }, (_, i) => Buffer.from(`e${i}`)));
    const first = await checkpointLog(store, log);
    expect((await w1!.addCheckpoint({ old: 0, proof: [], checkpoint: first.note })).status).toBe(200);
    await store.append(Array.from({ length: 10 }, (_, i) => Buffer.from(`f${i}`)));
    const cp20 = signCheckpoint({ origin, size: 20, root: await store.root(20), extensions: [] }, log);
    const cp15 = signCheckpoint({ origin, size: 15, root: await store.root(15), extensions: [] }, log);
    // Both read "last cosigned = 10" before either writes; only one may win.
    const [a, b] = await Promise.all([
      w1!.addCheckpoint({ old: 10, proof: await store.consistencyProof(10, 20), checkpoint: cp20 }),
      w2!.addCheckpoint({ old: 10, proof: await store.consistencyProof(10, 15), checkpoint: cp15 }),
    ]);
    expect([a.status, b.status]).toEqual([200, 409]);
    expect((await s2.get(origin))?.size).toBe(20);
    s1.close();
    s2.close();
    await store.close();
  });
});
