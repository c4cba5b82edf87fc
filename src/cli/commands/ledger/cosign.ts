/**
 * @module cli/commands/ledger/cosign
 * `accord ledger cosign`: act as a witness over the log file itself, cosigning its latest checkpoint only
 * when it is consistent with the last one this witness cosigned (kept in the witness's own state file).
 */
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../../_lib/problem.js';
import { addCosignatures, witnessRequest } from '../../../ledger/log.js';
import { SqliteWitnessState } from '../../../store/sqlite-ledger.js';
import { SIG_TYPE } from '../../../tlog/keys.js';
import { Witness } from '../../../tlog/witness.js';
import { printLine } from '../../print-line.js';
import { readSignerKey, readVerifierKey } from '../ledger-io.js';
import { withStore } from './with-store.js';

/** Register `accord ledger cosign`. */
export function registerLedgerCosign(ledger: Command): void {
  ledger
    .command('cosign')
    .description(
      'Act as a witness: cosign the latest checkpoint if it is consistent with the last one this witness cosigned.',
    )
    .argument('<db>', 'the log file')
    .requiredOption('--key <file>', 'the witness’s cosigning key (made with keygen --witness)')
    .requiredOption('--state <file>', 'the witness’s own state file (SQLite)')
    .requiredOption('--log-key <vkey>', 'the log’s verifier key, inline or a file')
    .addHelpText(
      'after',
      '\nExample:\n  accord ledger cosign log.db --key us-witness.key --state us-witness.db --log-key log.key.pub',
    )
    .action(cosign);
}

/** Cosign the latest checkpoint, store the cosignature in the log and print the witness's answer. */
async function cosign(db: string, opts: { key: string; state: string; logKey: string }): Promise<void> {
  const key = readSignerKey(opts.key);
  if (key.type !== SIG_TYPE.cosignatureV1)
    throw new AccordError('key-invalid', 'a witness key is made with `keygen --witness`');
  const logKey = readVerifierKey(opts.logKey);
  const state = new SqliteWitnessState(opts.state);
  try {
    await withStore(db, async (store) => {
      const latest = await store.latestCheckpoint();
      if (!latest)
        throw new AccordError(
          'checkpoint-unknown',
          'the log has no checkpoint yet; run `accord ledger checkpoint`',
        );
      const witness = new Witness({ key, logs: new Map([[store.origin, [logKey]]]), state });
      const old = (await state.get(store.origin))?.size ?? 0;
      const r = await witness.addCheckpoint(await witnessRequest(store, old, latest.note));
      if (r.status !== 200)
        throw new AccordError(`witness-${r.code}`, `the witness refused (${r.status}): ${r.message}`);
      await addCosignatures(store, latest.size, [r.cosignature]);
      printLine(r.body);
    });
  } finally {
    state.close();
  }
}
