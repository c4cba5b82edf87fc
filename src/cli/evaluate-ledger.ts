/**
 * @module cli/evaluate-ledger
 * `accord schedule --ledger`: evaluate an agreement on a log (a SQLite file or a PostgreSQL URL), replayed
 * under that agreement's rules — the same replay the server and the audit run — either on every entry or,
 * with a trust policy, on the prefix named by the latest checkpoint that satisfies it.
 */

import { AccordError } from '../_lib/problem.js';
import { governanceOf } from '../agreement/governance.js';
import type { Agreement } from '../agreement/model.js';
import type { Evaluation } from '../evaluation/index.js';
import { evaluateReplay } from '../ledger/evaluate-log.js';
import { factsFromLog } from '../ledger/facts.js';
import { replayLogParallel } from '../ledger/replay.js';
import { isPostgresUrl } from '../store/open.js';
import { PgLedgerStore } from '../store/pg-ledger.js';
import { SqliteLedgerStore } from '../store/sqlite-ledger.js';
import { toBase64 } from '../tlog/hash.js';
import { checkPolicy, type TrustPolicy } from '../tlog/policy.js';
import type { LedgerStore } from '../tlog/store.js';
import { evaluateAgreement, resolveAsOf } from './evaluate-files.js';

/** Open an existing log for reading only (never migrated or written to, however old or damaged). */
export async function openLog(db: string): Promise<LedgerStore> {
  return isPostgresUrl(db)
    ? PgLedgerStore.open(db, { readonly: true })
    : SqliteLedgerStore.open(db, { readonly: true });
}

/** Evaluate `agreement` on the log at `db`; see the module comment. */
export async function evaluateLedger(
  agreement: Agreement,
  db: string,
  options: { asOf?: string; variant?: string; policy?: TrustPolicy },
): Promise<Evaluation> {
  const store = await openLog(db);
  try {
    let size = await store.size();
    let checkpoint: { origin: string; size: number; root: string } | undefined;
    if (options.policy) {
      const trusted = (await store.checkpoints())
        .reverse()
        .find((c) => checkPolicy(c.note, options.policy!).ok);
      if (!trusted)
        throw new AccordError(
          'checkpoint-not-trusted',
          'no checkpoint of this log satisfies the trust policy yet; have the witnesses cosign, or leave out --policy to read every entry',
        );
      size = trusted.size;
    }
    const entries = await store.entries(0, size);
    const root = toBase64(await store.root(size));
    if (options.policy) checkpoint = { origin: store.origin, size, root };
    const replay = await replayLogParallel(entries, {
      origin: store.origin,
      governance: governanceOf(agreement),
    });
    const { asOf } = resolveAsOf(options.asOf, factsFromLog(replay).facts, agreement.signed);
    // The variant check and its message are the files path's; the evaluation itself is the log's.
    evaluateAgreement(agreement, [], asOf, options.variant);
    const { evaluation } = evaluateReplay(
      agreement,
      replay,
      root,
      asOf,
      options.variant ? { variant: options.variant } : {},
    );
    return checkpoint ? { ...evaluation, checkpoint } : evaluation;
  } finally {
    await store.close();
  }
}
