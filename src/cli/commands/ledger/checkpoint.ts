/**
 * @module cli/commands/ledger/checkpoint
 * `accord ledger checkpoint`: the log signs a checkpoint (c2sp.org/tlog-checkpoint) of the tree it holds now.
 */
import type { Command } from '@commander-js/extra-typings';
import { checkpointLog } from '../../../ledger/log.js';
import { printLine } from '../../print-line.js';
import { readSignerKey } from '../ledger-io.js';
import { withStore } from './with-store.js';

/** Register `accord ledger checkpoint`. */
export function registerLedgerCheckpoint(ledger: Command): void {
  ledger
    .command('checkpoint')
    .description('Sign a checkpoint (tlog-checkpoint) for the tree the store holds now.')
    .argument('<db>', 'the log file')
    .requiredOption('--key <file>', 'the log’s signer key (named as the origin)')
    .addHelpText('after', '\nExample:\n  accord ledger checkpoint log.db --key log.key')
    .action(signCheckpoint);
}

/** Sign the checkpoint and print its note. */
async function signCheckpoint(db: string, opts: { key: string }): Promise<void> {
  const key = readSignerKey(opts.key);
  const { note } = await withStore(db, (store) => checkpointLog(store, key));
  printLine(note);
}
