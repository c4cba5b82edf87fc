/**
 * @module tariff/create-engine
 * Build a {@link TariffEngine} from the shipped data or user files, with optional agreement overlays. Every
 * file is read through the {@link DataSource} the caller gives (the CLI, the server and the package's entry
 * points pass the disk).
 */
import { AccordError } from '../_lib/problem.js';
import type { DataSource } from '../_lib/read-file.js';
import type { TrackSchedule } from '../evaluation/index.js';
import type { TariffEngine } from './engine.js';
import { HtsSchedule, HtsTable, loadHtsFile } from './hts.js';
import { loadSchedule } from './hts-store.js';
import { applyOverlays, trackLayers } from './overlay.js';
import type { RuleBase } from './rule-base.js';
// The compiled rule base and the CSV reader, not the YAML parsers: neither loads the YAML or schema libraries.
import { parseScopesCsv } from './scope-lists.js';
import { loadShippedRuleBase } from './shipped-rule-base.js';

/** Options for {@link createTariffEngine}. */
export interface EngineOptions {
  /** A rule base other than the shipped one. */
  ruleBase?: RuleBase;
  /** Path of a USITC HTS JSON export (`.json` or `.json.gz`) to use on every date instead of the installed revisions. */
  htsFile?: string;
  /** An HTS table (used on every date) or schedule already loaded. */
  hts?: HtsTable | HtsSchedule;
  /** A directory of revisions installed with `accord data import-hts`, used with the shipped one. */
  htsDir?: string;
  /** CSV files of official product lists (`list,hts`) added to the shipped scopes. */
  scopeFiles?: string[];
  /** Agreement tracks whose schedules overlay the rule base. */
  tracks?: TrackSchedule[];
}

const shippedSchedules = new WeakMap<DataSource, HtsSchedule>();

/** The shipped HTS revisions (`data/tariff/hts/`), read once per source. */
export function shippedHtsSchedule(source: DataSource): HtsSchedule {
  let schedule = shippedSchedules.get(source);
  if (!schedule) {
    schedule = loadSchedule(source);
    shippedSchedules.set(source, schedule);
  }
  return schedule;
}

/** The newest shipped HTS revision. */
export function shippedHtsTable(source: DataSource): HtsTable {
  return shippedHtsSchedule(source).latest();
}

function scheduleOf(options: EngineOptions, source: DataSource): HtsSchedule {
  if (options.hts instanceof HtsTable) return HtsSchedule.of(options.hts);
  if (options.hts) return options.hts;
  if (options.htsFile) return HtsSchedule.of(loadHtsFile(options.htsFile, source));
  if (options.htsDir) return loadSchedule(source, options.htsDir);
  return shippedHtsSchedule(source);
}

/**
 * A tariff engine over the shipped rule base (or the one given), the shipped HTS revision (with those
 * installed in `htsDir`, or `htsFile` alone), and any agreement tracks; `source` reads the shipped data and
 * the files the options name.
 *
 * @example
 * const engine = createTariffEngine({}, diskSource);
 * computeDuty(engine, { hts: '8703.23.01', origin: 'JP', date: isoDate('2025-05-01'), value: 4_000_000n });
 */
export function createTariffEngine(options: EngineOptions, source: DataSource): TariffEngine {
  let ruleBase = options.ruleBase ?? loadShippedRuleBase(source);
  if (options.scopeFiles && options.scopeFiles.length > 0) {
    let scopes = ruleBase.scopes;
    for (const file of options.scopeFiles) {
      let content: string;
      try {
        content = source.readText(file);
      } catch (error) {
        throw new AccordError(
          'scopes-file-unreadable',
          `cannot read scope file ${file}: ${(error as Error).message}`,
        );
      }
      scopes = scopes.withAdditions(parseScopesCsv(content, file));
    }
    ruleBase = { ...ruleBase, scopes };
  }
  const hts = scheduleOf(options, source);
  const overlays = (options.tracks ?? []).map((t) => trackLayers(t, ruleBase.layers));
  const layers = orderLayers(applyOverlays(ruleBase.layers, overlays));
  return { ruleBase, hts, layers };
}

/** Order layers so each follows the layers its interactions name (overlays add dependencies). */
function orderLayers(layers: readonly import('./layer.js').Layer[]) {
  const byId = new Map(layers.map((l) => [l.id, l]));
  const done = new Set<string>();
  const out: (typeof layers)[number][] = [];
  const visit = (id: string, depth: number) => {
    if (done.has(id)) return;
    if (depth > layers.length) throw new Error(`layer dependency cycle at ${id}`);
    const layer = byId.get(id);
    if (!layer) return;
    for (const inter of layer.interactions)
      if ('layers' in inter) for (const dep of inter.layers) visit(dep, depth + 1);
    if (!done.has(id)) {
      done.add(id);
      out.push(layer);
    }
  };
  for (const l of layers) visit(l.id, 0);
  return out;
}
