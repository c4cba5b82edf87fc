/**
 * @module cli/commands/ledger/prove
 * `accord ledger prove`: an RFC 6962 inclusion or consistency proof, printed as base64 hashes one a line so
 * other tools can check it without this one.
 */
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../../_lib/problem.js';
import { toBase64 } from '../../../tlog/hash.js';
import { printLine } from '../../print-line.js';
import { parseIndex } from '../ledger-io.js';
import { withStore } from './with-store.js';

/** Register `accord ledger prove`. */
export function registerLedgerProve(ledger: Command): void {
  ledger
    .command('prove')
    .description(
      'Print an inclusion proof (--index) or a consistency proof (--from) as base64 hashes, one a line.',
    )
    .argument('<db>', 'the log file')
    .option('--index <n>', 'leaf index for an inclusion proof')
    .option('--from <size>', 'older tree size for a consistency proof')
    .option('--size <size>', 'tree size (default: the latest checkpoint’s)')
    .addHelpText(
      'after',
      '\nExamples:\n  accord ledger prove log.db --index 3\n  accord ledger prove log.db --from 6 --size 10',
    )
    .action(prove);
}

/** Print the proof the options ask for, against the latest checkpoint's tree unless `--size` names one. */
async function prove(db: string, opts: { index?: string; from?: string; size?: string }): Promise<void> {
  if ((opts.index === undefined) === (opts.from === undefined))
    throw new AccordError('usage', 'give exactly one of --index or --from', { exitCode: 2 });
  const proof = await withStore(db, async (store) => {
    const size =
      opts.size !== undefined
        ? parseIndex(opts.size, '--size')
        : ((await store.latestCheckpoint())?.size ?? (await store.size()));
    if (opts.index !== undefined) return store.inclusionProof(parseIndex(opts.index, '--index'), size);
    return store.consistencyProof(parseIndex(opts.from!, '--from'), size);
  });
  printLine(proof.map((p) => toBase64(p)).join('\n'));
}
