/**
 * @module server/routes/negotiations
 * The US–Japan negotiation: the analysis (frontier, Nash and Kalai–Smorodinsky points, the rounds history)
 * and runs of two agents under the alternating-offers protocol.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { negotiationAnalysis, runNegotiation } from '../compute.js';
import { NegotiationAnalysisSchema, NegotiationRunSchema } from './economics-schemas.js';
import { type ApiEnv, errors, newApiApp, ok, type RouteGuard } from './kit.js';

const RunBody = z.object({
  agents: z.tuple([z.string(), z.string()]).default(['boulware', 'conceder']),
  rounds: z.number().int().min(1).max(1000).default(40),
});

/** The negotiation routes (they need no service: the scenario ships with the package). */
export function negotiationRoutes(guard: RouteGuard): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/negotiations/us-japan',
      summary: 'The US–Japan negotiation: frontier, Nash and Kalai–Smorodinsky points, the rounds history',
      responses: ok('analysis', NegotiationAnalysisSchema),
    }),
    (c) => c.json(negotiationAnalysis(), 200),
  );
  app.openapi(
    guard.route(
      createRoute({
        method: 'post',
        path: '/negotiations/us-japan/runs',
        summary: 'Run two agents under the alternating-offers protocol; the trace',
        request: { body: { content: { 'application/json': { schema: RunBody } } } },
        responses: { ...ok('the run', NegotiationRunSchema), ...errors(400) },
      }),
    ),
    async (c) => c.json(runNegotiation(c.req.valid('json')), 200),
  );
  return app;
}
