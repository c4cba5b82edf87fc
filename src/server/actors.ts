/**
 * @module server/actors
 * Who may call the API: each account is an actor of the agreement (a government, a firm, an auditor) or an
 * observer, with an API token for its sessions. Only the token's SHA-256 is kept, so the directory file and
 * the logs never hold a usable token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The roles the API knows; `observer` reads only. */
export type ServerRole = 'government' | 'firm' | 'auditor' | 'observer';

/** The API roles, in the order the dashboard lists them. */
export const SERVER_ROLES: readonly ServerRole[] = ['government', 'firm', 'auditor', 'observer'];

/** An account: the ledger actor id it speaks for, its role and (for firms) the commitments it owns. */
export interface Account {
  id: string;
  name: string;
  role: ServerRole;
  /** Commitment ids a firm may report on. */
  commitments: string[];
  /** SHA-256 (hex) of the API token. */
  tokenSha256: string;
}

/** SHA-256 hex of a token. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh API token: 32 random bytes, base64url, with a recognisable prefix (so leaked ones can be found). */
export function newToken(): string {
  return `acc_${randomBytes(32).toString('base64url')}`;
}

/** Accounts by token digest. */
export class ActorDirectory {
  private readonly byDigest = new Map<string, Account>();
  private readonly byId = new Map<string, Account>();

  constructor(accounts: readonly Account[] = []) {
    for (const a of accounts) this.add(a);
  }

  /** Add (or replace) an account. */
  add(account: Account): void {
    const old = this.byId.get(account.id);
    if (old) this.byDigest.delete(old.tokenSha256);
    this.byId.set(account.id, account);
    this.byDigest.set(account.tokenSha256, account);
  }

  /** The account a bearer token authenticates, if any (compared by digest, in constant time). */
  authenticate(token: string): Account | undefined {
    const digest = tokenDigest(token);
    const hit = this.byDigest.get(digest);
    if (!hit) return undefined;
    return timingSafeEqual(Buffer.from(hit.tokenSha256, 'hex'), Buffer.from(digest, 'hex')) ? hit : undefined;
  }

  /** An account by actor id. */
  get(id: string): Account | undefined {
    return this.byId.get(id);
  }

  /** Every account, by id. */
  list(): Account[] {
    return [...this.byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }
}
