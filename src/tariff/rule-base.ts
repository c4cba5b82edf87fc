/**
 * @module tariff/rule-base
 * The rule base: duty layers (`data/tariff/layers.yaml`), product scopes (`scopes.yaml`) and entry fees
 * (`fees.yaml`), validated and compiled so that every layer is evaluated after the layers its interactions
 * name. Interactions may name programs; compiling resolves them to layer ids.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { IsoDate } from '../_lib/date.js';
import { parseIsoDate } from '../_lib/date.js';
import { type Cents, type Ppm, parseRate, parseUsd } from '../_lib/money.js';
import { AccordError } from '../_lib/problem.js';
import { dataDir } from './data-dir.js';
import type { Interaction, Layer } from './layer.js';
import { parseScopesYaml, type Scopes } from './scopes.js';

const date = z
  .string()
  .refine((s) => parseIsoDate(s) !== undefined, { message: 'a YYYY-MM-DD calendar date' });
const rate = z.string().refine((s) => parseRate(s) !== undefined, { message: 'a percent rate, e.g. "25%"' });
const iso2 = z.string().regex(/^[A-Z]{2}$/, { message: 'an ISO 3166 alpha-2 code' });

const common = {
  from: date.optional(),
  until: date.optional(),
  heading: z.string().optional(),
  reason: z.string().min(1),
  source: z.string().min(1),
  uncertain: z.string().optional(),
};
const refs = { layers: z.array(z.string()).optional(), programs: z.array(z.string()).optional() };
const interactionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('skip-if'), ...common, ...refs }),
  z.strictObject({ kind: z.literal('replaced-retroactively'), ...common, ...refs }),
  z.strictObject({ kind: z.literal('remainder-after'), ...common, ...refs }),
  z.strictObject({ kind: z.literal('us-content-split'), ...common, minShare: rate }),
  z.strictObject({ kind: z.literal('exempt-products'), ...common, lists: z.array(z.string()).min(1) }),
  z.strictObject({ kind: z.literal('exempt-countries'), ...common, countries: z.array(iso2).min(1) }),
  z
    .strictObject({
      kind: z.literal('declared'),
      ...common,
      fact: z.enum(['usmca', 'quota', 'melt-pour']),
      skipWhen: z.array(z.string()).min(1).optional(),
      skipUnless: z.array(z.string()).min(1).optional(),
    })
    .refine((i) => (i.skipWhen === undefined) !== (i.skipUnless === undefined), {
      message: 'a declared interaction has skipWhen or skipUnless (one of them)',
    }),
]);
type RawInteraction = z.output<typeof interactionSchema>;

const layerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9.:-]+$/),
  program: z.string().regex(/^[a-z0-9-]+$/),
  heading: z.string().min(1),
  headingAtOrAbove: z.string().optional(),
  authority: z.string().min(1),
  formula: z.enum(['ad-valorem', 'inclusive', 'claim']),
  rate,
  base: z.enum(['value', 'metal-content']).default('value'),
  products: z.strictObject({ all: z.literal(true).optional(), lists: z.array(z.string()).optional() }),
  countries: z.strictObject({
    all: z.literal(true).optional(),
    only: z.array(iso2).optional(),
    except: z.array(iso2).optional(),
  }),
  from: date,
  until: date.optional(),
  transit: z
    .strictObject({
      rule: z.enum(['extends', 'yields']),
      loadedBefore: date,
      enteredBefore: date.optional(),
      reason: z.string(),
      source: z.string(),
      uncertain: z.string().optional(),
    })
    .optional(),
  metalWeight: z
    .strictObject({
      minShare: rate,
      exceptChapters: z.array(z.string()),
      heading: z.string(),
      source: z.string(),
    })
    .optional(),
  // Interaction sets are shared through YAML aliases, which nest one level: flatten them.
  interactions: z.array(z.union([interactionSchema, z.array(interactionSchema)])).default([]),
  filingOrder: z.number().int(),
  source: z.string().min(1),
  uncertain: z.string().optional(),
});
const layersFileSchema = z.object({
  coverage: z.strictObject({ from: date }),
  layers: z.array(layerSchema).min(1),
});

const feeYearSchema = z.strictObject({
  fiscalYear: z.string(),
  from: date,
  until: date,
  min: z.string(),
  max: z.string(),
});
const feesSchema = z.strictObject({
  mpf: z.strictObject({
    rate,
    source: z.string(),
    years: z.array(feeYearSchema).min(1),
    afterLastYear: z.string(),
  }),
  hmf: z.strictObject({ rate, transport: z.array(z.enum(['ocean', 'air', 'other'])), source: z.string() }),
});

/** MPF bounds of one fiscal year. */
export interface MpfYear {
  fiscalYear: string;
  from: IsoDate;
  until: IsoDate;
  min: Cents;
  max: Cents;
}

/** Fee rules. */
export interface FeeRules {
  mpf: { rate: Ppm; source: string; years: MpfYear[]; afterLastYear: string };
  hmf: { rate: Ppm; transport: string[]; source: string };
}

/** A layer whose interaction references are resolved to layer ids. */
export type RawLayer = Omit<Layer, 'interactions'> & {
  interactions: (Interaction | (RawInteraction & { layers?: string[]; programs?: string[] }))[];
};

/** The validated, compiled rule base. */
export interface RuleBase {
  /** First entry date the rule base covers. */
  coverageFrom: IsoDate;
  /** Layers in evaluation order (each after the layers its interactions name). */
  layers: Layer[];
  scopes: Scopes;
  fees: FeeRules;
}

function zodProblems(file: string, error: z.ZodError) {
  return error.issues.map((issue) => ({
    code: 'rule-base-invalid',
    message: issue.message,
    where: { file, pointer: `/${issue.path.join('/')}` },
  }));
}

/** Parse the layers file into raw layers (programs not yet resolved). */
export function parseLayersYaml(
  content: string,
  file: string,
): { coverageFrom: IsoDate; layers: RawLayer[] } {
  const parsed = layersFileSchema.safeParse(parseYaml(content, { maxAliasCount: -1 }));
  if (!parsed.success) {
    throw new AccordError('rule-base-invalid', `${file} is not a valid rule base`, {
      problems: zodProblems(file, parsed.error),
    });
  }
  const layers = parsed.data.layers.map((l): RawLayer => {
    const interactions = l.interactions.flat().map((i) => {
      if (i.kind === 'us-content-split') return { ...i, minShare: parseRate(i.minShare)! };
      return i;
    });
    return {
      ...l,
      rate: parseRate(l.rate)!,
      ...(l.metalWeight
        ? { metalWeight: { ...l.metalWeight, minShare: parseRate(l.metalWeight.minShare)! } }
        : {}),
      interactions,
    } as RawLayer;
  });
  return { coverageFrom: parsed.data.coverage.from as IsoDate, layers };
}

/** Parse the fee file. */
export function parseFeesYaml(content: string, file: string): FeeRules {
  const parsed = feesSchema.safeParse(parseYaml(content));
  if (!parsed.success) {
    throw new AccordError('fees-invalid', `${file} is not a valid fee file`, {
      problems: zodProblems(file, parsed.error),
    });
  }
  const f = parsed.data;
  return {
    mpf: {
      rate: parseRate(f.mpf.rate)!,
      source: f.mpf.source,
      afterLastYear: f.mpf.afterLastYear,
      years: f.mpf.years.map((y) => ({
        fiscalYear: y.fiscalYear,
        from: y.from as IsoDate,
        until: y.until as IsoDate,
        min: parseUsd(y.min)!,
        max: parseUsd(y.max)!,
      })),
    },
    hmf: { rate: parseRate(f.hmf.rate)!, transport: f.hmf.transport, source: f.hmf.source },
  };
}

/**
 * Resolve program references to layer ids, check every reference and list exists, and order the layers so
 * each comes after the layers it depends on. A cycle or a dangling reference is an error in the data.
 */
export function compileLayers(raw: readonly RawLayer[], scopes: Scopes, file: string): Layer[] {
  const byId = new Map<string, RawLayer>();
  const byProgram = new Map<string, string[]>();
  const problems: { code: string; message: string; where: { file: string; pointer: string } }[] = [];
  raw.forEach((layer, i) => {
    if (byId.has(layer.id)) {
      problems.push({
        code: 'layer-duplicate',
        message: `duplicate layer id ${layer.id}`,
        where: { file, pointer: `/layers/${i}/id` },
      });
    }
    byId.set(layer.id, layer);
    byProgram.set(layer.program, [...(byProgram.get(layer.program) ?? []), layer.id]);
  });
  const compiled: Layer[] = raw.map((layer, i) => {
    for (const list of layer.products.lists ?? []) {
      if (!scopes.get(list)) {
        problems.push({
          code: 'layer-unknown-list',
          message: `unknown product list ${list}`,
          where: { file, pointer: `/layers/${i}/products` },
        });
      }
    }
    const interactions = layer.interactions.map((inter, j): Interaction => {
      if (
        inter.kind === 'skip-if' ||
        inter.kind === 'replaced-retroactively' ||
        inter.kind === 'remainder-after'
      ) {
        const r = inter as { layers?: string[]; programs?: string[] };
        const ids = [...(r.layers ?? [])];
        for (const program of r.programs ?? []) ids.push(...(byProgram.get(program) ?? []));
        for (const id of r.layers ?? []) {
          if (!byId.has(id)) {
            problems.push({
              code: 'layer-unknown-ref',
              message: `unknown layer ${id}`,
              where: { file, pointer: `/layers/${i}/interactions/${j}` },
            });
          }
        }
        const { programs: _p, ...rest } = inter as typeof inter & { programs?: string[] };
        return { ...rest, layers: ids.filter((id) => id !== layer.id) } as Interaction;
      }
      if (inter.kind === 'exempt-products') {
        for (const list of inter.lists) {
          if (!scopes.get(list)) {
            problems.push({
              code: 'layer-unknown-list',
              message: `unknown product list ${list}`,
              where: { file, pointer: `/layers/${i}/interactions/${j}` },
            });
          }
        }
      }
      return inter as Interaction;
    });
    return { ...layer, interactions } as Layer;
  });
  if (problems.length > 0)
    throw new AccordError('rule-base-invalid', `${file} has bad references`, { problems });
  return topoSort(compiled, file);
}

function topoSort(layers: Layer[], file: string): Layer[] {
  const byId = new Map(layers.map((l) => [l.id, l]));
  const state = new Map<string, 'visiting' | 'done'>();
  const out: Layer[] = [];
  const visit = (layer: Layer, path: string[]) => {
    const s = state.get(layer.id);
    if (s === 'done') return;
    if (s === 'visiting') {
      throw new AccordError(
        'rule-base-cycle',
        `${file}: layers depend on each other in a cycle: ${[...path, layer.id].join(' → ')}`,
      );
    }
    state.set(layer.id, 'visiting');
    for (const inter of layer.interactions) {
      if ('layers' in inter) for (const id of inter.layers) visit(byId.get(id)!, [...path, layer.id]);
    }
    state.set(layer.id, 'done');
    out.push(layer);
  };
  for (const layer of layers) visit(layer, []);
  return out;
}

export { dataDir };

/** Build a rule base from the three files' contents. */
export function parseRuleBase(
  files: { layers: string; scopes: string; fees: string },
  names = {
    layers: 'layers.yaml',
    scopes: 'scopes.yaml',
    fees: 'fees.yaml',
  },
): RuleBase {
  const scopes = parseScopesYaml(files.scopes, names.scopes);
  const { coverageFrom, layers } = parseLayersYaml(files.layers, names.layers);
  return {
    coverageFrom,
    layers: compileLayers(layers, scopes, names.layers),
    scopes,
    fees: parseFeesYaml(files.fees, names.fees),
  };
}

let shipped: RuleBase | undefined;

/** The rule base shipped in `data/tariff` (read once). */
export function loadShippedRuleBase(): RuleBase {
  if (!shipped) {
    const dir = dataDir();
    const read = (name: string) => readFileSync(join(dir, name), 'utf8');
    shipped = parseRuleBase(
      { layers: read('layers.yaml'), scopes: read('scopes.yaml'), fees: read('fees.yaml') },
      { layers: 'data/tariff/layers.yaml', scopes: 'data/tariff/scopes.yaml', fees: 'data/tariff/fees.yaml' },
    );
  }
  return shipped;
}
