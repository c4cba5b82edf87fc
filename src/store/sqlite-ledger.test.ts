import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointLog } from '../ledger/log.js';
import { auditStoreStructures } from '../tlog/audit-store.js';
import { signCheckpoint } from '../tlog/checkpoint.js';
import { leafHash } from '../tlog/hash.js';
import { formatVerifierKey, generateSigner, parseVerifierKey, SIG_TYPE } from '../tlog/keys.js';
import { MemoryTree } from '../tlog/memory-tree.js';
import { Witness } from '../tlog/witness.js';
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

/** Schema 1 exactly as the first release created it (its SCHEMA string, verbatim). */
const SCHEMA_V1 = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (idx INTEGER PRIMARY KEY, leaf_hash BLOB NOT NULL, data BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS entries_by_leaf ON entries (leaf_hash);
CREATE TABLE IF NOT EXISTS nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS witness_state (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL);
`;

/** A schema-1 log file as the first release wrote it: its pragmas, meta rows, and appends row by row. */
function schema1Log(path: string, origin: string, entries: Buffer[]): MemoryTree {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA_V1);
  db.prepare("INSERT INTO meta (key, value) VALUES ('origin', ?), ('size', '0'), ('schema', '1')").run(
    origin,
  );
  const tree = new MemoryTree();
  const insertEntry = db.prepare('INSERT INTO entries (idx, leaf_hash, data) VALUES (?, ?, ?)');
  const insertNode = db.prepare('INSERT INTO nodes (level, idx, hash) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const e of entries) {
      const leaf = leafHash(e);
      let i = tree.append(leaf);
      insertEntry.run(i, leaf, e);
      insertNode.run(0, i, leaf);
      for (let level = 1; i % 2 === 1; level++) {
        i = (i - 1) / 2;
        insertNode.run(level, i, Buffer.from(tree.read(level, i)));
      }
    }
    db.prepare("UPDATE meta SET value = ? WHERE key = 'size'").run(String(entries.length));
  })();
  db.close();
  return tree;
}

const meta = (path: string, key: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
  } finally {
    db.close();
  }
};

async function lookupRows(store: SqliteLedgerStore, lookup: string): Promise<string[]> {
  const out: string[] = [];
  for await (const rows of store.leafLookupRows(lookup, 2))
    for (const r of rows) out.push(`${r.leafHash.toString('hex')} ${r.index}`);
  return out.sort();
}

describe('SQLite ledger store: schema versions, read-only opens and damage', () => {
  const entries = Array.from({ length: 7 }, (_, i) => Buffer.from(`old ${i}`));

  it('creates schema 2, with the second lookup of leaf hashes', async () => {
    const path = join(dir, 'new.db');
    const store = SqliteLedgerStore.create(path, 'ledger.example/t');
    expect(store.leafLookups()).toEqual(['entries_by_leaf', 'nodes_by_leaf']);
    await store.close();
    expect(meta(path, 'schema')).toBe('2');
  });

  it('migrates a schema-1 file when it is opened for writing, then finds its duplicates through both lookups', async () => {
    const path = join(dir, 'v1.db');
    const tree = schema1Log(path, 'ledger.example/t', entries);
    // Reading it changes nothing, not even the schema.
    const before = readFileSync(path);
    const reader = SqliteLedgerStore.open(path, { readonly: true });
    expect(reader.leafLookups()).toEqual(['entries_by_leaf']);
    expect(await reader.size()).toBe(7);
    await reader.close();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(meta(path, 'schema')).toBe('1');

    const store = SqliteLedgerStore.open(path);
    expect(meta(path, 'schema')).toBe('2');
    expect(store.leafLookups()).toEqual(['entries_by_leaf', 'nodes_by_leaf']);
    const r = await store.append([entries[3]!, Buffer.from('new'), entries[0]!, Buffer.from('new')]);
    expect(r.map((x) => [x.index, x.existed])).toEqual([
      [3, true],
      [7, false],
      [0, true],
      [7, true],
    ]);
    tree.append(leafHash(Buffer.from('new')));
    expect(await store.size()).toBe(8);
    expect(await store.root(8)).toEqual(Buffer.from(tree.root()));
    const leaves = Array.from({ length: 8 }, (_, i) => tree.read(0, i));
    const want = leaves.map((l, i) => `${Buffer.from(l).toString('hex')} ${i}`).sort();
    expect(await lookupRows(store, 'entries_by_leaf')).toEqual(want);
    expect(await lookupRows(store, 'nodes_by_leaf')).toEqual(want);
    expect(await auditStoreStructures(store, 8, leaves)).toEqual([]);
    await store.close();
    // A second writer finds it migrated already.
    const again = SqliteLedgerStore.open(path);
    expect((await again.append([entries[6]!]))[0]).toMatchObject({ index: 6, existed: true });
    await again.close();
  });

  it('refuses a store of a newer schema than it knows, to write or to read', () => {
    const path = join(dir, 'v3.db');
    schema1Log(path, 'ledger.example/t', entries);
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '3' WHERE key = 'schema'").run();
    db.close();
    for (const readonly of [false, true]) {
      expect(() => SqliteLedgerStore.open(path, { readonly })).toThrow(
        expect.objectContaining({ code: 'store-schema-newer', message: expect.stringMatching(/schema 3/) }),
      );
    }
    expect(meta(path, 'schema')).toBe('3');
  });

  it('opens read-only without writing anything, and refuses appends and checkpoints', async () => {
    const path = join(dir, 'ro.db');
    const store = SqliteLedgerStore.create(path, 'ledger.example/t');
    await store.append(entries);
    await store.close();
    const before = readFileSync(path);
    const reader = SqliteLedgerStore.open(path, { readonly: true });
    expect(await reader.entries(0, 7)).toEqual(entries);
    expect(await lookupRows(reader, 'nodes_by_leaf')).toHaveLength(7);
    await expect(reader.append([Buffer.from('x')])).rejects.toMatchObject({ code: 'store-readonly' });
    await expect(reader.putCheckpoint(7, await reader.root(7), 'x')).rejects.toMatchObject({
      code: 'store-readonly',
    });
    await reader.close();
    expect(readFileSync(path).equals(before)).toBe(true);
    // SQLite may leave the (empty) write-ahead log a reader needs beside the file, never anything in it.
    if (existsSync(`${path}-wal`)) expect(statSync(`${path}-wal`).size).toBe(0);
  });

  it('turns a damaged file into store-damaged, located at the file, before writing anything', async () => {
    const good = join(dir, 'good.db');
    const store = SqliteLedgerStore.create(good, 'ledger.example/t');
    await store.append(entries);
    await store.close();
    const bytes = readFileSync(good);
    const cases: [string, (path: string) => void, RegExp][] = [
      ['text', (p) => writeFileSync(p, 'this is not a database\n'.repeat(40)), /not a SQLite database/],
      [
        'truncated',
        (p) => writeFileSync(p, bytes.subarray(0, bytes.length >> 1)),
        /shorter than its header says/,
      ],
      [
        'header',
        (p) => writeFileSync(p, Buffer.from(bytes).fill(0x13, 16, 17)),
        /header is damaged \(the page size/,
      ],
      [
        'dropped table',
        (p) => {
          writeFileSync(p, bytes);
          const db = new Database(p);
          db.exec('DROP TABLE nodes');
          db.close();
        },
        /table nodes is missing/,
      ],
    ];
    for (const [name, damage, what] of cases) {
      const path = join(dir, `${name}.db`);
      damage(path);
      const damaged = readFileSync(path);
      for (const readonly of [true, false]) {
        let err: unknown;
        try {
          SqliteLedgerStore.open(path, { readonly });
        } catch (e) {
          err = e;
        }
        expect(err, `${name}, readonly ${readonly}`).toMatchObject({
          code: 'store-damaged',
          exitCode: 1,
          message: `the log store ${path} is damaged`,
          problems: [{ code: 'store-damaged', where: { file: path }, message: expect.stringMatching(what) }],
        });
        expect((err as { problems: { message: string }[] }).problems[0]!.message).toMatch(
          /restore it from a backup/,
        );
      }
      expect(readFileSync(path).equals(damaged), `${name} was changed`).toBe(true);
    }
    // A SQLite file holding none of the log's tables is another kind of file, not a damaged log.
    const other = join(dir, 'other.db');
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE t (x)');
    foreign.close();
    expect(() => SqliteLedgerStore.open(other)).toThrow(
      expect.objectContaining({ code: 'ledger-not-a-log' }),
    );
  });

  it('turns SQLite finding a page malformed while reading into store-damaged', async () => {
    const path = join(dir, 'page.db');
    const store = SqliteLedgerStore.create(path, 'ledger.example/t');
    await store.append(entries);
    await store.close();
    const db = new Database(path, { readonly: true });
    const root = db
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'entries'")
      .pluck()
      .get() as number;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const bytes = readFileSync(path);
    bytes[(root - 1) * pageSize] = 0x7f; // no b-tree page has this type
    writeFileSync(path, bytes);
    const reader = SqliteLedgerStore.open(path, { readonly: true });
    await expect(reader.entries(0, 7)).rejects.toMatchObject({
      code: 'store-damaged',
      problems: [{ message: expect.stringMatching(/malformed.*found while reading entries 0..6/) }],
    });
    await reader.close();
  });
});
