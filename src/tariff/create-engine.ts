/**
 * @module tariff/create-engine
 * Build a {@link TariffEngine} from the shipped data or user files, with optional agreement overlays.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccordError } from '../_lib/problem.js';
import type { TrackSchedule } from '../evaluation/types.js';
import type { TariffEngine } from './engine.js';
import { type HtsTable, loadHtsFile } from './hts.js';
import { applyOverlays, trackLayers } from './overlay.js';
import { dataDir, loadShippedRuleBase, type RuleBase } from './rule-base.js';
import { parseScopesCsv } from './scopes.js';

/** Options for {@link createTariffEngine}. */
export interface EngineOptions {
  /** A rule base other than the shipped one. */
  ruleBase?: RuleBase;
  /** Path of a full USITC HTS JSON export (default: the shipped extract). */
  htsFile?: string;
  /** An HTS table already loaded. */
  hts?: HtsTable;
  /** CSV files of official product lists (`list,hts`) added to the shipped scopes. */
  scopeFiles?: string[];
  /** Agreement tracks whose schedules overlay the rule base. */
  tracks?: TrackSchedule[];
}

let shippedHts: HtsTable | undefined;

/** The shipped HTS extract. */
export function shippedHtsTable(): HtsTable {
  if (!shippedHts) {
    shippedHts = loadHtsFile(join(dataDir(), 'hts-extract.json'));
    // Messages name the file as a user would find it in the package.
    Object.defineProperty(shippedHts, 'file', {
      value: 'the shipped HTS extract (data/tariff/hts-extract.json)',
    });
  }
  return shippedHts;
}

/**
 * A tariff engine over the shipped rule base (or the one given), the shipped HTS extract (or `htsFile`), and
 * any agreement tracks.
 *
 * @example
 * const engine = createTariffEngine();
 * computeDuty(engine, { hts: '8703.23.01', origin: 'JP', date: isoDate('2025-05-01'), value: 4_000_000n });
 */
export function createTariffEngine(options: EngineOptions = {}): TariffEngine {
  let ruleBase = options.ruleBase ?? loadShippedRuleBase();
  if (options.scopeFiles && options.scopeFiles.length > 0) {
    let scopes = ruleBase.scopes;
    for (const file of options.scopeFiles) {
      let content: string;
      try {
        content = readFileSync(file, 'utf8');
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
  const hts = options.hts ?? (options.htsFile ? loadHtsFile(options.htsFile) : shippedHtsTable());
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
