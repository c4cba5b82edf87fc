/**
 * @module server/routes/economics-schemas
 * The JSON of the simulation and negotiation routes, as zod schemas for /openapi.json: per variant and model
 * the expected path and its totals (money as decimal strings) with Monte Carlo bands, and for the US–Japan
 * talks the frontier, the solution points, the history of offers and the trace of an agent run. Year and
 * total rows declare the fields every model gives and admit the rest (firm names vary with the scenario).
 */
import { z } from '@hono/zod-openapi';

const Percentiles = z.object({
  p5: z.union([z.string(), z.number()]),
  p25: z.union([z.string(), z.number()]),
  p50: z.union([z.string(), z.number()]),
  p75: z.union([z.string(), z.number()]),
  p95: z.union([z.string(), z.number()]),
  mean: z.union([z.string(), z.number()]),
});

const YearRow = z.looseObject({
  year: z.number(),
  from: z.string(),
  to: z.string(),
  rates: z.record(z.string(), z.string()),
  revenueForgone: z.string(),
  jobs: z.record(z.string(), z.number()),
});

/** Simulations of the milestone compromise's term variants. */
export const SimulationSchema = z
  .object({
    title: z.string(),
    definitions: z.object({ expectedPath: z.string(), bands: z.string(), whyTheyDiffer: z.string() }),
    models: z.array(z.string()),
    monteCarlo: z.object({ runs: z.number(), seed: z.number() }).optional(),
    results: z.array(
      z.object({
        variant: z.object({ id: z.string(), title: z.string(), years: z.number() }),
        model: z.string(),
        assumptions: z.array(z.string()),
        citations: z.array(z.string()),
        years: z.array(YearRow),
        totals: z.looseObject({ revenueForgone: z.string(), npv: z.record(z.string(), z.string()) }),
        bands: z
          .looseObject({
            runs: z.number(),
            seed: z.number(),
            percentiles: z.string(),
            perYear: z.record(z.string(), z.array(Percentiles)),
            totals: z.record(z.string(), Percentiles),
          })
          .optional(),
      }),
    ),
    notes: z.array(z.string()),
  })
  .openapi('Simulation');

/** An outcome: one value per issue. */
const Outcome = z.record(z.string(), z.union([z.string(), z.number()]));
const Pair = z.tuple([z.number(), z.number()]);
const Scored = z.looseObject({ outcome: Outcome, utilities: Pair });
const Solution = z.looseObject({ outcome: Outcome, utilities: Pair, tied: z.number() }).nullable();

/** The US–Japan negotiation: its frontier, solution points and the analysed history of offers. */
export const NegotiationAnalysisSchema = z
  .object({
    analysis: z.looseObject({
      convention: z.string(),
      conventionNote: z.string(),
      parties: z.tuple([z.string(), z.string()]),
      issues: z.number(),
      outcomes: z.number(),
      disagreement: Pair,
      ideal: Pair.nullable(),
      pareto: z.array(Scored),
      nash: Solution,
      kalaiSmorodinsky: Solution,
      egalitarian: Solution,
      maxWelfare: Solution,
      opposition: z.number(),
    }),
    history: z.array(
      z.object({
        date: z.string(),
        round: z.string(),
        party: z.string(),
        label: z.string(),
        outcome: Outcome,
        utilities: Pair,
        dominated: z.boolean(),
        distanceToFrontier: z.number(),
        bestImprovement: Scored.nullable(),
        concession: z.number().nullable(),
        changes: z.array(z.string()),
        source: z.string().optional(),
        note: z.string().optional(),
      }),
    ),
    source: z.string(),
  })
  .openapi('NegotiationAnalysis');

/** One run of two agents under the alternating-offers protocol. */
export const NegotiationRunSchema = z
  .object({
    parties: z.array(z.string()),
    agents: z.tuple([z.string(), z.string()]),
    deadlineRounds: z.number(),
    agreement: Outcome.nullable(),
    agreementTurn: z.number().nullable(),
    utilities: Pair,
    trace: z.array(
      z.object({
        turn: z.number(),
        round: z.number(),
        t: z.number(),
        party: z.string(),
        action: z.enum(['offer', 'accept', 'end']),
        outcome: Outcome.nullable(),
        utilities: Pair.nullable(),
        dominated: z.boolean().nullable(),
        distanceToFrontier: z.number().nullable(),
      }),
    ),
  })
  .openapi('NegotiationRun');
