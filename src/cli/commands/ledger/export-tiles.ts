/**
 * @module cli/commands/ledger/export-tiles
 * `accord ledger export-tiles`: the log as static c2sp.org/tlog-tiles files, so any web server or mirror
 * can serve it and clients can check it without this software.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { plural } from '../../../_lib/words.js';
import { exportTiles } from '../../../ledger/log.js';
import { printLine } from '../../print-line.js';
import { withStore } from './with-store.js';

/** Register `accord ledger export-tiles`. */
export function registerLedgerExportTiles(ledger: Command): void {
  ledger
    .command('export-tiles')
    .description(
      'Write the log as static tlog-tiles files (checkpoint, tile/…, tile/entries/…) that anyone can mirror.',
    )
    .argument('<db>', 'the log file')
    .argument('<dir>', 'output directory')
    .addHelpText('after', '\nExample:\n  accord ledger export-tiles log.db public/')
    .action(writeTiles);
}

/** Write every tile under `dir` and say how many files there are. */
async function writeTiles(db: string, dir: string): Promise<void> {
  const files = await withStore(db, (store) => exportTiles(store));
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  printLine(`wrote ${plural(files.size, 'file')} to ${dir}`);
}
