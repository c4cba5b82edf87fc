/**
 * @module server/accounts
 * The actors' accounts a server knows: creating one (a new token shown once, its digest kept in the state
 * file so other workers can load it), the commitments the ledger's agreement assigns each actor (R5), and
 * re-reading the state file when a token is not yet known here (another worker may have created it).
 */
import { AccordError } from '../_lib/problem.js';
import { type Account, type ActorDirectory, newToken, type ServerRole, tokenDigest } from './actors.js';
import type { LedgerService } from './ledger-service.js';
import { LEDGER_AGREEMENT } from './served.js';
import { readState, saveAccount } from './state.js';

/** What a new account is made from (the request body of POST /api/accounts). */
export interface NewAccount {
  id: string;
  name: string;
  role: ServerRole;
  commitments?: string[];
}

/** The accounts of one server process, kept in step with the state file it shares with other workers. */
export class AccountService {
  private lastReload = 0;

  constructor(
    readonly directory: ActorDirectory,
    private readonly ledger: LedgerService,
    private readonly statePath: string | undefined,
  ) {}

  /**
   * Create an account for an actor (governments do this through the API): a new token, returned once; only
   * its digest is kept, in the state file. Which commitments a firm reports on is the agreement's to say
   * (`commitments[].reporter`, rule R5), not the account's: a list given here must be exactly that.
   */
  create(input: NewAccount): string {
    const assigned = this.commitmentsOf(input.id);
    const given = input.commitments;
    if (
      given !== undefined &&
      given.length > 0 &&
      [...given].sort().join(',') !== [...assigned].sort().join(',')
    )
      throw new AccordError(
        'commitments-assigned-by-agreement',
        `${LEDGER_AGREEMENT} assigns ${input.id} ${assigned.length ? `the commitments ${assigned.join(', ')}` : 'no commitments'} (commitments[].reporter); an account cannot claim others`,
        {
          status: 422,
          problems: [
            {
              code: 'commitments-assigned-by-agreement',
              message: 'leave commitments out',
              where: { pointer: '/commitments' },
            },
          ],
        },
      );
    if (input.role !== 'firm' && assigned.length > 0)
      throw new AccordError('account-role', `${LEDGER_AGREEMENT} names ${input.id} as a reporting firm`, {
        status: 422,
        problems: [{ code: 'account-role', message: 'use role firm', where: { pointer: '/role' } }],
      });
    const token = newToken();
    const account: Account = { ...input, commitments: assigned, tokenSha256: tokenDigest(token) };
    if (this.statePath) saveAccount(this.statePath, account);
    this.directory.add(account);
    return token;
  }

  /** The commitments the ledger's agreement assigns to an actor (R5). */
  commitmentsOf(actor: string): string[] {
    return [...(this.ledger.replay.governance?.commitmentsOf.get(actor) ?? [])];
  }

  /** Re-read accounts from the state file (at most once a second), so a worker learns of new accounts. */
  reload(now = Date.now()): boolean {
    if (!this.statePath || now - this.lastReload < 1000) return false;
    this.lastReload = now;
    for (const a of readState(this.statePath).directory.list()) this.directory.add(a);
    return true;
  }
}
