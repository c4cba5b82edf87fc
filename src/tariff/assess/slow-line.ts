/**
 * @module tariff/assess/slow-line
 * The general path's last resort: a row whose duty is not a fixed set of rates on its value goes to the
 * engine itself, with every column the file gives (weight, metal and US content, loading date, the declared
 * USMCA claim, quota status and country of melt and pour, quantities).
 */
import type { IsoDate } from '../../_lib/date.js';
import { AccordError } from '../../_lib/problem.js';
import { quoteInput } from '../../_lib/words.js';
import { computeDuty, type DutyInput, type DutyResult, type TariffEngine } from '../engine.js';
import { parseDateField, parseMoneyField, parsePercentField } from '../entry-fields.js';
import { END_USES, PHARMA_TYPES } from '../layer.js';
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

/** A yes-or-no column of a declared fact: `set` gets the answer; anything else is the row's problem. */
function yesNo(
  column: string,
  meaning: string,
  set: (value: boolean) => void,
): [string, (text: string) => string | undefined] {
  return [
    column,
    (t) => {
      const v = t.trim().toLowerCase();
      if (v !== 'yes' && v !== 'no') return `${column} ${quoteInput(t)} must be yes or no (${meaning})`;
      set(v === 'yes');
    },
  ];
}

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
  const w = get('weight_kg');
  if (w) input.weightKg = w;
  // qty_KEY columns: the other quantities a rate is charged on (the engine checks the keys and numbers).
  const quantities: Record<string, string> = {};
  for (const name of col.keys()) {
    const text = name.startsWith(QTY_PREFIX) ? get(name) : '';
    if (text !== '') quantities[name.slice(QTY_PREFIX.length)] = text;
  }
  if (Object.keys(quantities).length > 0) input.quantities = quantities;
  const fields: [string, (text: string) => string | undefined][] = [
    [
      'metal_content_usd',
      (t) => {
        const p = parseMoneyField('metal_content_usd', t);
        if (!p.ok) return p.message;
        input.metalContent = p.value;
      },
    ],
    [
      'metal_share',
      (t) => {
        const p = parsePercentField('metal_share', t);
        if (!p.ok) return p.message;
        input.metalShare = p.value;
      },
    ],
    [
      'metal_weight_pct',
      (t) => {
        const p = parsePercentField('metal_weight_pct', t);
        if (!p.ok) return p.message;
        input.metalWeightShare = p.value;
      },
    ],
    [
      'us_content_pct',
      (t) => {
        const p = parsePercentField('us_content_pct', t);
        if (!p.ok) return p.message;
        input.usContentShare = p.value;
      },
    ],
    [
      'loaded',
      (t) => {
        const p = parseDateField('loaded', t);
        if (!p.ok) return p.message;
        input.loaded = p.value;
      },
    ],
    yesNo('usmca', 'USMCA preference claimed or not', (v) => {
      input.usmca = v;
    }),
    yesNo('cafta_dr', 'CAFTA-DR preference claimed or not', (v) => {
      input.caftaDr = v;
    }),
    [
      'quota',
      (t) => {
        const v = t.trim().toLowerCase();
        if (v !== 'within' && v !== 'over') return `quota ${quoteInput(t)} must be within or over`;
        input.quota = v;
      },
    ],
    yesNo('semiconductor_39b', 'meets U.S. note 39(b) or not', (v) => {
      input.semiconductor39b = v;
    }),
    yesNo('crane_attestation', 'attested under 9903.91.15 or not', (v) => {
      input.craneAttestation = v;
    }),
    yesNo(
      'transshipped',
      'determined by CBP to have been transshipped to evade the IEEPA duties, or not',
      (v) => {
        input.transshipped = v;
      },
    ),
    [
      'pharma',
      (t) => {
        const v = t.trim().toLowerCase();
        const type = PHARMA_TYPES.find((p) => p === v);
        if (type === undefined)
          return `pharma ${quoteInput(t)} must be one of ${PHARMA_TYPES.join(', ')} (U.S. note 40)`;
        input.pharma = type;
      },
    ],
    [
      'end_use',
      (t) => {
        const v = t.trim().toLowerCase();
        const use = END_USES.find((u) => u === v);
        if (use === undefined)
          return `end_use ${quoteInput(t)} must be one of ${END_USES.join(', ')} (U.S. note 39(d))`;
        input.endUse = use;
      },
    ],
    [
      'melt_pour',
      (t) => {
        // The engine checks the country as it checks the origin (ISO alpha-2, with a suggestion).
        input.meltPour = t.trim().toUpperCase();
        return undefined;
      },
    ],
  ];
  for (const [name, parse] of fields) {
    const text = get(name);
    if (text === '') continue;
    const message = parse(text);
    if (message) return { error: message, code: 'assess-row-invalid' };
  }
  try {
    return computeDuty(engine, input);
  } catch (error) {
    if (error instanceof AccordError) return { error: error.message, code: error.code };
    throw error;
  }
}
