/**
 * @module tariff/shipped-rule-base
 * The shipped rule base as the CLI and the server load it: `data/tariff/rule-base.json`, the compiled form of
 * the YAML people edit and review (`layers.yaml`, `scopes.yaml` with its list files, `fees.yaml`), written by
 * `npm run build:data`.
 *
 * Parsing the YAML with the `yaml` package and checking it with zod took most of `accord duty`'s cold start;
 * the JSON is one `JSON.parse`, and this module imports neither library. It is not checked with zod again:
 * it is only ever written from a rule base that parsed, validated and compiled (rule-base.ts), and
 * src/tariff/shipped-rule-base.test.ts regenerates it from the YAML and fails when the file differs, naming the
 * command that rewrites it. The JSON also records the SHA-256 of every file it was generated from; when one
 * has changed since (the YAML edited, the JSON not regenerated), the YAML is used instead if its parser is
 * loaded (tests, the library), and otherwise loading fails, naming the command, rather than assess with stale
 * law. The files are read through the {@link DataSource} the caller gives (the edges pass the disk).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { IsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import type { DataSource } from '../_lib/read-file.js';
import { dataDir } from './data-dir.js';
import type { Interaction, Layer } from './layer.js';
import type { FeeRules, MpfYear, RuleBase } from './rule-base-model.js';
import { type ScopeList, Scopes } from './scope-lists.js';

/** The compiled file's format (a reader refuses anything else). */
export const RULE_BASE_FORMAT = 'accord-rule-base/2';
/** Its name in `data/tariff`. */
export const RULE_BASE_JSON = 'rule-base.json';
/** The command that regenerates it from the YAML. */
export const REGENERATE_COMMAND = 'npm run build:data';

/** Fee rules with amounts in cents as decimal strings (JSON has no bigint). */
type FeeRulesJson = Omit<FeeRules, 'mpf'> & {
  mpf: Omit<FeeRules['mpf'], 'years'> & {
    years: (Omit<MpfYear, 'min' | 'max'> & { min: string; max: string })[];
  };
};

/** The file's content. */
interface RuleBaseJson {
  format: string;
  note: string;
  /** SHA-256 (hex) of each file it was generated from, by path relative to `data/tariff`. */
  sources: Record<string, string>;
  coverageFrom: IsoDate;
  fees: FeeRulesJson;
  /**
   * Every distinct interaction once: the YAML shares a few dozen among hundreds of layers (one exemption list
   * for every forced-labor economy), and written out per layer they were three quarters of the file.
   */
  interactions: Interaction[];
  /** In evaluation order, interactions resolved to layer ids and given as places in `interactions`. */
  layers: (Omit<Layer, 'interactions'> & { interactions: number[] })[];
  /** Every list in the order the scope file gives them, dated parts included. */
  scopes: ScopeList[];
}

/** SHA-256 of each file (paths relative to `dir`), sorted by path. */
export function sourceDigests(
  dir: string,
  files: Iterable<string>,
  source: DataSource,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of [...new Set(files)].sort()) {
    out[file] = createHash('sha256')
      .update(source.readBytes(join(dir, file)))
      .digest('hex');
  }
  return out;
}

/**
 * The compiled JSON of a rule base: one line per layer and per list, so that a change to the YAML shows as a
 * readable diff of the generated file too. The same rule base always gives the same text.
 */
export function ruleBaseJson(ruleBase: RuleBase, sources: Record<string, string>): string {
  const fees: FeeRulesJson = {
    ...ruleBase.fees,
    mpf: {
      ...ruleBase.fees.mpf,
      years: ruleBase.fees.mpf.years.map((y) => ({ ...y, min: y.min.toString(), max: y.max.toString() })),
    },
  };
  const head = {
    format: RULE_BASE_FORMAT,
    note: `Generated from layers.yaml, scopes.yaml (with its list files) and fees.yaml by ${REGENERATE_COMMAND}; do not edit.`,
    sources,
    coverageFrom: ruleBase.coverageFrom,
    fees,
  };
  const field = (key: string, value: unknown) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  const array = (key: string, items: readonly unknown[]) =>
    `${JSON.stringify(key)}: [\n${items.map((x) => JSON.stringify(x)).join(',\n')}\n]`;
  const lists = ruleBase.scopes.ids().map((id) => ruleBase.scopes.get(id)!);
  const interactions: Interaction[] = [];
  const placeOf = new Map<string, number>();
  const layers = ruleBase.layers.map((layer) => ({
    ...layer,
    interactions: layer.interactions.map((inter) => {
      const text = JSON.stringify(inter);
      let place = placeOf.get(text);
      if (place === undefined) {
        place = interactions.push(inter) - 1;
        placeOf.set(text, place);
      }
      return place;
    }),
  }));
  return `{\n${[
    ...Object.entries(head).map(([k, v]) => field(k, v)),
    array('interactions', interactions),
    array('layers', layers),
    array('scopes', lists),
  ].join(',\n')}\n}\n`;
}

/** Read a file written by {@link ruleBaseJson}; `file` names it in messages. */
export function readRuleBaseJson(text: string, file: string): RuleBase & { sources: Record<string, string> } {
  let raw: RuleBaseJson;
  try {
    raw = JSON.parse(text) as RuleBaseJson;
  } catch (error) {
    throw new AccordError(
      'rule-base-unreadable',
      `${file} is not readable (${(error as Error).message}): regenerate it with ${REGENERATE_COMMAND}`,
    );
  }
  if (raw?.format !== RULE_BASE_FORMAT) {
    throw new AccordError(
      'rule-base-unreadable',
      `${file} is not a compiled rule base of format ${RULE_BASE_FORMAT}: regenerate it with ${REGENERATE_COMMAND}`,
    );
  }
  const { mpf, hmf } = raw.fees;
  return {
    sources: raw.sources,
    coverageFrom: raw.coverageFrom,
    layers: raw.layers.map((layer) => ({
      ...layer,
      interactions: layer.interactions.map((place) => raw.interactions[place]!),
    })),
    scopes: new Scopes(raw.scopes),
    fees: {
      mpf: { ...mpf, years: mpf.years.map((y) => ({ ...y, min: BigInt(y.min), max: BigInt(y.max) })) },
      hmf,
    },
  };
}

/** The file names (relative to `dir`) whose content is not what the JSON was generated from. */
export function changedSources(dir: string, sources: Record<string, string>, source: DataSource): string[] {
  const now = (() => {
    try {
      return sourceDigests(dir, Object.keys(sources), source);
    } catch {
      return {};
    }
  })();
  return Object.keys(sources).filter((f) => now[f] !== sources[f]);
}

let yamlCompiler: ((source: DataSource) => RuleBase) | undefined;

/**
 * Give the parser of the shipped YAML, used when the JSON is stale. rule-base.ts registers it when it is
 * loaded, so that this module need not import it (and with it the YAML and schema libraries).
 */
export function useYamlWhenStale(compile: (source: DataSource) => RuleBase): void {
  yamlCompiler = compile;
}

const shipped = new WeakMap<DataSource, RuleBase>();

/** The rule base shipped in `data/tariff`, from its compiled JSON (read once per source). */
export function loadShippedRuleBase(source: DataSource): RuleBase {
  let ruleBase = shipped.get(source);
  if (!ruleBase) {
    ruleBase = readShipped(source);
    shipped.set(source, ruleBase);
  }
  return ruleBase;
}

function readShipped(source: DataSource): RuleBase {
  const dir = dataDir(source);
  const path = join(dir, RULE_BASE_JSON);
  let text: string;
  try {
    text = source.readText(path);
  } catch (error) {
    if (yamlCompiler) return yamlCompiler(source);
    throw new AccordError(
      'rule-base-unreadable',
      `cannot read ${path} (${(error as Error).message}): generate it with ${REGENERATE_COMMAND}`,
    );
  }
  const { sources, ...ruleBase } = readRuleBaseJson(text, path);
  const changed = changedSources(dir, sources, source);
  if (changed.length === 0) return ruleBase;
  if (yamlCompiler) return yamlCompiler(source);
  throw new AccordError(
    'rule-base-stale',
    `${path} was generated from other versions of ${changed.join(', ')}: regenerate it with ${REGENERATE_COMMAND}`,
  );
}
