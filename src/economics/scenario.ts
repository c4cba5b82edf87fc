/**
 * @module economics/scenario
 * The scenario file `accord simulate` reads: which agreement, which term variants, which tables, the
 * assumptions and the uncertainty to draw over. Problems carry file:line:col.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { parseRate } from '../_lib/money.js';
import { AccordError, type Location, type Problem } from '../_lib/problem.js';
import { loadAgreement } from '../agreement/index.js';
import type { ModelName } from './labels.js';
import type { Uncertainty } from './monte-carlo.js';
import {
  parseBaseFlows,
  parseElasticities,
  parseFirmExports,
  parseMultipliers,
  shippedTables,
} from './tables.js';
import {
  DEFAULT_TERM_ASSUMPTIONS,
  type TermAgreement,
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
  agreement: TermAgreement;
  variants: (string | undefined)[];
  models: ModelName[];
  tables: TermTables;
  tableSources: string[];
  assumptions: TermAssumptions;
  uncertainty: Uncertainty;
  runs: number;
  seed: number;
}

function locate(text: string, file: string, path: readonly PropertyKey[]): Location {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) {
      const { line, col } = lc.linePos(node.range[0]);
      return { file, line, column: col };
    }
  }
  return { file, line: 1, column: 1 };
}

function parseYaml(text: string, file: string): unknown {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
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
  return doc.toJS();
}

function zodProblems(error: z.ZodError, text: string, file: string, code: string): Problem[] {
  return error.issues.map((issue) => ({
    code,
    message: `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
    where: locate(text, file, issue.path),
  }));
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AccordError('file-not-found', `${path}: no such file (check the path)`);
    throw new AccordError('file-unreadable', `${path}: cannot be read (${code ?? String(error)})`);
  }
}

/** Load and validate an agreement file with the agreement loader (problems carry file:line:col). */
export function readAgreementForSimulation(file: string): TermAgreement {
  const loaded = loadAgreement(readText(file), file);
  if (!loaded.agreement)
    throw new AccordError('invalid-agreement', `${file}: the agreement has problems`, {
      problems: loaded.problems,
    });
  const agreement: TermAgreement = loaded.agreement;
  return agreement;
}

/**
 * Load a scenario file with its agreement and tables.
 *
 * @example
 * loadScenario('examples/us-japan-milestones/scenario.yaml').variants // ['japan-7y', 'us-15y']
 */
export function loadScenario(file: string): Scenario {
  const text = readText(file);
  const parsed = scenarioSchema.safeParse(parseYaml(text, file));
  if (!parsed.success)
    throw new AccordError('invalid-scenario', `${file}: the scenario has problems`, {
      problems: zodProblems(parsed.error, text, file, 'scenario-invalid'),
    });
  const s = parsed.data;
  const base = dirname(file);
  const agreementFile = resolve(base, s.agreement);
  const agreement = readAgreementForSimulation(agreementFile);
  const known = new Set((agreement.term.variants ?? []).map((v) => v.id));
  const problems: Problem[] = [];
  (s.variants ?? []).forEach((v, i) => {
    if (!known.has(v))
      problems.push({
        code: 'scenario-unknown-variant',
        message: `variant "${v}" is not in the agreement (it has ${[...known].join(', ') || 'none'})`,
        where: locate(text, file, ['variants', i]),
      });
  });
  const milestoneIds = new Set(agreement.milestones.map((m) => m.id));
  for (const id of Object.keys(s.assumptions?.attainment ?? {}))
    if (!milestoneIds.has(id))
      problems.push({
        code: 'scenario-unknown-milestone',
        message: `milestone "${id}" is not in the agreement (it has ${[...milestoneIds].join(', ')})`,
        where: locate(text, file, ['assumptions', 'attainment', id]),
      });
  if (problems.length > 0)
    throw new AccordError('invalid-scenario', `${file}: the scenario has problems`, { problems });
  const shipped = shippedTables();
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
    ...(a.Em ? { Em: a.Em } : {}),
  };
  const model = s.model ?? 'all';
  return {
    file,
    title: s.title,
    agreementFile,
    agreement,
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
