/**
 * @module ledger/evaluate-log
 * Evaluation from the log (E2): an agreement is evaluated on the facts of a log prefix named by a
 * checkpoint that satisfies the trust policy. The result names that checkpoint `(origin, size, root)`, so
 * anyone holding the same prefix recomputes the same result, and its SHA-256 goes into the logged
 * milestone-evaluation statement.
 */
import type { IsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import { plural } from '../_lib/words.js';
import type { Agreement } from '../agreement/index.js';
import { governanceOf } from '../agreement/index.js';
import type { Evaluation } from '../evaluation/index.js';
import { evaluate, toJson } from '../evaluation/index.js';
import { checkPolicy, leafHash, MemoryTree, sha256, type TrustPolicy, toBase64 } from '../tlog/index.js';
import { factsFromLog, type LogFacts } from './facts.js';
import { type LedgerReplay, replayLog } from './replay.js';
import { canonicalBytes, type MilestoneEvaluation } from './statement.js';

/** A ledger-backed evaluation: the result, the checkpoint it used and who cosigned it. */
export interface LogEvaluation {
  evaluation: Evaluation;
  checkpoint: { origin: string; size: number; root: string };
  cosigners: string[];
  excluded: LogFacts['excluded'];
  /** SHA-256 (hex) of the canonical JSON of the result. */
  resultSha256: string;
}

/** SHA-256 (hex) of an evaluation's canonical JSON. */
export function evaluationDigest(evaluation: Evaluation): string {
  return sha256(canonicalBytes(toJson(evaluation))).toString('hex');
}

/**
 * Evaluate an agreement on the entries of the log prefix a cosigned checkpoint names. Refuses when the
 * checkpoint does not satisfy the trust policy or the entries do not hash to its root.
 */
export function evaluateAtCheckpoint(
  agreement: Agreement,
  entries: readonly Uint8Array[],
  checkpointNote: string,
  policy: TrustPolicy,
  asOf: IsoDate,
  options: { variant?: string } = {},
): LogEvaluation {
  const check = checkPolicy(checkpointNote, policy);
  if (!check.ok) {
    throw new AccordError(
      'checkpoint-not-trusted',
      `the checkpoint does not satisfy the trust policy: ${check.message}`,
    );
  }
  const parsed = check.value.checkpoint;
  const cosigners = check.cosigners;
  const checkpoint = { origin: parsed.origin, size: parsed.size, root: toBase64(parsed.root) };
  return { ...evaluatePrefix(agreement, entries, checkpoint, asOf, options), cosigners };
}

/**
 * Evaluate on the log prefix `(origin, size, root)` without a policy check: for callers that have already
 * established trust in that prefix (the audit, via a later cosigned checkpoint it is consistent with).
 * Still refuses entries that do not hash to the named root.
 */
export function evaluatePrefix(
  agreement: Agreement,
  entries: readonly Uint8Array[],
  checkpoint: { origin: string; size: number; root: string },
  asOf: IsoDate,
  options: { variant?: string } = {},
): Omit<LogEvaluation, 'cosigners'> {
  const prefix = entries.slice(0, checkpoint.size);
  if (prefix.length !== checkpoint.size) {
    throw new AccordError(
      'checkpoint-beyond-log',
      `the checkpoint names ${plural(checkpoint.size, 'entry', 'entries')}; only ${entries.length} ${entries.length === 1 ? 'was' : 'were'} given`,
    );
  }
  const tree = new MemoryTree();
  for (const e of prefix) tree.append(leafHash(e));
  if (toBase64(tree.root()) !== checkpoint.root) {
    throw new AccordError('checkpoint-root-mismatch', 'the entries do not hash to the checkpoint root');
  }
  const replay = replayLog(prefix, { origin: checkpoint.origin, governance: governanceOf(agreement) });
  const { evaluation, excluded } = evaluateReplay(agreement, replay, checkpoint.root, asOf, options);
  const withCheckpoint: Evaluation = { ...evaluation, checkpoint: { ...checkpoint } };
  return {
    evaluation: withCheckpoint,
    checkpoint: { ...checkpoint },
    excluded,
    resultSha256: evaluationDigest(withCheckpoint),
  };
}

/**
 * Evaluate an agreement on a replayed log (replayed under that agreement's governance): the facts it
 * counted, and the basis the result names — the tree size and root it read, the statements that did not
 * count and the decisions still awaiting signatures.
 */
export function evaluateReplay(
  agreement: Agreement,
  replay: LedgerReplay,
  root: string,
  asOf: IsoDate,
  options: { variant?: string } = {},
): { evaluation: Evaluation; excluded: LogFacts['excluded'] } {
  if (replay.governance?.agreement !== agreement.id)
    throw new AccordError(
      'replay-governance',
      `the log was replayed under ${replay.governance ? `the governance of ${replay.governance.agreement}` : 'no governance'}, not ${agreement.id}'s`,
    );
  const logFacts = factsFromLog(replay);
  const evaluation: Evaluation = {
    ...evaluate(agreement, logFacts.facts, asOf, options.variant ? { variant: options.variant } : {}),
    ledger: {
      origin: replay.origin,
      size: replay.size,
      root,
      notCounted: logFacts.notCounted,
      decisions: logFacts.decisions,
    },
  };
  return { evaluation, excluded: logFacts.excluded };
}

/** The milestone-evaluation statement for a ledger-backed evaluation (to be signed by a government). */
export function milestoneEvaluationStatement(
  result: LogEvaluation,
  actor: string,
  issued: IsoDate,
): MilestoneEvaluation {
  return {
    v: 2,
    log: result.checkpoint.origin,
    type: 'milestone-evaluation',
    actor,
    issued,
    agreement: result.evaluation.agreement.id,
    asOf: result.evaluation.asOf,
    checkpoint: result.checkpoint,
    milestones: Object.fromEntries(result.evaluation.milestones.map((m) => [m.id, m.status])),
    resultSha256: result.resultSha256,
  };
}
