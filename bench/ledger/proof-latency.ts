/**
 * Inclusion-proof latency on an existing log file: `npx tsx bench/ledger/proof-latency.ts <log.db> [samples]`.
 * (bench.ts builds the 1 M and 10 M fixtures; this re-measures one without rebuilding.)
 */
import { SqliteLedgerStore } from '../../src/store/sqlite-ledger.js';

const [file, samplesText = '2000'] = process.argv.slice(2);
if (!file) {
  console.error('usage: proof-latency.ts <log.db> [samples]');
  process.exit(2);
}
const store = SqliteLedgerStore.open(file, { durability: 'normal' });
const n = await store.size();
const samples = Number(samplesText);
let state = 777;
const idx = Array.from({ length: samples }, () => {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state % n;
});
for (const i of idx.slice(0, 200)) await store.inclusionProof(i, n);
const t = performance.now();
const c0 = process.cpuUsage();
for (const i of idx) await store.inclusionProof(i, n);
const c1 = process.cpuUsage(c0);
console.log(
  `inclusion proof at ${n.toLocaleString('en-US')} leaves: ${((performance.now() - t) / samples).toFixed(3)} ms wall, ${((c1.user + c1.system) / 1000 / samples).toFixed(3)} ms CPU (${samples} random leaves)`,
);
await store.close();
