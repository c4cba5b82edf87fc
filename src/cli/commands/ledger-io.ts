/**
 * @module cli/commands/ledger-io
 * File reading shared by `accord ledger` and `accord audit`: keys, policies, statements and agreements,
 * each failing with a positioned problem instead of a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { AccordError, type Problem } from '../../_lib/problem.js';
import { loadAgreement } from '../../agreement/load.js';
import type { Agreement } from '../../agreement/model.js';
import { parseSignerKey, parseVerifierKey, type SignerKey, type VerifierKey } from '../../ledger/keys.js';
import { parsePolicy, type TrustPolicy } from '../../ledger/policy.js';
import { type Statement, validateStatement } from '../../ledger/statement.js';

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
  return p.policy;
}

function jsonPosition(text: string, message: string): { line: number; column: number } {
  const m = /position (\d+)/.exec(message);
  const offset = m ? Number(m[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * Read a statement JSON file and validate it; problems carry the file and a JSON pointer. A statement that
 * does not name its log gets `log`, the origin of the log it is being appended to.
 */
export function readStatement(file: string, origin?: string): Statement {
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
  const v = validateStatement(value, file);
  if (!v.ok)
    throw new AccordError('statement-invalid', `${file} is not a valid statement`, { problems: v.problems });
  return v.statement;
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
