/**
 * @module tariff/assess/slow-line
 * The general path's last resort: a row whose duty is not a fixed set of rates on its value goes to the
 * engine itself, with every column the file gives (weight, metal and US content, loading date, the declared
 * USMCA claim, quota status and country of melt and pour, quantities).
 */
import type { IsoDate } from '../../_lib/date.js';
import { AccordError } from '../../_lib/problem.js';
import {
  DECLARED_FACTS,
  FACT_NAMES,
  type FactName,
  type FactTexts,
  readDeclaredFacts,
} from '../declared-facts.js';
import { computeDuty, type DutyInput, type DutyResult, type TariffEngine } from '../engine.js';
import { QTY_PREFIX } from './columns.js';

/** The fields of a row the general path has already read and checked. */
export interface SlowInput {
  htsText: string;
  origin: string;
  date: IsoDate;
  value: number;
  mfn: string;
  importer: string;
  transport: string;
}

/**
 * The declared facts a row gives in their own columns, in the order they are read (the row's first problem is
 * the one reported). The column-1 rate comes with the row's other fields, quantities from `qty_KEY` columns.
 */
const COLUMN_FACTS = FACT_NAMES.filter(
  (f): f is Exclude<FactName, 'mfn' | 'qty'> => f !== 'mfn' && f !== 'qty',
);

/**
 * The engine's result for a row that no plan replays (content columns, a specific rate, an importer-scoped
 * overlay …): the row's remaining columns read into a {@link DutyInput}, or the problem with one of them or
 * with the line, as the engine words it.
 */
export function slowLine(
  engine: TariffEngine,
  cells: readonly string[],
  col: ReadonlyMap<string, number>,
  s: SlowInput,
): DutyResult | { error: string; code: string } {
  const get = (name: string): string => {
    const i = col.get(name);
    return i === undefined ? '' : (cells[i] ?? '');
  };
  const input: DutyInput = { hts: s.htsText, origin: s.origin, date: s.date, value: BigInt(s.value) };
  if (s.mfn) input.mfn = s.mfn;
  if (s.importer) input.importer = s.importer;
  if (s.transport) input.transport = s.transport as DutyInput['transport'];
  // qty_KEY columns: the other quantities a rate is charged on (the engine checks the keys and numbers).
  const quantities: Record<string, string> = {};
  for (const name of col.keys()) {
    const text = name.startsWith(QTY_PREFIX) ? get(name) : '';
    if (text !== '') quantities[name.slice(QTY_PREFIX.length)] = text;
  }
  if (Object.keys(quantities).length > 0) input.quantities = quantities;
  // The facts' one reader, as the CLI and the API use it: the same values, and the same conflicts (a row giving
  // both metal_content_usd and metal_share is refused, as --metal-content-usd with --metal-share is).
  const texts: FactTexts = {};
  for (const fact of COLUMN_FACTS) texts[fact] = get(DECLARED_FACTS[fact].column);
  const { facts, problems } = readDeclaredFacts(texts, (fact) => DECLARED_FACTS[fact].column);
  if (problems[0]) return { error: problems[0].message, code: 'assess-row-invalid' };
  Object.assign(input, facts);
  try {
    return computeDuty(engine, input);
  } catch (error) {
    if (error instanceof AccordError) return { error: error.message, code: error.code };
    throw error;
  }
}
