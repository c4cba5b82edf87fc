/**
 * @module negotiation/load
 * Load a scenario from whichever format the user names: accord YAML, Genius XML (domain + one profile per
 * party) or GeniusWeb JSON (domain + one profile per party). The caller supplies the reader, so this module never
 * touches the file system itself (the CLI passes `readTextFile`, whose errors are AccordErrors).
 */

import { AccordError, type Problem } from '../_lib/problem.js';
import type { ReadText } from '../_lib/read-file.js';
import { parseGeniusDomain, parseGeniusProfile } from './genius-xml.js';
import { parseGeniusWebDomain, parseGeniusWebProfile } from './geniusweb-json.js';
import type { Scenario } from './model.js';
import { type HistoryEntry, parseYamlScenario } from './yaml-scenario.js';

/** Which reader to use. */
export type ScenarioFormat = 'yaml' | 'genius' | 'geniusweb';

/** A loaded scenario with its history (empty for Genius and GeniusWeb files). */
export interface LoadedScenario extends Scenario {
  format: ScenarioFormat;
  history: HistoryEntry[];
  focus?: string;
  /** Positioned warnings that do not stop the analysis (e.g. Genius weights that do not sum to one). */
  warnings: Problem[];
}

/**
 * Load a scenario. For `yaml` pass one file; for `genius` and `geniusweb` pass the domain file followed
 * by at least two profile files; `readText` reads each of them.
 */
export function loadScenario(
  format: ScenarioFormat,
  files: readonly string[],
  readText: ReadText,
): LoadedScenario {
  if (format === 'yaml') {
    if (files.length !== 1)
      throw new AccordError('negotiation-usage', 'give exactly one scenario YAML file', { exitCode: 2 });
    const s = parseYamlScenario(files[0]!, readText(files[0]!));
    const loaded: LoadedScenario = {
      format,
      domain: s.domain,
      profiles: s.profiles,
      history: s.history,
      warnings: [],
    };
    if (s.focus) loaded.focus = s.focus;
    if (s.utilitiesFrom !== undefined) loaded.utilitiesFrom = s.utilitiesFrom;
    return loaded;
  }
  if (files.length < 3) {
    throw new AccordError(
      'negotiation-usage',
      `--${format} takes the domain file then one profile per party (at least two); got ${files.length} file(s)`,
      { exitCode: 2 },
    );
  }
  const [domainFile, ...profileFiles] = files as [string, ...string[]];
  if (format === 'genius') {
    const domain = parseGeniusDomain(domainFile, readText(domainFile));
    const warnings: Problem[] = [];
    const profiles = profileFiles.map((f) => parseGeniusProfile(f, readText(f), domain, warnings));
    return { format, domain, profiles, history: [], warnings };
  }
  const domain = parseGeniusWebDomain(domainFile, readText(domainFile));
  const profiles = profileFiles.map((f) => parseGeniusWebProfile(f, readText(f), domain));
  return { format, domain, profiles, history: [], warnings: [] };
}
