/**
 * @module tlog
 * A generic transparency log with no accord types: RFC 6962 Merkle hashing and proofs, the one tree-integration
 * routine, an in-memory tree, C2SP signed notes, checkpoints, cosignatures (cosignature/v1), tlog-tiles, a
 * witness, trust policies, receipts, and the storage interface with its structural audit.
 */
export { auditStoreStructures, type StoreStructureOptions } from './audit-store.js';
export {
  type Checkpoint,
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from './checkpoint.js';
export { type Cosignature, cosign, cosignatureMessage, verifyCosignatures } from './cosignature.js';
export { EMPTY_ROOT, fromBase64, hashEquals, leafHash, nodeHash, sha256, toBase64 } from './hash.js';
export { integrate, integrationReads } from './integrate.js';
export {
  ed25519Sign,
  ed25519Verify,
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
export { formatNote, type Note, type NoteSignature, parseNote, signNote, verifyNote } from './note.js';
export { checkPolicy, parsePolicy, quorumHolds, type TrustPolicy } from './policy.js';
export { formatReceipt, parseReceipt, type Receipt, verifyReceipt } from './receipt.js';
export type { AppendResult, LeafLookupRow, LedgerStore, StoredCheckpoint } from './store.js';
export {
  decodeEntryBundle,
  encodeEntryBundle,
  entryBundlePath,
  MAX_ENTRY_SIZE,
  TILE_HEIGHT,
  TILE_WIDTH,
  type TileFetcher,
  tileData,
  tileHashReader,
  tilePath,
  tilesForSize,
} from './tiles.js';
export {
  type AddCheckpointRequest,
  type AddCheckpointResult,
  formatAddCheckpoint,
  MemoryWitnessState,
  Witness,
  type WitnessRecord,
  type WitnessStateStore,
} from './witness.js';
