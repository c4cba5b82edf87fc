/**
 * @module cli/commands/ledger/policy
 * `accord ledger policy`: write a trust policy (c2sp.org/tlog-policy) from the log's and the witnesses'
 * keys, checked by the same parser that later reads it.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../../_lib/problem.js';
import { formatVerifierKey, type VerifierKey } from '../../../tlog/keys.js';
import { parsePolicy } from '../../../tlog/policy.js';
import { printLine } from '../../print-line.js';
import { readVerifierKey } from '../ledger-io.js';

/** Register `accord ledger policy`. */
export function registerLedgerPolicy(ledger: Command): void {
  ledger
    .command('policy')
    .description(
      'Write a trust policy (c2sp.org/tlog-policy): the log’s key, the witnesses’ keys and how many must cosign.',
    )
    .requiredOption('--log <vkey>', 'the log’s verifier key (log.key.pub, or inline)')
    .option(
      '--witness <name=vkey...>',
      'a witness: a name for it and its verifier key (e.g. US=us-witness.key.pub); repeat for each',
    )
    .option('--quorum <n>', 'how many witnesses must cosign: all, any, a number, or none', 'all')
    .option('--out <file>', 'write here instead of standard output')
    .addHelpText(
      'after',
      `
The policy is text, one statement a line (# starts a comment):
  log <vkey>                          a log whose checkpoints may be trusted
  witness <name> <vkey>               a witness and its cosigning key
  group <name> <all|any|N> <members>  a threshold over witnesses or groups defined above
  quorum <group|witness|none>         what must cosign a checkpoint for it to count

Example:
  accord ledger policy --log log.key.pub --witness US=us-witness.key.pub --witness JP=jp-witness.key.pub \\
    --out policy.txt`,
    )
    .action(writePolicy);
}

interface PolicyOptions {
  log: string;
  witness?: string[];
  quorum: string;
  out?: string;
}

/** A named witness key from `--witness NAME=KEY`. */
function namedWitness(w: string): { name: string; key: VerifierKey } {
  const at = w.indexOf('=');
  const name = w.slice(0, at);
  if (at < 1 || !/^[A-Za-z0-9._-]+$/.test(name))
    throw new AccordError('usage', `--witness ${w}: write NAME=KEY, e.g. US=us-witness.key.pub`, {
      exitCode: 2,
    });
  return { name, key: readVerifierKey(w.slice(at + 1)) };
}

/** Build the policy text, check it, and write or print it. */
function writePolicy(opts: PolicyOptions): void {
  const log = readVerifierKey(opts.log);
  const witnesses = (opts.witness ?? []).map(namedWitness);
  const q = opts.quorum;
  if (!/^(all|any|none|[1-9][0-9]*)$/.test(q) || (/^\d/.test(q) && Number(q) > witnesses.length))
    throw new AccordError(
      'usage',
      `--quorum must be all, any, none or a number from 1 to ${witnesses.length}; got "${q}"`,
      { exitCode: 2 },
    );
  if (q !== 'none' && witnesses.length === 0)
    throw new AccordError('usage', 'name the witnesses with --witness NAME=KEY, or give --quorum none', {
      exitCode: 2,
    });
  const names = witnesses.map((w) => w.name).join(' ');
  const text = [
    `# Checkpoints count when the log signed them and ${q === 'none' ? 'no witness is required' : `${q === 'all' ? 'all' : q === 'any' ? 'any one' : q} of ${names} cosigned them`}.`,
    `log ${formatVerifierKey(log)}`,
    ...witnesses.map((w) => `witness ${w.name} ${formatVerifierKey(w.key)}`),
    ...(q === 'none' ? ['quorum none'] : [`group WITNESSES ${q} ${names}`, 'quorum WITNESSES']),
    '',
  ].join('\n');
  // The same parser that reads policies checks this one (key types, duplicate names).
  const parsed = parsePolicy(text, opts.out ?? '<policy>');
  if (!parsed.ok)
    throw new AccordError('policy-invalid', 'these keys do not make a valid trust policy', {
      problems: parsed.problems,
    });
  if (opts.out) {
    writeFileSync(opts.out, text);
    printLine(`wrote ${opts.out}`);
  } else process.stdout.write(text);
}
