/**
 * @module ledger
 * The verification ledger's public surface: RFC 6962 proofs, C2SP signed notes, checkpoints,
 * cosignatures, witnesses, trust policies, tiles and receipts; typed signed statements; facts and
 * evaluations from the log; the audit; and the storage interface.
 */
export { type AuditOptions, type AuditReport, auditStore, auditTiles } from './audit.js';
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
  evaluationDigest,
  type LogEvaluation,
  milestoneEvaluationStatement,
} from './evaluate-log.js';
export { factsFromLog, type LogFacts } from './facts.js';
export { EMPTY_ROOT, leafHash, nodeHash } from './hash.js';
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
export { Registry, type ReplayedEntry, type Role, replay } from './registry.js';
export {
  type Attestation,
  type Dispute,
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
  type Statement,
  type StatementType,
  signStatement,
  statementHash,
  validateStatement,
  type Waiver,
} from './statement.js';
export type { AppendResult, LedgerStore, StoredCheckpoint } from './store.js';
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
