/**
 * @module cli/commands/serve
 * `accord serve`: the multi-party HTTP API and the dashboard over a SQLite file or PostgreSQL.
 */
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../_lib/problem.js';
import { startServer } from '../../server/server.js';

function parsePort(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535)
    throw new AccordError('usage', `--port must be a whole number from 0 to 65535 (got "${text}")`, {
      exitCode: 2,
    });
  return n;
}

function parseRate(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text))
    throw new AccordError(
      'usage',
      `--rate-limit must be a whole number of requests per second (got "${text}")`,
      { exitCode: 2 },
    );
  return n;
}

/** Register `serve` on the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (OpenAPI at /openapi.json) and the dashboard')
    .option(
      '--db <location>',
      'a SQLite file, or a postgres:// URL (add ?schema=NAME to pick a schema)',
      '.accord/accord.sqlite',
    )
    .option('--port <n>', 'TCP port (0 picks a free one)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--state <file>', 'server state: log key, witness policy, accounts (default beside the store)')
    .option('--no-seed', 'do not seed an empty store with the US–Japan history')
    .option('--rate-limit <n>', 'requests per second per client on /api (0: no limit)', '50')
    .option('--quiet', 'do not log requests')
    .addHelpText(
      'after',
      `
Examples:
  $ accord serve                                   # .accord/accord.sqlite, seeded on first start
  $ accord serve --db postgres://127.0.0.1/test?schema=accord --port 8081

A new store is seeded with the US–Japan milestone history; the demo actors' API tokens and signing keys
are written beside the state file (owner-only files) and never printed or logged.`,
    )
    .action(async (opts) => {
      const port = parsePort(opts.port);
      const rate = parseRate(opts.rateLimit);
      const log = opts.quiet
        ? undefined
        : (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
      const running = await startServer({
        db: opts.db,
        port,
        host: opts.host,
        ...(opts.state ? { state: opts.state } : {}),
        seed: opts.seed,
        rateLimit: rate === 0 ? false : { perSecond: rate, burst: rate * 2 },
        ...(log ? { log } : {}),
      });
      const size = await running.context.ledger.store.size();
      process.stdout.write(
        `accord is serving ${running.url} (API ${running.url}api/, OpenAPI ${running.url}openapi.json)\n`,
      );
      process.stdout.write(
        `store: ${opts.db.startsWith('postgres') ? 'PostgreSQL' : opts.db}, log ${running.context.ledger.store.origin}, ${size} entries\n`,
      );
      if (running.seededSecrets)
        process.stdout.write(
          `seeded the US–Japan history; demo API tokens and signing keys are in ${running.seededSecrets} and keys/ beside it\n`,
        );
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => {});
    });
}
