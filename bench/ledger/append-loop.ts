/**
 * Appends entries to a SQLite log in a loop and prints `ack <index> <tag>` after each durable append
 * returns. Used by the crash and concurrency tests (the parent SIGKILLs it mid-write), and as a small
 * load tool: `npx tsx bench/ledger/append-loop.ts <file> <tag> [count] [batch]`.
 */
import { SqliteLedgerStore } from '../../src/store/sqlite-ledger.js';

const [file, tag = 'w', countText = '1000000000', batchText = '1'] = process.argv.slice(2);
if (!file) {
  console.error('usage: append-loop.ts <file> <tag> [count] [batch]');
  process.exit(2);
}
const store = SqliteLedgerStore.open(file);
const batch = Number(batchText);
for (let i = 0; i < Number(countText); i += batch) {
  const entries = Array.from({ length: batch }, (_, j) =>
    Buffer.from(`${tag}-${i + j}-${'x'.repeat((i + j) % 97)}`),
  );
  const results = await store.append(entries);
  process.stdout.write(results.map((r, j) => `ack ${r.index} ${tag}-${i + j}\n`).join(''));
}
await store.close();
