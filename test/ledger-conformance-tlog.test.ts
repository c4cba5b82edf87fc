import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCheckpoint } from '../src/tlog/checkpoint.js';
import { leafHash } from '../src/tlog/hash.js';
import { parseVerifierKey } from '../src/tlog/keys.js';
import { MemoryTree } from '../src/tlog/memory-tree.js';
import { treeRoot } from '../src/tlog/merkle.js';
import { decodeEntryBundle, entryBundlePath, tileHashReader } from '../src/tlog/tiles.js';
import { ROOT } from './helpers/cli.js';

const DIR = join(ROOT, '../shared/conformance/tlog');
const VKEY = 'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx';
const WORDS = 'one two three four five six seven eit nain ten ileven twelf threeten fourten fivten'.split(
  ' ',
);
if (!existsSync(DIR)) console.warn(`skipped the Tessera tiled-log conformance test: ${DIR} is absent`);

const fetchTile = (p: string) => {
  const f = join(DIR, p);
  return existsSync(f) ? readFileSync(f) : undefined;
};

describe.skipIf(!existsSync(DIR))('the real 15-entry Tessera tiled log', () => {
  const key = parseVerifierKey(VKEY);
  if (!key.ok) throw new Error(key.message);

  it.each(Array.from({ length: 16 }, (_, n) => n))(
    'checkpoint.%i verifies and its root is recomputed from entries and tiles',
    (n) => {
      const opened = openCheckpoint(readFileSync(join(DIR, `checkpoint.${n}`), 'utf8'), [key.key]);
      if (!opened.ok) throw new Error(opened.error.message);
      const c = opened.value.checkpoint;
      expect(c.origin).toBe('example.com/log/testdata');
      expect(c.size).toBe(n);
      const tree = new MemoryTree();
      if (n > 0) {
        const entries = decodeEntryBundle(fetchTile(entryBundlePath(0, n))!);
        expect(entries?.map((e) => e.toString())).toEqual(WORDS.slice(0, n));
        for (const e of entries!) tree.append(leafHash(e));
      }
      expect(Buffer.from(tree.root())).toEqual(c.root);
      expect(Buffer.from(treeRoot(tileHashReader(fetchTile, n), n))).toEqual(c.root);
    },
  );

  it('publishes the latest checkpoint as checkpoint', () => {
    const opened = openCheckpoint(readFileSync(join(DIR, 'checkpoint'), 'utf8'), [key.key]);
    expect(opened.ok && opened.value.checkpoint.size).toBe(15);
  });

  it('rejects a checkpoint whose root was changed', () => {
    const text = readFileSync(join(DIR, 'checkpoint.7'), 'utf8');
    const lines = text.split('\n');
    lines[2] = Buffer.alloc(32, 9).toString('base64');
    expect(openCheckpoint(lines.join('\n'), [key.key]).ok).toBe(false);
  });
});
