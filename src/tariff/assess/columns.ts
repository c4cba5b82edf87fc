/**
 * @module tariff/assess/columns
 * The columns of an entry file, found by header name in any order. Both row paths read cells by the positions
 * found here; the byte path also uses what the header says about the output (the first seven columns in the
 * output's order can be copied in one go).
 */
import { AccordError } from '../../_lib/problem.js';

/**
 * Optional columns that change how a line is assessed (quantities, content, declared facts): a row with any of
 * them filled takes the path that reads them.
 */
const EXTRA_COLUMNS = [
  'weight_kg',
  'metal_content_usd',
  'metal_share',
  'metal_weight_pct',
  'us_content_pct',
  'loaded',
  'usmca',
  'cafta_dr',
  'quota',
  'melt_pour',
  'semiconductor_39b',
  'end_use',
  'crane_attestation',
  'pharma',
  'transshipped',
  'auto_part_use',
] as const;

/** The CSV columns `assess` reads. */
export const ASSESS_COLUMNS = {
  required: ['entry_id', 'line', 'hts', 'origin', 'entry_date', 'value'],
  optional: [
    'importer',
    'transport',
    ...EXTRA_COLUMNS,
    'mfn',
    'qty_KEY (one column per quantity a rate needs: qty_liter, qty_doz …)',
  ],
} as const;

/** Columns `qty_KEY` give the quantity KEY (`qty_liter`, `qty_pf_liter` …; see QUANTITIES in rate-text). */
export const QTY_PREFIX = 'qty_';

/** Column positions of a file, set from its header; -1 when an optional column is absent. */
export class Columns {
  /** Positions by header name: a Map, since names are user text (`constructor` is a name like any). */
  byName = new Map<string, number>();
  count = 0;
  iId = -1;
  iLine = -1;
  iHts = -1;
  iOrigin = -1;
  iDate = -1;
  iValue = -1;
  iImporter = -1;
  iTransport = -1;
  iMfn = -1;
  /**
   * Content and declared-fact columns (weight, metal, US content, loading date, USMCA claim, quota status, melt
   * and pour, note 39(b) semiconductor and end use, quantities): a row filling one goes the general way.
   */
  iExtras: number[] = [];
  /** The columns start entry_id, line, importer, hts, origin, entry_date, value: the output's order. */
  headInOrder = false;
  /** The text columns a JSON line copies as they are (entry_id, line, importer, hts, when present). */
  jsonFields: number[] = [];

  /** Read the header row; throws an {@link AccordError} naming the required columns it lacks. */
  read(header: string, file: string): void {
    let text = header;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const names = text.split(',').map((h) => h.trim().toLowerCase());
    const missing = ASSESS_COLUMNS.required.filter((c) => !names.includes(c));
    if (missing.length > 0) {
      throw new AccordError('assess-missing-columns', `${file} lacks the column(s) ${missing.join(', ')}`, {
        problems: [
          {
            code: 'assess-missing-columns',
            message: `the header needs ${ASSESS_COLUMNS.required.join(', ')} (optional: ${ASSESS_COLUMNS.optional.join(', ')}); missing ${missing.join(', ')}`,
            where: { file, row: 0 },
          },
        ],
      });
    }
    this.byName = new Map();
    names.forEach((n, i) => {
      this.byName.set(n, i);
    });
    this.count = names.length;
    const at = (n: string) => this.byName.get(n) ?? -1;
    this.iId = at('entry_id');
    this.iLine = at('line');
    this.iHts = at('hts');
    this.iOrigin = at('origin');
    this.iDate = at('entry_date');
    this.iValue = at('value');
    this.iImporter = at('importer');
    this.iTransport = at('transport');
    this.iMfn = at('mfn');
    this.headInOrder =
      this.iId === 0 &&
      this.iLine === 1 &&
      this.iImporter === 2 &&
      this.iHts === 3 &&
      this.iOrigin === 4 &&
      this.iDate === 5 &&
      this.iValue === 6;
    this.jsonFields = [this.iId, this.iLine, this.iImporter, this.iHts].filter((i) => i >= 0);
    this.iExtras = [...EXTRA_COLUMNS, ...[...this.byName.keys()].filter((n) => n.startsWith(QTY_PREFIX))]
      .map(at)
      .filter((i) => i >= 0);
  }
}
