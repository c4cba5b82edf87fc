/**
 * @module server/authorize
 * Who may log what, decided before anything touches the store: the session's account must be the
 * statement's actor, its role must allow the statement type, and a firm reports only on commitments it
 * owns. The ledger's own replay rules (registered key, signature, role) are checked after this, in the
 * submission queue, against the log itself.
 */
import type { Statement, StatementType } from '../ledger/index.js';
import type { Account, ServerRole } from './actors.js';
import { HttpProblem } from './problem-response.js';

/** Statement types each API role may submit. Governments decide; firms report; auditors attest. */
export const SUBMITTABLE: Record<ServerRole, readonly StatementType[]> = {
  government: [
    'project-selection',
    'funding-notice',
    'milestone-evaluation',
    'waiver',
    'dispute',
    'snap-back',
    'key-registration',
    'key-rotation',
  ],
  firm: ['employment-report', 'investment-report', 'funding-notice', 'dispute', 'key-rotation'],
  auditor: ['attestation', 'dispute', 'key-rotation'],
  observer: [],
};

/** Ledger operations beyond statements and the roles that may perform them. */
export const OPERATIONS = {
  /** Sign a checkpoint of the current tree (a government asks the log to publish its state). */
  checkpoint: ['government'],
  /** Add a witness cosignature to a checkpoint (each government runs a witness). */
  cosign: ['government'],
  /** Create an account (and its session token) for a new actor. */
  'create-account': ['government'],
} as const satisfies Record<string, readonly ServerRole[]>;

/** Refuse (403) unless `account` may submit `statement`. */
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
  if (!SUBMITTABLE[account.role].includes(statement.type)) {
    throw new HttpProblem(403, 'role-forbidden', `a ${account.role} may not submit a ${statement.type}`, [
      {
        code: 'role-forbidden',
        message: `a ${account.role} may not submit a ${statement.type}`,
        where: { pointer: '/statement/type' },
      },
    ]);
  }
  if (
    (statement.type === 'employment-report' || statement.type === 'investment-report') &&
    !account.commitments.includes(statement.commitment)
  ) {
    throw new HttpProblem(
      403,
      'not-own-commitment',
      `${account.id} reports only on its own commitments (${account.commitments.join(', ') || 'none'}), not ${statement.commitment}`,
      [
        {
          code: 'not-own-commitment',
          message: 'a firm reports only on its own commitments',
          where: { pointer: '/statement/commitment' },
        },
      ],
    );
  }
}

/** Refuse (403) unless the account's role may perform the operation. */
export function authorizeOperation(account: Account, op: keyof typeof OPERATIONS): void {
  if (!(OPERATIONS[op] as readonly ServerRole[]).includes(account.role))
    throw new HttpProblem(
      403,
      'role-forbidden',
      `a ${account.role} may not ${op === 'cosign' ? 'add cosignatures' : op === 'checkpoint' ? 'sign checkpoints' : 'create accounts'}`,
    );
}
