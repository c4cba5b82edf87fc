/**
 * @module tlog/audit-store
 * The audit of a store's own bookkeeping, beside the tree: the recorded size against the entry rows
 * actually there, no leaf logged twice, and every lookup of leaf hashes (what appends deduplicate by) mapping
 * exactly the logged entries. A lookup that hides an entry lets it be logged twice; one that points at the
 * wrong entry makes a receipt or an index answer wrong; both are invisible to the tree's hashes, so they are
 * checked here, row by row, from the lookup structures as stored.
 */
import { isAccordError, type Problem } from '../_lib/problem.js';
import { plural } from '../_lib/words.js';
import type { LedgerStore } from './store.js';

/** Options of {@link auditStoreStructures}. */
export interface StoreStructureOptions {
  /** Rows read per round trip. */
  chunk?: number;
  /** At most this many problems per lookup (a rebuilt-from-nothing index would otherwise list every entry). */
  perLookup?: number;
}

/** Leaf hashes are kept as 32-character binary strings (half the memory of hex, for logs of millions). */
const keyOf = (h: Uint8Array) => Buffer.from(h).toString('latin1');
const hexOf = (key: string) => Buffer.from(key, 'latin1').toString('hex');
const short = (key: string) => `${hexOf(key).slice(0, 16)}…`;

/**
 * Check the store's structures against the entries the audit read.
 *
 * @param size the store's recorded size, as the audit read it
 * @param leaves the recomputed leaf hash of each entry row read for indices [0, size), in index order
 * @returns located problems: `entry-missing` (a gap below the size), `entry-beyond-size`, `entry-duplicate-leaf`,
 *   and per lookup `lookup-row-missing`, `lookup-row-wrong-index`, `lookup-row-extra`, `lookup-unreadable`
 */
export async function auditStoreStructures(
  store: LedgerStore,
  size: number,
  leaves: readonly Uint8Array[],
  options: StoreStructureOptions = {},
): Promise<Problem[]> {
  const chunk = options.chunk ?? 4096;
  const perLookup = options.perLookup ?? 100;
  const problems: Problem[] = [];

  // The entry rows actually stored, to find gaps and rows past the recorded size.
  const present: number[] = [];
  const beyond: number[] = [];
  for (let from = Number.MIN_SAFE_INTEGER; ; ) {
    const got = await store.entryIndexes(from, chunk);
    for (const i of got) (i >= 0 && i < size ? present : beyond).push(i);
    if (got.length < chunk) break;
    from = got.at(-1)! + 1;
  }
  let next = 0;
  for (const i of [...present, size]) {
    if (i > next)
      problems.push({
        code: 'entry-missing',
        message:
          i - next === 1
            ? `the log records ${plural(size, 'entry', 'entries')} but entry ${next} has no row`
            : `the log records ${plural(size, 'entry', 'entries')} but entries ${next}..${i - 1} have no rows`,
        where: { file: `entry ${next}` },
        params: { from: next, to: i - 1 },
      });
    next = i + 1;
  }
  if (beyond.length > 0)
    problems.push({
      code: 'entry-beyond-size',
      message: `${beyond.length} entry row${beyond.length === 1 ? ' lies' : 's lie'} outside the recorded size ${size} (indices ${beyond.slice(0, 5).join(', ')}${beyond.length > 5 ? ', …' : ''})`,
      where: { file: `entry ${beyond[0]}` },
      params: { indices: beyond.slice(0, 100) },
    });

  // Recomputed leaf hash of each stored entry, by its index (rows were read in index order, gaps skipped).
  const leafAt: (string | undefined)[] = new Array(size);
  const aligned = present.length === leaves.length ? present : leaves.map((_, j) => j);
  for (const [j, index] of aligned.entries()) leafAt[index] = keyOf(leaves[j]!);
  // The entry with each leaf hash; every entry of a leaf logged more than once (rare) kept aside.
  const first = new Map<string, number>();
  const twice = new Map<string, number[]>();
  for (const [index, leaf] of leafAt.entries()) {
    if (leaf === undefined) continue;
    const at = first.get(leaf);
    if (at === undefined) {
      first.set(leaf, index);
      continue;
    }
    problems.push({
      code: 'entry-duplicate-leaf',
      message: `entry ${index} has the same leaf hash as entry ${at}: the same statement is logged twice`,
      where: { file: `entry ${index}` },
      params: { index, first: at, leafHash: hexOf(leaf) },
    });
    twice.set(leaf, [...(twice.get(leaf) ?? [at]), index]);
  }
  const owns = (leaf: string, index: number) =>
    first.get(leaf) === index || (twice.get(leaf)?.includes(index) ?? false);

  for (const lookup of store.leafLookups()) {
    const found: Problem[] = [];
    let more = 0;
    const report = (p: Problem) => {
      if (found.length < perLookup) found.push({ ...p, params: { lookup, ...p.params } });
      else more++;
    };
    // Entries this lookup finds where they are.
    const seen = new Uint8Array(size);
    let readable = true;
    try {
      for await (const rows of store.leafLookupRows(lookup, chunk)) {
        for (const row of rows) {
          const leaf = keyOf(row.leafHash);
          const owner = first.get(leaf);
          if (owner !== undefined && owns(leaf, row.index) && !seen[row.index]) {
            seen[row.index] = 1;
          } else if (owner !== undefined && owns(leaf, row.index)) {
            report({
              code: 'lookup-row-extra',
              message: `the index ${lookup} holds a second row for entry ${row.index}`,
              where: { file: `entry ${row.index}` },
              params: { index: row.index, leafHash: hexOf(leaf) },
            });
          } else if (owner !== undefined) {
            report({
              code: 'lookup-row-wrong-index',
              message: `the index ${lookup} finds entry ${owner}'s leaf hash ${short(leaf)} at ${Number.isNaN(row.index) ? 'an index that is not a number' : `index ${row.index}`}`,
              where: { file: `entry ${owner}` },
              params: { index: owner, found: row.index, leafHash: hexOf(leaf) },
            });
          } else {
            const other = Number.isInteger(row.index) ? leafAt[row.index] : undefined;
            report({
              code: 'lookup-row-extra',
              message: `the index ${lookup} holds leaf hash ${short(leaf)}, which no entry has, ${
                other !== undefined
                  ? `for entry ${row.index} (whose leaf hash is ${short(other)})`
                  : Number.isNaN(row.index)
                    ? 'at an index that is not a number'
                    : `at index ${row.index}, which is no entry`
              }`,
              where: { file: other !== undefined ? `entry ${row.index}` : `index ${lookup}` },
              params: { index: row.index, leafHash: hexOf(leaf) },
            });
          }
        }
      }
    } catch (e) {
      if (!isAccordError(e)) throw e;
      readable = false;
      report({
        code: 'lookup-unreadable',
        message: `the index ${lookup} cannot be read to the end: ${e.problems[0]?.message ?? e.message}`,
        where: { file: `index ${lookup}` },
      });
    }
    // Entries the lookup does not find: appending one again would log it twice.
    // (A leaf logged twice needs a row for one of its entries only: a unique index can hold no more.)
    if (readable)
      for (const [leaf, index] of first) {
        if (seen[index] || twice.get(leaf)?.some((i) => seen[i])) continue;
        report({
          code: 'lookup-row-missing',
          message: `the index ${lookup} does not find entry ${index} (leaf hash ${short(leaf)}): appending it again could log it twice`,
          where: { file: `entry ${index}` },
          params: { index, leafHash: hexOf(leaf) },
        });
      }
    problems.push(...found);
    if (more > 0)
      problems.push({
        code: 'lookup-damaged',
        message: `the index ${lookup} differs from the entries in ${more} more rows`,
        where: { file: `index ${lookup}` },
        params: { lookup, more },
      });
  }
  return problems;
}
