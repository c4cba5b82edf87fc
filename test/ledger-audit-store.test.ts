/**
 * Issue 11, finding 5: the audit's blind spots in the store itself. Bytes flipped inside the pages of the
 * `entries_by_leaf` index must be reported; an entry such a flip hides must not be logged a second time; and a
 * damaged file (a flipped header byte, a truncated file, a dropped table, a file that is not SQLite at all) must
 * make `accord audit` and `accord ledger append` exit 1 with a located `store-damaged` error, never a stack
 * trace. Store-level entries here are arbitrary bytes (the audit lists them as undecodable, as warnings).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../src/_lib/problem.js';
import { auditStore } from '../src/ledger/audit.js';
import { STATEMENT_VERSION } from '../src/ledger/statement.js';
import { SqliteLedgerStore } from '../src/store/sqlite-ledger.js';
import { leafHash } from '../src/tlog/hash.js';
import { formatSignerKey, formatVerifierKey, generateSigner } from '../src/tlog/keys.js';
import { parsePolicy, type TrustPolicy } from '../src/tlog/policy.js';
import { accord } from './helpers/cli.js';

const ORIGIN = 'ledger.example/audit-store';
const N = 300;
const entry = (i: number) => Buffer.from(`entry ${i}: not a statement, just bytes`);

let dir: string;
let log: string;
let policyFile: string;
let policy: TrustPolicy;
let original: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-audit-store-'));
  log = join(dir, 'log.db');
  const store = SqliteLedgerStore.create(log, ORIGIN);
  for (let i = 0; i < N; i += 25) await store.append(Array.from({ length: 25 }, (_, j) => entry(i + j)));
  await store.close();
  original = readFileSync(log);
  policyFile = join(dir, 'policy.txt');
  writeFileSync(policyFile, `log ${formatVerifierKey(generateSigner(ORIGIN))}\nquorum none\n`);
  const p = parsePolicy(readFileSync(policyFile, 'utf8'));
  if (!p.ok) throw new Error(JSON.stringify(p.problems));
  policy = p.value;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write `bytes` as a fresh copy (no write-ahead log beside it) and return its path. */
function copyOf(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  for (const s of ['', '-wal', '-shm']) rmSync(`${path}${s}`, { force: true });
  writeFileSync(path, bytes);
  return path;
}

/** The pages of one b-tree (its root and every page below it) and the page size. */
function pagesOf(path: string, name: string): { pages: number[]; pageSize: number } {
  const db = new Database(path, { readonly: true });
  try {
    const pages = db
      .prepare('SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno')
      .pluck()
      .all(name) as number[];
    const root = db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(name) as number;
    expect(pages).toContain(root);
    return { pages, pageSize: db.pragma('page_size', { simple: true }) as number };
  } finally {
    db.close();
  }
}

/** What the index holds, read afresh from its own b-tree (types included: a blob turned text is a change). */
function indexContent(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare('SELECT leaf_hash, idx FROM entries INDEXED BY entries_by_leaf')
      .raw()
      .all() as unknown[][];
    return JSON.stringify(
      rows.map((r) => r.map((v) => (Buffer.isBuffer(v) ? `blob ${v.toString('hex')}` : `${typeof v} ${v}`))),
    );
  } catch (e) {
    return `unreadable: ${(e as Error).message}`;
  } finally {
    db.close();
  }
}

/** The audit's errors, or the store-damaged error it stopped with, as problems. */
async function audit(path: string): Promise<Problem[]> {
  try {
    const store = SqliteLedgerStore.open(path, { readonly: true });
    try {
      return (await auditStore(store, { policy })).problems.filter((p) => p.severity !== 'warning');
    } finally {
      await store.close();
    }
  } catch (e) {
    const problems = (e as { problems?: Problem[] }).problems;
    if ((e as { code?: string }).code === 'store-damaged' && problems) return [...problems];
    throw e;
  }
}

const namesIndex = (p: Problem) =>
  p.params?.lookup === 'entries_by_leaf' || p.message.includes('entries_by_leaf');
const stackLines = (text: string) => text.split('\n').filter((l) => /^\s+at /.test(l));

describe('accord audit: the store’s own structures (issue 11, finding 5)', () => {
  it('the audit of an undamaged log finds nothing wrong with its structures', async () => {
    const structural = /^(lookup-|entry-|store-|size-|node-)/;
    expect((await audit(log)).filter((p) => structural.test(p.code))).toEqual([]);
  });

  it('reports every byte flip that changes the entries_by_leaf index, naming the index, without changing the file', async () => {
    const { pages, pageSize } = pagesOf(log, 'entries_by_leaf');
    expect(pages.length).toBeGreaterThan(1);
    const before = indexContent(log);
    // A deterministic generator, so a failure can be replayed.
    let seed = 20251206;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      // The high bits: an LCG's low bits cycle quickly, and page sizes and bit counts are powers of two.
      return Math.floor((seed / 2 ** 31) * n);
    };
    const unnoticed: string[] = [];
    const changedFlips: { at: number; bit: number }[] = [];
    for (let round = 0; round < 160; round++) {
      const at = (pages[rand(pages.length)]! - 1) * pageSize + rand(pageSize);
      const bit = 1 << rand(8);
      const bytes = Buffer.from(original);
      bytes[at]! ^= bit;
      const path = copyOf('flip.db', bytes);
      // SQLite ignores some bytes (free space, unused header fields): only a flip that changes what the
      // index holds must be reported.
      if (indexContent(path) === before) continue;
      changedFlips.push({ at, bit });
      const problems = await audit(path);
      if (!problems.some(namesIndex))
        unnoticed.push(
          `byte ${at} bit ${bit}: ${problems.map((p) => p.code).join(', ') || 'no differences'}`,
        );
      expect(readFileSync(path).equals(bytes), `the audit changed the file (byte ${at})`).toBe(true);
    }
    expect(changedFlips.length).toBeGreaterThan(80);
    expect(unnoticed).toEqual([]);

    // The CLI says the same, with exit 1.
    for (const { at, bit } of changedFlips.slice(0, 2)) {
      const bytes = Buffer.from(original);
      bytes[at]! ^= bit;
      const path = copyOf('flip-cli.db', bytes);
      const r = accord(['audit', path, '--policy', policyFile]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/entries_by_leaf/);
      expect(stackLines(r.stderr)).toEqual([]);
    }
  });

  it('does not log an entry twice when a flipped byte hides it from entries_by_leaf', async () => {
    const k = 123;
    const leaf = leafHash(entry(k));
    const { pages, pageSize } = pagesOf(log, 'entries_by_leaf');
    // Flip a bit in the middle of entry k's key inside the index (the table's copy stays intact).
    const bytes = Buffer.from(original);
    const page = pages.find((p) => bytes.subarray((p - 1) * pageSize, p * pageSize).includes(leaf))!;
    const at =
      (page - 1) * pageSize + bytes.subarray((page - 1) * pageSize, page * pageSize).indexOf(leaf) + 16;
    bytes[at]! ^= 0x04;
    const path = copyOf('hidden.db', bytes);
    const db = new Database(path, { readonly: true });
    expect(
      db.prepare('SELECT idx FROM entries INDEXED BY entries_by_leaf WHERE leaf_hash = ?').pluck().get(leaf),
    ).toBeUndefined();
    expect(db.prepare('SELECT idx FROM entries NOT INDEXED WHERE leaf_hash = ?').pluck().get(leaf)).toBe(k);
    db.close();

    const store = SqliteLedgerStore.open(path);
    const outcome = await store.append([entry(N), entry(k)]).then(
      (results) => ({ results }),
      (error: { code?: string; problems?: Problem[] }) => ({ error }),
    );
    const size = await store.size();
    await store.close();
    if ('results' in outcome) {
      // Deduplicated through the other lookup: entry k is the entry already logged.
      expect(outcome.results.map((r) => [r.index, r.existed])).toEqual([
        [N, false],
        [k, true],
      ]);
      expect(size).toBe(N + 1);
    } else {
      // Or refused whole, saying why and what to do.
      expect(outcome.error.code).toBe('store-damaged');
      expect(outcome.error.problems?.[0]?.message).toMatch(/indexes disagree.*accord audit/);
      expect(size).toBe(N);
    }
    const check = new Database(path, { readonly: true });
    expect(
      check.prepare('SELECT count(*) FROM entries NOT INDEXED WHERE leaf_hash = ?').pluck().get(leaf),
    ).toBe(1);
    check.close();
    // And the audit locates the damage at entry k.
    const problems = await audit(path);
    expect(problems.filter(namesIndex).map((p) => p.where?.file)).toContain(`entry ${k}`);
  });

  describe('a damaged file is a located error, exit 1, never a stack trace', () => {
    const gov = generateSigner('us-gov');
    let keyFile: string;
    let statementFile: string;

    beforeAll(() => {
      keyFile = join(dir, 'us-gov.key');
      writeFileSync(keyFile, `${formatSignerKey(gov)}\n`, { mode: 0o600 });
      statementFile = join(dir, 'registration.json');
      writeFileSync(
        statementFile,
        JSON.stringify({
          v: STATEMENT_VERSION,
          log: ORIGIN,
          type: 'key-registration',
          actor: 'us-gov',
          issued: '2025-08-01',
          subject: 'us-gov',
          role: 'government',
          key: formatVerifierKey(gov),
        }),
      );
    });

    it('appends the statement to an undamaged copy (so a failure below is the store’s)', () => {
      const path = join(dir, 'good-copy.db');
      copyFileSync(log, path);
      const r = accord(['ledger', 'append', path, statementFile, '--key', keyFile]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`entry ${N} `));
    });

    /** Each damage writes its file (by name, in the test folder). */
    const damages: [string, (name: string) => void, RegExp][] = [
      [
        'a flipped header byte',
        (name) => {
          const bytes = Buffer.from(original);
          bytes[16]! ^= 0x01; // the page size
          copyOf(name, bytes);
        },
        /header is damaged/,
      ],
      [
        'a truncated file',
        (name) => copyOf(name, original.subarray(0, original.length >> 1)),
        /shorter than its header says/,
      ],
      [
        'a dropped table',
        (name) => {
          const db = new Database(copyOf(name, original));
          db.exec('DROP TABLE nodes');
          db.close();
        },
        /table nodes is missing/,
      ],
      [
        'a text file',
        (name) => copyOf(name, Buffer.from('# notes\nthis is not a log\n'.repeat(20))),
        /not a SQLite database/,
      ],
    ];

    for (const [name, damage, what] of damages) {
      it(`${name}: audit and append exit 1 with store-damaged, and leave the file as it was`, () => {
        const file = `${name.replace(/\W+/g, '-')}.db`;
        damage(file);
        const path = join(dir, file);
        const bytes = readFileSync(path);
        const runs = {
          audit: accord(['audit', path, '--policy', policyFile]),
          append: accord(['ledger', 'append', path, statementFile, '--key', keyFile]),
        };
        for (const [command, r] of Object.entries(runs)) {
          expect(r.status, `${command}: ${r.stderr}`).toBe(1);
          expect(r.stderr, command).toContain(`${path}: store-damaged: `);
          expect(r.stderr, command).toMatch(what);
          expect(r.stderr, command).toMatch(/restore it from a backup/);
          expect(stackLines(r.stderr), command).toEqual([]);
        }
        expect(readFileSync(path).equals(bytes)).toBe(true);
      });
    }
  });
});
