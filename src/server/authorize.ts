/**
 * @module server/authorize
 * What the API itself decides before a statement reaches the log: the session speaks for the statement's
 * actor, and an observer only reads. Everything about who may log what (registered key, role, ownership of
 * commitments, joint decisions, disputes) is the log's own rule set, decided by the replay that every
 * auditor runs (src/ledger/replay.ts); the submission queue asks it before appending, so the API refuses
 * early what would not count, but correctness never depends on this module.
 */
import { withArticle } from '../_lib/words.js';
import type { Statement } from '../ledger/index.js';
import type { Account, ServerRole } from './actors.js';
import { HttpProblem } from './problem-response.js';

/** Ledger operations beyond statements and the roles that may perform them. */
export const OPERATIONS = {
  /** Sign a checkpoint of the current tree (a government asks the log to publish its state). */
  checkpoint: ['government'],
  /** Add a witness cosignature to a checkpoint (each government runs a witness). */
  cosign: ['government'],
  /** Create an account (and its session token) for a new actor. */
  'create-account': ['government'],
} as const satisfies Record<string, readonly ServerRole[]>;

/** Refuse (403) unless `account` speaks for the statement's actor and may write at all. */
export function authorizeStatement(account: Account, statement: Statement): void {
  if (statement.actor !== account.id) {
    throw new HttpProblem(
      403,
      'actor-mismatch',
      `this session is ${account.id}; it cannot submit a statement by ${statement.actor}`,
      [
        {
          code: 'actor-mismatch',
          message: `signed in as ${account.id}`,
          where: { pointer: '/statement/actor' },
        },
      ],
    );
  }
  if (account.role === 'observer')
    throw new HttpProblem(403, 'role-forbidden', 'an observer reads only; it may not submit statements', [
      { code: 'role-forbidden', message: 'observers read only', where: { pointer: '/statement/type' } },
    ]);
}

/** Refuse (403) unless the account's role may perform the operation. */
export function authorizeOperation(account: Account, op: keyof typeof OPERATIONS): void {
  if (!(OPERATIONS[op] as readonly ServerRole[]).includes(account.role))
    throw new HttpProblem(
      403,
      'role-forbidden',
      `${withArticle(account.role)} may not ${op === 'cosign' ? 'add cosignatures' : op === 'checkpoint' ? 'sign checkpoints' : 'create accounts'}`,
    );
}
