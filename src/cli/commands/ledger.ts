/**
 * @module cli/commands/ledger
 * `accord ledger init|keygen|policy|append|checkpoint|cosign|prove|verify|export-tiles|receipt|evaluate`: run the
 * verification log from the command line over a SQLite file.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { isoDate, parseIsoDate } from '../../_lib/date.js';
import { AccordError } from '../../_lib/problem.js';
import { plural } from '../../_lib/words.js';
import { governanceOf } from '../../agreement/governance.js';
import { evaluateAtCheckpoint, milestoneEvaluationStatement } from '../../ledger/evaluate-log.js';
import { leafHash, toBase64 } from '../../ledger/hash.js';
import { formatSignerKey, formatVerifierKey, generateSigner, SIG_TYPE } from '../../ledger/keys.js';
import {
  addCosignatures,
  appendStatements,
  checkpointLog,
  exportTiles,
  receiptFor,
  witnessRequest,
} from '../../ledger/log.js';
import { checkPolicy, parsePolicy } from '../../ledger/policy.js';
import { replayLogParallel, type TrialVerdict } from '../../ledger/replay.js';
import { signStatement } from '../../ledger/statement.js';
import { Witness } from '../../ledger/witness.js';
import { SqliteLedgerStore, SqliteWitnessState } from '../../store/sqlite-ledger.js';
import {
  checkReceiptFile,
  parseIndex,
  readAgreement,
  readPolicy,
  readSignerKey,
  readStatement,
  readText,
  readVerifierKey,
} from './ledger-io.js';

async function withStore<T>(file: string, fn: (s: SqliteLedgerStore) => Promise<T>): Promise<T> {
  const store = SqliteLedgerStore.open(file);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

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

  ledger
    .command('init')
    .description('Create a new log in a SQLite file.')
    .argument('<db>', 'the SQLite file to create')
    .requiredOption('--origin <origin>', 'the log identity, e.g. ledger.example/us-jp-autos-2025')
    .addHelpText('after', '\nExample:\n  accord ledger init log.db --origin ledger.example/us-jp-autos-2025')
    .action(async (db, opts) => {
      if (!/^[^\s+]+$/.test(opts.origin))
        throw new AccordError('usage', 'the origin has no spaces or "+"', { exitCode: 2 });
      const store = SqliteLedgerStore.create(db, opts.origin);
      await store.close();
      out(`created ${db} for ${opts.origin}`);
    });

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
    .action((name, opts) => {
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
      out(formatVerifierKey(key));
    });

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
    .action((opts) => {
      const log = readVerifierKey(opts.log);
      const witnesses = (opts.witness ?? []).map((w) => {
        const at = w.indexOf('=');
        const name = w.slice(0, at);
        if (at < 1 || !/^[A-Za-z0-9._-]+$/.test(name))
          throw new AccordError('usage', `--witness ${w}: write NAME=KEY, e.g. US=us-witness.key.pub`, {
            exitCode: 2,
          });
        return { name, key: readVerifierKey(w.slice(at + 1)) };
      });
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
        out(`wrote ${opts.out}`);
      } else process.stdout.write(text);
    });

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
    .action(async (db, files, opts) => {
      const key = readSignerKey(opts.key);
      const agreement = opts.agreement ? readAgreement(opts.agreement) : undefined;
      const registeredKey =
        opts.registeredKey !== undefined ? formatVerifierKey(readVerifierKey(opts.registeredKey)) : undefined;
      const results = await withStore(db, async (store) => {
        let subjectLeaf: string | undefined;
        if (opts.subjectEntry !== undefined) {
          const index = parseIndex(opts.subjectEntry, '--subject-entry');
          const size = await store.size();
          if (index >= size)
            throw new AccordError(
              'usage',
              `--subject-entry ${index}: ${size === 0 ? 'the log is empty' : `the log has ${plural(size, 'entry', 'entries')} (0 to ${size - 1})`}`,
              { exitCode: 2 },
            );
          const [entry] = await store.entries(index, index + 1);
          subjectLeaf = leafHash(entry!).toString('hex');
        }
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
        let verdicts: TrialVerdict[] | undefined;
        if (agreement) {
          const replay = await replayLogParallel(await store.entries(0, await store.size()), {
            origin: store.origin,
            governance: governanceOf(agreement),
          });
          verdicts = replay.trial(entries);
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
        }
        return (await appendStatements(store, entries)).map((r, i) => ({
          ...r,
          ...(verdicts && { status: verdicts[i]!.status }),
        }));
      });
      if (opts.json) out(JSON.stringify(results, null, 2));
      else
        for (const [i, r] of results.entries())
          out(
            `${files[i]}: entry ${r.index} ${r.leafHash}${r.existed ? ' (already logged)' : ''}${r.status === 'pending' ? ' (a joint decision: it counts once the other parties approve it)' : ''}`,
          );
    });

  ledger
    .command('checkpoint')
    .description('Sign a checkpoint (tlog-checkpoint) for the tree the store holds now.')
    .argument('<db>', 'the log file')
    .requiredOption('--key <file>', 'the log’s signer key (named as the origin)')
    .addHelpText('after', '\nExample:\n  accord ledger checkpoint log.db --key log.key')
    .action(async (db, opts) => {
      const key = readSignerKey(opts.key);
      const { note } = await withStore(db, (store) => checkpointLog(store, key));
      out(note);
    });

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
    .action(async (db, opts) => {
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
          out(r.body);
        });
      } finally {
        state.close();
      }
    });

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
    .action(async (db, opts) => {
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
      out(proof.map((p) => toBase64(p)).join('\n'));
    });

  ledger
    .command('receipt')
    .description('Write an offline receipt (c2sp tlog-proof) for an entry against the latest checkpoint.')
    .argument('<db>', 'the log file')
    .requiredOption('--index <n>', 'the entry')
    .option('--out <file>', 'write here instead of standard output')
    .addHelpText('after', '\nExample:\n  accord ledger receipt log.db --index 5 --out entry5.tlog-proof')
    .action(async (db, opts) => {
      const text = await withStore(db, (store) => receiptFor(store, parseIndex(opts.index, '--index')));
      if (opts.out) writeFileSync(opts.out, text);
      else process.stdout.write(text);
    });

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
    .action((opts) => {
      const policy = readPolicy(opts.policy);
      if ((opts.receipt === undefined) === (opts.checkpoint === undefined)) {
        throw new AccordError('usage', 'give exactly one of --receipt or --checkpoint', { exitCode: 2 });
      }
      if (opts.receipt) {
        out(checkReceiptFile(opts.receipt, policy, opts.statement));
        return;
      }
      const r = checkPolicy(readText(opts.checkpoint!, 'the checkpoint'), policy);
      if (!r.ok) throw new AccordError(r.code, `${opts.checkpoint}: ${r.message}`);
      const c = r.value.checkpoint;
      out(`ok: ${c.origin} size ${c.size} root ${toBase64(c.root)}, cosigned by ${r.cosigners.join(', ')}`);
    });

  ledger
    .command('export-tiles')
    .description(
      'Write the log as static tlog-tiles files (checkpoint, tile/…, tile/entries/…) that anyone can mirror.',
    )
    .argument('<db>', 'the log file')
    .argument('<dir>', 'output directory')
    .addHelpText('after', '\nExample:\n  accord ledger export-tiles log.db public/')
    .action(async (db, dir) => {
      const files = await withStore(db, (store) => exportTiles(store));
      for (const [path, bytes] of files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), bytes);
      }
      out(`wrote ${plural(files.size, 'file')} to ${dir}`);
    });

  ledger
    .command('evaluate')
    .description(
      'Evaluate the agreement on the log as of a date, at the latest checkpoint that satisfies the trust policy.',
    )
    .argument('<db>', 'the log file')
    .requiredOption('--agreement <file>', 'the agreement (YAML or JSON)')
    .requiredOption('--policy <file>', 'the trust policy the checkpoint must satisfy')
    .requiredOption('--as-of <date>', 'evaluation date YYYY-MM-DD')
    .option('--statement <file>', 'also write the milestone-evaluation statement (unsigned) here')
    .option('--actor <id>', 'the government actor for --statement', 'us-gov')
    .option('--issued <date>', 'issue date for --statement (default: --as-of)')
    .addHelpText(
      'after',
      '\nExample:\n  accord ledger evaluate log.db --agreement agreement.yaml --policy policy.txt --as-of 2026-09-01 --statement eval.json --actor us-gov',
    )
    .action(async (db, opts) => {
      if (!parseIsoDate(opts.asOf))
        throw new AccordError('usage', `--as-of must be a date YYYY-MM-DD; got "${opts.asOf}"`, {
          exitCode: 2,
        });
      if (opts.issued !== undefined && !parseIsoDate(opts.issued))
        throw new AccordError('usage', `--issued must be a date YYYY-MM-DD`, { exitCode: 2 });
      const agreement = readAgreement(opts.agreement);
      const policy = readPolicy(opts.policy);
      const result = await withStore(db, async (store) => {
        const cps = (await store.checkpoints()).reverse();
        const trusted = cps.find((c) => checkPolicy(c.note, policy).ok);
        if (!trusted)
          throw new AccordError(
            'checkpoint-not-trusted',
            'no checkpoint of this log satisfies the trust policy yet; have the witnesses cosign',
          );
        return evaluateAtCheckpoint(
          agreement,
          await store.entries(0, trusted.size),
          trusted.note,
          policy,
          isoDate(opts.asOf),
        );
      });
      if (opts.statement) {
        const s = milestoneEvaluationStatement(result, opts.actor, isoDate(opts.issued ?? opts.asOf));
        writeFileSync(opts.statement, `${JSON.stringify(s, null, 2)}\n`);
      }
      const c = result.checkpoint;
      out(
        `checkpoint ${c.origin} size ${c.size} root ${c.root} (cosigned by ${result.cosigners.join(', ')})`,
      );
      for (const m of result.evaluation.milestones) out(`${m.id}: ${m.status} — ${m.explanation}`);
      for (const p of result.excluded) out(`excluded: ${p.where?.file}: ${p.message}`);
      out(`result sha256 ${result.resultSha256}`);
    });
}
