/**
 * @module ledger/log
 * The log's write path over a {@link LedgerStore}: validate and append signed statements, sign checkpoints
 * only for roots the store itself computed, add witness cosignatures, build receipts and tiles.
 */
import { AccordError } from '../_lib/problem.js';
import type { AddCheckpointRequest, AppendResult, LedgerStore, SignerKey } from '../tlog/index.js';
import {
  type Checkpoint,
  encodeEntryBundle,
  entryBundlePath,
  formatNote,
  formatReceipt,
  hashEquals,
  type NoteSignature,
  parseCheckpoint,
  parseNote,
  signCheckpoint,
  TILE_WIDTH,
  tilePath,
  tilesForSize,
} from '../tlog/index.js';
import { decodeEntry } from './statement.js';

/** Append validated statement entries (canonical signed JSON). Invalid entries stop the whole batch. */
export async function appendStatements(
  store: LedgerStore,
  entries: readonly Uint8Array[],
): Promise<AppendResult[]> {
  const problems = entries.flatMap((e, i) => {
    const d = decodeEntry(e, `statement ${i + 1}`);
    return d.ok ? [] : d.problems;
  });
  if (problems.length > 0)
    throw new AccordError('statement-invalid', 'a statement is invalid; nothing was appended', { problems });
  return store.append(entries);
}

/**
 * Sign a checkpoint for the store's current tree. The root comes from the store, and the store re-checks
 * it when recording the note, so the log never signs a tree it does not hold.
 */
export async function checkpointLog(
  store: LedgerStore,
  key: SignerKey,
): Promise<{ checkpoint: Checkpoint; note: string }> {
  if (key.name !== store.origin) {
    throw new AccordError(
      'checkpoint-key-name',
      `the log key is named ${key.name} but the origin is ${store.origin}`,
    );
  }
  const size = await store.size();
  const root = await store.root(size);
  const checkpoint: Checkpoint = { origin: store.origin, size, root, extensions: [] };
  const existing = await store.checkpoint(size);
  if (existing) {
    const parsed = parseCheckpoint(existing.note);
    if (parsed.ok && hashEquals(parsed.checkpoint.root, root)) return { checkpoint, note: existing.note };
  }
  const note = signCheckpoint(checkpoint, key);
  await store.putCheckpoint(size, root, note);
  return { checkpoint, note };
}

/**
 * The `add-checkpoint` request for a witness whose last cosigned size is `old`: the consistency proof
 * from `old` to the checkpoint's size, from the store.
 */
export async function witnessRequest(
  store: LedgerStore,
  old: number,
  note: string,
): Promise<AddCheckpointRequest> {
  const c = parseCheckpoint(note);
  if (!c.ok) throw new AccordError('checkpoint-malformed', c.error.message);
  const proof =
    old > 0 && old < c.checkpoint.size ? await store.consistencyProof(old, c.checkpoint.size) : [];
  return { old, proof, checkpoint: note };
}

/** Add cosignature lines to the stored checkpoint of that size (lines by a name already present are replaced). */
export async function addCosignatures(
  store: LedgerStore,
  size: number,
  lines: readonly NoteSignature[],
): Promise<string> {
  const stored = await store.checkpoint(size);
  if (!stored) throw new AccordError('checkpoint-unknown', `no checkpoint of size ${size} is recorded`);
  const parsed = parseNote(stored.note);
  if (!parsed.ok) throw new AccordError('checkpoint-malformed', parsed.error.message);
  const names = new Set(lines.map((l) => l.name));
  const kept = parsed.note.signatures.filter((s) => !names.has(s.name));
  const next = formatNote({ text: parsed.note.text, signatures: [...kept, ...lines] });
  const root = parseCheckpoint(parsed.note.text);
  if (!root.ok) throw new AccordError('checkpoint-malformed', root.error.message);
  await store.putCheckpoint(size, root.checkpoint.root, next);
  return next;
}

/** A receipt for the entry at `index` against the stored checkpoint of `size` (default: the latest). */
export async function receiptFor(store: LedgerStore, index: number, size?: number): Promise<string> {
  const cp = size === undefined ? await store.latestCheckpoint() : await store.checkpoint(size);
  if (!cp)
    throw new AccordError(
      'checkpoint-unknown',
      'no checkpoint covers this entry yet; run `accord ledger checkpoint`',
    );
  if (index >= cp.size) {
    throw new AccordError(
      'receipt-not-covered',
      `entry ${index} is not in the checkpoint of size ${cp.size}; sign a newer checkpoint`,
    );
  }
  const entry = await store.entry(index);
  if (!entry) throw new AccordError('entry-unknown', `no entry ${index}`);
  return formatReceipt({
    entry,
    index,
    proof: await store.inclusionProof(index, cp.size),
    checkpoint: cp.note,
  });
}

/** Every file of a tiles export for the latest checkpoint: path → bytes (`checkpoint`, tiles, bundles). */
export async function exportTiles(store: LedgerStore): Promise<Map<string, Buffer>> {
  const cp = await store.latestCheckpoint();
  if (!cp) throw new AccordError('checkpoint-unknown', 'sign a checkpoint before exporting tiles');
  const files = new Map<string, Buffer>();
  files.set('checkpoint', Buffer.from(cp.note, 'utf8'));
  for (const t of tilesForSize(cp.size)) {
    const start = t.n * TILE_WIDTH;
    const hashes = await store.storedHashes(t.level * 8, start, start + t.width);
    files.set(tilePath(t.level, t.n, t.width), Buffer.concat(hashes));
    if (t.level === 0)
      files.set(
        entryBundlePath(t.n, t.width),
        encodeEntryBundle(await store.entries(start, start + t.width)),
      );
  }
  return files;
}
