/**
 * @module store/pg-ledger
 * The PostgreSQL implementation of {@link LedgerStore} (kysely over node-postgres), with the same tables as
 * the SQLite store. An append locks the log's `size` row (`SELECT … FOR UPDATE`), so concurrent writers —
 * connections of one server or several servers — serialize, and each extends the size it read; the
 * append's entries, hashes and new size commit together. The Merkle code reads hashes synchronously, so a
 * read runs it twice: once to learn which stored hashes it touches (which depends only on indices and
 * sizes, never on hash values), then, after one query fetches them, for real.
 */
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { AccordError } from '../_lib/problem.js';
import { parseCheckpoint } from '../ledger/checkpoint.js';
import { hashEquals, leafHash, nodeHash } from '../ledger/hash.js';
import { consistencyProof, type HashReader, inclusionProof, treeRoot } from '../ledger/merkle.js';
import type { AppendResult, LedgerStore, StoredCheckpoint } from '../ledger/store.js';

interface Tables {
  meta: { key: string; value: string };
  entries: { idx: string | number; leaf_hash: Buffer; data: Buffer };
  nodes: { level: number; idx: string | number; hash: Buffer };
  checkpoints: { size: string | number; note: string };
  witness_state: { origin: string; size: string | number; root: Buffer; note: string };
}

type Db = Kysely<Tables> | Transaction<Tables>;

const ZERO = Buffer.alloc(32);
const key = (level: number, index: number) => level * 2 ** 46 + index;

/** How to reach the database. */
export interface PgLedgerOptions {
  /** Schema holding the tables (created if missing); default `public`, or the URL's `?schema=`. */
  schema?: string;
  /** Connections in the pool. */
  poolSize?: number;
}

function connect(url: string, options: PgLedgerOptions): { db: Kysely<Tables>; schema: string } {
  const u = new URL(url);
  const schema = options.schema ?? u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new AccordError('pg-schema-invalid', `schema "${schema}" must be lowercase letters, digits and _`);
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max: options.poolSize ?? 8,
    options: `-c search_path=${schema}`,
  });
  // A dropped idle connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return { db: new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), schema };
}

async function createSchema(db: Kysely<Tables>, schema: string): Promise<void> {
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
  await db.schema
    .createTable('meta')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('entries')
    .ifNotExists()
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('leaf_hash', 'bytea', (c) => c.notNull().unique())
    .addColumn('data', 'bytea', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('nodes')
    .ifNotExists()
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('nodes_pk', ['level', 'idx'])
    .execute();
  await db.schema
    .createTable('checkpoints')
    .ifNotExists()
    .addColumn('size', 'bigint', (c) => c.primaryKey())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('witness_state')
    .ifNotExists()
    .addColumn('origin', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('root', 'bytea', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
}

/** A log stored in PostgreSQL. */
export class PgLedgerStore implements LedgerStore {
  private constructor(
    readonly db: Kysely<Tables>,
    readonly origin: string,
    /** The schema the tables live in. */
    readonly schema: string,
  ) {}

  /** Open the log in the database (creating its tables and origin when absent). */
  static async openOrCreate(
    url: string,
    origin: string,
    options: PgLedgerOptions = {},
  ): Promise<{ store: PgLedgerStore; created: boolean }> {
    const { db, schema } = connect(url, options);
    try {
      await createSchema(db, schema);
      const created = await db.transaction().execute(async (tx) => {
        await sql`LOCK TABLE meta IN EXCLUSIVE MODE`.execute(tx);
        const row = await tx
          .selectFrom('meta')
          .select('value')
          .where('key', '=', 'origin')
          .executeTakeFirst();
        if (row) {
          if (row.value !== origin)
            throw new AccordError('ledger-exists', `the database already holds the log ${row.value}`);
          return false;
        }
        await tx
          .insertInto('meta')
          .values([
            { key: 'origin', value: origin },
            { key: 'size', value: '0' },
            { key: 'schema', value: '1' },
          ])
          .execute();
        return true;
      });
      return { store: new PgLedgerStore(db, origin, schema), created };
    } catch (e) {
      await db.destroy();
      if (e instanceof AccordError) throw e;
      throw new AccordError(
        'pg-unreachable',
        `cannot use PostgreSQL at ${new URL(url).host}: ${(e as Error).message}`,
      );
    }
  }

  /** Open an existing log, whatever its origin. */
  static async open(url: string, options: PgLedgerOptions = {}): Promise<PgLedgerStore> {
    const { db, schema } = connect(url, options);
    const row = await db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', 'origin')
      .executeTakeFirst()
      .catch(() => undefined);
    if (!row) {
      await db.destroy();
      throw new AccordError('ledger-not-a-log', `schema ${schema} holds no accord log`);
    }
    return new PgLedgerStore(db, row.value, schema);
  }

  private async sizeIn(db: Db, lock = false): Promise<number> {
    let q = db.selectFrom('meta').select('value').where('key', '=', 'size');
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.value);
  }

  async size(): Promise<number> {
    return this.sizeIn(this.db);
  }

  private readonly upper = new Map<number, Buffer>();
  private static readonly CACHED_FROM_LEVEL = 6;

  /** Fetch stored hashes by (level, index), upper levels from the in-process cache. */
  private async fetchHashes(db: Db, wanted: Iterable<[number, number]>): Promise<Map<number, Buffer>> {
    const out = new Map<number, Buffer>();
    const levels: number[] = [];
    const idxs: number[] = [];
    for (const [level, index] of wanted) {
      const k = key(level, index);
      if (out.has(k)) continue;
      const hit = level >= PgLedgerStore.CACHED_FROM_LEVEL ? this.upper.get(k) : undefined;
      if (hit) out.set(k, hit);
      else {
        levels.push(level);
        idxs.push(index);
      }
    }
    if (levels.length > 0) {
      const rows = await sql<{ level: number; idx: string; hash: Buffer }>`
        SELECT n.level, n.idx, n.hash FROM nodes n
        JOIN unnest(${levels}::int[], ${idxs.map(String)}::bigint[]) AS w(level, idx) ON n.level = w.level AND n.idx = w.idx`.execute(
        db,
      );
      for (const r of rows.rows) {
        const k = key(r.level, Number(r.idx));
        out.set(k, r.hash);
        if (r.level >= PgLedgerStore.CACHED_FROM_LEVEL) {
          if (this.upper.size > 1 << 20) this.upper.clear();
          this.upper.set(k, r.hash);
        }
      }
    }
    return out;
  }

  /** Run a synchronous Merkle computation over stored hashes (see the module comment). */
  private async withHashes<T>(db: Db, fn: (read: HashReader) => T): Promise<T> {
    const wanted: [number, number][] = [];
    fn((level, index) => {
      wanted.push([level, index]);
      return ZERO;
    });
    const hashes = await this.fetchHashes(db, wanted);
    return fn((level, index) => {
      const h = hashes.get(key(level, index));
      if (!h) throw new Error(`stored hash (${level}, ${index}) is missing`);
      return h;
    });
  }

  async append(entries: readonly Uint8Array[]): Promise<AppendResult[]> {
    if (entries.length === 0) return [];
    return this.db.transaction().execute(async (tx) => {
      let size = await this.sizeIn(tx, true);
      const leaves = entries.map((e) => leafHash(e));
      const known = new Map<string, number>();
      const found = await tx
        .selectFrom('entries')
        .select(['idx', 'leaf_hash'])
        .where('leaf_hash', 'in', leaves)
        .execute();
      for (const r of found) known.set(r.leaf_hash.toString('hex'), Number(r.idx));
      // Dry run: which new indices, and which existing hashes the new subtrees need.
      const plan: { leaf: Buffer; data: Uint8Array; index: number }[] = [];
      const out: AppendResult[] = [];
      const created = new Set<number>();
      const need: [number, number][] = [];
      let next = size;
      for (let i = 0; i < entries.length; i++) {
        const hex = leaves[i]!.toString('hex');
        const prior = known.get(hex);
        if (prior !== undefined) {
          out.push({ index: prior, leafHash: hex, existed: true });
          continue;
        }
        const index = next++;
        known.set(hex, index);
        plan.push({ leaf: leaves[i]!, data: entries[i]!, index });
        out.push({ index, leafHash: hex, existed: false });
        created.add(key(0, index));
        let level = 0;
        let j = index;
        while (j % 2 === 1) {
          if (!created.has(key(level, j - 1))) need.push([level, j - 1]);
          level++;
          j = (j - 1) / 2;
          created.add(key(level, j));
        }
      }
      if (plan.length === 0) return out;
      const hashes = await this.fetchHashes(tx, need);
      const nodes: { level: number; idx: number; hash: Buffer }[] = [];
      for (const p of plan) {
        let h = p.leaf;
        hashes.set(key(0, p.index), h);
        nodes.push({ level: 0, idx: p.index, hash: h });
        let level = 0;
        let j = p.index;
        while (j % 2 === 1) {
          h = nodeHash(hashes.get(key(level, j - 1))!, h);
          level++;
          j = (j - 1) / 2;
          hashes.set(key(level, j), h);
          nodes.push({ level, idx: j, hash: h });
        }
      }
      for (let i = 0; i < plan.length; i += 1000)
        await tx
          .insertInto('entries')
          .values(
            plan
              .slice(i, i + 1000)
              .map((p) => ({ idx: p.index, leaf_hash: p.leaf, data: Buffer.from(p.data) })),
          )
          .execute();
      for (let i = 0; i < nodes.length; i += 1000)
        await tx
          .insertInto('nodes')
          .values(nodes.slice(i, i + 1000))
          .execute();
      size = next;
      await tx
        .updateTable('meta')
        .set({ value: String(size) })
        .where('key', '=', 'size')
        .execute();
      return out;
    });
  }

  async entry(index: number): Promise<Buffer | undefined> {
    const r = await this.db.selectFrom('entries').select('data').where('idx', '=', index).executeTakeFirst();
    return r?.data;
  }

  async entries(start: number, end: number): Promise<Buffer[]> {
    const rows = await this.db
      .selectFrom('entries')
      .select('data')
      .where('idx', '>=', start)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
    return rows.map((r) => r.data);
  }

  async entryLeafHashes(start: number, end: number): Promise<Buffer[]> {
    const rows = await this.db
      .selectFrom('entries')
      .select('leaf_hash')
      .where('idx', '>=', start)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
    return rows.map((r) => r.leaf_hash);
  }

  async indexOf(leafHashHex: string): Promise<number | undefined> {
    const r = await this.db
      .selectFrom('entries')
      .select('idx')
      .where('leaf_hash', '=', Buffer.from(leafHashHex, 'hex'))
      .executeTakeFirst();
    return r === undefined ? undefined : Number(r.idx);
  }

  private async checkSize(db: Db, size: number): Promise<void> {
    const have = await this.sizeIn(db);
    if (!(Number.isSafeInteger(size) && size >= 0 && size <= have))
      throw new AccordError(
        'ledger-size',
        `the log has ${have} entries; size ${size} is not a tree it holds`,
      );
  }

  async root(size: number): Promise<Buffer> {
    await this.checkSize(this.db, size);
    return Buffer.from(await this.withHashes(this.db, (read) => treeRoot(read, size)));
  }

  async inclusionProof(index: number, size: number): Promise<Buffer[]> {
    await this.checkSize(this.db, size);
    if (!(Number.isSafeInteger(index) && index >= 0 && index < size))
      throw new AccordError('ledger-index', `entry ${index} is not in the tree of size ${size}`);
    const proof = await this.withHashes(this.db, (read) => inclusionProof(read, index, size));
    return proof.map((h) => Buffer.from(h));
  }

  async consistencyProof(size1: number, size2: number): Promise<Buffer[]> {
    await this.checkSize(this.db, size2);
    if (!(size1 >= 0 && size1 <= size2))
      throw new AccordError('ledger-size', `size ${size1} is larger than ${size2}`);
    const proof = await this.withHashes(this.db, (read) => consistencyProof(read, size1, size2));
    return proof.map((h) => Buffer.from(h));
  }

  async storedHashes(level: number, start: number, end: number): Promise<Buffer[]> {
    const rows = await this.db
      .selectFrom('nodes')
      .select('hash')
      .where('level', '=', level)
      .where('idx', '>=', start)
      .where('idx', '<', end)
      .orderBy('idx')
      .execute();
    if (rows.length !== end - start)
      throw new Error(`stored hashes (${level}, ${start}..${end}) are incomplete`);
    return rows.map((r) => r.hash);
  }

  async putCheckpoint(size: number, root: Uint8Array, note: string): Promise<void> {
    const parsed = parseCheckpoint(note);
    if (!parsed.ok) throw new AccordError('checkpoint-malformed', parsed.error.message);
    const c = parsed.checkpoint;
    if (c.origin !== this.origin || c.size !== size || !hashEquals(c.root, root))
      throw new AccordError('checkpoint-mismatch', 'the checkpoint does not name this log, size and root');
    await this.db.transaction().execute(async (tx) => {
      // Re-derive the root inside the transaction: a checkpoint is recorded only for a tree held here.
      await this.checkSize(tx, size);
      const have = await this.withHashes(tx, (read) => treeRoot(read, size));
      if (!hashEquals(have, c.root))
        throw new AccordError('checkpoint-mismatch', `the stored tree of size ${size} has a different root`);
      await tx
        .insertInto('checkpoints')
        .values({ size, note })
        .onConflict((oc) => oc.column('size').doUpdateSet({ note }))
        .execute();
    });
  }

  async checkpoint(size: number): Promise<StoredCheckpoint | undefined> {
    const r = await this.db
      .selectFrom('checkpoints')
      .select(['size', 'note'])
      .where('size', '=', size)
      .executeTakeFirst();
    return r ? { size: Number(r.size), note: r.note } : undefined;
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const r = await this.db
      .selectFrom('checkpoints')
      .select(['size', 'note'])
      .orderBy('size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? { size: Number(r.size), note: r.note } : undefined;
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    const rows = await this.db.selectFrom('checkpoints').select(['size', 'note']).orderBy('size').execute();
    return rows.map((r) => ({ size: Number(r.size), note: r.note }));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
