import { describe, expect, it } from 'vitest';
import { AccordError, type Problem } from '../_lib/problem.js';
import { auditStoreStructures } from './audit-store.js';
import { leafHash } from './hash.js';
import type { LeafLookupRow, LedgerStore } from './store.js';

const leaf = (i: number) => leafHash(Buffer.from(`entry ${i}`));

/**
 * Just the parts of a store the structure audit reads: the entry rows present and each lookup's rows, as
 * given (so a test can hand it any damage).
 */
function fakeStore(rows: number[], lookups: Record<string, (LeafLookupRow | Error)[]>): LedgerStore {
  return {
    async entryIndexes(from: number, limit: number) {
      return rows.filter((i) => i >= from).slice(0, limit);
    },
    leafLookups: () => Object.keys(lookups),
    async *leafLookupRows(lookup: string, chunk = 4096) {
      const all = lookups[lookup]!;
      for (let i = 0; i < all.length; i += chunk) {
        const part = all.slice(i, i + chunk);
        const bad = part.find((r) => r instanceof Error);
        if (bad) throw bad;
        yield part as LeafLookupRow[];
      }
    },
  } as Partial<LedgerStore> as LedgerStore;
}

const whole = (n: number): LeafLookupRow[] =>
  Array.from({ length: n }, (_, i) => ({ leafHash: leaf(i), index: i }));
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leaf(i));
const brief = (ps: Problem[]) => ps.map((p) => [p.code, p.where?.file, p.params?.lookup]);

describe('auditStoreStructures', () => {
  it('finds nothing wrong when every lookup maps exactly the entries, read in any chunk size', async () => {
    const rows = [...whole(10)].reverse();
    for (const chunk of [1, 3, 4096]) {
      const store = fakeStore([...Array(10).keys()], { entries_by_leaf: rows, nodes_by_leaf: whole(10) });
      expect(await auditStoreStructures(store, 10, leaves(10), { chunk })).toEqual([]);
    }
  });

  it('reports a missing row, a row at the wrong index and an unknown row, each with the entry and the lookup', async () => {
    const damaged = whole(8);
    damaged.splice(2, 1); // entry 2 hidden
    damaged[4] = { leafHash: leaf(5), index: 6 }; // entry 5's hash found at 6
    damaged.push({ leafHash: Buffer.alloc(32, 7), index: 3 }); // a hash no entry has
    damaged.push({ leafHash: Buffer.alloc(32, 8), index: Number.NaN }); // an index that is no number
    const store = fakeStore([...Array(8).keys()], { entries_by_leaf: whole(8), nodes_by_leaf: damaged });
    const ps = await auditStoreStructures(store, 8, leaves(8));
    expect(brief(ps)).toEqual([
      ['lookup-row-wrong-index', 'entry 5', 'nodes_by_leaf'],
      ['lookup-row-extra', 'entry 3', 'nodes_by_leaf'],
      ['lookup-row-extra', 'index nodes_by_leaf', 'nodes_by_leaf'],
      ['lookup-row-missing', 'entry 2', 'nodes_by_leaf'],
      ['lookup-row-missing', 'entry 5', 'nodes_by_leaf'],
    ]);
    expect(ps[0]!.message).toMatch(/nodes_by_leaf finds entry 5's leaf hash [0-9a-f]{16}… at index 6/);
    expect(ps[2]!.message).toMatch(/not a number/);
  });

  it('reports a second row for one entry', async () => {
    const store = fakeStore([0, 1, 2], { entries_by_leaf: [...whole(3), { leafHash: leaf(1), index: 1 }] });
    expect(brief(await auditStoreStructures(store, 3, leaves(3)))).toEqual([
      ['lookup-row-extra', 'entry 1', 'entries_by_leaf'],
    ]);
  });

  it('reports a leaf logged twice once, and accepts a unique index that can hold only one of them', async () => {
    const ls = [leaf(0), leaf(1), leaf(0)];
    const store = fakeStore([0, 1, 2], {
      entries_by_leaf: [
        { leafHash: leaf(0), index: 0 },
        { leafHash: leaf(1), index: 1 },
      ],
      nodes_by_leaf: [
        { leafHash: leaf(0), index: 0 },
        { leafHash: leaf(1), index: 1 },
        { leafHash: leaf(0), index: 2 },
      ],
    });
    const ps = await auditStoreStructures(store, 3, ls);
    expect(brief(ps)).toEqual([['entry-duplicate-leaf', 'entry 2', undefined]]);
    expect(ps[0]!.message).toMatch(/same leaf hash as entry 0/);
  });

  it('checks the recorded size against the rows: gaps below it and rows beyond it', async () => {
    // Rows 0, 1, 4, 5 and 9 under a recorded size of 6: 2..3 missing, 9 beyond.
    const present = [0, 1, 4, 5];
    const ls = present.map(leaf);
    const rows = present.map((i) => ({ leafHash: leaf(i), index: i }));
    const store = fakeStore([...present, 9], { entries_by_leaf: rows });
    const ps = await auditStoreStructures(store, 6, ls, { chunk: 2 });
    expect(brief(ps)).toEqual([
      ['entry-missing', 'entry 2', undefined],
      ['entry-beyond-size', 'entry 9', undefined],
    ]);
    expect(ps[0]!.message).toMatch(/entries 2..3 have no rows/);
    // The leaves were matched to their rows' indices despite the gap: the lookup itself is clean.
    expect(ps.some((p) => p.code.startsWith('lookup'))).toBe(false);
  });

  it('reports a lookup that cannot be read as a located problem and goes on with the others', async () => {
    const unreadable = new AccordError('store-damaged', 'the log store x.db is damaged', {
      problems: [{ code: 'store-damaged', message: 'SQLite finds it malformed', where: { file: 'x.db' } }],
    });
    const store = fakeStore([0, 1, 2, 3], {
      entries_by_leaf: [...whole(2), unreadable, ...whole(4).slice(2)],
      nodes_by_leaf: whole(3),
    });
    const ps = await auditStoreStructures(store, 4, leaves(4), { chunk: 2 });
    expect(brief(ps)).toEqual([
      ['lookup-unreadable', 'index entries_by_leaf', 'entries_by_leaf'],
      ['lookup-row-missing', 'entry 3', 'nodes_by_leaf'],
    ]);
    expect(ps[0]!.message).toMatch(/cannot be read to the end: SQLite finds it malformed/);
  });

  it('caps the problems of one lookup and counts the rest', async () => {
    const store = fakeStore([...Array(50).keys()], { entries_by_leaf: [] });
    const ps = await auditStoreStructures(store, 50, leaves(50), { perLookup: 10 });
    expect(ps).toHaveLength(11);
    expect(ps.at(-1)).toMatchObject({
      code: 'lookup-damaged',
      params: { lookup: 'entries_by_leaf', more: 40 },
    });
  });
});
