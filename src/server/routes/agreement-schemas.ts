/**
 * @module server/routes/agreement-schemas
 * The JSON an agreement's routes answer with, as zod schemas for /openapi.json: the agreement as loaded, its
 * evaluation and schedule (money as decimal strings, rates as percent strings, per evaluation/to-json) and
 * the changes between two log sizes. Deep parts whose fields depend on the agreement's own vocabulary
 * (conditions, track steps) declare the fields every one has and admit the rest.
 */
import { z } from '@hono/zod-openapi';

/** One agreement served, as listed. */
export const AgreementListSchema = z.object({
  agreements: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.string(),
      file: z.string(),
      factsFrom: z.enum(['ledger', 'file']),
    }),
  ),
});

const Party = z.looseObject({ id: z.string(), name: z.string() });
const Commitment = z.looseObject({ id: z.string() });
const Milestone = z.looseObject({ id: z.string(), title: z.string() });
const Track = z.looseObject({ id: z.string() });

/** An agreement as loaded (money as decimal strings; `hash` is the SHA-256 of its file). */
export const AgreementSchema = z
  .looseObject({
    accord: z.number(),
    id: z.string(),
    title: z.string(),
    status: z.string(),
    summary: z.string().optional(),
    signed: z.string().optional(),
    parties: z.array(Party),
    term: z.looseObject({}),
    sources: z.array(z.looseObject({ id: z.string() })).optional(),
    commitments: z.array(Commitment),
    milestones: z.array(Milestone),
    tracks: z.array(Track),
    hash: z.string(),
  })
  .openapi('Agreement');

/** A rate in force on a track, and why. */
const InForce = z.looseObject({
  from: z.string(),
  until: z.string().optional(),
  rate: z.string(),
  mode: z.string(),
  kind: z.string(),
  because: z.string(),
  milestones: z.array(z.string()),
  facts: z.array(z.string()),
  sources: z.array(z.string()),
  stepId: z.string().optional(),
});

/** One track's schedule: the rates in force and the steps still planned. */
const TrackSchedule = z.looseObject({
  track: z.string(),
  title: z.string(),
  mode: z.string(),
  heading: z.string(),
  authority: z.string(),
  hts: z.array(z.string()),
  origin: z.string(),
  inForce: z.array(InForce),
  planned: z.array(z.looseObject({})),
});

const LogBasis = z.object({ size: z.number(), root: z.string() });

/** A milestone as evaluated: its status, the condition tree and the facts that decided it. */
const MilestoneResult = z.looseObject({
  id: z.string(),
  title: z.string(),
  deadline: z.string(),
  status: z.string(),
  condition: z.looseObject({ label: z.string(), holds: z.boolean(), facts: z.array(z.string()) }),
  decidedBy: z.array(z.string()),
  explanation: z.string(),
});

/** An agreement's evaluation as of a date, from the log (with its basis) or from the shipped facts. */
export const EvaluationSchema = z
  .object({
    hypothetical: z.boolean().optional(),
    agreement: z.object({
      id: z.string(),
      title: z.string(),
      status: z.string(),
      hash: z.string(),
      variant: z.string().optional(),
      termEnds: z.string(),
    }),
    asOf: z.string(),
    checkpoint: z.object({ origin: z.string(), size: z.number(), root: z.string() }).optional(),
    ledger: z
      .looseObject({
        origin: z.string(),
        size: z.number(),
        root: z.string(),
        notCounted: z.array(z.unknown()),
      })
      .optional(),
    milestones: z.array(MilestoneResult),
    tracks: z.array(TrackSchedule),
    obligations: z.array(
      z.looseObject({
        id: z.string(),
        status: z.string(),
        facts: z.array(z.string()),
        explanation: z.string(),
      }),
    ),
    clawback: z.looseObject({}).optional(),
    reporting: z
      .array(
        z.looseObject({
          commitment: z.string(),
          year: z.number(),
          due: z.string(),
          status: z.string(),
          explanation: z.string(),
        }),
      )
      .optional(),
    facts: z.object({
      counted: z.array(z.string()),
      rejected: z.array(z.looseObject({ id: z.string(), problems: z.array(z.looseObject({})) })),
      suspended: z.array(z.string()),
    }),
    disputes: z.array(z.looseObject({ id: z.string(), subject: z.string(), status: z.string() })),
    notes: z.array(z.string()),
  })
  .openapi('Evaluation');

/** The tariff schedule per track, with the log size and root it was computed at when read from the log. */
export const ScheduleSchema = z.object({
  agreement: z.string(),
  status: z.string(),
  hypothetical: z.boolean().optional(),
  asOf: z.string(),
  ledger: LogBasis.optional(),
  tracks: z.array(TrackSchedule),
});

/** What changed in an evaluation between two log sizes. */
export const ChangesSchema = z.object({
  from: LogBasis,
  to: LogBasis,
  asOf: z.string(),
  changes: z.array(
    z.object({
      kind: z.enum(['milestone', 'tariff', 'relief', 'decision', 'fact', 'dispute']),
      id: z.string(),
      before: z.string(),
      after: z.string(),
      text: z.string(),
    }),
  ),
});
