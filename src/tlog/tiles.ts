/**
 * @module tlog/tiles
 * Tiles (c2sp.org/tlog-tiles@v0.1.0): the tree's stored hashes as immutable static files of 256 hashes per
 * tile (tile height 8), partial tiles for the right edge, and entry bundles of uint16-length-prefixed
 * entries. Reading tiles back gives a {@link HashReader}, so any mirror can recompute roots and proofs.
 */
import { HASH_SIZE, nodeHash } from './hash.js';
import type { HashReader } from './merkle.js';

/** Hashes per full tile. */
export const TILE_WIDTH = 256;
/** Tree levels per tile level. */
export const TILE_HEIGHT = 8;
/** An entry bundle stores each entry's length in a uint16. */
export const MAX_ENTRY_SIZE = 65_535;

/**
 * Encode a tile index as 3-digit groups, `x` before all but the last.
 *
 * @example
 * tileIndexPath(1234067) // 'x001/x234/067'
 * tileIndexPath(5)       // '005'
 */
export function tileIndexPath(n: number): string {
  let s = String(n % 1000).padStart(3, '0');
  let rest = Math.floor(n / 1000);
  while (rest > 0) {
    s = `x${String(rest % 1000).padStart(3, '0')}/${s}`;
    rest = Math.floor(rest / 1000);
  }
  return s;
}

/** Path of a hash tile: `tile/<L>/<N>[.p/<W>]` (width 256 means full). */
export function tilePath(level: number, n: number, width = TILE_WIDTH): string {
  return `tile/${level}/${tileIndexPath(n)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

/** Path of an entry bundle: `tile/entries/<N>[.p/<W>]`. */
export function entryBundlePath(n: number, width = TILE_WIDTH): string {
  return `tile/entries/${tileIndexPath(n)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

/** A tile address: level, index and width (1..256). */
export interface TileRef {
  level: number;
  n: number;
  width: number;
}

/** Parse a tile path (hash tile or entry bundle; entries have level -1). */
export function parseTilePath(path: string): TileRef | undefined {
  const m =
    /^tile\/(entries|[0-9]|[1-5][0-9]|6[0-3])\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]*))?$/.exec(path);
  if (!m) return undefined;
  const n = Number(m[2]!.replace(/x|\//g, ''));
  const width = m[3] === undefined ? TILE_WIDTH : Number(m[3]);
  if (m[3] !== undefined && width > 255) return undefined;
  return { level: m[1] === 'entries' ? -1 : Number(m[1]), n, width };
}

/**
 * The tiles (full and the partial right edge) that make up a tree of `size` leaves at each tile level.
 * Partial width at level l is floor(size / 256^l) mod 256 (reference a.8).
 */
export function tilesForSize(size: number): TileRef[] {
  const out: TileRef[] = [];
  for (let level = 0; ; level++) {
    const count = Math.floor(size / TILE_WIDTH ** level);
    if (count === 0) break;
    const full = Math.floor(count / TILE_WIDTH);
    for (let n = 0; n < full; n++) out.push({ level, n, width: TILE_WIDTH });
    const partial = count % TILE_WIDTH;
    if (partial > 0) out.push({ level, n: full, width: partial });
    if (count < TILE_WIDTH) break;
  }
  return out;
}

/** The bytes of a hash tile: `width` hashes at tree level 8·level starting at index n·256. */
export function tileData(read: HashReader, t: TileRef): Buffer {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < t.width; i++) parts.push(read(t.level * TILE_HEIGHT, t.n * TILE_WIDTH + i));
  return Buffer.concat(parts);
}

/** Encode entries as a bundle of uint16 big-endian length-prefixed entries. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (e.length > MAX_ENTRY_SIZE) throw new Error(`entry of ${e.length} bytes exceeds ${MAX_ENTRY_SIZE}`);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(e.length);
    parts.push(len, Buffer.from(e));
  }
  return Buffer.concat(parts);
}

/** Decode an entry bundle; undefined if it is truncated. */
export function decodeEntryBundle(bytes: Uint8Array): Buffer[] | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Buffer[] = [];
  let at = 0;
  while (at < b.length) {
    if (at + 2 > b.length) return undefined;
    const len = b.readUInt16BE(at);
    if (at + 2 + len > b.length) return undefined;
    out.push(b.subarray(at + 2, at + 2 + len));
    at += 2 + len;
  }
  return out;
}

/** Fetches the bytes of a tile path, or undefined when it is absent. */
export type TileFetcher = (path: string) => Uint8Array | undefined;

/** A failure reading tiles: which tile and why. */
export class TileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/**
 * A {@link HashReader} over the tiles of a tree of `size` leaves. Hashes at tree levels between tile
 * levels are recomputed from the tile below. Throws {@link TileError} for a missing or short tile.
 */
export function tileHashReader(fetch: TileFetcher, size: number): HashReader {
  const cache = new Map<string, Buffer>();
  const tile = (level: number, n: number): Buffer => {
    const count = Math.floor(size / TILE_WIDTH ** level);
    const width = (n + 1) * TILE_WIDTH <= count ? TILE_WIDTH : count - n * TILE_WIDTH;
    const path = tilePath(level, n, width);
    let data = cache.get(path);
    if (!data) {
      const raw = fetch(path);
      if (!raw) throw new TileError(path, 'tile is missing');
      if (raw.length !== width * HASH_SIZE) {
        throw new TileError(path, `tile has ${raw.length} bytes, expected ${width * HASH_SIZE}`);
      }
      data = Buffer.from(raw);
      cache.set(path, data);
    }
    return data;
  };
  const read: HashReader = (level, index) => {
    if (level % TILE_HEIGHT === 0) {
      const l = level / TILE_HEIGHT;
      const data = tile(l, Math.floor(index / TILE_WIDTH));
      const i = index % TILE_WIDTH;
      return data.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
    }
    return nodeHash(read(level - 1, 2 * index), read(level - 1, 2 * index + 1));
  };
  return read;
}
