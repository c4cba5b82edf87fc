/**
 * @module agreement/schema
 * The agreement file, as a zod schema. It checks shapes and field formats and turns the text a person
 * writes into exact values; cross-references (a step naming a milestone that exists, conditions without
 * cycles, steps in order) are checked afterwards by `validate.ts`, where whole-file context is available.
 *
 * Vocabulary: the verification rules J1–J7, E1–E3, T1–T3, G1 and C1–C7
 * each map to a field here; `docs/agreement-format.md` lists where.
 */
import { z } from 'zod';
import {
  dateField,
  durationField,
  idField,
  quantityField,
  rateField,
  textField,
  usdField,
} from './fields.js';

/** A citation: every rule and figure in an agreement file can point at its legal or published source. */
export const sourceSchema = z.strictObject({
  id: idField,
  cite: textField.describe(
    'the citation as a lawyer would write it, e.g. "EO 14345, 90 FR 43535 (2025-09-09)"',
  ),
  url: z.string().url().optional(),
  note: textField.optional(),
});

/** Parties to the agreement. */
export const partySchema = z.strictObject({
  id: idField.describe('short code, usually ISO 3166 alpha-2 ("US", "JP")'),
  name: textField,
  role: z.enum(['importing', 'investing', 'both']),
  /** R4: the ledger actor that signs for this party's government (it registers its own key, once). */
  actor: idField.optional(),
  /** R4: pins that actor's key (a verifier key `name+hex+base64`); without it the first registration is trusted. */
  key: z
    .string()
    .regex(/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/, {
      message: 'a verifier key is name+8 hex digits+base64, as `accord ledger keygen` prints it',
    })
    .optional(),
});

/** A variant of the term (e.g. Japan's 7 years against the US's 15), optionally moving deadlines. */
export const variantSchema = z.strictObject({
  id: idField,
  title: textField.optional(),
  years: z.number().int().min(1).max(50),
  /** Per-milestone overrides: a different deadline or cure period under this variant. */
  milestones: z
    .record(idField, z.strictObject({ by: dateField.optional(), cure: durationField.optional() }))
    .optional(),
  sources: z.array(idField).optional(),
});

export const termSchema = z.strictObject({
  start: dateField,
  years: z.number().int().min(1).max(50),
  variants: z.array(variantSchema).optional(),
  /** The variant evaluated when none is named; without it the base `years` and deadlines apply. */
  default: idField.optional(),
  /** What happens to tariff relief when the term ends: kept (the last rate stays) or reverted (snap to start rate). */
  afterEnd: z.enum(['keep', 'revert']).default('keep'),
});

/** A dated amount the firm must have disbursed by a date (capital schedule). */
export const capitalStepSchema = z.strictObject({ by: dateField, atLeast: usdField });

export const commitmentSchema = z.strictObject({
  id: idField,
  investor: textField,
  party: idField.describe('the investing party'),
  project: textField,
  /** NAICS code of the project (2–6 digits). */
  naics: z.string().regex(/^\d{2,6}$/, { message: 'a NAICS code has 2 to 6 digits, e.g. "3361"' }),
  /** Sites as ISO 3166-2 codes, e.g. US-OH. Work must be performed there to count (J1). */
  sites: z
    .array(
      z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'write a site as ISO 3166-2, e.g. "US-OH"' }),
    )
    .min(1),
  start: dateField,
  capital: z
    .strictObject({
      total: usdField,
      schedule: z.array(capitalStepSchema).optional(),
    })
    .optional(),
  jobs: z
    .strictObject({
      /** Net new FTE committed (J4: above the frozen baseline). */
      target: quantityField,
      /** J4: base employment frozen at signing. */
      baseline: z
        .strictObject({ asOf: dateField, fte: quantityField })
        .default({ asOf: '1900-01-01' as never, fte: 0 }),
      /** Construction job-years are modelled, never counted; only operating jobs verify milestones. */
      phase: z.enum(['operations']).default('operations'),
    })
    .optional(),
  /** R5: the ledger actor (a firm) whose signed reports on this commitment count; no other firm's do. */
  reporter: idField.optional(),
  sources: z.array(idField).optional(),
  note: textField.optional(),
});

/** Importers that a track can scope relief to (the 2019 "localized exemptions" precedent). */
export const importerSchema = z.strictObject({
  id: idField,
  name: textField,
  /** Commitments whose verified progress earns this importer's relief. */
  commitments: z.array(idField).min(1),
});

/** Verification rules: what counts as a verified job, verified capital, and who may attest. */
export const verificationSchema = z.strictObject({
  jobs: z
    .strictObject({
      /** J1: hours floor for a qualifying position. */
      minHoursPerYear: quantityField.default(1680),
      /** J2: paid hours per FTE. */
      hoursPerFte: z.number().positive().max(8784).default(2080),
      /** J3: headcount reference day of the month (BLS QCEW uses the 12th). */
      referenceDay: z.number().int().min(1).max(28).default(12),
      /** J4: net new below this many FTE does not count. */
      netNewThreshold: quantityField.default(0),
      /** J5: transfers from elsewhere in the host country never count. */
      relocationsCount: z.literal(false).default(false),
      /** J6: FTE-weighted average annual wage floor. */
      averageWageFloor: usdField.optional(),
      /** J7: a health plan must be offered, with these employer shares. */
      benefits: z
        .strictObject({
          healthPlan: z.literal(true),
          employerShareSingle: rateField.optional(),
          employerShareFamily: rateField.optional(),
        })
        .optional(),
    })
    .prefault({}),
  evidence: z
    .strictObject({
      /** E1: evidence kinds that verify (e.g. ui-wage-records, cpa-attestation). */
      counts: z.array(idField).min(1),
      /** E1: kinds that never verify on their own (self-report). */
      neverAlone: z.array(idField).default(['self-report']),
      /** How many distinct counting kinds a report needs. */
      minKinds: z.number().int().min(1).max(10).default(1),
      /** E3: years evidence is retained off-log after the final benefit. */
      retentionYears: z.number().int().min(0).max(50).default(3),
    })
    .prefault({ counts: ['ui-wage-records', 'cpa-attestation'] }),
  auditors: z
    .strictObject({
      registered: z
        .array(
          z.strictObject({
            id: idField,
            name: textField,
            /** R4: the party whose government registers this auditor's key (default: every party jointly). */
            appointedBy: idField.optional(),
          }),
        )
        .default([]),
      /** Attestations by distinct registered auditors a report needs (0 = none required). */
      quorum: z.number().int().min(0).max(20).default(1),
    })
    .prefault({}),
  reporting: z
    .strictObject({
      /** T1: annual report due date as MM-DD. */
      annualDue: z
        .string()
        .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
          message: 'write the due date as MM-DD, e.g. "03-01"',
        })
        .optional(),
      lateFeePerMonth: usdField.optional(),
    })
    .optional(),
  /** T2: days between a milestone's verification being recorded and the tariff step taking effect. */
  decisionLagDays: z.number().int().min(0).max(3650).default(0),
});

/** Linked commitments beyond investment: farm purchases, defense spending, technology sharing. */
export const obligationSchema = z.strictObject({
  id: idField,
  party: idField,
  title: textField,
  /** What is measured and in which unit. */
  unit: z.enum(['usd', 'share', 'boolean', 'count']),
  /** The target: at least this much (usd/share/count), or simply true (boolean). */
  atLeast: z.union([z.string(), z.number(), z.boolean()]).optional(),
  /** For recurring obligations: the target applies to each period. */
  per: z.enum(['year']).optional(),
  by: dateField.optional(),
  topics: z.array(textField).optional(),
  sources: z.array(idField).optional(),
});

/** Which verified reports a metric adds up. Empty means every commitment. */
export const scopeSchema = z.strictObject({
  commitments: z.array(idField).optional(),
  /** NAICS prefixes: "336" matches 3361 and 3363. */
  naics: z.array(z.string().regex(/^\d{2,6}$/, { message: 'a NAICS prefix has 2 to 6 digits' })).optional(),
  sites: z
    .array(
      z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'write a site as ISO 3166-2, e.g. "US-OH"' }),
    )
    .optional(),
});

export const METRICS = [
  'netNewFte',
  'capitalDisbursed',
  'averageWage',
  'healthPlanOffered',
  'selectedProjectsFunded',
] as const;
export type MetricName = (typeof METRICS)[number];

/** The raw condition node as written; one of its kinds must be present (checked in the refinement). */
export interface RawCondition {
  all?: RawCondition[];
  any?: RawCondition[];
  metric?: MetricName;
  atLeast?: number | string;
  scope?: z.output<typeof scopeSchema>;
  withinDays?: number;
  milestone?: string;
  obligation?: string;
}

const CONDITION_KINDS = ['all', 'any', 'metric', 'milestone', 'obligation'] as const;

/**
 * A condition: `all: [...]`, `any: [...]`, a metric threshold `{ metric, atLeast, scope }`, another
 * milestone `{ milestone: m1 }`, or a linked obligation `{ obligation: farm-purchases }`.
 */
export const conditionSchema: z.ZodType<RawCondition> = z.lazy(() =>
  z
    .strictObject({
      all: z.array(conditionSchema).min(1).optional(),
      any: z.array(conditionSchema).min(1).optional(),
      metric: z.enum(METRICS).optional(),
      atLeast: z.union([z.number(), z.string()]).optional(),
      scope: scopeSchema.optional(),
      withinDays: z.number().int().min(1).max(3650).optional(),
      milestone: idField.optional(),
      obligation: idField.optional(),
    })
    .superRefine((node, ctx) => {
      const kinds = CONDITION_KINDS.filter((k) => node[k] !== undefined);
      if (kinds.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          params: { code: 'invalid-condition' },
          message:
            kinds.length === 0
              ? 'a condition needs one of: all, any, metric, milestone, obligation'
              : `a condition has exactly one of all, any, metric, milestone, obligation (found ${kinds.join(', ')}); nest them under all: or any:`,
        });
        return;
      }
      const kind = kinds[0];
      const extra = (['atLeast', 'scope', 'withinDays'] as const).filter((k) => node[k] !== undefined);
      if (kind !== 'metric' && extra.length > 0) {
        ctx.addIssue({
          code: 'custom',
          params: { code: 'invalid-condition' },
          message: `${extra.join(', ')} belongs to a metric condition, not to ${kind}`,
        });
        return;
      }
      if (kind === 'metric') {
        if (node.metric === 'selectedProjectsFunded') {
          if (node.withinDays === undefined)
            ctx.addIssue({
              code: 'custom',
              params: { code: 'missing-field' },
              path: ['withinDays'],
              message: 'selectedProjectsFunded needs withinDays (the MOU gives 45)',
            });
        } else if (node.metric === 'healthPlanOffered') {
          if (node.atLeast !== undefined)
            ctx.addIssue({
              code: 'custom',
              params: { code: 'invalid-condition' },
              path: ['atLeast'],
              message: 'healthPlanOffered is yes/no; drop atLeast',
            });
        } else if (node.atLeast === undefined) {
          ctx.addIssue({
            code: 'custom',
            params: { code: 'missing-field' },
            path: ['atLeast'],
            message: `${node.metric} needs atLeast`,
          });
        }
      }
    }),
);

export const milestoneSchema = z.strictObject({
  id: idField,
  title: textField.optional(),
  when: conditionSchema,
  /** Deadline by which the condition must be verified (T3 completion date). */
  by: dateField,
  /** Met within tolerance: a metric at ≥ (1 − tolerance) × target counts as met (and says so). */
  tolerance: rateField.optional(),
  /** G1: below this share of the target at the deadline there is no cure — the miss is final. */
  gate: rateField.optional(),
  /** C2: a miss becomes final only after the cure period ("term" = until the term ends, C3 carry-forward). */
  cure: z.union([durationField, z.literal('term')]).optional(),
  /** C2: written notice before a remedy takes effect. */
  noticeDays: z.number().int().min(0).max(3650).default(0),
  /** T3: the condition must still hold this long after it is first met (maintenance period). */
  retainedFor: durationField.optional(),
  /**
   * Tracked and reported, but no rate follows from it automatically: a government decides what to do about it
   * (the enacted MOU's funding obligation, whose breach lets the President re-raise tariffs at his discretion).
   */
  reportOnly: z.boolean().default(false),
  sources: z.array(idField).optional(),
});

/** One dated or milestone-gated tariff level on a track. */
export const stepSchema = z.strictObject({
  id: idField.optional(),
  rate: rateField,
  /** Overrides the track's mode from this step on (the enacted deal turns an additional 25% into an inclusive 15%). */
  mode: z.enum(['additional', 'inclusive']).optional(),
  /** Gate: the milestone(s) whose verification brings this step into force (T2). */
  after: z
    .union([
      idField,
      z.strictObject({ all: z.array(idField).min(1) }),
      z.strictObject({ any: z.array(idField).min(1) }),
    ])
    .optional(),
  /** Or a fixed date (the enacted deal's steps are dated, not gated). */
  on: dateField.optional(),
  /** The step ends on this date (exclusive), e.g. when a legal basis falls away. */
  until: dateField.optional(),
  note: textField.optional(),
  /** The step's legal source. */
  sources: z.array(idField).optional(),
  /** Where the reference is unsure of this step, say so; every explanation that uses it repeats it. */
  uncertain: textField.optional(),
});

export const SNAP_EVENTS = [
  'milestone-missed',
  'funding-refused',
  'clawback-unpaid',
  'closure',
  'relocation',
  'prohibited-transaction',
  'decision',
] as const;

/** A snap-back event. */
export type SnapEventName = (typeof SNAP_EVENTS)[number];

/** Each snap-back event as a reader names it ("on a missed milestone or a closure"); one per event. */
export const SNAP_EVENT_TEXT: Record<SnapEventName, string> = {
  'milestone-missed': 'a missed milestone',
  'funding-refused': 'refused funding of a selected project',
  'clawback-unpaid': 'an unpaid clawback',
  closure: 'a closure',
  relocation: 'a relocation',
  'prohibited-transaction': 'a prohibited transaction',
  decision: "a government's decision",
};

/** The snap-back events a breach fact records (C4 closure, J5 relocation, C7, C1/C5 unpaid clawback). */
export const BREACH_EVENTS = [
  'closure',
  'relocation',
  'prohibited-transaction',
  'clawback-unpaid',
] as const satisfies readonly SnapEventName[];

export const snapBackSchema = z.strictObject({
  /** Which breaches restore the rate: C5 funding refusal, C1 unpaid clawback, C4 closure, J5 relocation … */
  on: z
    .array(
      z.strictObject({
        event: z.enum(SNAP_EVENTS),
        /** For milestone-missed: which milestones (all of the track's gating milestones when absent). */
        milestones: z.array(idField).optional(),
        /** For clawback-unpaid / funding-refused: days of grace after the due date. */
        afterDays: z.number().int().min(0).max(3650).optional(),
      }),
    )
    .min(1),
  /** The rate restored. */
  to: rateField,
  /** The mode of the restored rate (default: the track's mode); `additional` restores e.g. the pre-deal 25% on top of column 1. */
  mode: z.enum(['additional', 'inclusive']).optional(),
  /** C2: notice between the breach becoming final and the snap-back taking effect. */
  noticeDays: z.number().int().min(0).max(3650).default(0),
  note: textField.optional(),
  uncertain: textField.optional(),
  sources: z.array(idField).optional(),
});

export const trackSchema = z.strictObject({
  id: idField,
  title: textField.optional(),
  lines: z.strictObject({
    /** HTS prefixes (2–10 digits, dots optional): "8703", "8708.29.50". */
    hts: z
      .array(
        z.string().regex(/^\d{2,4}(\.?\d{2}){0,3}$/, {
          message: 'an HTS prefix is 2–10 digits, dots allowed, e.g. "8703" or "8708.29.50"',
        }),
      )
      .min(1),
    /** Excluded HTS prefixes inside the covered ones. */
    except: z
      .array(z.string().regex(/^\d{2,4}(\.?\d{2}){0,3}$/, { message: 'an HTS prefix is 2–10 digits' }))
      .optional(),
    origin: z.string().regex(/^[A-Z]{2}$/, { message: 'origin is an ISO 3166 alpha-2 code, e.g. "JP"' }),
    /** Relief only for these importers (ids from `importers`). */
    importers: z.array(idField).optional(),
  }),
  /** The Chapter 99 layer the track acts on, and its legal authority. */
  layer: z.strictObject({
    heading: z
      .string()
      .regex(/^99\d{2}\.\d{2}\.\d{2}/, { message: 'a Chapter 99 heading, e.g. "9903.94.01"' }),
    authority: textField,
    /** Headings the track files under while relief is in force (e.g. 9903.94.40/.41). */
    reliefHeadings: z.array(z.string()).optional(),
  }),
  /**
   * How the rate applies: `additional` sets the layer's additional duty; `inclusive` caps column 1 plus
   * the layer at the rate (EO 14345: max(col1, 15%)).
   */
  mode: z.enum(['additional', 'inclusive']),
  /** The rate before any step (the status quo the track starts from). */
  start: z.strictObject({
    rate: rateField,
    from: dateField,
    mode: z.enum(['additional', 'inclusive']).optional(),
    note: textField.optional(),
    uncertain: textField.optional(),
    sources: z.array(idField).optional(),
  }),
  /** The overlay stops applying on this date (exclusive), e.g. when its legal basis falls away. */
  end: z
    .strictObject({
      on: dateField,
      note: textField.optional(),
      uncertain: textField.optional(),
      sources: z.array(idField).optional(),
    })
    .optional(),
  steps: z.array(stepSchema).default([]),
  snapBack: snapBackSchema.optional(),
  /** Localized relief: the share of the importer's entries relieved follows verified capital (0–100%). */
  exemptShare: z.strictObject({ commitment: idField, metric: z.enum(['capitalDisbursed']) }).optional(),
  sources: z.array(idField).optional(),
});

export const clawbackSchema = z.strictObject({
  /** C1: Georgia-style pro-rata. */
  formula: z.literal('pro-rata'),
  /** Below this performance ratio the relief is repaid pro rata. */
  tolerance: rateField,
  /** Performance = mean of these ratios (each capped at 1). */
  measures: z
    .array(z.enum(['jobs', 'capital']))
    .min(1)
    .default(['jobs', 'capital']),
  /** What is repaid: the duty relief granted in the period (tariff revenue forgone). */
  of: z.literal('duty-relief-granted').default('duty-relief-granted'),
  /** Measured at the end of the term, or at these dates. */
  at: z.array(dateField).optional(),
  payableWithinDays: z.number().int().min(1).max(3650).optional(),
  /** C7: a prohibited transaction within this many years means full recovery. */
  security: z.strictObject({ lookbackYears: z.number().int().min(1).max(50) }).optional(),
  sources: z.array(idField).optional(),
});

export const waiverRulesSchema = z.strictObject({
  /** C6: who must approve a waiver (party ids), default every party. */
  approvers: z.array(idField).optional(),
  forceMajeure: z.boolean().default(true),
});

/** Decisions that count only when the parties named for them have signed (R6). */
export const DECISION_KINDS = [
  'waiver',
  'snap-back',
  'project-selection',
  'funding-notice',
  'milestone-evaluation',
  'firm-registration',
  'auditor-registration',
  'dispute-resolution',
] as const;

/** Who must sign one kind of decision: the governments of `approvers`, all of them or any one. */
export const decisionRuleSchema = z.strictObject({
  approvers: z.array(idField).min(1),
  needs: z.enum(['all', 'any']).default('all'),
  note: textField.optional(),
  sources: z.array(idField).optional(),
});

/** Who may raise a dispute (R7): governments, registered auditors, firms about their own commitments. */
export const DISPUTE_RAISERS = ['government', 'auditor', 'own-firm'] as const;

/** R4–R9: who may register, decide, dispute and resolve; every field has a safe default. */
export const governanceSchema = z.strictObject({
  decisions: z
    .strictObject(
      Object.fromEntries(DECISION_KINDS.map((k) => [k, decisionRuleSchema.optional()])) as Record<
        (typeof DECISION_KINDS)[number],
        z.ZodOptional<typeof decisionRuleSchema>
      >,
    )
    .prefault({}),
  disputes: z
    .strictObject({
      /** R7: who may raise one. */
      raise: z.array(z.enum(DISPUTE_RAISERS)).default([...DISPUTE_RAISERS]),
      /** R8: `subject` suspends the disputed report from the dispute's recording; `nothing` only records it. */
      suspends: z.enum(['subject', 'nothing']).default('subject'),
      /** R7: a statement may be disputed only this many days after it was issued (default: any time). */
      raiseWithinDays: z.number().int().min(1).max(36500).optional(),
      /** R8: an unresolved dispute lapses this many days after it was raised, and its subject counts again. */
      resolveWithinDays: z.number().int().min(1).max(36500).default(90),
      sources: z.array(idField).optional(),
    })
    .prefault({}),
});

/** Agreement status: an enacted instrument, or a proposal / hypothetical compromise to analyse. */
export const AGREEMENT_STATUSES = ['enacted', 'proposal', 'hypothetical'] as const;

export const agreementSchema = z.strictObject({
  accord: z.literal(1, { message: 'the format version; write `accord: 1`' }),
  id: idField,
  title: textField,
  status: z.enum(AGREEMENT_STATUSES),
  summary: textField.optional(),
  signed: dateField,
  parties: z.array(partySchema).min(2),
  term: termSchema,
  sources: z.array(sourceSchema).default([]),
  commitments: z.array(commitmentSchema).default([]),
  importers: z.array(importerSchema).default([]),
  verification: verificationSchema.prefault({}),
  linked: z.array(obligationSchema).default([]),
  milestones: z.array(milestoneSchema).default([]),
  tracks: z.array(trackSchema).min(1),
  clawback: clawbackSchema.optional(),
  waivers: waiverRulesSchema.optional(),
  governance: governanceSchema.prefault({}),
});

/** The agreement as parsed: rates in ppm, money in cents, dates validated. */
export type AgreementData = z.output<typeof agreementSchema>;
export type Commitment = AgreementData['commitments'][number];
export type Milestone = AgreementData['milestones'][number];
export type Track = AgreementData['tracks'][number];
export type Step = Track['steps'][number];
export type SnapBack = NonNullable<Track['snapBack']>;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export type GovernanceData = AgreementData['governance'];
export type Obligation = AgreementData['linked'][number];
export type Scope = z.output<typeof scopeSchema>;
export type Variant = NonNullable<AgreementData['term']['variants']>[number];
