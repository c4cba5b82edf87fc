/**
 * @module server/routes/duty
 * Duty on one entry line (every layer considered, why, its source; MPF and HMF) and the same line across
 * eras. Answers are remembered as the JSON text sent, and an anonymous lookup that depends on no log is
 * handed to the fast path so the next identical request skips the framework.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { dutyToJson } from '../../tariff/index.js';
import { dutyFor, dutyHistory } from '../compute.js';
import type { DutyFastPath } from '../duty-fast-path.js';
import type { DutyMemo } from '../duty-memo.js';
import type { EvaluationService } from '../evaluations.js';
import type { LedgerService } from '../ledger-service.js';
import { type ApiEnv, date, declaredJson, errors, incomingOf, newApiApp, ok } from './kit.js';

const DutyQuery = z.object({
  hts: z.string().openapi({ example: '8703.23.01' }),
  origin: z.string().openapi({ example: 'JP' }),
  date: date,
  value: z.string().openapi({ example: '40000', description: 'customs value, US dollars' }),
  overlay: z.string().optional().openapi({
    description: "an agreement whose tracks (as evaluated now) overlay the law, e.g. 'us-japan-milestones'",
  }),
  transport: z.string().optional().openapi({
    example: 'ocean',
    description: 'ocean, air or other; the harbor maintenance fee applies to ocean shipments only',
  }),
  importer: z.string().max(100).optional().openapi({
    description: "the importer's id, for an agreement's importer-scoped relief (e.g. 'honda')",
  }),
});
const HistoryQuery = DutyQuery.omit({ date: true }).extend({
  dates: z
    .string()
    .optional()
    .openapi({ description: 'comma-separated dates; default: one per era of the rule base' }),
});

/** Duty on one line (tariff/duty-json): money as two-place strings, rates as percent strings. */
export const DutySchema = z
  .object({
    hts: z.string(),
    description: z.string(),
    origin: z.string(),
    date: z.string(),
    value: z.string(),
    htsRevision: z.string(),
    lines: z.array(
      z.object({
        heading: z.string(),
        authority: z.string(),
        rate: z.string(),
        rateText: z.string().optional(),
        base: z.string(),
        duty: z.string(),
        applied: z.boolean(),
        reason: z.string(),
        source: z.string(),
        layer: z.string(),
        claimedUnder: z.string().optional(),
        uncertain: z.array(z.string()).optional(),
      }),
    ),
    filed: z.array(z.object({ heading: z.string(), rate: z.string(), duty: z.string(), claim: z.boolean() })),
    totalDuty: z.string(),
    effectiveRate: z.string(),
    assumptions: z.array(z.object({ fact: z.string(), used: z.string(), declare: z.string() })),
    hypothetical: z.boolean().optional(),
    hypotheticalNote: z.string().optional(),
    overlay: z
      .object({
        agreement: z.string(),
        status: z.string(),
        ledgerSize: z.number().optional(),
        enacted: z.boolean(),
      })
      .optional(),
    fees: z.object({
      mpf: z.string(),
      hmf: z.string(),
      mpfFiscalYear: z.string(),
      mpfMin: z.string(),
      mpfMax: z.string(),
      mpfNote: z.string(),
      hmfNote: z.string(),
    }),
  })
  .openapi('Duty');

/** What the duty routes read: the engines (with overlays), the log an overlay reads, the memo. */
export interface DutyRouteDeps {
  evaluations: EvaluationService;
  ledger: LedgerService;
  memo: DutyMemo;
  fastPath?: DutyFastPath | undefined;
}

/** The duty routes. */
export function dutyRoutes({ evaluations, ledger, memo, fastPath }: DutyRouteDeps): OpenAPIHono<ApiEnv> {
  const app = newApiApp();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/duty',
      summary: 'Duty on one entry line: every layer considered, why, its source; MPF and HMF',
      request: { query: DutyQuery },
      responses: { ...ok('the duty', DutySchema), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const key = `${q.hts}|${q.origin}|${q.date}|${q.value}|${q.transport ?? ''}|${q.importer ?? ''}`;
      // An overlay read from the log depends on what is committed now, perhaps by another process.
      if (q.overlay) await ledger.sync();
      const body = await memo.get(key, q.overlay, async () => {
        const r = await dutyFor(evaluations, q);
        return JSON.stringify(dutyToJson(r, r.overlay));
      });
      // The raw URL passed validation: the next identical request can skip the framework entirely (only when
      // the answer depends on no log, since the fast path does not ask the store what is committed).
      const raw = incomingOf(c.env)?.url;
      if (fastPath && raw && !q.overlay) fastPath.remember(raw, q.overlay, body);
      return declaredJson<typeof DutySchema>(c.body(body, 200, { 'content-type': 'application/json' }));
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/duty/history',
      summary: 'The same line across eras (dates)',
      request: { query: HistoryQuery },
      responses: {
        ...ok('one result per date', z.object({ results: z.array(DutySchema) })),
        ...errors(400),
      },
    }),
    async (c) =>
      c.json(
        {
          results: (await dutyHistory(evaluations, c.req.valid('query'))).map((r) =>
            dutyToJson(r, r.overlay),
          ),
        },
        200,
      ),
  );
  return app;
}
