/**
 * @module cli/commands/ledger-io
 * File reading shared by `accord ledger` and `accord audit`: keys, policies, statements and agreements,
 * each failing with a positioned problem instead of a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { AccordError, type Problem } from '../../_lib/problem.js';
import { loadAgreement } from '../../agreement/load.js';
import type { Agreement } from '../../agreement/model.js';
import { type Statement, validateStatement } from '../../ledger/statement.js';
import { leafHash } from '../../tlog/hash.js';
import { parseSignerKey, parseVerifierKey, type SignerKey, type VerifierKey } from '../../tlog/keys.js';
import { parsePolicy, type TrustPolicy } from '../../tlog/policy.js';
import { verifyReceipt } from '../../tlog/receipt.js';

/** Read a file as UTF-8 or fail with `file-not-found`. */
export function readText(file: string, what: string): string {
  if (!existsSync(file)) throw new AccordError('file-not-found', `${what} ${file} does not exist`);
  return readFileSync(file, 'utf8');
}

/** Read a signer key file (`PRIVATE+KEY+…`). */
export function readSignerKey(file: string): SignerKey {
  const k = parseSignerKey(readText(file, 'the key file'));
  if (!k.ok)
    throw new AccordError('key-invalid', 'the key file is not a signer key', {
      problems: [{ code: 'key-invalid', message: k.message, where: { file, line: 1, column: 1 } }],
    });
  return k.key;
}

/** A verifier key given inline (`name+id+base64`) or as a file holding one. */
export function readVerifierKey(value: string): VerifierKey {
  const text =
    value.includes('+') && !existsSync(value) ? value : readText(value, 'the verifier key file').trim();
  const k = parseVerifierKey(text);
  if (!k.ok) throw new AccordError('key-invalid', `${value}: ${k.message}`);
  return k.key;
}

/** Read and parse a trust policy file. */
export function readPolicy(file: string): TrustPolicy {
  const p = parsePolicy(readText(file, 'the policy file'), file);
  if (!p.ok)
    throw new AccordError('policy-invalid', `the trust policy ${file} is invalid`, { problems: p.problems });
  return p.value;
}

function jsonPosition(text: string, message: string): { line: number; column: number } {
  const m = /position (\d+)/.exec(message);
  const offset = m ? Number(m[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Values `accord ledger append` fills in when a statement file leaves them out. */
export interface StatementFill {
  /** The leaf hash (hex) of the entry an approval, attestation, dispute or resolution is about. */
  subjectLeaf?: string;
  /** The verifier key a key registration or rotation registers. */
  registeredKey?: string;
  /** The signer's own verifier key: what a registration of the signer itself registers. */
  signerKey?: string;
  /** Fields a statement that leaves them out gets (`accord submit`: v, actor, issued). */
  defaults?: Record<string, unknown>;
}

/** Statement types whose `subject` is a logged entry, named by its leaf hash. */
const ENTRY_SUBJECT_TYPES = new Set(['approval', 'attestation', 'dispute', 'dispute-resolution']);

/** Fill in what the file leaves out, or say why a fill-in does not apply to it. */
function fillStatement(
  file: string,
  value: Record<string, unknown>,
  fill: StatementFill,
): Record<string, unknown> {
  const out = { ...value };
  const refuse = (message: string) => {
    throw new AccordError('statement-invalid', `${file}: ${message}`, { exitCode: 2 });
  };
  const type = typeof out.type === 'string' ? out.type : '';
  if (fill.subjectLeaf !== undefined) {
    if (!ENTRY_SUBJECT_TYPES.has(type))
      refuse(`--subject-entry names a logged entry, which ${type || 'this'} statement does not refer to`);
    if (out.subject !== undefined && out.subject !== fill.subjectLeaf)
      refuse('the statement names its subject already; drop --subject-entry or the "subject" field');
    out.subject = fill.subjectLeaf;
  }
  if (type === 'key-registration' || type === 'key-rotation') {
    if (out.key === undefined) {
      if (fill.registeredKey !== undefined) out.key = fill.registeredKey;
      // A party registering itself registers the key it signs with.
      else if (type === 'key-registration' && out.subject === out.actor && fill.signerKey !== undefined)
        out.key = fill.signerKey;
    } else if (fill.registeredKey !== undefined && out.key !== fill.registeredKey)
      refuse('the statement names its key already; drop --registered-key or the "key" field');
  } else if (fill.registeredKey !== undefined)
    refuse(`--registered-key goes with a key-registration or key-rotation, not ${type || 'this statement'}`);
  return out;
}

/**
 * Read a statement JSON file and validate it; problems carry the file and a JSON pointer. A statement that
 * does not name its log gets `log`, the origin of the log it is being appended to, and `fill` supplies what
 * only the log or a key file knows (a subject entry's leaf hash, a registered key).
 */
export function readStatement(file: string, origin?: string, fill?: StatementFill): Statement {
  const text = readText(file, 'the statement file');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const problem: Problem = {
      code: 'statement-not-json',
      message: `not valid JSON: ${(e as Error).message}`,
      where: { file, ...jsonPosition(text, (e as Error).message) },
    };
    throw new AccordError('statement-invalid', `${file} is not a valid statement`, { problems: [problem] });
  }
  if (origin !== undefined && typeof value === 'object' && value !== null && !('log' in value))
    value = { ...value, log: origin };
  if (fill?.defaults && typeof value === 'object' && value !== null && !Array.isArray(value))
    value = { ...fill.defaults, ...value };
  if (fill && typeof value === 'object' && value !== null && !Array.isArray(value))
    value = fillStatement(file, value as Record<string, unknown>, fill);
  const v = validateStatement(value, file);
  if (!v.ok)
    throw new AccordError('statement-invalid', `${file} is not a valid statement`, { problems: v.problems });
  return v.value;
}

/** Load an agreement file or fail with its problems. */
export function readAgreement(file: string): Agreement {
  const loaded = loadAgreement(readFileSync(file), file);
  if (!loaded.agreement)
    throw new AccordError('agreement-invalid', `the agreement ${file} is invalid`, {
      problems: loaded.problems,
    });
  return loaded.agreement;
}

/** Parse a non-negative integer option. */
export function parseIndex(value: string, name: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new AccordError('usage', `${name} must be a non-negative whole number; got "${value}"`, {
      exitCode: 2,
    });
  }
  return Number(value);
}

/**
 * Check a receipt file offline against a trust policy (and, with `statement`, that it proves those exact
 * entry bytes); the line to print when it holds. `accord verify` and `accord ledger verify --receipt`.
 */
export function checkReceiptFile(receipt: string, policy: TrustPolicy, statement?: string): string {
  const entry = statement
    ? Buffer.from(readText(statement, 'the statement file').replace(/\n$/, ''), 'utf8')
    : undefined;
  const r = verifyReceipt(readText(receipt, 'the receipt'), policy, entry);
  if (!r.ok) throw new AccordError(r.code, `${receipt}: ${r.message}`);
  return `ok: entry ${r.index} (leaf ${leafHash(r.entry).toString('hex')}) is in ${r.origin} at size ${r.size}, cosigned by ${r.cosigners.join(', ')}`;
}
