/**
 * @module entries/economics
 * `accord/economics` as a package user imports it: the economics folder's surface, with the shipped tables
 * read from the disk unless given another {@link DataSource}. The folder itself reads only through the source
 * it is handed (issue 15); this entry, like the CLI and the server, is where the disk is handed in.
 */
import { type DataSource, diskSource, type ReadText } from '../_lib/read-file.js';
import * as economics from '../economics/index.js';

export * from '../economics/index.js';

/** The shipped tables, read from the disk unless `source` says otherwise. */
export function shippedTables(source: DataSource = diskSource): ReturnType<typeof economics.shippedTables> {
  return economics.shippedTables(source);
}

/** The shipped BEA 2024 input–output table, read from the disk unless `source` says otherwise. */
export function shippedIoTable(source: DataSource = diskSource): economics.BeaIoTable {
  return economics.shippedIoTable(source);
}

/** {@link economics.loadScenario}, with the shipped tables from the disk unless `shippedData` says otherwise. */
export function loadScenario(
  file: string,
  readText: ReadText,
  shippedData: DataSource = diskSource,
): economics.Scenario {
  return economics.loadScenario(file, readText, shippedData);
}

/** {@link economics.prepareTerm}; the `leontief` jobs model uses the shipped BEA table when `tables.io` is not given. */
export function prepareTerm(
  agreement: economics.TermAgreement,
  tables: economics.TermTables,
  assumptions: economics.TermAssumptions,
  variantId?: string,
  decided?: Parameters<typeof economics.prepareTerm>[4],
): economics.TermSetup {
  const needsIo = (assumptions.jobsModel ?? 'leontief') === 'leontief' && !tables.io;
  const withIo = needsIo ? { ...tables, io: shippedIoTable() } : tables;
  return economics.prepareTerm(agreement, withIo, assumptions, variantId, decided);
}
