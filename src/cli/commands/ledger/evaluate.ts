/**
 * @module cli/commands/ledger/evaluate
 * `accord ledger evaluate`: evaluate the agreement on the log as of a date, using only the entries under the
 * latest checkpoint the trust policy accepts, so the result is one every party can reproduce.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { isoDate, parseIsoDate } from '../../../_lib/date.js';
import { AccordError } from '../../../_lib/problem.js';
import { evaluateAtCheckpoint, milestoneEvaluationStatement } from '../../../ledger/evaluate-log.js';
import { checkPolicy } from '../../../tlog/policy.js';
import { printLine } from '../../print-line.js';
import { readAgreement, readPolicy } from '../ledger-io.js';
import { withStore } from './with-store.js';

/** Register `accord ledger evaluate`. */
export function registerLedgerEvaluate(ledger: Command): void {
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
    .action(evaluateLog);
}

interface EvaluateOptions {
  agreement: string;
  policy: string;
  asOf: string;
  statement?: string;
  actor: string;
  issued?: string;
}

/** Evaluate at the latest trusted checkpoint, optionally write the statement, and print the result. */
async function evaluateLog(db: string, opts: EvaluateOptions): Promise<void> {
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
  printLine(
    `checkpoint ${c.origin} size ${c.size} root ${c.root} (cosigned by ${result.cosigners.join(', ')})`,
  );
  for (const m of result.evaluation.milestones) printLine(`${m.id}: ${m.status} — ${m.explanation}`);
  for (const p of result.excluded) printLine(`excluded: ${p.where?.file}: ${p.message}`);
  printLine(`result sha256 ${result.resultSha256}`);
}
