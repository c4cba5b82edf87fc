/**
 * @module entries/tariff
 * `accord/tariff` as a package user imports it: the tariff folder's surface, with the functions that read the
 * shipped data or named files reading them from the disk unless given another {@link DataSource}. The folder
 * itself reads only through the source it is handed (issue 15); this entry, like the CLI and the server, is
 * where the disk is handed in.
 */
import { type DataSource, diskSource, type ReadText } from '../_lib/read-file.js';
import * as tariff from '../tariff/index.js';

export * from '../tariff/index.js';

/** {@link tariff.createTariffEngine} over the shipped data on disk unless `source` says otherwise. */
export function createTariffEngine(
  options: tariff.EngineOptions = {},
  source: DataSource = diskSource,
): tariff.TariffEngine {
  return tariff.createTariffEngine(options, source);
}

/** The newest shipped HTS revision, read from the disk unless `source` says otherwise. */
export function shippedHtsTable(source: DataSource = diskSource): tariff.HtsTable {
  return tariff.shippedHtsTable(source);
}

/** The shipped rule base, read from the disk unless `source` says otherwise. */
export function loadShippedRuleBase(source: DataSource = diskSource): tariff.RuleBase {
  return tariff.loadShippedRuleBase(source);
}

/** Read a USITC HTS JSON export (`.json` or `.json.gz`), from the disk unless `source` says otherwise. */
export function loadHtsFile(path: string, source: DataSource = diskSource): tariff.HtsTable {
  return tariff.loadHtsFile(path, source);
}

/** {@link tariff.parseRuleBase}, reading the list files the scopes name from the shipped data unless told otherwise. */
export function parseRuleBase(
  files: Parameters<typeof tariff.parseRuleBase>[0],
  names?: Parameters<typeof tariff.parseRuleBase>[1],
  readListFile: ReadText = tariff.shippedListFiles(diskSource),
): tariff.RuleBase {
  return tariff.parseRuleBase(files, names, readListFile);
}
