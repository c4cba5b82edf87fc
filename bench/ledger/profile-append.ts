/**
 * Where the time of a validated append goes: decoding and validating the statement, and the store's write.
 * `npx tsx bench/ledger/profile-append.ts [count]`
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeEntry, signStatement } from '../../src/ledger/statement.js';
import { SqliteLedgerStore } from '../../src/store/sqlite-ledger.js';
import { generateSigner } from '../../src/tlog/keys.js';

const n = Number(process.argv[2] ?? 5000);
const firm = generateSigner('honda');
const entries = Array.from(
  { length: n },
  (_, i) =>
    signStatement(
      {
        v: 2,
        log: 'p.example/log',
        type: 'investment-report',
        actor: 'honda',
        issued: '2026-07-15',
        commitment: 'honda-ohio-ev',
        asOf: '2026-06-30',
        disbursed: `${1000 + i}.00`,
        evidence: [{ kind: 'cpa-attestation', sha256: 'a'.repeat(64) }],
      },
      firm,
    ).entry,
);
let t = performance.now();
for (const e of entries) decodeEntry(e);
console.log(`decode+validate: ${(((performance.now() - t) * 1000) / n).toFixed(1)} µs/entry`);
const file = join(tmpdir(), 'accord-profile.db');
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
const store = SqliteLedgerStore.create(file, 'p.example/log');
t = performance.now();
for (let i = 0; i < n; i += 1000) await store.append(entries.slice(i, i + 1000));
console.log(
  `store append (batches of 1000, FULL): ${(((performance.now() - t) * 1000) / n).toFixed(1)} µs/entry`,
);
await store.close();

// The audit's per-entry work, piece by piece.
const { statementMessage } = await import('../../src/ledger/statement.js');
const { ed25519Verify } = await import('../../src/tlog/keys.js');
const decoded = entries.map((e) => decodeEntry(e));
t = performance.now();
for (const d of decoded) if (d.ok) statementMessage(d.value.statement);
console.log(`canonical statement message: ${(((performance.now() - t) * 1000) / n).toFixed(1)} µs/entry`);
const sigs = decoded.map((d) => (d.ok ? Buffer.from(d.value.signature.sig, 'base64') : Buffer.alloc(0)));
const msgs = decoded.map((d) => (d.ok ? statementMessage(d.value.statement) : Buffer.alloc(0)));
t = performance.now();
for (let i = 0; i < n; i++) ed25519Verify(firm.key, msgs[i]!, sigs[i]!);
console.log(`ed25519 verify: ${(((performance.now() - t) * 1000) / n).toFixed(1)} µs/entry`);
