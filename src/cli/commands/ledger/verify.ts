/**
 * @module cli/commands/ledger/verify
 * `accord ledger verify`: check a receipt or a cosigned checkpoint offline, with nothing but the trust
 * policy, as a party that does not run the log would.
 */
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../../_lib/problem.js';
import { toBase64 } from '../../../tlog/hash.js';
import { checkPolicy } from '../../../tlog/policy.js';
import { printLine } from '../../print-line.js';
import { checkReceiptFile, readPolicy, readText } from '../ledger-io.js';

/** Register `accord ledger verify`. */
export function registerLedgerVerify(ledger: Command): void {
  ledger
    .command('verify')
    .description('Verify offline, with nothing but the trust policy: a receipt, or a cosigned checkpoint.')
    .requiredOption('--policy <file>', 'trust policy (tlog-policy lines: log, witness, group, quorum)')
    .option('--receipt <file>', 'a .tlog-proof receipt')
    .option('--statement <file>', 'with --receipt: the exact entry bytes the receipt must prove')
    .option('--checkpoint <file>', 'a cosigned checkpoint note')
    .addHelpText(
      'after',
      '\nExamples:\n  accord ledger verify --policy policy.txt --receipt entry5.tlog-proof\n  accord ledger verify --policy policy.txt --checkpoint checkpoint',
    )
    .action(verifyOffline);
}

interface VerifyOptions {
  policy: string;
  receipt?: string;
  statement?: string;
  checkpoint?: string;
}

/** Verify the receipt or the checkpoint and print what holds; fail when it does not. */
function verifyOffline(opts: VerifyOptions): void {
  const policy = readPolicy(opts.policy);
  if ((opts.receipt === undefined) === (opts.checkpoint === undefined)) {
    throw new AccordError('usage', 'give exactly one of --receipt or --checkpoint', { exitCode: 2 });
  }
  if (opts.receipt) {
    printLine(checkReceiptFile(opts.receipt, policy, opts.statement));
    return;
  }
  const r = checkPolicy(readText(opts.checkpoint!, 'the checkpoint'), policy);
  if (!r.ok) throw new AccordError(r.code, `${opts.checkpoint}: ${r.message}`);
  const c = r.value.checkpoint;
  printLine(`ok: ${c.origin} size ${c.size} root ${toBase64(c.root)}, cosigned by ${r.cosigners.join(', ')}`);
}
