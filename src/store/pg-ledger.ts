/**
 * @module store/pg-ledger
 * The PostgreSQL implementation of {@link LedgerStore} (kysely over node-postgres), with the same tables as
 * the SQLite store. An append locks the log's `size` row (`SELECT … FOR UPDATE`), so concurrent writers —
 * connections of one server or several servers — serialize, and each extends the size it read; the
 * append's entries, hashes and new size commit together. The Merkle code reads hashes synchronously, so a
 * read runs it twice: once to learn which stored hashes it touches (which depends only on indices and
 * sizes, never on hash values), then, after one query fetches them, for real.
 *
 * The tables and versions are those of {@link module:store/schema}, as in the SQLite store: opening an older
 * log for writing migrates it, a newer one is refused.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { AccordError } from '../_lib/problem.js';
import { plural } from '../_lib/words.js';
import type { AppendResult, LeafLookupRow, LedgerStore, StoredCheckpoint } from '../tlog/index.js';
import {
  consistencyProof,
  type HashReader,
  hashEquals,
  inclusionProof,
  integrate,
  integrationReads,
  leafHash,
  parseCheckpoint,
  treeRoot,
} from '../tlog/index.js';
import { lookupsDisagree } from './damage.js';
import { asStoreError, connect, labelOf, type PgLedgerOptions, userHint } from './pg-connect.js';
import {
  indexesAt,
  indexName,
  indexStatements,
  migrationsAfter,
  type Rows,
  SCHEMA_VERSION,
  storedVersion,
  tableStatements,
} from './schema.js';

export type { PgLedgerOptions } from './pg-connect.js';

type Tables = Rows;
type Db = Kysely<Tables> | Transaction<Tables>;

const ZERO = Buffer.alloc(32);

/** The lookups of leaf hashes, by their PostgreSQL names. */
const ENTRIES_LOOKUP = indexName('pg', 'entries_by_leaf');
const NODES_LOOKUP = indexName('pg', 'nodes_by_leaf');

/** Read the schema version under the meta lock; refuse a newer one. */
async function schemaIn(tx: Transaction<Tables>, label: string): Promise<number> {
  const row = await tx.selectFrom('meta').select('value').where('key', '=', 'schema').executeTakeFirst();
  return storedVersion(row?.value, label, `${label} holds`);
}

/** Bring the log to the current schema (the caller holds the meta lock, so one opener migrates). */
async function migrateIn(tx: Transaction<Tables>, schema: number): Promise<void> {
  const pending = migrationsAfter(schema);
  if (pending.length === 0) return;
  for (const m of pending) for (const s of m.statements('pg')) await sql.raw(s).execute(tx);
  await tx
    .insertInto('meta')
    .values({ key: 'schema', value: String(SCHEMA_VERSION) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(SCHEMA_VERSION) }))
    .execute();
}

const key = (level: number, index: number) => level * 2 ** 46 + index;

/** Create the schema and every missing table (indexes and meta rows are the caller's, under the lock). */
async function createTables(db: Kysely<Tables>, schema: string): Promise<void> {
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
  for (const s of tableStatements('pg')) await sql.raw(s).execute(db);
}

/** A log stored in PostgreSQL. */
export class PgLedgerStore implements LedgerStore {
  private constructor(
    readonly db: Kysely<Tables>,
    readonly origin: string,
    /** The schema the tables live in. */
    readonly schema: string,
    /** The log's schema version (the current one unless opened read-only). */
    private readonly version: number,
    /** Where damage reports say the log is. */
    private readonly label: string,
    private readonly readonly = false,
  ) {}

  private refuseIfReadonly(what: string): void {
    if (this.readonly)
      throw new AccordError('store-readonly', `${this.label} was opened read-only; cannot ${what}`);
  }

  /** Run a query, turning PostgreSQL's reports of damage into `store-damaged` naming this log. */
  private async guard<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw asStoreError(this.label, doing, e);
    }
  }

  /** Open the log in the database (creating its tables and origin when absent). */
  static async openOrCreate(
    url: string,
    origin: string,
    options: PgLedgerOptions = {},
  ): Promise<{ store: PgLedgerStore; created: boolean }> {
    const { db, schema } = connect(url, { ...options, readonly: false });
    const label = labelOf(url, schema);
    try {
      await createTables(db, schema);
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
          await migrateIn(tx, await schemaIn(tx, label));
          return false;
        }
        for (const s of indexStatements('pg')) await sql.raw(s).execute(tx);
        await tx
          .insertInto('meta')
          .values([
            { key: 'origin', value: origin },
            { key: 'size', value: '0' },
            { key: 'schema', value: String(SCHEMA_VERSION) },
          ])
          .execute();
        return true;
      });
      return { store: new PgLedgerStore(db, origin, schema, SCHEMA_VERSION, label), created };
    } catch (e) {
      await db.destroy();
      if (e instanceof AccordError) throw e;
      throw new AccordError(
        'pg-unreachable',
        `cannot use PostgreSQL at ${new URL(url).host}: ${(e as Error).message}${userHint(url)}`,
      );
    }
  }

  /**
   * Open an existing log, whatever its origin. For writing (the default) an older schema is migrated first;
   * with `readonly` nothing is written.
   */
  static async open(url: string, options: PgLedgerOptions = {}): Promise<PgLedgerStore> {
    const { db, schema } = connect(url, options);
    const label = labelOf(url, schema);
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
    try {
      const version = await db.transaction().execute(async (tx) => {
        const found = await schemaIn(tx, label);
        if (options.readonly || found >= SCHEMA_VERSION) return found;
        // Only a migration takes the meta lock (it waits for appends in flight); it re-reads under it.
        await sql`LOCK TABLE meta IN EXCLUSIVE MODE`.execute(tx);
        await migrateIn(tx, await schemaIn(tx, label));
        return SCHEMA_VERSION;
      });
      return new PgLedgerStore(db, row.value, schema, version, label, options.readonly);
    } catch (e) {
      await db.destroy();
      throw asStoreError(label, 'opening it', e);
    }
  }

  private async sizeIn(db: Db, lock = false): Promise<number> {
    let q = db.selectFrom('meta').select('value').where('key', '=', 'size');
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.value);
  }

  async size(): Promise<number> {
    return this.guard('reading its size', () => this.sizeIn(this.db));
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

  /**
   * The logged entries among these leaf hashes, by hex. Both lookups are asked in one round trip, and a hit
   * counts only when they agree and the stored entry re-hashes to the leaf: a damaged index must neither
   * hide a logged entry (which would log it twice) nor invent one. Throws `store-damaged` otherwise.
   */
  private async logged(tx: Transaction<Tables>, leaves: readonly Buffer[]): Promise<Map<string, number>> {
    const hits = await sql<{ via: string; idx: string; hash: Buffer }>`
      SELECT 'e' AS via, idx, leaf_hash AS hash FROM entries WHERE leaf_hash = ANY(${leaves}::bytea[])
      UNION ALL
      SELECT 'n' AS via, idx, hash FROM nodes WHERE level = 0 AND hash = ANY(${leaves}::bytea[])`.execute(tx);
    const known = new Map<string, number>();
    if (hits.rows.length === 0) return known;
    // Keyed by the value each row holds, so a row an index reaches by mistake answers for no leaf.
    const found = new Map<string, { e: number[]; n: number[] }>();
    for (const r of hits.rows) {
      const hex = r.hash.toString('hex');
      const f = found.get(hex) ?? { e: [], n: [] };
      (r.via === 'e' ? f.e : f.n).push(Number(r.idx));
      found.set(hex, f);
    }
    const disagree = (hex: string, e: number[], n: number[]) =>
      lookupsDisagree(this.label, hex, [
        { lookup: ENTRIES_LOOKUP, index: e[0] },
        { lookup: NODES_LOOKUP, index: n[0] },
      ]);
    for (const leaf of leaves) {
      const hex = leaf.toString('hex');
      const f = found.get(hex);
      if (!f) continue;
      const [e] = f.e;
      if (e === undefined || f.e.length !== 1 || f.n.length !== 1 || e !== f.n[0])
        throw disagree(hex, f.e, f.n);
      known.set(hex, e);
    }
    if (known.size === 0) return known;
    const stored = await tx
      .selectFrom('entries')
      .select(['idx', 'data'])
      .where('idx', 'in', [...new Set(known.values())])
      .execute();
    const data = new Map(stored.map((r) => [Number(r.idx), r.data]));
    for (const [hex, index] of known) {
      const d = data.get(index);
      if (!d || leafHash(d).toString('hex') !== hex) throw disagree(hex, [index], [index]);
    }
    return known;
  }

  async append(entries: readonly Uint8Array[]): Promise<AppendResult[]> {
    this.refuseIfReadonly('append');
    if (entries.length === 0) return [];
    return this.guard('appending', () => this.appendIn(entries));
  }

  private appendIn(entries: readonly Uint8Array[]): Promise<AppendResult[]> {
    return this.db.transaction().execute(async (tx) => {
      let size = await this.sizeIn(tx, true);
      const items = entries.map((data) => ({ data, leaf: leafHash(data) }));
      const known = await this.logged(
        tx,
        items.map((x) => x.leaf),
      );
      // Which entries are new, and their indices.
      const plan: { leaf: Buffer; data: Uint8Array; index: number }[] = [];
      const out: AppendResult[] = [];
      for (const { data, leaf } of items) {
        const hex = leaf.toString('hex');
        const prior = known.get(hex);
        if (prior !== undefined) {
          out.push({ index: prior, leafHash: hex, existed: true });
          continue;
        }
        const index = size + plan.length;
        known.set(hex, index);
        plan.push({ leaf, data, index });
        out.push({ index, leafHash: hex, existed: false });
      }
      if (plan.length === 0) return out;
      // One round trip for the right-edge hashes the new subtrees combine with.
      const hashes = await this.fetchHashes(tx, integrationReads(size, plan.length));
      const grown = integrate(
        size,
        plan.map((p) => p.leaf),
        (level, index) => {
          const h = hashes.get(key(level, index));
          if (!h) throw new Error(`stored hash (${level}, ${index}) is missing`);
          return h;
        },
      );
      const nodes = grown.nodes.map((n) => ({
        level: n.level,
        idx: n.index,
        // Already Buffers (leaf and node hashes are); the check only keeps the column type honest.
        hash: Buffer.isBuffer(n.hash) ? n.hash : Buffer.from(n.hash),
      }));
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
      size = grown.size;
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
    const rows = await this.guard(`reading entries ${start}..${end - 1}`, () =>
      this.db
        .selectFrom('entries')
        .select('data')
        .where('idx', '>=', start)
        .where('idx', '<', end)
        .orderBy('idx')
        .execute(),
    );
    return rows.map((r) => r.data);
  }

  async entryLeafHashes(start: number, end: number): Promise<Buffer[]> {
    const rows = await this.guard(`reading the leaf hashes of entries ${start}..${end - 1}`, () =>
      this.db
        .selectFrom('entries')
        .select('leaf_hash')
        .where('idx', '>=', start)
        .where('idx', '<', end)
        .orderBy('idx')
        .execute(),
    );
    return rows.map((r) => r.leaf_hash);
  }

  async entryIndexes(from: number, limit: number): Promise<number[]> {
    const rows = await this.guard(`listing entries from ${from}`, () =>
      this.db
        .selectFrom('entries')
        .select('idx')
        .where('idx', '>=', from)
        .orderBy('idx')
        .limit(limit)
        .execute(),
    );
    return rows.map((r) => Number(r.idx));
  }

  leafLookups(): readonly string[] {
    return indexesAt('pg', this.version);
  }

  async *leafLookupRows(lookup: string, chunk = 4096): AsyncGenerator<LeafLookupRow[]> {
    if (!this.leafLookups().includes(lookup))
      throw new AccordError('store-lookup-unknown', `${this.label} has no lookup named ${lookup}`);
    const page = (after: { hash: Buffer; idx: string } | undefined) =>
      lookup === ENTRIES_LOOKUP
        ? sql<{ hash: Buffer; idx: string }>`SELECT leaf_hash AS hash, idx FROM entries
            ${after ? sql`WHERE leaf_hash > ${after.hash}` : sql``} ORDER BY leaf_hash LIMIT ${chunk}`
        : sql<{ hash: Buffer; idx: string }>`SELECT hash, idx FROM nodes WHERE level = 0
            ${after ? sql`AND (hash, idx) > (${after.hash}, ${after.idx}::bigint)` : sql``} ORDER BY hash, idx LIMIT ${chunk}`;
    let after: { hash: Buffer; idx: string } | undefined;
    for (;;) {
      const rows = await this.guard(`reading its index ${lookup}`, () =>
        this.db.transaction().execute(async (tx) => {
          // Make the planner walk the index itself: the point is what the index holds, not the table.
          await sql`SET LOCAL enable_seqscan = off`.execute(tx);
          await sql`SET LOCAL enable_bitmapscan = off`.execute(tx);
          return (await page(after).execute(tx)).rows;
        }),
      );
      if (rows.length > 0) yield rows.map((r) => ({ leafHash: r.hash, index: Number(r.idx) }));
      if (rows.length < chunk) return;
      after = rows.at(-1);
    }
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
        `the log has ${plural(have, 'entry', 'entries')}; size ${size} is not a tree it holds`,
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
    this.refuseIfReadonly('record a checkpoint');
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
    const rows = await this.guard('reading checkpoints', () =>
      this.db.selectFrom('checkpoints').select(['size', 'note']).orderBy('size').execute(),
    );
    return rows.map((r) => ({ size: Number(r.size), note: r.note }));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
