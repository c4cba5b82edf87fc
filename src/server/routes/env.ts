/**
 * @module server/routes/env
 * The Hono environment of every request: what the edge (server/authenticate) learned about the caller,
 * which the routes and pages read.
 */
import type { Account } from '../actors.js';
import type { Session, SessionRefusal } from '../sessions.js';

/**
 * What the edge learned about the caller: the account (from a bearer token or a session cookie), the
 * browser session when it came from a cookie, and why a cookie was refused (so a 401 can say "sign in again").
 */
export type ApiEnv = {
  Variables: { account?: Account; session?: Session; sessionRefused?: SessionRefusal };
};
