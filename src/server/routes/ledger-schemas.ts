/**
 * @module server/routes/ledger-schemas
 * The JSON the ledger's routes answer with, as zod schemas for /openapi.json: the log's state, pages of
 * decoded entries, proofs, checkpoints, witnesses, the feed and the verdicts on submitted or drafted
 * statements. A statement declares the fields every statement has and admits those of its type.
 */
import { z } from '@hono/zod-openapi';
import { ProblemItem } from './kit.js';

const EntryStatus = z.enum(['counts', 'pending', 'not-counted']);

/** A statement's common fields (each type adds its own; the ledger's schema is the reference). */
export const StatementSchema = z
  .looseObject({ v: z.number(), log: z.string(), type: z.string(), actor: z.string(), issued: z.string() })
  .openapi('Statement');

/** What happened when a checkpoint was sent to a witness (server/witness-push). */
export const WitnessOutcomeSchema = z.object({
  name: z.string(),
  url: z.string(),
  outcome: z.enum(['cosigned', 'refused', 'unreachable']),
  status: z.number().optional(),
  message: z.string(),
  size: z.number(),
  at: z.string(),
});

const Checkpoint = z.object({ size: z.number(), note: z.string() });

/** The log: origin, the agreement it records, size, latest checkpoint and trust policy. */
export const LedgerStateSchema = z.object({
  origin: z.string(),
  agreement: z.string(),
  size: z.number(),
  checkpoint: Checkpoint.nullable(),
  policy: z.string(),
});

/** A page of decoded entries, read at one committed size. */
export const EntryPageSchema = z
  .object({
    size: z.number(),
    root: z.string(),
    start: z.number(),
    entries: z.array(
      z.object({
        index: z.number(),
        leafHash: z.string(),
        status: EntryStatus,
        counts: z.boolean(),
        problems: z.array(ProblemItem),
        statement: StatementSchema.optional(),
        signature: z.object({ key: z.string(), sig: z.string() }).optional(),
        approvals: z
          .array(z.object({ party: z.string(), actor: z.string(), index: z.number(), issued: z.string() }))
          .optional(),
        effective: z.object({ index: z.number(), issued: z.string() }).nullable().optional(),
      }),
    ),
  })
  .openapi('EntryPage');

/** One entry: its bytes (base64), leaf hash and statement (when it decodes). */
export const EntrySchema = z.object({
  index: z.number(),
  leafHash: z.string(),
  entry: z.string(),
  statement: StatementSchema.optional(),
});

/** A submission's outcome, once durable. */
export const SubmittedSchema = z.object({
  index: z.number(),
  leafHash: z.string(),
  existed: z.boolean(),
  status: EntryStatus,
  problems: z.array(ProblemItem),
  size: z.number(),
});

/** Every recorded checkpoint note. */
export const CheckpointListSchema = z.object({ checkpoints: z.array(Checkpoint) });

/** A newly signed checkpoint and what each witness said. */
export const SignedCheckpointSchema = z.object({
  size: z.number(),
  note: z.string(),
  witnesses: z.array(WitnessOutcomeSchema),
});

/** The verdict on a draft statement, and the bytes to sign when it is well-formed. */
export const DraftVerdictSchema = z.object({
  ok: z.boolean(),
  status: EntryStatus.optional(),
  problems: z.array(ProblemItem),
  canonical: z.string().optional().openapi({
    description: 'RFC 8785 canonical JSON of the statement, which the actor signs',
  }),
  signingInput: z.string().optional().openapi({
    description:
      'base64 of the exact bytes an Ed25519 signature covers: "accord-statement/v1\\n" + canonical',
  }),
});

/** The trust policy's witnesses and the last outcome of each. */
export const WitnessListSchema = z.object({
  witnesses: z.array(
    z.object({ name: z.string(), url: z.string().nullable(), last: WitnessOutcomeSchema.nullable() }),
  ),
});

const FeedItemSchema = z.object({
  index: z.number(),
  leafHash: z.string(),
  type: z.string(),
  actor: z.string().nullable(),
  issued: z.string().nullable(),
  commitment: z.string().nullable(),
  subject: z.string().nullable(),
  status: z.string(),
  problems: z.array(z.object({ code: z.string(), message: z.string() })),
  title: z.string(),
});

/** New entries, newest first. */
export const FeedSchema = z.object({
  origin: z.string(),
  size: z.number(),
  root: z.string(),
  commitment: z.string().nullable(),
  items: z.array(FeedItemSchema),
});

/** An inclusion proof with the checkpoint it is against. */
export const InclusionProofSchema = z.object({
  index: z.number(),
  size: z.number(),
  entry: z.string(),
  proof: z.array(z.string()),
  root: z.string(),
  checkpoint: z.string(),
});

/** A consistency proof between two sizes. */
export const ConsistencyProofSchema = z.object({
  from: z.number(),
  to: z.number(),
  proof: z.array(z.string()),
});
