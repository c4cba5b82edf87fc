/**
 * @module cli/commands/ledger/keygen
 * `accord ledger keygen`: make an Ed25519 key pair, the signer key readable by its owner only.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../../_lib/problem.js';
import { formatSignerKey, formatVerifierKey, generateSigner, SIG_TYPE } from '../../../tlog/keys.js';
import { printLine } from '../../print-line.js';

/** Register `accord ledger keygen`. */
export function registerLedgerKeygen(ledger: Command): void {
  ledger
    .command('keygen')
    .description('Generate an Ed25519 key: writes the signer key (mode 600) and prints the verifier key.')
    .argument('<name>', 'the key name: the log origin, an actor id, or a witness name')
    .requiredOption('--out <file>', 'where to write the signer key; the verifier key goes to <file>.pub')
    .option('--witness', 'a witness cosigning key (type 0x04) instead of a signing key')
    .addHelpText(
      'after',
      '\nExamples:\n  accord ledger keygen honda --out honda.key\n  accord ledger keygen witness.us.example --witness --out us-witness.key',
    )
    .action(keygen);
}

/** Write the key pair and print the verifier key; an existing key file is never overwritten. */
function keygen(name: string, opts: { out: string; witness?: boolean }): void {
  if (existsSync(opts.out))
    throw new AccordError('file-exists', `${opts.out} exists; refusing to overwrite a key`);
  let key: ReturnType<typeof generateSigner>;
  try {
    key = generateSigner(name, opts.witness ? SIG_TYPE.cosignatureV1 : SIG_TYPE.ed25519);
  } catch (e) {
    throw new AccordError('usage', (e as Error).message, { exitCode: 2 });
  }
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${formatSignerKey(key)}\n`, { mode: 0o600 });
  chmodSync(opts.out, 0o600);
  writeFileSync(`${opts.out}.pub`, `${formatVerifierKey(key)}\n`);
  printLine(formatVerifierKey(key));
}
