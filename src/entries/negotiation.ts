/**
 * @module entries/negotiation
 * `accord/negotiation` as a package user imports it: the negotiation folder's surface, with the economic
 * simulator on the shipped economics tables read from the disk unless given other tables or another
 * {@link DataSource}. The folder itself reads only through what it is handed (issue 15); this entry, like the
 * CLI and the server, is where the disk is handed in.
 */
import { type DataSource, diskSource } from '../_lib/read-file.js';
import type { ModelName } from '../economics/index.js';
import * as negotiation from '../negotiation/index.js';
import { shippedTables } from './economics.js';

export * from '../negotiation/index.js';

/** {@link negotiation.simulatorEconomics}, on the shipped tables from the disk unless `options.tables` are given. */
export function simulatorEconomics(
  options: Omit<negotiation.SimulatorEconomicsOptions, 'tables'> & {
    tables?: negotiation.SimulatorTables;
  } = {},
): negotiation.SimulatorEconomicsModel {
  return negotiation.simulatorEconomics({ ...options, tables: options.tables ?? shippedTables() });
}

/** The example's simulator on the shipped tables, read from the disk unless `source` says otherwise. */
export function usJapanSimulator(
  model: ModelName = 'SMART',
  source: DataSource = diskSource,
): negotiation.SimulatorEconomicsModel {
  return negotiation.usJapanSimulator(model, source);
}

/** The example scenario as YAML text, from the shipped tables on disk unless `source` says otherwise. */
export function usJapanScenarioYaml(model: ModelName = 'SMART', source: DataSource = diskSource): string {
  return negotiation.usJapanScenarioYaml(model, source);
}
