/**
 * @module cli/commands/ledger/init
 * `accord ledger init`: create an empty log in a new SQLite file, bound to its origin for good.
 */
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../../_lib/problem.js';
import { SqliteLedgerStore } from '../../../store/sqlite-ledger.js';
import { printLine } from '../../print-line.js';

/** Register `accord ledger init`. */
export function registerLedgerInit(ledger: Command): void {
  ledger
    .command('init')
    .description('Create a new log in a SQLite file.')
    .argument('<db>', 'the SQLite file to create')
    .requiredOption('--origin <origin>', 'the log identity, e.g. ledger.example/us-jp-autos-2025')
    .addHelpText('after', '\nExample:\n  accord ledger init log.db --origin ledger.example/us-jp-autos-2025')
    .action(initLog);
}

/** Create the log; the origin goes into checkpoints and key names, which split on spaces and "+". */
async function initLog(db: string, opts: { origin: string }): Promise<void> {
  if (!/^[^\s+]+$/.test(opts.origin))
    throw new AccordError('usage', 'the origin has no spaces or "+"', { exitCode: 2 });
  const store = SqliteLedgerStore.create(db, opts.origin);
  await store.close();
  printLine(`created ${db} for ${opts.origin}`);
}
