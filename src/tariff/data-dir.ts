/**
 * @module tariff/data-dir
 * Where the shipped tariff data is: `data/tariff` next to the package, as the {@link DataSource} the caller
 * gives finds it. Kept apart from the rule-base parser so that reading compiled data does not load the YAML
 * and schema libraries.
 */
import type { DataSource } from '../_lib/read-file.js';

/** The shipped data directory (`data/tariff`). */
export function dataDir(source: DataSource): string {
  return source.shippedDir('tariff');
}
