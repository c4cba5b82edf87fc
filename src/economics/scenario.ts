/**
 * @module economics/scenario
 * The scenario file `accord simulate` reads: which agreement, which term variants, which tables, the
 * assumptions and the uncertainty to draw over. Problems carry file:line:col. The scenario and the files it
 * names are read through the `ReadText` the caller gives (the CLI and server pass `readTextFile`), and the
 * shipped tables through its `DataSource` (they pass the disk), so a test or another host can supply them from
 * anywhere.
 */

import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { parseIsoDate } from '../_lib/date.js';
import { parseRate } from '../_lib/money.js';
import { AccordError, type Location, type Problem } from '../_lib/problem.js';
import type { DataSource, ReadText } from '../_lib/read-file.js';
import { Locator } from '../_lib/yaml-locate.js';
import { plainNumberTags } from '../_lib/yaml-numbers.js';
import { zodProblems } from '../_lib/zod-problems.js';
import { type Agreement, loadAgreement } from '../agreement/index.js';
import { evaluate, parseFacts } from '../evaluation/index.js';
import { shippedIoTable } from './io-table.js';
import type { ModelName } from './labels.js';
import type { Uncertainty } from './monte-carlo.js';
import {
  parseBaseFlows,
  parseElasticities,
  parseExportSupply,
  parseFirmExports,
  parseMultipliers,
  shippedTables,
} from './tables.js';
import {
  DEFAULT_TERM_ASSUMPTIONS,
  type DecidedMilestone,
  type TermAssumptions,
  type TermTables,
} from './term-path.js';

const fraction = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ppm = parseRate(v);
  if (ppm === undefined || ppm > 1_000_000) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not a share; write "80%" or 0.8` });
    return z.NEVER;
  }
  return ppm / 1_000_000;
});

const range = z
  .strictObject({ low: fraction, high: fraction })
  .refine((r) => r.low <= r.high, { message: 'low must not exceed high' });

/** The scenario file schema. */
export const scenarioSchema = z.strictObject({
  scenario: z.literal(1, { message: 'the format version; write `scenario: 1`' }),
  title: z.string().min(1),
  /** The agreement file, relative to the scenario. */
  agreement: z.string().min(1),
  /** Term variants to compare side by side (ids from the agreement's term.variants). */
  variants: z.array(z.string()).min(1).optional(),
  model: z.enum(['smart', 'gsim', 'ces', 'all']).optional(),
  /** User tables replacing the shipped ones (CSV with the same columns), relative to the scenario. */
  tables: z
    .strictObject({
      elasticities: z.string().optional(),
      baseFlows: z.string().optional(),
      firmExports: z.string().optional(),
      multipliers: z.string().optional(),
      exportSupply: z.string().optional(),
    })
    .optional(),
  assumptions: z
    .strictObject({
      attainment: z.record(z.string(), fraction).optional(),
      defaultAttainment: fraction.optional(),
      delivery: fraction.optional(),
      rampYears: z.number().positive().max(30).optional(),
      discountRate: fraction.optional(),
      structuresShare: fraction.optional(),
      investmentPremium: fraction.optional(),
      /** leontief (default): BEA 2024 input–output table; flat: the cited multipliers table. */
      jobsModel: z.enum(['leontief', 'flat']).optional(),
      Em: z
        .record(z.string(), z.number().negative({ message: 'an import-demand elasticity is negative' }))
        .optional(),
    })
    .optional(),
  uncertainty: z
    .strictObject({
      /** Draw each market's Em uniformly between the table's Em_low and Em_high. */
      elasticities: z.boolean().optional(),
      delivery: range.optional(),
    })
    .optional(),
  /** Verified facts (the evaluation's facts file) and the date to evaluate them at: milestones already
   * decided are taken as decided, only the pending ones are drawn. */
  facts: z.string().min(1).optional(),
  asOf: z
    .union([z.string(), z.date()])
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
    .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'write asOf as YYYY-MM-DD' }))
    .optional(),
  monteCarlo: z
    .strictObject({
      runs: z.number().int().min(1).max(10_000_000).optional(),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 32 - 1)
        .optional(),
    })
    .optional(),
});

/** A loaded scenario, with its agreement and tables. */
export interface Scenario {
  file: string;
  title: string;
  agreementFile: string;
  agreement: Agreement;
  /** Milestones the evaluation decided from the scenario's facts, per variant (undefined key: default). */
  decided: Map<string | undefined, Record<string, DecidedMilestone>>;
  /** What the evaluation said, for the report. */
  evaluationNotes: string[];
  variants: (string | undefined)[];
  models: ModelName[];
  tables: TermTables;
  tableSources: string[];
  assumptions: TermAssumptions;
  uncertainty: Uncertainty;
  runs: number;
  seed: number;
}

/** Where a path of the scenario is: its value, else its deepest existing ancestor's (file:line:col). */
type Locate = (path: readonly PropertyKey[]) => Location;

function parseYaml(text: string, file: string): { data: unknown; locate: Locate } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, customTags: plainNumberTags });
  if (doc.errors.length > 0) {
    const problems: Problem[] = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return {
        code: 'yaml-syntax',
        message: e.message.split('\n')[0] ?? e.message,
        where: pos ? { file, line: pos.line, column: pos.col } : { file },
      };
    });
    throw new AccordError('invalid-yaml', `${file}: not valid YAML`, { problems });
  }
  const locator = new Locator(doc, lc, file);
  const locate: Locate = (path) => {
    const { pointer: _pointer, ...where } = locator.locate(
      path.filter((k): k is string | number => typeof k !== 'symbol'),
      'node',
    );
    return where;
  };
  return { data: doc.toJS(), locate };
}

/** Zod's message after the dotted path it concerns, positioned at the YAML node. */
function scenarioProblems(error: z.ZodError, locate: Locate, code: string): Problem[] {
  return zodProblems(error.issues, {
    code,
    message: (issue, path) => `${path.length ? `${path.join('.')}: ` : ''}${issue.message}`,
    locate,
  });
}

/** Load and validate an agreement file with the agreement loader (problems carry file:line:col). */
export function readAgreementForSimulation(file: string, readText: ReadText): Agreement {
  const loaded = loadAgreement(readText(file), file);
  if (!loaded.agreement)
    throw new AccordError('invalid-agreement', `${file}: the agreement has problems`, {
      problems: loaded.problems,
    });
  return loaded.agreement;
}

/**
 * Evaluate the agreement on verified facts as of a date (the evaluation core), and keep the milestones
 * it has decided: met (with the day recorded) or missed. Pending, in-cure and waived milestones are left
 * to the simulation.
 */
export function decidedMilestones(
  agreement: Agreement,
  factsFile: string,
  asOf: string,
  variant: string | undefined,
  readText: ReadText,
): { decided: Record<string, DecidedMilestone>; notes: string[] } {
  const parsed = parseFacts(readText(factsFile), factsFile);
  if (parsed.problems.some((p) => p.severity !== 'warning'))
    throw new AccordError('invalid-facts', `${factsFile}: the facts file has problems`, {
      problems: parsed.problems,
    });
  const date = parseIsoDate(asOf);
  if (!date) throw new AccordError('invalid-scenario', `asOf ${asOf} is not a calendar date`);
  const evaluation = evaluate(agreement, parsed.facts, date, variant === undefined ? {} : { variant });
  const decided: Record<string, DecidedMilestone> = {};
  const notes: string[] = [];
  for (const m of evaluation.milestones) {
    if (m.status === 'met')
      decided[m.id] = { met: true, status: m.status, ...(m.decidedOn ? { on: m.decidedOn } : {}) };
    else if (m.status === 'missed' || m.status === 'snapped-back')
      decided[m.id] = { met: false, status: m.status, ...(m.decidedOn ? { on: m.decidedOn } : {}) };
    notes.push(`${m.id}: ${m.status} as of ${asOf} (evaluation of ${factsFile})`);
  }
  return { decided, notes };
}

/**
 * Load a scenario file with its agreement and tables; `readText` reads the scenario and every file it names,
 * `shippedData` the shipped tables it does not replace.
 *
 * @example
 * loadScenario('examples/us-japan-milestones/scenario.yaml', readTextFile, diskSource).variants // ['japan-7y', 'us-15y']
 */
export function loadScenario(file: string, readText: ReadText, shippedData: DataSource): Scenario {
  const { data, locate } = parseYaml(readText(file), file);
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success)
    throw new AccordError('invalid-scenario', `${file}: the scenario has problems`, {
      problems: scenarioProblems(parsed.error, locate, 'scenario-invalid'),
    });
  const s = parsed.data;
  const base = dirname(file);
  const agreementFile = resolve(base, s.agreement);
  const agreement = readAgreementForSimulation(agreementFile, readText);
  if (s.facts !== undefined && s.asOf === undefined)
    throw new AccordError('invalid-scenario', `${file}: facts needs asOf, the date to evaluate them at`, {
      problems: [
        {
          code: 'scenario-invalid',
          message: 'facts needs asOf (YYYY-MM-DD)',
          where: locate(['facts']),
        },
      ],
    });
  const known = new Set((agreement.term.variants ?? []).map((v) => v.id));
  const problems: Problem[] = [];
  (s.variants ?? []).forEach((v, i) => {
    if (!known.has(v))
      problems.push({
        code: 'scenario-unknown-variant',
        message: `variant "${v}" is not in the agreement (it has ${[...known].join(', ') || 'none'})`,
        where: locate(['variants', i]),
      });
  });
  const milestoneIds = new Set(agreement.milestones.map((m) => m.id));
  for (const id of Object.keys(s.assumptions?.attainment ?? {}))
    if (!milestoneIds.has(id))
      problems.push({
        code: 'scenario-unknown-milestone',
        message: `milestone "${id}" is not in the agreement (it has ${[...milestoneIds].join(', ')})`,
        where: locate(['assumptions', 'attainment', id]),
      });
  if (problems.length > 0)
    throw new AccordError('invalid-scenario', `${file}: the scenario has problems`, { problems });
  const shipped = shippedTables(shippedData);
  const tableSources: string[] = [];
  const user = <T>(
    key: keyof NonNullable<typeof s.tables>,
    parse: (t: string, f: string) => T,
    fallback: T,
  ): T => {
    const rel = s.tables?.[key];
    if (rel === undefined) return fallback;
    const path = resolve(base, rel);
    tableSources.push(`${key}: ${rel} (user table)`);
    return parse(readText(path), path);
  };
  const tables: TermTables = {
    elasticities: user('elasticities', parseElasticities, shipped.elasticities),
    baseFlows: user('baseFlows', parseBaseFlows, shipped.baseFlows),
    firmExports: user('firmExports', parseFirmExports, shipped.firmExports),
    multipliers: user('multipliers', parseMultipliers, shipped.multipliers),
    exportSupply: user('exportSupply', parseExportSupply, shipped.exportSupply),
  };
  const a = s.assumptions ?? {};
  const assumptions: TermAssumptions = {
    attainment: a.attainment ?? {},
    defaultAttainment: a.defaultAttainment ?? DEFAULT_TERM_ASSUMPTIONS.defaultAttainment,
    delivery: a.delivery ?? DEFAULT_TERM_ASSUMPTIONS.delivery,
    rampYears: a.rampYears ?? DEFAULT_TERM_ASSUMPTIONS.rampYears,
    discountRate: a.discountRate ?? DEFAULT_TERM_ASSUMPTIONS.discountRate,
    structuresShare: a.structuresShare ?? DEFAULT_TERM_ASSUMPTIONS.structuresShare,
    investmentPremium: a.investmentPremium ?? DEFAULT_TERM_ASSUMPTIONS.investmentPremium,
    jobsModel: a.jobsModel ?? DEFAULT_TERM_ASSUMPTIONS.jobsModel ?? 'leontief',
    ...(a.Em ? { Em: a.Em } : {}),
  };
  if (assumptions.jobsModel === 'leontief') tables.io = shippedIoTable(shippedData);
  const model = s.model ?? 'all';
  const decided = new Map<string | undefined, Record<string, DecidedMilestone>>();
  const evaluationNotes: string[] = [];
  if (s.facts !== undefined && s.asOf !== undefined) {
    const factsFile = resolve(base, s.facts);
    for (const v of s.variants ?? [undefined]) {
      const r = decidedMilestones(agreement, factsFile, s.asOf, v, readText);
      decided.set(v, r.decided);
      evaluationNotes.push(...r.notes.map((n) => (v === undefined ? n : `${v}: ${n}`)));
    }
  }
  return {
    file,
    title: s.title,
    agreementFile,
    agreement,
    decided,
    evaluationNotes,
    variants: s.variants ?? [undefined],
    models: modelsFor(model),
    tables,
    tableSources,
    assumptions,
    uncertainty: {
      elasticities: s.uncertainty?.elasticities ?? true,
      ...(s.uncertainty?.delivery ? { delivery: s.uncertainty.delivery } : {}),
    },
    runs: s.monteCarlo?.runs ?? 1000,
    seed: s.monteCarlo?.seed ?? 1,
  };
}

/** The models a `--model` choice stands for. */
export function modelsFor(choice: 'smart' | 'gsim' | 'ces' | 'all'): ModelName[] {
  return choice === 'all' ? ['SMART', 'GSIM', 'CES'] : [choice.toUpperCase() as ModelName];
}
