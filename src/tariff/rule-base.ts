/**
 * @module tariff/rule-base
 * The rule base: duty layers (`data/tariff/layers.yaml`), product scopes (`scopes.yaml`) and entry fees
 * (`fees.yaml`), validated and compiled so that every layer is evaluated after the layers its interactions
 * name. Interactions may name programs; compiling resolves them to layer ids.
 */
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { IsoDate } from '../_lib/date.js';
import { parseIsoDate } from '../_lib/date.js';
import { parseRate, parseUsd } from '../_lib/money.js';
import { AccordError } from '../_lib/problem.js';
import type { DataSource, ReadText } from '../_lib/read-file.js';
import { zodProblems } from '../_lib/zod-problems.js';
import { dataDir } from './data-dir.js';
import type { Interaction, Layer } from './layer.js';
import type { FeeRules, RuleBase } from './rule-base-model.js';
import type { Scopes } from './scope-lists.js';
import { parseScopesYaml } from './scopes.js';
import { loadShippedRuleBase, ruleBaseJson, sourceDigests, useYamlWhenStale } from './shipped-rule-base.js';

export type { FeeRules, MpfYear, RuleBase } from './rule-base-model.js';

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
  z.strictObject({
    kind: z.literal('us-content-split'),
    ...common,
    minShare: rate,
    required: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('exempt-products'), ...common, lists: z.array(z.string()).min(1) }),
  z.strictObject({ kind: z.literal('exempt-countries'), ...common, countries: z.array(iso2).min(1) }),
  z
    .strictObject({
      kind: z.literal('declared'),
      ...common,
      fact: z.enum([
        'usmca',
        'quota',
        'melt-pour',
        'semiconductor-39b',
        'end-use',
        'crane-attestation',
        'pharma',
        'transshipped',
        'cafta-dr',
        'auto-part-use',
      ]),
      skipWhen: z.array(z.string()).min(1).optional(),
      skipUnless: z.array(z.string()).min(1).optional(),
      lists: z.array(z.string()).min(1).optional(),
      assumeFor: z.array(z.string()).min(1).optional(),
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
  products: z.strictObject({
    all: z.literal(true).optional(),
    lists: z.array(z.string()).optional(),
    /** HTS prefixes (chapters, headings) the layer never reaches: note 33(p)'s "chapters 72, 73 or 76". */
    except: z
      .array(z.string().regex(/^\d{2}(\d{2}){0,4}$/, 'an HTS prefix of 2, 4, 6, 8 or 10 digits'))
      .optional(),
  }),
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
      loadedFrom: date.optional(),
      enteredBefore: date.optional(),
      heading: z.string().optional(),
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
      noMetal: z.strictObject({ heading: z.string(), source: z.string() }).optional(),
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

/** A layer whose interaction references are resolved to layer ids. */
export type RawLayer = Omit<Layer, 'interactions'> & {
  interactions: (Interaction | (RawInteraction & { layers?: string[]; programs?: string[] }))[];
};

/** Parse the layers file into raw layers (programs not yet resolved). */
export function parseLayersYaml(
  content: string,
  file: string,
): { coverageFrom: IsoDate; layers: RawLayer[] } {
  const parsed = layersFileSchema.safeParse(parseYaml(content, { maxAliasCount: -1 }));
  if (!parsed.success) {
    throw new AccordError('rule-base-invalid', `${file} is not a valid rule base`, {
      problems: zodProblems(parsed.error.issues, { code: 'rule-base-invalid', file, pointer: 'joined' }),
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
      problems: zodProblems(parsed.error.issues, { code: 'rule-base-invalid', file, pointer: 'joined' }),
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
      } else if (scopes.parts(list).length > 0) {
        problems.push({
          code: 'layer-dated-list',
          message: `product list ${list} has dated rows; a layer's products must hold on every date of the layer (split the layer by date instead)`,
          where: { file, pointer: `/layers/${i}/products` },
        });
      }
    }
    const interactions = layer.interactions.flatMap((inter, j): Interaction[] => {
      const checkLists = (lists: readonly string[]) => {
        for (const list of lists) {
          if (!scopes.get(list)) {
            problems.push({
              code: 'layer-unknown-list',
              message: `unknown product list ${list}`,
              where: { file, pointer: `/layers/${i}/interactions/${j}` },
            });
          }
        }
      };
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
        return [{ ...rest, layers: ids.filter((id) => id !== layer.id) } as Interaction];
      }
      if (inter.kind === 'exempt-products') {
        checkLists(inter.lists);
        return expandDatedLists(inter as Interaction & { kind: 'exempt-products' }, scopes);
      }
      if (inter.kind === 'declared') {
        if (inter.lists) checkLists(inter.lists);
        if (inter.assumeFor) checkLists(inter.assumeFor);
      }
      return [inter as Interaction];
    });
    return { ...layer, interactions } as Layer;
  });
  if (problems.length > 0)
    throw new AccordError('rule-base-invalid', `${file} has bad references`, { problems });
  return topoSort(compiled, file);
}

/** The later of two optional start dates (undefined: no start). */
function laterStart(a: IsoDate | undefined, b: IsoDate | undefined): IsoDate | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

/** The earlier of two optional end dates (undefined: no end). */
function earlierEnd(a: IsoDate | undefined, b: IsoDate | undefined): IsoDate | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

/**
 * An exemption naming lists with dated rows becomes one interaction for the rows that hold on every date and
 * one per dated part, each in force only on the dates both it and its rows hold (so that the engine and the
 * era boundaries of bulk assessment see the dates as interaction dates).
 */
function expandDatedLists(inter: Interaction & { kind: 'exempt-products' }, scopes: Scopes): Interaction[] {
  // A list's doubt is repeated wherever its exemption is used (as a layer's own list's is).
  const doubts = [inter.uncertain, ...inter.lists.map((id) => scopes.get(id)?.uncertain)].filter(
    (u): u is string => u !== undefined,
  );
  const base: Interaction & { kind: 'exempt-products' } =
    doubts.length > 0 ? { ...inter, uncertain: [...new Set(doubts)].join(' ') } : inter;
  const dated = inter.lists.flatMap((id) => scopes.parts(id));
  if (dated.length === 0) return [base];
  const out: Interaction[] = [base];
  for (const part of dated) {
    const from = laterStart(inter.from, part.from);
    const until = earlierEnd(inter.until, part.until);
    if (from !== undefined && until !== undefined && from >= until) continue;
    const when =
      part.from && part.until
        ? `listed from ${part.from} until ${part.until}`
        : part.from
          ? `listed from ${part.from}`
          : `listed until ${part.until}`;
    out.push({
      ...base,
      lists: [part.id],
      ...(from ? { from } : {}),
      ...(until ? { until } : {}),
      reason: `${inter.reason} (${when})`,
    });
  }
  return out;
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

/** Reads the list files named in the shipped `scopes.yaml` (paths relative to `data/tariff`) from `source`. */
export function shippedListFiles(source: DataSource): ReadText {
  return (path) => source.readText(join(dataDir(source), path));
}

/**
 * Build a rule base from the three files' contents; list files named in the scopes are read with
 * `readListFile` (the shipped ones with {@link shippedListFiles}).
 */
export function parseRuleBase(
  files: { layers: string; scopes: string; fees: string },
  names = {
    layers: 'layers.yaml',
    scopes: 'scopes.yaml',
    fees: 'fees.yaml',
  },
  readListFile?: ReadText,
): RuleBase {
  const scopes = parseScopesYaml(files.scopes, names.scopes, readListFile);
  const { coverageFrom, layers } = parseLayersYaml(files.layers, names.layers);
  return {
    coverageFrom,
    layers: compileLayers(layers, scopes, names.layers),
    scopes,
    fees: parseFeesYaml(files.fees, names.fees),
  };
}

/**
 * The rule base shipped in `data/tariff`, parsed and validated from its YAML, with the files it was read from
 * (paths relative to `data/tariff`): what `npm run build:data` compiles into `rule-base.json`, and what the
 * JSON is checked against.
 */
export function parseShippedRuleBaseYaml(source: DataSource): { ruleBase: RuleBase; files: string[] } {
  const dir = dataDir(source);
  const files: string[] = [];
  const read = (name: string) => {
    files.push(name);
    return source.readText(join(dir, name));
  };
  const ruleBase = parseRuleBase(
    { layers: read('layers.yaml'), scopes: read('scopes.yaml'), fees: read('fees.yaml') },
    { layers: 'data/tariff/layers.yaml', scopes: 'data/tariff/scopes.yaml', fees: 'data/tariff/fees.yaml' },
    read,
  );
  return { ruleBase, files };
}

/** The compiled JSON of the shipped rule base, as `npm run build:data` writes it to `data/tariff/rule-base.json`. */
export function compileShippedRuleBase(source: DataSource): string {
  const { ruleBase, files } = parseShippedRuleBaseYaml(source);
  return ruleBaseJson(ruleBase, sourceDigests(dataDir(source), files, source));
}

// The CLI and the server read the compiled JSON (shipped-rule-base.ts), which does not load this module; where
// this module is loaded anyway (tests, the library), a JSON older than the YAML gives way to the YAML.
useYamlWhenStale((source) => parseShippedRuleBaseYaml(source).ruleBase);

export { loadShippedRuleBase };
