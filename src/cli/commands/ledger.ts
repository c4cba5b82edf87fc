/**
 * @module cli/commands/ledger
 * `accord ledger init|keygen|policy|append|checkpoint|cosign|prove|verify|export-tiles|receipt|evaluate`: run the
 * verification log from the command line over a SQLite file. Each subcommand, with its options and what it
 * does, is a module of its own under ledger/; this one groups them, in the order `accord ledger --help`
 * lists them.
 */
import type { Command } from '@commander-js/extra-typings';
import { registerLedgerAppend } from './ledger/append.js';
import { registerLedgerCheckpoint } from './ledger/checkpoint.js';
import { registerLedgerCosign } from './ledger/cosign.js';
import { registerLedgerEvaluate } from './ledger/evaluate.js';
import { registerLedgerExportTiles } from './ledger/export-tiles.js';
import { registerLedgerInit } from './ledger/init.js';
import { registerLedgerKeygen } from './ledger/keygen.js';
import { registerLedgerPolicy } from './ledger/policy.js';
import { registerLedgerProve } from './ledger/prove.js';
import { registerLedgerReceipt } from './ledger/receipt.js';
import { registerLedgerVerify } from './ledger/verify.js';

/** Register `accord ledger …`. */
export function registerLedger(program: Command): void {
  const ledger = program
    .command('ledger')
    .description(
      'The verification log: signed statements in an RFC 6962 Merkle log with C2SP checkpoints, witnesses, tiles and receipts.',
    )
    .addHelpText(
      'after',
      `
Examples:
  accord ledger keygen ledger.example/us-jp-autos-2025 --out log.key
  accord ledger init log.db --origin ledger.example/us-jp-autos-2025
  accord ledger policy --log log.key.pub --witness US=us-witness.key.pub --out policy.txt
  accord ledger append log.db report.json --key honda.key
  accord ledger checkpoint log.db --key log.key
  accord ledger cosign log.db --key us-witness.key --state us-witness.db --log-key log.key.pub
  accord ledger receipt log.db --index 5 --out entry5.tlog-proof
  accord ledger verify --policy policy.txt --receipt entry5.tlog-proof`,
    );
  registerLedgerInit(ledger);
  registerLedgerKeygen(ledger);
  registerLedgerPolicy(ledger);
  registerLedgerAppend(ledger);
  registerLedgerCheckpoint(ledger);
  registerLedgerCosign(ledger);
  registerLedgerProve(ledger);
  registerLedgerReceipt(ledger);
  registerLedgerVerify(ledger);
  registerLedgerExportTiles(ledger);
  registerLedgerEvaluate(ledger);
}
