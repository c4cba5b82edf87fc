/**
 * @module ledger/replay
 * The one replay of an accord log. Entries are read in log order and each is decided under the record
 * rules R1–R9 of the agreement's governance (src/agreement/governance.ts): it counts, it is a joint decision
 * still awaiting approvals (`pending`), or it breaks a rule and does not count (it stays in the log; nothing
 * is ever removed). Keys, roles, ownership of commitments, approvals and disputes all come from the log and
 * the agreement, never from a server's own tables, so the evaluation, the audit, the CLI, the server and any
 * third-party verifier that replays the same prefix reach the same decisions.
 *
 * Without an agreement only the structural rules apply (R1 entry, R2 key, R3 role; registrations and
 * decisions count on their signer alone), which is what an audit of signatures needs and no more.
 *
 * @example
 * const replay = replayLog(entries, { origin: 'accord.example/us-japan', governance: governanceOf(agreement) });
 * replay.entries.filter((e) => e.status === 'not-counted').map((e) => e.problems[0]?.params?.rule) // ['R5', …]
 */
import type { ReplayOptions } from './replay-model.js';
import { LedgerReplay } from './replay-state.js';

export { cachedCheck, replayLogParallel } from './replay-batch.js';
export {
  type Actor,
  type DecisionState,
  type DisputeState,
  type EntryStatus,
  type PartyApproval,
  type ReplayedEntry,
  type ReplayOptions,
  ROLE_MAY,
  type Role,
  type SignatureCheck,
  type TrialVerdict,
} from './replay-model.js';
export { LedgerReplay } from './replay-state.js';

/** Replay a whole sequence of entries. */
export function replayLog(entries: Iterable<Uint8Array>, options: ReplayOptions): LedgerReplay {
  const r = new LedgerReplay(options);
  for (const e of entries) r.add(e);
  return r;
}
