/**
 * @module ledger/statement
 * Statements: what goes into the log. Each is typed JSON, serialized canonically (RFC 8785 via
 * `canonicalize`) and Ed25519-signed by its actor. The logged entry is the canonical JSON of
 * `{statement, signature}`; evidence is referenced by SHA-256 digest, never embedded, and an employment
 * report carries aggregates only (the schema is strict, so personal wage records cannot ride along).
 *
 * Format v2: every statement names the log it is for (`log`: the log's origin line), so a statement signed
 * for one log never counts in another (R1). Joint decisions carry no list of approvers: approvals are
 * `approval` statements signed by each party's government and naming the decision's leaf hash (R6), so
 * who approved is always derived from verified signatures.
 */
import canonicalizeModule from 'canonicalize';
import { z } from 'zod';
import { parseIsoDate } from '../_lib/date.js';
import type { Problem } from '../_lib/problem.js';
import { toPointer } from '../_lib/problem.js';
import { fail, ok, type Result } from '../_lib/result.js';
import { type ZodIssue, zodProblems } from '../_lib/zod-problems.js';
import { hoursConsistent } from '../evaluation/index.js';
import {
  ed25519Sign,
  ed25519Verify,
  fromBase64,
  leafHash,
  MAX_ENTRY_SIZE,
  type SignerKey,
  toBase64,
  type VerifierKey,
} from '../tlog/index.js';

type Serialize = (input: unknown) => string | undefined;
// canonicalize is CommonJS typed with `export default`; under NodeNext the default import is the function
// at runtime but typed as the module namespace, so read it either way.
const canonicalize: Serialize =
  (canonicalizeModule as unknown as { default?: Serialize }).default ??
  (canonicalizeModule as unknown as Serialize);

/** Statements are capped at 64 KiB; entry bundles could not carry more than 65,535 bytes anyway. */
export const MAX_STATEMENT_BYTES = Math.min(64 * 1024, MAX_ENTRY_SIZE);

const isoDate = z
  .string()
  .refine((s) => parseIsoDate(s) !== undefined, { message: 'expected a date YYYY-MM-DD' });
/** Money as a decimal string with exactly two places, so its canonical form is unique. */
const usd = z
  .string()
  .regex(/^(0|[1-9][0-9]*)\.[0-9]{2}$/, 'expected US dollars as a decimal string like "4500.00"');
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, 'expected an identifier (letters, digits, . _ : / -)');
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 digest as 64 lowercase hex digits');
const hours = z.number().finite().nonnegative().max(1e12);
const vkey = z.string().min(5).max(300);

/** Evidence is referenced, never embedded: its kind (E1) and the SHA-256 of the document. */
const evidence = z.strictObject({
  kind: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'expected an evidence kind like "ui-wage-records"'),
  sha256: sha256Hex,
  description: z.string().max(500).optional(),
});

/** The statement format this code writes and counts. */
export const STATEMENT_VERSION = 2;

const base = {
  v: z.literal(STATEMENT_VERSION, {
    message: 'statements are format v2: write "v": 2 and name the log ("log": its origin)',
  }),
  /** R1: the origin line of the log this statement is for. */
  log: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[^\s+]+$/, 'expected a log origin (no spaces or "+")'),
  actor: id,
  issued: isoDate,
};

const employmentReport = z.strictObject({
  ...base,
  type: z.literal('employment-report'),
  commitment: id,
  site: id,
  periodStart: isoDate,
  periodEnd: isoDate,
  /** J1/J2: paid hours of qualifying positions performed at the site in the period. */
  paidHours: hours,
  /** J5: of which hours of positions relocated from elsewhere in the host country (never count). */
  relocatedHours: hours,
  /** J3: unduplicated employees paid in the pay period including the 12th, per month of the period. */
  headcount: z.array(z.number().int().nonnegative()).max(12).optional(),
  /** J6: aggregates only. */
  wages: z.strictObject({
    total: usd,
    lowestAnnualized: usd.optional(),
    median: usd.optional(),
  }),
  /** J7. */
  healthPlan: z.strictObject({
    offered: z.boolean(),
    employerSharePctSingle: z.number().min(0).max(100).optional(),
    employerSharePctFamily: z.number().min(0).max(100).optional(),
  }),
  evidence: z.array(evidence).max(64),
});

const investmentReport = z.strictObject({
  ...base,
  type: z.literal('investment-report'),
  commitment: id,
  asOf: isoDate,
  /** Cumulative capital disbursed as of `asOf`. */
  disbursed: usd,
  evidence: z.array(evidence).max(64),
});

const attestation = z.strictObject({
  ...base,
  type: z.literal('attestation'),
  /** Leaf hash (hex) of the logged statement attested. */
  subject: sha256Hex,
  /** Evidence kinds the auditor checked (E1), e.g. `ui-wage-records`, `cpa-attestation`. */
  evidenceChecked: z
    .array(z.string().regex(/^[a-z][a-z0-9-]{0,63}$/))
    .min(1)
    .max(32),
  result: z.enum(['confirmed', 'qualified', 'rejected']),
  note: z.string().max(2000).optional(),
});

const projectSelection = z.strictObject({
  ...base,
  type: z.literal('project-selection'),
  project: id,
  selected: isoDate,
  amount: usd.optional(),
});

const fundingNotice = z.strictObject({
  ...base,
  type: z.literal('funding-notice'),
  project: id,
  funded: isoDate,
  amount: usd.optional(),
});

const checkpointRef = z.strictObject({
  origin: z.string().min(1).max(300),
  size: z.number().int().nonnegative(),
  root: z.string().refine((s) => fromBase64(s)?.length === 32, { message: 'expected a base64 SHA-256 root' }),
});

const milestoneEvaluation = z.strictObject({
  ...base,
  type: z.literal('milestone-evaluation'),
  agreement: id,
  asOf: isoDate,
  /** E2: the log prefix the evaluation was computed from. */
  checkpoint: checkpointRef,
  /** Milestone id → status. */
  milestones: z.record(id, z.enum(['pending', 'met', 'missed', 'in-cure', 'waived', 'snapped-back'])),
  /** SHA-256 (hex) of the canonical JSON of the full evaluation result, so a re-run can be compared. */
  resultSha256: sha256Hex,
});

/** C6: a waiver; it counts once every party the governance names has approved it (R6). */
const waiver = z.strictObject({
  ...base,
  type: z.literal('waiver'),
  milestone: id,
  extendTo: isoDate.optional(),
  reason: z.string().min(1).max(2000),
});

/** R6: a party's government approves a logged decision, named by its leaf hash. */
const approval = z.strictObject({
  ...base,
  type: z.literal('approval'),
  /** Leaf hash (hex) of the decision approved. */
  subject: sha256Hex,
  note: z.string().max(2000).optional(),
});

/** R7: a challenge to a logged report or attestation; `reason` gives the grounds. */
const dispute = z.strictObject({
  ...base,
  type: z.literal('dispute'),
  /** Leaf hash (hex) of the disputed statement. */
  subject: sha256Hex,
  reason: z.string().min(1).max(2000),
});

/** R9: the end of a dispute: upheld or dismissed jointly, or withdrawn by whoever raised it. */
const disputeResolution = z.strictObject({
  ...base,
  type: z.literal('dispute-resolution'),
  /** Leaf hash (hex) of the dispute. */
  subject: sha256Hex,
  outcome: z.enum(['upheld', 'dismissed', 'withdrawn']),
  reason: z.string().min(1).max(2000),
});

const snapBack = z.strictObject({
  ...base,
  type: z.literal('snap-back'),
  track: id,
  effective: isoDate,
  rate: z
    .string()
    .regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, 'expected a percent like "27.5"')
    .optional(),
  reason: z.string().min(1).max(2000),
});

const keyRegistration = z.strictObject({
  ...base,
  type: z.literal('key-registration'),
  /** Who the key belongs to (the registrar is `actor`). */
  subject: id,
  role: z.enum(['firm', 'auditor', 'government']),
  key: vkey,
});

const keyRotation = z.strictObject({
  ...base,
  type: z.literal('key-rotation'),
  /** The new key; the statement is signed by the actor's current key. */
  key: vkey,
});

/** The schema of every statement type. */
export const statementSchema = z.discriminatedUnion('type', [
  employmentReport,
  investmentReport,
  attestation,
  projectSelection,
  fundingNotice,
  milestoneEvaluation,
  waiver,
  approval,
  dispute,
  disputeResolution,
  snapBack,
  keyRegistration,
  keyRotation,
]);

/** Any statement. */
export type Statement = z.infer<typeof statementSchema>;
/** The statement type names. */
export type StatementType = Statement['type'];
/** An employment report (J-rules; aggregates only). */
export type EmploymentReport = z.infer<typeof employmentReport>;
/** An investment report (capital disbursed). */
export type InvestmentReport = z.infer<typeof investmentReport>;
/** An auditor's attestation of a logged statement. */
export type Attestation = z.infer<typeof attestation>;
/** A government's project selection. */
export type ProjectSelection = z.infer<typeof projectSelection>;
/** A funding notice for a selected project. */
export type FundingNotice = z.infer<typeof fundingNotice>;
/** A milestone evaluation naming its checkpoint. */
export type MilestoneEvaluation = z.infer<typeof milestoneEvaluation>;
/** A waiver (C6). */
export type Waiver = z.infer<typeof waiver>;
/** A dispute of a logged statement. */
export type Dispute = z.infer<typeof dispute>;
/** An approval of a logged decision. */
export type Approval = z.infer<typeof approval>;
/** The resolution of a dispute. */
export type DisputeResolution = z.infer<typeof disputeResolution>;
/** A snap-back decision (C5). */
export type SnapBack = z.infer<typeof snapBack>;
/** A key registration. */
export type KeyRegistration = z.infer<typeof keyRegistration>;
/** A key rotation. */
export type KeyRotation = z.infer<typeof keyRotation>;

/** A statement with its actor's signature: the logged entry. */
export interface SignedStatement {
  statement: Statement;
  signature: { key: string; sig: string };
}

/** Zod's issues with the statement format's codes: unknown fields and types are named as such. */
function statementProblems(issues: readonly ZodIssue[], file: string | undefined): Problem[] {
  return zodProblems(issues, {
    code: (i) =>
      i.code === 'unrecognized_keys'
        ? 'statement-unknown-field'
        : i.code === 'invalid_union'
          ? 'statement-unknown-type'
          : 'statement-invalid',
    message: (i) =>
      i.code === 'unrecognized_keys'
        ? `${i.message} (${i.keys.join(', ')}: the format has no such field; personal records never go in the log)`
        : i.message,
    file: file || undefined,
  });
}

/** Validate a parsed statement; problems carry JSON pointers. */
export function validateStatement(value: unknown, file?: string): Result<Statement> {
  if (typeof value === 'object' && value !== null && (value as { v?: unknown }).v === 1)
    return fail([
      {
        code: 'statement-old-version',
        message:
          'this is a format v1 statement, which does not name its log and so could be replayed from another; write "v": 2 and "log": <the log origin>, and sign it again',
        where: { ...(file ? { file } : {}), pointer: '/v' },
      },
    ]);
  const r = statementSchema.safeParse(value);
  if (!r.success) return fail(statementProblems(r.error.issues, file));
  const s = r.data;
  const problems: Problem[] = [];
  const at = (p: (string | number)[]) => ({ ...(file ? { file } : {}), pointer: toPointer(p) });
  if (s.type === 'employment-report') {
    if (s.periodEnd < s.periodStart) {
      problems.push({
        code: 'statement-invalid',
        message: 'periodEnd is before periodStart',
        where: at(['periodEnd']),
      });
    }
    if (!hoursConsistent(s.paidHours, s.relocatedHours)) {
      problems.push({
        code: 'statement-invalid',
        message: 'relocated hours are part of paid hours and cannot exceed them',
        where: at(['relocatedHours']),
      });
    }
  }
  return problems.length > 0 ? fail(problems) : ok(s);
}

/** RFC 8785 canonical JSON bytes of a value. */
export function canonicalBytes(value: unknown): Buffer {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalized');
  return Buffer.from(text, 'utf8');
}

/** The bytes an actor signs: a domain prefix, so a statement signature is never valid for anything else. */
export function statementMessage(statement: Statement): Buffer {
  return Buffer.concat([Buffer.from('accord-statement/v1\n', 'utf8'), canonicalBytes(statement)]);
}

/** Sign a validated statement with its actor's key; returns the entry bytes to log. */
export function signStatement(
  statement: Statement,
  key: SignerKey,
): { signed: SignedStatement; entry: Buffer } {
  const v = validateStatement(statement);
  if (!v.ok)
    throw new Error(
      `invalid statement: ${v.problems.map((p) => `${p.where?.pointer}: ${p.message}`).join('; ')}`,
    );
  const sig = ed25519Sign(key.privateKey, statementMessage(v.value));
  const signed: SignedStatement = {
    statement: v.value,
    signature: { key: `${key.name}+${key.keyId.toString(16).padStart(8, '0')}`, sig: toBase64(sig) },
  };
  const entry = canonicalBytes(signed);
  if (entry.length > MAX_STATEMENT_BYTES)
    throw new Error(`statement is ${entry.length} bytes; the limit is ${MAX_STATEMENT_BYTES}`);
  return { signed, entry };
}

// Built once: zod compiles a schema on first use, so a per-call schema would cost that every time.
const envelopeSchema = z.strictObject({
  statement: z.unknown(),
  signature: z.strictObject({ key: z.string(), sig: z.string() }),
});

/**
 * Decode and validate logged entry bytes: canonical JSON of `{statement, signature}`, within the size
 * limit. Does not check the signature (that needs the key registry; see {@link verifyStatementSignature}).
 */
export function decodeEntry(entry: Uint8Array, file?: string): Result<SignedStatement> {
  const where = file ? { file } : {};
  if (entry.length > MAX_STATEMENT_BYTES) {
    return fail([
      {
        code: 'statement-too-large',
        message: `the entry has ${entry.length} bytes; the limit is ${MAX_STATEMENT_BYTES}`,
        where,
      },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(entry).toString('utf8'));
  } catch (e) {
    return fail([
      { code: 'statement-not-json', message: `the entry is not JSON: ${(e as Error).message}`, where },
    ]);
  }
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) return fail(statementProblems(envelope.error.issues, file));
  const v = validateStatement(envelope.data.statement, file);
  if (!v.ok) {
    return fail(
      v.problems.map((p) => ({
        ...p,
        where: { ...p.where, pointer: `/statement${p.where?.pointer ?? ''}` },
      })),
    );
  }
  const signed: SignedStatement = { statement: v.value, signature: envelope.data.signature };
  if (!canonicalBytes(signed).equals(Buffer.from(entry))) {
    return fail([
      { code: 'statement-not-canonical', message: 'the entry is not in RFC 8785 canonical form', where },
    ]);
  }
  return ok(signed);
}

/** Verify a signed statement's signature under a verifier key (which must be the one it names). */
export function verifyStatementSignature(signed: SignedStatement, key: VerifierKey): boolean {
  if (signed.signature.key !== `${key.name}+${key.keyId.toString(16).padStart(8, '0')}`) return false;
  const sig = fromBase64(signed.signature.sig);
  return sig !== undefined && ed25519Verify(key.key, statementMessage(signed.statement), sig);
}

/** The statement's identity in the log: its RFC 6962 leaf hash, hex. */
export function statementHash(entry: Uint8Array): string {
  return leafHash(entry).toString('hex');
}
