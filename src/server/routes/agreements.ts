/**
 * @module server/routes/agreements
 * The agreements served, as loaded, and what is computed from them: the evaluation as of a date (milestone
 * status and tariff schedule, from the log or the shipped facts), the schedule alone, and what changed
 * between two log sizes.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { toJson } from '../../evaluation/index.js';
import type { EvaluationService } from '../evaluations.js';
import {
  AgreementListSchema,
  AgreementSchema,
  ChangesSchema,
  EvaluationSchema,
  ScheduleSchema,
} from './agreement-schemas.js';
import { type ApiEnv, date, declaredJson, errors, newApiApp, ok } from './kit.js';

const AgreementId = z.object({ id: z.string().openapi({ example: 'us-japan-milestones' }) });
const EvalQuery = z.object({ asOf: date.optional(), variant: z.string().optional() });
const ChangesQuery = z.object({
  from: z.coerce.number().int().min(0).openapi({ description: 'the log size before', example: 50 }),
  to: z.coerce.number().int().min(0).optional().openapi({ description: 'the log size after (default: now)' }),
  asOf: date.optional(),
});

/** A value as JSON carries it: bigint money as its decimal digits. */
function bigintsAsText(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

/** The agreement routes, over the served agreements and their evaluations. */
export function agreementRoutes(evaluations: EvaluationService): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/agreements',
      summary: 'List the agreements served',
      responses: ok('agreements', AgreementListSchema),
    }),
    (c) =>
      c.json({
        agreements: [...evaluations.agreements.values()].map((s) => ({
          id: s.agreement.id,
          title: s.agreement.title,
          status: s.agreement.status,
          file: s.file,
          factsFrom: s.factsFrom,
        })),
      }),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/agreements/{id}',
      summary: 'An agreement as loaded (parties, tracks, commitments, milestones)',
      request: { params: AgreementId },
      responses: { ...ok('the agreement', AgreementSchema), ...errors(404) },
    }),
    (c) => {
      const s = evaluations.agreement(c.req.valid('param').id);
      return declaredJson<typeof AgreementSchema>(
        c.json(JSON.parse(JSON.stringify(s.agreement, bigintsAsText))),
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/agreements/{id}/evaluation',
      summary: 'Milestone status and tariff schedule, from the log (or the shipped facts)',
      request: { params: AgreementId, query: EvalQuery },
      responses: { ...ok('the evaluation', EvaluationSchema), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      return declaredJson<typeof EvaluationSchema>(
        c.json(toJson(await evaluations.evaluation(id, q.asOf, q.variant))),
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/agreements/{id}/schedule',
      summary: 'The tariff schedule per track: rates in force and planned steps',
      request: { params: AgreementId, query: EvalQuery },
      responses: { ...ok('the schedule', ScheduleSchema), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      const ev = await evaluations.evaluation(id, q.asOf, q.variant);
      const json = toJson(ev);
      const tracks = typeof json === 'object' && json !== null && !Array.isArray(json) ? json.tracks : [];
      // A schedule read from the log names the tree size and root it was computed at.
      const basis = ev.ledger ? { ledger: { size: ev.ledger.size, root: ev.ledger.root } } : {};
      // Rates of an agreement that is not enacted are hypothetical, and the answer says so beside them.
      const hypothetical = ev.agreement.status !== 'enacted';
      const status = { status: ev.agreement.status, ...(hypothetical && { hypothetical: true }) };
      return declaredJson<typeof ScheduleSchema>(
        c.json({ agreement: id, ...status, asOf: ev.asOf, ...basis, tracks }),
      );
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/agreements/{id}/changes',
      summary:
        "What changed in an agreement's evaluation between two log sizes, both evaluated on one date: milestones, tariff steps, decisions, facts, disputes",
      request: { params: AgreementId, query: ChangesQuery },
      responses: { ...ok('the changes', ChangesSchema), ...errors(400, 404, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await evaluations.changes(id, q.from, q.to, q.asOf), 200);
    },
  );
  return app;
}
