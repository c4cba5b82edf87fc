/**
 * @module cli/commands/witness
 * `accord witness serve`: run an independent witness on the network (c2sp.org/tlog-witness). It cosigns a
 * log's checkpoint only when a consistency proof links it to the last checkpoint it cosigned for that log,
 * and keeps that state in its own SQLite file, so a log cannot show it two different histories.
 */
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../_lib/problem.js';
import { startWitnessServer } from '../../server/witness-http.js';
import { SqliteWitnessState } from '../../store/sqlite-ledger.js';
import { SIG_TYPE, type VerifierKey } from '../../tlog/keys.js';
import { Witness } from '../../tlog/witness.js';
import { readSignerKey, readVerifierKey } from './ledger-io.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Register `witness` on the program. */
export function registerWitness(program: Command): void {
  const witness = program
    .command('witness')
    .description('Run a witness that cosigns log checkpoints over HTTP (c2sp.org/tlog-witness).');

  witness
    .command('serve')
    .description(
      'Answer POST /add-checkpoint: cosign a checkpoint of a trusted log when it is consistent with the last one cosigned.',
    )
    .requiredOption(
      '--key <file>',
      'the witness’s cosigning key (made with `accord ledger keygen NAME --witness`)',
    )
    .requiredOption(
      '--log-key <vkey>',
      'a log’s verifier key, inline or a file; its name is the log’s origin (repeat for several logs)',
      collect,
    )
    .requiredOption(
      '--state <file>',
      'the witness’s own state (SQLite): the last checkpoint cosigned per log',
    )
    .option('--port <n>', 'TCP port (0 picks a free one)', '8090')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--quiet', 'do not log requests')
    .addHelpText(
      'after',
      `
Example:
  accord ledger keygen witness.us.example --witness --out us-witness.key
  accord witness serve --key us-witness.key --log-key log.key.pub --state us-witness.db --port 8090

A log server sends checkpoints here when its trust policy gives this witness's URL
(\`witness US <vkey> http://127.0.0.1:8090/\`, or \`accord serve --witness US=http://127.0.0.1:8090/\`).
Answers: 200 with the cosignature line; 409 with the last size cosigned (Content-Type text/x.tlog.size);
403 for a checkpoint no trusted log key signed; 404 for an unknown log; 400 and 422 for a bad request
or consistency proof. The state is written before the answer, so a restart never cosigns a fork.`,
    )
    .action(async (opts) => {
      const key = readSignerKey(opts.key);
      if (key.type !== SIG_TYPE.cosignatureV1)
        throw new AccordError(
          'key-invalid',
          `${opts.key} is a signing key; a witness cosigns with a key made by \`accord ledger keygen NAME --witness\``,
        );
      const logs = new Map<string, VerifierKey[]>();
      for (const text of opts.logKey) {
        const k = readVerifierKey(text);
        if (k.type !== SIG_TYPE.ed25519)
          throw new AccordError('key-invalid', `${text}: a log key is an Ed25519 verifier key (type 0x01)`);
        logs.set(k.name, [...(logs.get(k.name) ?? []), k]);
      }
      const port = Number(opts.port);
      if (!/^\d+$/.test(opts.port) || port > 65535)
        throw new AccordError('usage', `--port must be a whole number from 0 to 65535 (got "${opts.port}")`, {
          exitCode: 2,
        });
      const state = new SqliteWitnessState(opts.state);
      const w = new Witness({ key, logs, state });
      const log = opts.quiet
        ? undefined
        : (e: { status: number; origin?: string; size?: number; message: string }) =>
            process.stderr.write(
              `${new Date().toISOString()} ${e.status} ${e.origin ? `${e.origin} size ${e.size}: ` : ''}${e.message}\n`,
            );
      let running: Awaited<ReturnType<typeof startWitnessServer>>;
      try {
        running = await startWitnessServer({ witness: w, host: opts.host, port, ...(log ? { log } : {}) });
      } catch (e) {
        state.close();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new AccordError('port-in-use', `port ${port} is in use; choose another with --port`);
        throw e;
      }
      process.stdout.write(
        `witness ${key.name} is serving ${running.url}add-checkpoint for ${[...logs.keys()].join(', ')}\n`,
      );
      const stop = () => {
        running.close().finally(() => {
          state.close();
          process.exit(0);
        });
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => {});
    });
}
