/**
 * @module cli/commands/ledger/append
 * `accord ledger append`: sign statement files with their actor's key and append them as one atomic batch,
 * filling in what only the log knows (its origin, a subject entry's leaf hash, a registered key) and, with
 * `--agreement`, refusing the whole batch when a statement would not count under the agreement's rules.
 */
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../../_lib/problem.js';
import { plural } from '../../../_lib/words.js';
import { governanceOf } from '../../../agreement/governance.js';
import type { Agreement } from '../../../agreement/model.js';
import { appendStatements } from '../../../ledger/log.js';
import { replayLogParallel, type TrialVerdict } from '../../../ledger/replay.js';
import { signStatement } from '../../../ledger/statement.js';
import type { SqliteLedgerStore } from '../../../store/sqlite-ledger.js';
import { leafHash } from '../../../tlog/hash.js';
import { formatVerifierKey } from '../../../tlog/keys.js';
import { printLine } from '../../print-line.js';
import { parseIndex, readAgreement, readSignerKey, readStatement, readVerifierKey } from '../ledger-io.js';
import { withStore } from './with-store.js';

/** Register `accord ledger append`. */
export function registerLedgerAppend(ledger: Command): void {
  ledger
    .command('append')
    .description('Sign statements (JSON) with their actor’s key and append them in one atomic batch.')
    .argument('<db>', 'the log file')
    .argument('<statements...>', 'statement JSON files')
    .requiredOption('--key <file>', 'the actor’s signer key (its name must be the statement’s actor)')
    .option(
      '--agreement <file>',
      'replay the log under this agreement’s rules first and refuse statements that would not count',
    )
    .option(
      '--subject-entry <index>',
      'an approval, attestation, dispute or resolution without "subject" is about this entry (its leaf hash)',
    )
    .option(
      '--registered-key <vkey>',
      'a key registration or rotation without "key" registers this verifier key (a .pub file or inline)',
    )
    .option('--json', 'print the results as JSON')
    .addHelpText(
      'after',
      `
What append fills in when the statement file leaves it out:
  "log"      the log's origin (R1: a statement counts only in the log it names)
  "subject"  with --subject-entry N: the leaf hash of entry N (an approval names the decision it approves,
             an attestation the report it attests)
  "key"      with --registered-key FILE: that verifier key; a party registering itself (subject = actor)
             registers the key it signs with
Without --agreement any well-formed statement is appended; whether it counts is decided when the log is
replayed (accord audit, accord schedule --ledger). The statement format: docs/ledger-statements.md.

Examples:
  accord ledger append log.db report.json --key honda.key --agreement agreement.yaml
  accord ledger append log.db register-honda.json --key us-gov.key --registered-key honda.key.pub
  accord ledger append log.db approve.json --key jp-gov.key --subject-entry 1`,
    )
    .action(appendFiles);
}

interface AppendOptions {
  key: string;
  agreement?: string;
  subjectEntry?: string;
  registeredKey?: string;
  json?: boolean;
}

/** Sign and append the statement files, then print where each landed. */
async function appendFiles(db: string, files: string[], opts: AppendOptions): Promise<void> {
  const key = readSignerKey(opts.key);
  const agreement = opts.agreement ? readAgreement(opts.agreement) : undefined;
  const registeredKey =
    opts.registeredKey !== undefined ? formatVerifierKey(readVerifierKey(opts.registeredKey)) : undefined;
  const results = await withStore(db, async (store) => {
    const subjectLeaf =
      opts.subjectEntry === undefined ? undefined : await subjectEntryLeaf(store, opts.subjectEntry);
    const fill = {
      signerKey: formatVerifierKey(key),
      ...(subjectLeaf !== undefined && { subjectLeaf }),
      ...(registeredKey !== undefined && { registeredKey }),
    };
    const entries = files.map((f) => {
      const s = readStatement(f, store.origin, fill);
      if (s.actor !== key.name) {
        throw new AccordError(
          'statement-actor-key',
          `${f}: the statement's actor is ${s.actor} but the key is ${key.name}`,
        );
      }
      return signStatement(s, key).entry;
    });
    const verdicts = agreement ? await trialUnder(store, agreement, files, entries) : undefined;
    return (await appendStatements(store, entries)).map((r, i) => ({
      ...r,
      ...(verdicts && { status: verdicts[i]!.status }),
    }));
  });
  if (opts.json) printLine(JSON.stringify(results, null, 2));
  else
    for (const [i, r] of results.entries())
      printLine(
        `${files[i]}: entry ${r.index} ${r.leafHash}${r.existed ? ' (already logged)' : ''}${r.status === 'pending' ? ' (a joint decision: it counts once the other parties approve it)' : ''}`,
      );
}

/** The leaf hash (hex) of the entry `--subject-entry` names, which must be in the log. */
async function subjectEntryLeaf(store: SqliteLedgerStore, option: string): Promise<string> {
  const index = parseIndex(option, '--subject-entry');
  const size = await store.size();
  if (index >= size)
    throw new AccordError(
      'usage',
      `--subject-entry ${index}: ${size === 0 ? 'the log is empty' : `the log has ${plural(size, 'entry', 'entries')} (0 to ${size - 1})`}`,
      { exitCode: 2 },
    );
  const [entry] = await store.entries(index, index + 1);
  return leafHash(entry!).toString('hex');
}

/**
 * Replay the log under the agreement's rules and try the new entries on it; nothing is appended when one
 * of them would not count, and each problem names the file it came from.
 */
async function trialUnder(
  store: SqliteLedgerStore,
  agreement: Agreement,
  files: string[],
  entries: readonly Uint8Array[],
): Promise<TrialVerdict[]> {
  const replay = await replayLogParallel(await store.entries(0, await store.size()), {
    origin: store.origin,
    governance: governanceOf(agreement),
  });
  const verdicts = replay.trial(entries);
  const refused = verdicts.flatMap((v, i) =>
    v.status === 'not-counted'
      ? v.problems.map((p) => ({ ...p, where: { file: files[i]!, pointer: p.where?.pointer ?? '' } }))
      : [],
  );
  if (refused.length > 0)
    throw new AccordError(
      'statement-would-not-count',
      `nothing was appended: ${refused.length === 1 ? 'a statement' : 'statements'} would not count under ${agreement.id}'s rules`,
      { problems: refused },
    );
  return verdicts;
}
