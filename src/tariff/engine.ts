/**
 * @module tariff/engine
 * Duty on one entry line: resolve every layer of the rule base (and of any agreement overlay) for the line's
 * HTS code, origin, entry date and facts, in dependency order; say for each layer considered whether it
 * applied and why, with its citation; total the duty exactly (each layer rounded to the cent); add MPF and
 * HMF. Layers whose product scope does not cover the code, that are not in force on the date, or that are
 * written for other countries only, are not listed.
 *
 * {@link computeDuty} is a pipeline of stages, each its own module under `duty/`: the line's own fields are
 * checked (input-problems) and its column-1 rate read (column-1); then per layer, eligibility (may it apply
 * to this line?) → base (what it charges: value, metal content) → interactions (stacking, exemptions, caps,
 * relief) → charge (money under its heading); last, the lines in CBP filing order with the total and fees.
 */
import type { IsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import { assumptionLog } from './duty/assumptions.js';
import { layerBase, metalContentOf, quantitiesOf } from './duty/base.js';
import { chargeLayer, column1Line, dutyResult, layerLine } from './duty/charge.js';
import { resolveMfn } from './duty/column-1.js';
import { countryAllowed, eligibility, narrowToOrigin, productMatch } from './duty/eligibility.js';
import { checkDutyInput } from './duty/input-problems.js';
import { type Applied, interactions } from './duty/interactions.js';
import type { DutyInput, DutyLine, DutyResult, TariffEngine } from './duty/types.js';
import { formatHts, htsDigits } from './hts-code.js';
import type { Layer } from './layer.js';
import { mfnDuty, quantityHint } from './rate-text.js';

export { MAX_WEIGHT_DIGITS } from './duty/base.js';
export { COLUMN_2_COUNTRIES } from './duty/column-1.js';
export { DUTY_INPUT_INVALID, dutyInputProblems } from './duty/input-problems.js';
export type { Assumption, DutyInput, DutyLine, DutyResult, TariffEngine } from './duty/types.js';

/**
 * Duty on one entry line. Throws an {@link AccordError} for input the user must fix: `duty-input-invalid`
 * carries one problem per wrong field, each with its pointer (`/origin`, `/date` …; see
 * {@link dutyInputProblems}); an unknown HTS code, a specific rate without its quantity and the like are
 * thrown as found.
 *
 * @example
 * computeDuty(engine, { hts: '8703.23.01', origin: 'JP', date: isoDate('2025-10-01'), value: 4_000_000n })
 * // totalDuty 600_000n (15% inclusive: 2.5% column 1 + 12.5% under 9903.94.41)
 */
export function computeDuty(
  engine: TariffEngine,
  input: DutyInput,
  options: { explain?: boolean } = {},
): DutyResult {
  // explain: false leaves the reasons empty: for callers that keep only the amounts,
  // such as bulk assessment's plans, where the sentences were most of the cost.
  const explain = options.explain !== false;
  const code = checkDutyInput(engine, input);
  const { assumptions, assume } = assumptionLog();
  const mfnInfo = resolveMfn(engine, code, input, assume);
  const mfnResult = mfnDuty(mfnInfo.rate, input.value, quantitiesOf(input));
  if ('missing' in mfnResult)
    throw new AccordError(
      'mfn-needs-input',
      `HTS ${formatHts(code)}: the rate "${mfnInfo.rate.text}" is charged on ${mfnResult.missing.map(quantityHint).join('; and on ')}`,
    );

  const applied = new Map<string, Applied>();
  const lines: DutyLine[] = [];
  const metalContent = metalContentOf(input);
  const scopes = engine.ruleBase.scopes;
  for (const layer of engine.layers) {
    const uncertain: string[] = [];
    const eligible = eligibility(layer, { engine, code, input, explain, assume, uncertain });
    if (eligible === undefined) continue;
    if (eligible.refused !== undefined) {
      const verdict = {
        applied: false,
        reason: eligible.refused,
        ...(eligible.claim !== undefined && { claimedUnder: eligible.claim }),
      };
      lines.push(layerLine(layer, verdict, uncertain, explain));
      continue;
    }
    const { base, notes } = layerBase(layer, input, metalContent, explain);
    const ctx = { input, code, applied, scopes, base, explain, assume };
    const interacted = interactions(layer, ctx, notes, uncertain);
    const verdict =
      interacted.refused !== undefined
        ? {
            applied: false,
            reason: interacted.refused,
            ...(interacted.claim !== undefined && { claimedUnder: interacted.claim }),
          }
        : chargeLayer(layer, interacted, {
            input,
            mfnAve: mfnResult.ave,
            metalContent,
            applied,
            explain,
            assume,
            viaTransit: eligible.viaTransit,
          });
    lines.push(layerLine(layer, verdict, uncertain, explain));
  }
  lines.push(column1Line(code, input, mfnInfo, mfnResult, explain));
  return dutyResult(engine, code, input, mfnInfo, lines, assumptions);
}

/**
 * The engine with only the layers whose product scope can reach this HTS code. {@link computeDuty} and
 * {@link eraBoundaries} give the same answers with it for that code (a layer that cannot cover the code is
 * skipped before anything else), but do less work: bulk assessment builds its per-era plans with it.
 *
 * @example
 * const cars = narrowToCode(engine, '8703.23.01');
 * computeDuty(cars, { hts: '8703.23.01', origin: 'JP', date, value }); // same result as with `engine`
 */
export function narrowToCode(engine: TariffEngine, hts: string): TariffEngine {
  const code = htsDigits(hts);
  if (code === undefined) return engine;
  return { ...engine, layers: engine.layers.filter((l) => reachesCode(engine, l, code)) };
}

/** Whether a layer's product scope can reach a code (digits): the test {@link narrowToCode} keeps layers by. */
export function reachesCode(engine: TariffEngine, layer: Layer, code: string): boolean {
  return productMatch(engine, layer, code).match !== 'no';
}

/**
 * A key shared by the origins that the engine treats alike: whether they pay column 2 (HTSUS general note
 * 3(b)), which layers may apply to their goods, and which exempt-countries interactions name them. Origins
 * with the same key get the same {@link eraBoundaries} and, from {@link computeDuty}, the same charged layers
 * and rates (only the wording of layers not applied names the origin). Bulk assessment shares plans between
 * them; the key is {@link narrowToOrigin}'s, so there is one rule for it.
 *
 * @example
 * originClass(narrowToCode(engine, '8703.23.01'), 'FR') === originClass(narrowToCode(engine, '8703.23.01'), 'IT')
 * originClass(engine, 'RU') !== originClass(engine, 'AU') // column 2 against column 1
 */
export function originClass(engine: TariffEngine, origin: string): string {
  return narrowToOrigin(engine, origin).key;
}

/**
 * The dates on which anything that can touch this HTS code changes (layer, transit, interaction and relief
 * dates of the layers whose product scope reaches it, the start of coverage and the MPF fiscal years),
 * sorted. Between two consecutive dates the duty on a line without loading date is the same set of rates:
 * bulk assessment caches per era. With `origin`, layers that never apply to that origin are left out; with
 * `fees: false`, the MPF years are (for the duty alone); with `transit: false`, the in-transit dates are (for
 * lines without a loading date, on which they change no duty). Each makes fewer, longer eras.
 */
export function eraBoundaries(
  engine: TariffEngine,
  hts: string,
  options: { origin?: string; fees?: boolean; transit?: boolean } = {},
): IsoDate[] {
  const code = htsDigits(hts);
  const bounds = new Set<IsoDate>([engine.ruleBase.coverageFrom]);
  if (code === undefined) return [...bounds];
  for (const layer of engine.layers) {
    // A layer that cannot apply to the origin charges nothing and so changes nothing for it.
    if (options.origin !== undefined && countryAllowed(layer, options.origin) !== undefined) continue;
    if (productMatch(engine, layer, code).match === 'no') continue;
    const transit =
      options.transit === false
        ? []
        : [layer.transit?.loadedFrom, layer.transit?.loadedBefore, layer.transit?.enteredBefore];
    for (const d of [layer.from, layer.until, ...transit]) if (d !== undefined) bounds.add(d);
    for (const s of layer.exemptShare ?? []) bounds.add(s.from);
    for (const inter of layer.interactions) {
      // An exemption list that does not cover the code never bites on it: its dates change nothing.
      const lists = inter.kind === 'exempt-products' || inter.kind === 'declared' ? inter.lists : undefined;
      if (lists && engine.ruleBase.scopes.match(code, lists).match !== 'yes') continue;
      if (inter.from !== undefined) bounds.add(inter.from);
      if (inter.until !== undefined) bounds.add(inter.until);
    }
  }
  if (options.fees !== false) for (const year of engine.ruleBase.fees.mpf.years) bounds.add(year.from);
  return [...bounds].sort();
}
