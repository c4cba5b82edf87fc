/**
 * @module server/routes/duty
 * Duty on one entry line (every layer considered, why, its source; MPF and HMF) and the same line across
 * eras, with the facts the line declares (USMCA, metal content, loading date, quota … as `accord duty`'s
 * options, read by the same readers). Answers are remembered as the JSON text sent, and an anonymous lookup
 * that depends on no log is handed to the fast path so the next identical request skips the framework.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AUTO_PART_USES, dutyToJson, END_USES, PHARMA_TYPES } from '../../tariff/index.js';
import { dutyHistory, dutyInputOf, dutyOn } from '../compute.js';
import type { DutyFastPath } from '../duty-fast-path.js';
import { type DutyMemo, lineKey } from '../duty-memo.js';
import type { EvaluationService } from '../evaluations.js';
import type { LedgerService } from '../ledger-service.js';
import { type ApiEnv, date, declaredJson, errors, incomingOf, newApiApp, ok } from './kit.js';

const PHARMA_CHOICES = PHARMA_TYPES.join(', ');
const END_USE_CHOICES = END_USES.join(', ');
const AUTO_PART_USE_CHOICES = AUTO_PART_USES.join(', ');

/** A yes-or-no fact in a query, with what yes means and what the default is. */
const yesNo = (what: string) =>
  z
    .string()
    .optional()
    .openapi({ example: 'true', description: `${what}: true or false (also yes or no)` });

/**
 * The facts the law turns on that a line declares, as `accord duty`'s options (camel case) and the bulk CSV's
 * columns: each is optional, and a fact not given is assumed as the answer's `assumptions` say.
 */
const DeclaredFactsQuery = {
  mfn: z.string().optional().openapi({
    example: '2.5%',
    description: "column-1 rate to use instead of the HTS table's: Free, 2.5%, 4.4¢/kg, 2.5% + 4.4¢/kg",
  }),
  weightKg: z
    .string()
    .optional()
    .openapi({ example: '1200', description: 'net weight in kg, for rates charged per kg' }),
  qty: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({
      example: 'liter=750',
      description:
        'another quantity a column-1 rate is charged on, as KEY=N (liter, pf_liter, no, doz, pr, m2, usd_battery …); repeat the parameter for several (qty=liter=750&qty=pf_liter=900). A line that needs one says which',
    }),
  metalContentUsd: z.string().optional().openapi({
    example: '4000',
    description:
      'value of the steel, aluminum or copper content, US dollars (content-based Section 232 layers); not with metalShare',
  }),
  metalShare: z.string().optional().openapi({
    example: '40',
    description: 'the metal content as a percent of the value, 0–100 (instead of metalContentUsd)',
  }),
  metalWeightPct: z.string().optional().openapi({
    example: '10',
    description: "metal as a percent of the article's weight, 0–100 (the 15% test of the 2026 metals tiers)",
  }),
  usContentPct: z.string().optional().openapi({
    example: '25',
    description:
      'US content as a percent of the value, 0–100 (heading 9903.01.34; the approved US content of a USMCA vehicle, 9903.94.03 and 9903.74.03)',
  }),
  usmca: yesNo(
    'the goods qualify for USMCA and the preference is claimed (general note 11; products of Canada or Mexico only); default: not claimed',
  ),
  caftaDr: yesNo(
    'the goods originate under CAFTA-DR and the preference is claimed (general note 29; products of CR, DO, SV, GT, HN or NI only); default: not claimed',
  ),
  quota: z.string().optional().openapi({
    example: 'over',
    description: 'tariff-rate quota status: within or over (default within)',
  }),
  meltPour: z.string().optional().openapi({
    example: 'CN',
    description:
      'country where the metal was melted and poured (aluminum: smelted and cast), ISO 3166 alpha-2; default: the origin',
  }),
  semiconductor39b: yesNo(
    'the article meets the technical parameters of U.S. note 39(b) (9903.79.01); default: it does not (9903.79.02)',
  ),
  craneAttestation: yesNo(
    'the importer attests under 9903.91.15 for a ship-to-shore gantry crane (U.S. note 31(l)(iv)); default: no attestation. The API serves the shipped product lists only, so no code is a ship-to-shore crane here (accord duty --scopes with lists/s301-sts-cranes-by-use.csv declares one)',
  ),
  transshipped: yesNo(
    'CBP has determined the goods were transshipped to evade the IEEPA duties (40% under 9903.02.01, Canada 9903.01.16); default: no such determination',
  ),
  pharma: z
    .string()
    .optional()
    .openapi({
      example: 'patented',
      description: `what a pharmaceutical article of U.S. note 40(c) is: ${PHARMA_CHOICES}; default generic (9903.04.67)`,
    }),
  endUse: z
    .string()
    .optional()
    .openapi({
      example: 'repair',
      description: `US end use claimed under U.S. note 39(d) (9903.79.03–.09): ${END_USE_CHOICES}; default none`,
    }),
  autoPartUse: z
    .string()
    .optional()
    .openapi({
      example: 'us-production-repair',
      description: `what the importer certifies an automobile part outside the parts annex will be used for (U.S. note 33(p)–(u), from 2025-11-01): ${AUTO_PART_USE_CHOICES}; default none`,
    }),
  loaded: z.string().optional().openapi({
    example: '2025-08-01',
    description:
      'date the goods were loaded for export to the US, YYYY-MM-DD (the in-transit rules); not after the entry date',
  }),
};

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
  ...DeclaredFactsQuery,
});
const HistoryQuery = DutyQuery.omit({ date: true }).extend({
  dates: z.string().optional().openapi({
    description:
      'comma-separated dates; default: one per era of the rule base (with loaded, those on or after it)',
  }),
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
      summary:
        'Duty on one entry line, with the facts it declares (usmca, metalShare, loaded, quota …): every layer considered, why, its source; MPF and HMF',
      request: { query: DutyQuery },
      responses: { ...ok('the duty', DutySchema), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      // Keyed by the line as read, every declared fact included: two lines differing in any fact never share
      // an answer, and spellings of one line (usmca=yes, usmca=true) do.
      const input = dutyInputOf(q);
      // An overlay read from the log depends on what is committed now, perhaps by another process.
      if (q.overlay) await ledger.sync();
      const body = await memo.get(lineKey(input), q.overlay, async () => {
        const r = await dutyOn(evaluations, input, q.overlay);
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
