/**
 * @module server/routes/accounts
 * Actors' accounts through the API: a government creates one (the token is shown once), a session reads
 * its own, and anyone lists who has an account with the commitments the agreement assigns each (R5).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AccountService } from '../accounts.js';
import { authorizeOperation } from '../authorize.js';
import { HttpProblem } from '../problem-response.js';
import { type ApiEnv, bearer, errors, newApiApp, ok, type RouteGuard } from './kit.js';
import { requireAccount } from './session-guard.js';

const NewAccount = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, 'expected an actor id (letters, digits, . _ : / -)'),
  name: z.string().min(1).max(200),
  role: z.enum(['government', 'firm', 'auditor', 'observer']),
  commitments: z.array(z.string()).max(64).default([]),
});

/** An account as shown: who, their role and the commitments they report on (never the token). */
export const AccountSchema = z
  .object({ id: z.string(), name: z.string(), role: z.string(), commitments: z.array(z.string()) })
  .openapi('Account');

/** A new account and its token, shown this once. */
const CreatedSchema = z.object({ id: z.string(), role: z.string(), token: z.string() });

/** The account routes, over the accounts service. */
export function accountRoutes(accounts: AccountService, guard: RouteGuard): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  app.openapi(
    guard.route(
      createRoute({
        method: 'post',
        path: '/accounts',
        summary: "Create an actor's account and session token (governments); the token is shown once",
        security: bearer,
        request: { body: { content: { 'application/json': { schema: NewAccount } }, required: true } },
        responses: {
          201: {
            description: 'the account and its token',
            content: { 'application/json': { schema: CreatedSchema } },
          },
          ...errors(400, 401, 403, 409, 422),
        },
      }),
      'create-account',
    ),
    async (c) => {
      authorizeOperation(requireAccount(c), 'create-account');
      const body = c.req.valid('json');
      if (accounts.directory.get(body.id))
        throw new HttpProblem(409, 'account-exists', `${body.id} already has an account`, [
          { code: 'account-exists', message: 'choose another id', where: { pointer: '/id' } },
        ]);
      const token = accounts.create(body);
      return c.json({ id: body.id, role: body.role, token }, 201);
    },
  );
  app.openapi(
    guard.route(
      createRoute({
        method: 'get',
        path: '/session',
        summary:
          "The session's account: who the token belongs to, its role and the commitments it reports on",
        security: bearer,
        responses: { ...ok('the account', AccountSchema), ...errors(401) },
      }),
    ),
    (c) => {
      const a = requireAccount(c);
      return c.json({ id: a.id, name: a.name, role: a.role, commitments: accounts.commitmentsOf(a.id) }, 200);
    },
  );
  app.get('/accounts', (c) =>
    c.json({
      accounts: accounts.directory
        .list()
        // Which commitments a firm reports on is the agreement's (R5), whatever an older state file says.
        .map((a) => ({ id: a.id, name: a.name, role: a.role, commitments: accounts.commitmentsOf(a.id) })),
    }),
  );
  return app;
}
