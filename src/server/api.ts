/**
 * @module server/api
 * The HTTP API under `/api/`, described by OpenAPI 3.1 (`/openapi.json`): one sub-app per resource
 * (server/routes), mounted behind the checks every route shares. Reads are open to anyone; writes need a
 * session token (`Authorization: Bearer …`) and a role that may make them, checked before any body is read.
 * Every failure is `application/problem+json` built from the domain's problems.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ServerContext } from './context.js';
import type { DutyFastPath } from './duty-fast-path.js';
import { problemBody, problemResponse } from './problem-response.js';
import { accountRoutes } from './routes/accounts.js';
import { agreementRoutes } from './routes/agreements.js';
import { assessmentRoutes } from './routes/assessments.js';
import { dutyRoutes } from './routes/duty.js';
import { type ApiEnv, LIMITS, newApiApp, RouteGuard } from './routes/kit.js';
import { ledgerReadRoutes, ledgerWriteRoutes } from './routes/ledger.js';
import { ledgerFeedRoutes, ledgerProofRoutes } from './routes/ledger-follow.js';
import { negotiationRoutes } from './routes/negotiations.js';
import { simulationRoutes } from './routes/simulations.js';

export { API_BASE, type ApiEnv, issuesToProblems, LIMITS } from './routes/kit.js';
export { requireAccount } from './routes/session-guard.js';

/** The OpenAPI document's header, served at /openapi.json and /api/openapi.json alike. */
export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'accord API',
    version: '0.1.0',
    description:
      'Agreements, the verification ledger, evaluations, duty, simulations and negotiations. Errors are application/problem+json.',
  },
  servers: [{ url: '/api' }],
};

/** A body larger than `max` bytes: 413, and the connection closed (the rest of the body is never read). */
function tooLarge(max: number): MiddlewareHandler<ApiEnv> {
  return bodyLimit({
    maxSize: max,
    onError: (c) =>
      problemResponse(
        problemBody(
          413,
          'body-too-large',
          `the request body is larger than ${max} bytes`,
          [{ code: 'body-too-large', message: `at most ${max} bytes`, where: { file: 'body', pointer: '' } }],
          c.req.path,
        ),
        { connection: 'close' },
      ),
  });
}

/** Mount every API route on a new OpenAPIHono app (mounted at `/api` by the server). */
export function apiRoutes(ctx: ServerContext, fastPath?: DutyFastPath): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  // First, before any limit or validator reads the body: who is asking, and may they (401, 403).
  const guard = new RouteGuard();
  app.use('*', guard.check());
  app.use('/ledger/statements', tooLarge(LIMITS.statement));
  // Built once, not per request; GET and HEAD carry no body (the Node adapter never reads one).
  const jsonLimit = tooLarge(LIMITS.json);
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // Uploads are read as a stream under the assessment limits (server/assessments), not buffered here.
    if (c.req.path.endsWith('/statements') || /\/assessments(\/[^/]+\/input)?$/.test(c.req.path))
      return next();
    return jsonLimit(c, next);
  });

  const { ledger, evaluations, policyText } = ctx;
  app.route('/', agreementRoutes(evaluations));
  app.route('/', ledgerReadRoutes({ ledger, evaluations, policyText }));
  app.route('/', ledgerWriteRoutes({ ledger, evaluations, policyText }, guard));
  app.route('/', ledgerFeedRoutes(ledger, evaluations));
  app.route('/', ledgerProofRoutes(ledger));
  app.route('/', accountRoutes(ctx.accounts, guard));
  app.route('/', dutyRoutes({ evaluations, ledger, memo: ctx.dutyMemo, fastPath }));
  app.route('/', assessmentRoutes(ctx.assessments, guard));
  app.route('/', simulationRoutes(guard));
  app.route('/', negotiationRoutes(guard));
  app.doc31('/openapi.json', OPENAPI_DOCUMENT);
  return app;
}
