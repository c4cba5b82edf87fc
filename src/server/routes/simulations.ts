/**
 * @module server/routes/simulations
 * The economic simulation of the milestone compromise: 7- vs 15-year paths under SMART, GSIM and CES, with
 * Monte Carlo bands.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { runSimulation } from '../compute.js';
import { SimulationSchema } from './economics-schemas.js';
import { type ApiEnv, errors, newApiApp, ok, type RouteGuard } from './kit.js';

const SimBody = z.object({
  model: z.enum(['smart', 'gsim', 'ces', 'all']).default('all'),
  runs: z.number().int().min(0).max(2000).default(200),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(1),
});

/** The simulation routes (they need no service: the scenario ships with the package). */
export function simulationRoutes(guard: RouteGuard): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  app.openapi(
    guard.route(
      createRoute({
        method: 'post',
        path: '/simulations',
        summary:
          'Simulate the milestone compromise: 7- vs 15-year paths under SMART, GSIM and CES, Monte Carlo bands',
        request: { body: { content: { 'application/json': { schema: SimBody } } } },
        responses: {
          ...ok('per variant and model: yearly paths, totals, bands', SimulationSchema),
          ...errors(400),
        },
      }),
    ),
    async (c) => c.json(await runSimulation(c.req.valid('json')), 200),
  );
  return app;
}
