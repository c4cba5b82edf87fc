/**
 * @module ledger
 * The verification ledger's public surface: RFC 6962 proofs, C2SP signed notes, checkpoints,
 * cosignatures, witnesses, trust policies, tiles and receipts; typed signed statements; facts and
 * evaluations from the log; the audit; and the storage interface.
 */
export { type AuditOptions, type AuditReport, auditStore, auditTiles } from './audit.js';
export { auditStoreStructures, type StoreStructureOptions } from './audit-store.js';
export {
  type Checkpoint,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './checkpoint.js';
export { type Cosignature, cosign, cosignatureMessage, verifyCosignatures } from './cosignature.js';
export {
  evaluateAtCheckpoint,
  evaluatePrefix,
  evaluateReplay,
  evaluationDigest,
  type LogEvaluation,
  milestoneEvaluationStatement,
} from './evaluate-log.js';
export { decisions, factId, factsFromLog, type LogFacts, notCounted } from './facts.js';
export { fitsAgreement } from './fits-agreement.js';
export { EMPTY_ROOT, fromBase64, leafHash, nodeHash, toBase64 } from './hash.js';
export {
  formatSignerKey,
  formatVerifierKey,
  generateSigner,
  keyIdOf,
  parseSignerKey,
  parseVerifierKey,
  SIG_TYPE,
  type SignerKey,
  type VerifierKey,
} from './keys.js';
export {
  addCosignatures,
  appendStatements,
  checkpointLog,
  exportTiles,
  receiptFor,
  witnessRequest,
} from './log.js';
export { MemoryTree } from './memory-tree.js';
export {
  consistencyProof,
  type HashReader,
  inclusionProof,
  type ProofResult,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
export { type Note, type NoteSignature, parseNote, signNote, verifyNote } from './note.js';
export { checkPolicy, parsePolicy, type TrustPolicy } from './policy.js';
export { formatReceipt, parseReceipt, type Receipt, verifyReceipt } from './receipt.js';
export {
  type Actor,
  cachedCheck,
  type DecisionState,
  type DisputeState,
  type EntryStatus,
  LedgerReplay,
  type PartyApproval,
  type ReplayedEntry,
  type ReplayOptions,
  ROLE_MAY,
  type Role,
  replayLog,
  replayLogParallel,
  type SignatureCheck,
  type TrialVerdict,
} from './replay.js';
export {
  type Approval,
  type Attestation,
  canonicalBytes,
  type Dispute,
  type DisputeResolution,
  decodeEntry,
  type EmploymentReport,
  type FundingNotice,
  type InvestmentReport,
  type KeyRegistration,
  type KeyRotation,
  MAX_STATEMENT_BYTES,
  type MilestoneEvaluation,
  type ProjectSelection,
  type SignedStatement,
  type SnapBack,
  STATEMENT_VERSION,
  type Statement,
  type StatementType,
  signStatement,
  statementHash,
  statementMessage,
  validateStatement,
  type Waiver,
} from './statement.js';
export type { AppendResult, LeafLookupRow, LedgerStore, StoredCheckpoint } from './store.js';
export {
  decodeEntryBundle,
  encodeEntryBundle,
  entryBundlePath,
  tileHashReader,
  tilePath,
  tilesForSize,
} from './tiles.js';
export {
  type AddCheckpointRequest,
  type AddCheckpointResult,
  MemoryWitnessState,
  Witness,
  type WitnessStateStore,
} from './witness.js';
