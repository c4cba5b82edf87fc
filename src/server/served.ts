/**
 * @module server/served
 * The agreements a server serves and where their facts come from, shared by the server's context and the
 * computations over it without either importing the other: the shipped examples folder, the agreement
 * whose facts are the log's, and loading a shipped agreement with its facts file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasErrors } from '../_lib/problem.js';
import { type Agreement, loadAgreement } from '../agreement/index.js';
import { type Fact, parseFacts } from '../evaluation/index.js';

/** The examples shipped with the package (same depth from src/server and dist/server). */
export function examplesDir(): string {
  return fileURLToPath(new URL('../../examples/', import.meta.url));
}

/** One agreement the server serves, and where its facts come from. */
export interface ServedAgreement {
  agreement: Agreement;
  file: string;
  /** `ledger`: facts are the log's counted statements; `file`: a shipped facts file. */
  factsFrom: 'ledger' | 'file';
  facts: Fact[];
}

/** A size of the log and the root of that prefix (base64). */
export interface LogPoint {
  size: number;
  root: string;
}

/** The agreement whose facts come from the server's log. */
export const LEDGER_AGREEMENT = 'us-japan-milestones';

/** Load a shipped example agreement (and its facts file when its facts do not come from the log). */
export function loadServed(dir: string, factsFrom: 'ledger' | 'file'): ServedAgreement {
  const file = `${examplesDir()}${dir}/agreement.yaml`;
  const { agreement, problems } = loadAgreement(readFileSync(file), `examples/${dir}/agreement.yaml`);
  if (!agreement || hasErrors(problems)) throw new Error(`shipped agreement ${file} does not load`);
  let facts: Fact[] = [];
  if (factsFrom === 'file') {
    const parsed = parseFacts(
      readFileSync(`${examplesDir()}${dir}/facts.json`, 'utf8'),
      `examples/${dir}/facts.json`,
    );
    facts = parsed.facts;
  }
  return { agreement, file: `examples/${dir}/agreement.yaml`, factsFrom, facts };
}

/** The agreements a server serves, by id: the one its log records and the enacted 2025 agreement. */
export function loadServedAgreements(): Map<string, ServedAgreement> {
  const served = new Map<string, ServedAgreement>();
  for (const [dir, from] of [
    [LEDGER_AGREEMENT, 'ledger'],
    ['us-japan-2025', 'file'],
  ] as const) {
    const s = loadServed(dir, from);
    served.set(s.agreement.id, s);
  }
  return served;
}
