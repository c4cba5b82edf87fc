/**
 * @module cli/commands/ledger/receipt
 * `accord ledger receipt`: an offline receipt (c2sp.org/tlog-proof) of one entry against the latest
 * checkpoint, which anyone holding the trust policy can verify without the log.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { receiptFor } from '../../../ledger/log.js';
import { parseIndex } from '../ledger-io.js';
import { withStore } from './with-store.js';

/** Register `accord ledger receipt`. */
export function registerLedgerReceipt(ledger: Command): void {
  ledger
    .command('receipt')
    .description('Write an offline receipt (c2sp tlog-proof) for an entry against the latest checkpoint.')
    .argument('<db>', 'the log file')
    .requiredOption('--index <n>', 'the entry')
    .option('--out <file>', 'write here instead of standard output')
    .addHelpText('after', '\nExample:\n  accord ledger receipt log.db --index 5 --out entry5.tlog-proof')
    .action(writeReceipt);
}

/** Write the receipt to `--out`, or print it. */
async function writeReceipt(db: string, opts: { index: string; out?: string }): Promise<void> {
  const text = await withStore(db, (store) => receiptFor(store, parseIndex(opts.index, '--index')));
  if (opts.out) writeFileSync(opts.out, text);
  else process.stdout.write(text);
}
