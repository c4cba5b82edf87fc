/**
 * @module tariff/data-dir
 * Where the shipped tariff data is: `data/tariff` next to the package, found from this module whether it
 * runs from the source tree (`src/tariff`) or the build (`dist/tariff`). Kept apart from the rule-base parser
 * so that reading compiled data does not load the YAML and schema libraries.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: string | undefined;

/** The shipped data directory (`data/tariff`). */
export function dataDir(): string {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'data', 'tariff');
    if (existsSync(join(candidate, 'layers.yaml'))) {
      found = candidate;
      return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error('data/tariff not found next to the accord package');
}
