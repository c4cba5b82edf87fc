/**
 * @module cli/commands/audit
 * `accord audit`: the independent audit of a log — a local store or a directory of tiles — against the
 * trust policy and (optionally) the agreement. Exit 0 when nothing differs, 1 when anything does.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { AccordError, formatProblem } from '../../_lib/problem.js';
import { plural } from '../../_lib/words.js';
import { type AuditReport, auditStore, auditTiles } from '../../ledger/audit.js';
import { SqliteLedgerStore } from '../../store/sqlite-ledger.js';
import { readAgreement, readPolicy } from './ledger-io.js';

/** Register `accord audit`. */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description(
      'Re-verify a log from its raw data: every signature, checkpoint and cosignature, the tree, consistency, and the logged evaluations.',
    )
    .argument('[db]', 'a log file (SQLite)')
    .option('--tiles <dir>', 'audit a tiles directory (checkpoint, tile/…) instead of a log file')
    .requiredOption('--policy <file>', 'the trust policy (log and witness keys, quorum)')
    .option('--agreement <file>', 'the agreement, to re-run every logged milestone evaluation')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Exit codes: 0 the log is exactly what its signatures say; 1 a difference was found (each is printed with
where it is: entry index, tile path or checkpoint size), or the store is damaged. A statement that breaks
one of the agreement's rules is not a difference: it is in the log as it should be, does not count, and is
listed (as a warning) with the rule it broke and who signed it.

Examples:
  accord audit log.db --policy policy.txt --agreement agreement.yaml
  accord audit --tiles public/ --policy policy.txt`,
    )
    .action(async (db, opts) => {
      if ((db === undefined) === (opts.tiles === undefined)) {
        throw new AccordError('usage', 'give a log file or --tiles <dir>, not both', { exitCode: 2 });
      }
      const policy = readPolicy(opts.policy);
      const agreement = opts.agreement ? readAgreement(opts.agreement) : undefined;
      let report: AuditReport;
      if (opts.tiles) {
        const dir = opts.tiles;
        if (!existsSync(dir) || !statSync(dir).isDirectory())
          throw new AccordError('file-not-found', `${dir} is not a directory`);
        report = await auditTiles(
          (p) => (existsSync(join(dir, p)) ? readFileSync(join(dir, p)) : undefined),
          { policy, ...(agreement ? { agreement } : {}) },
        );
      } else {
        // Read-only: auditing never changes the store, however damaged or old (a damaged one fails to
        // open, or to read, with a located `store-damaged` error, exit 1).
        const store = SqliteLedgerStore.open(db!, { readonly: true });
        try {
          report = await auditStore(store, { policy, ...(agreement ? { agreement } : {}) });
        } finally {
          await store.close();
        }
      }
      const errors = report.problems.filter((p) => p.severity !== 'warning');
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        process.stdout.write(
          [
            `log ${report.origin}: ${plural(report.size, 'entry', 'entries')} (${report.entries.counted} counted), root ${report.root}`,
            ...report.checkpoints.map(
              (c) =>
                `checkpoint ${c.size}: log signature ok, cosigned by ${c.cosigners.join(', ') || 'nobody'}${c.quorum ? ' (quorum met)' : ' (quorum NOT met)'}`,
            ),
            ...report.evaluations.map(
              (e) =>
                `evaluation at entry ${e.index} (as of ${e.asOf}, checkpoint ${e.checkpointSize}): ${e.reproduced ? 'reproduced' : 'NOT reproduced'}`,
            ),
            report.rules === 'structural'
              ? 'statements replayed under the structural rules only (R1–R3); give --agreement to check who may do what (R4–R9)'
              : `statements replayed under the rules of ${report.rules.agreement} (R1–R9): ${report.notCounted.length} ${report.notCounted.length === 1 ? 'does' : 'do'} not count`,
            ...report.decisions
              .filter((d) => d.status === 'pending')
              .map(
                (d) =>
                  `entry ${d.index}: ${d.kind} by ${d.proposedBy} awaits the signature of ${d.awaiting.join(', ')} (R6)`,
              ),
            ...report.problems.map((p) => formatProblem(p)),
            errors.length === 0
              ? `audit: no differences${report.notCounted.length ? `; ${report.notCounted.length} statement${report.notCounted.length === 1 ? '' : 's'} in the log do${report.notCounted.length === 1 ? 'es' : ''} not count (listed above)` : ''}`
              : `audit: ${errors.length} difference${errors.length === 1 ? '' : 's'} found`,
          ].join('\n') + '\n',
        );
      }
      if (errors.length > 0) process.exitCode = 1;
    });
}
