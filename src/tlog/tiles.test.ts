import { describe, expect, it } from 'vitest';
import { leafHash } from './hash.js';
import { MemoryTree } from './memory-tree.js';
import { inclusionProof, treeRoot } from './merkle.js';
import {
  decodeEntryBundle,
  encodeEntryBundle,
  entryBundlePath,
  parseTilePath,
  TileError,
  tileData,
  tileHashReader,
  tileIndexPath,
  tilePath,
  tilesForSize,
} from './tiles.js';

describe('tile paths', () => {
  it('write the index in 3-digit groups with x on all but the last', () => {
    expect(tileIndexPath(1234067)).toBe('x001/x234/067');
    expect(tileIndexPath(0)).toBe('000');
    expect(tileIndexPath(1000)).toBe('x001/000');
    expect(tilePath(1, 1234067, 17)).toBe('tile/1/x001/x234/067.p/17');
    expect(tilePath(0, 5)).toBe('tile/0/005');
    expect(entryBundlePath(0, 15)).toBe('tile/entries/000.p/15');
  });

  it('parse back what they format, and refuse bad widths and levels', () => {
    expect(parseTilePath('tile/1/x001/x234/067.p/17')).toEqual({ level: 1, n: 1234067, width: 17 });
    expect(parseTilePath('tile/entries/000')).toEqual({ level: -1, n: 0, width: 256 });
    expect(parseTilePath('tile/64/000')).toBeUndefined();
    expect(parseTilePath('tile/0/000.p/256')).toBeUndefined();
    expect(parseTilePath('tile/0/000.p/0')).toBeUndefined();
    expect(parseTilePath('tile/0/1234')).toBeUndefined();
  });

  it('give size 70,000 273 full L0 tiles, L0 width 112, one full L1, L1 width 17, L2 width 1', () => {
    const t = tilesForSize(70_000);
    const at = (l: number) => t.filter((x) => x.level === l);
    expect(at(0).filter((x) => x.width === 256)).toHaveLength(273);
    expect(at(0).at(-1)).toEqual({ level: 0, n: 273, width: 112 });
    expect(at(1)).toEqual([
      { level: 1, n: 0, width: 256 },
      { level: 1, n: 1, width: 17 },
    ]);
    expect(at(2)).toEqual([{ level: 2, n: 0, width: 1 }]);
  });
});

describe('tiles as a hash source', () => {
  it('reproduce the roots and proofs of the tree they were cut from, across tile levels', () => {
    const tree = new MemoryTree();
    for (let i = 0; i < 70_000; i++) tree.append(leafHash(Buffer.from(String(i))));
    const files = new Map(
      tilesForSize(tree.size).map((t) => [tilePath(t.level, t.n, t.width), tileData(tree.read, t)]),
    );
    const read = tileHashReader((p) => files.get(p), tree.size);
    expect(Buffer.from(treeRoot(read, tree.size))).toEqual(Buffer.from(tree.root()));
    expect(inclusionProof(read, 65_537, tree.size).map((h) => Buffer.from(h))).toEqual(
      tree.inclusionProof(65_537).map((h) => Buffer.from(h)),
    );
    const short = tileHashReader((p) => (p === 'tile/2/000.p/1' ? undefined : files.get(p)), tree.size);
    expect(() => treeRoot(short, tree.size)).toThrow(TileError);
  });

  it('round-trip entry bundles and refuse truncated ones', () => {
    const entries = [Buffer.from('one'), Buffer.alloc(0), Buffer.alloc(300, 7)];
    const b = encodeEntryBundle(entries);
    expect(decodeEntryBundle(b)).toEqual(entries);
    expect(decodeEntryBundle(b.subarray(0, b.length - 1))).toBeUndefined();
    expect(() => encodeEntryBundle([Buffer.alloc(65_536)])).toThrow();
  });
});
