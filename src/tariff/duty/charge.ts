/**
 * @module tariff/duty/charge
 * The last stage of the duty pipeline: money. Each layer's formula turns its base into duty under its
 * heading (rounded to the cent per layer, as CBP computes it); the column-1 line carries the entered value;
 * the lines go in CBP's filing order (Chapter 99 headings, then the column-1 line, applied before not
 * applied); the total and the fees (MPF per entry line here, HMF on ocean shipments) close the result.
 */
import { type Cents, formatPercent, formatUsd, type Ppm, ratioPpm } from '../../_lib/money.js';
import { hmf, mpf } from '../fees.js';
import { FORMULAS } from '../formulas/index.js';
import { formatHts } from '../hts-code.js';
import type { Layer } from '../layer.js';
import type { MfnDuty } from '../rate-text.js';
import type { Assume } from './assumptions.js';
import type { MfnInfo } from './column-1.js';
import type { Applied, Interacted } from './interactions.js';
import type { DutyInput, DutyLine, DutyResult, TariffEngine } from './types.js';

/** Where the column-1 line goes in the filing order: after every Chapter 99 heading. */
const MFN_ORDER = 90;

/** What a stage says about a layer's line; the rest of the line comes from the layer. */
export type LineVerdict = Pick<DutyLine, 'applied' | 'reason'> & Partial<DutyLine>;

function withUncertain(reason: string, uncertain: readonly string[]): string {
  return uncertain.length === 0 ? reason : `${reason} [uncertain: ${uncertain.join(' ')}]`;
}

/**
 * The listed line of `layer` from a stage's verdict, with the layer's doubts and those the stages met
 * (reasons and doubts left empty when `explain` is false).
 */
export function layerLine(
  layer: Layer,
  verdict: LineVerdict,
  uncertain: string[],
  explain: boolean,
): DutyLine {
  if (layer.uncertain) uncertain.push(layer.uncertain);
  const doubts = explain ? [...new Set(uncertain)] : [];
  return {
    layer: layer.id,
    program: layer.program,
    heading: layer.heading,
    authority: layer.authority,
    rate: layer.rate, // not applied: the layer's own rate, for the explanation
    base: 0n,
    duty: 0n,
    source: layer.source,
    filingOrder: layer.filingOrder,
    ...verdict,
    uncertain: doubts,
    reason: explain ? withUncertain(verdict.reason, doubts) : '',
  };
}

/** What charging a layer reads besides the layer and the interactions stage's verdict. */
export interface ChargeContext {
  input: DutyInput;
  /** The column-1 rate's ad valorem equivalent (inclusive rates and caps subtract it). */
  mfnAve: Ppm;
  metalContent: Cents | undefined;
  /** Layers charged so far; a charged layer is added, for the interactions of the layers after it. */
  applied: Map<string, Applied>;
  explain: boolean;
  assume: Assume;
  /** True when only the in-transit rule keeps the layer in force. */
  viaTransit: boolean;
}

/**
 * The duty of a layer on the base the interactions left: its formula's amount and heading, or why nothing is
 * charged (a retroactive replacement, nothing left of the base).
 */
export function chargeLayer(
  layer: Layer,
  based: Exclude<Interacted, { refused: string }>,
  ctx: ChargeContext,
): LineVerdict {
  const { base, notes } = based;
  const claimed = based.claim !== undefined ? { claimedUnder: based.claim } : {};
  const computed = FORMULAS[layer.formula]({ layer, base, mfnAve: ctx.mfnAve });
  if (based.retro !== undefined) {
    return {
      applied: false,
      heading: computed.heading,
      reason: ctx.explain
        ? `${based.retro}; at entry it would have been ${formatUsd(computed.duty)} (${computed.why})`
        : '',
    };
  }
  if (base === 0n && layer.formula !== 'claim') {
    return {
      applied: false,
      heading: computed.heading,
      reason: `nothing left to charge: ${notes.join('; ')}`,
      ...claimed,
    };
  }
  ctx.applied.set(layer.id, { base, heading: computed.heading });
  if (layer.base === 'metal-content' && ctx.metalContent === undefined)
    ctx.assume('metal-content', 'the whole value is metal content');
  let reason = '';
  if (ctx.explain) {
    const baseText = base === ctx.input.value ? `the full value ${formatUsd(base)}` : formatUsd(base);
    const noteText = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    const transitNote = ctx.viaTransit && layer.transit ? `; in transit: ${layer.transit.reason}` : '';
    reason = `${computed.why} on ${baseText}${noteText}${transitNote}`;
  }
  return {
    applied: true,
    heading: computed.heading,
    rate: computed.rate,
    base,
    duty: computed.duty,
    reason,
    ...claimed,
  };
}

/** The column-1 line: its rate (and ad valorem equivalent) on the entered value. */
export function column1Line(
  code: string,
  input: DutyInput,
  info: MfnInfo,
  charged: MfnDuty,
  explain: boolean,
): DutyLine {
  const special = info.special.trim();
  return {
    layer: 'mfn',
    program: 'mfn',
    heading: formatHts(code),
    authority: info.authority,
    rate: charged.ave,
    rateText: info.rate.text,
    base: input.value,
    duty: charged.duty,
    applied: true,
    reason: explain
      ? `${info.authority.replace(/^HTSUS /, '')} "${info.rate.text}"` +
        (info.rate.parts.length > 0
          ? `, ad valorem equivalent ${formatPercent(charged.ave)}% (duty ÷ value)`
          : '') +
        ` on the entered value ${formatUsd(input.value)}` +
        (special && special !== 'Free' ? `; special-program rate "${special}" not claimed` : '') +
        (info.note ? `; ${info.note}` : '')
      : '',
    source: info.source,
    uncertain: [],
    filingOrder: MFN_ORDER,
  };
}

/**
 * The result from every listed line: sorted in filing order (applied lines first within a heading's
 * place), totalled, with MPF and HMF.
 */
export function dutyResult(
  engine: TariffEngine,
  code: string,
  input: DutyInput,
  info: MfnInfo,
  lines: DutyLine[],
  assumptions: DutyResult['assumptions'],
): DutyResult {
  lines.sort((a, b) => a.filingOrder - b.filingOrder || (a.applied === b.applied ? 0 : a.applied ? -1 : 1));
  const totalDuty = lines.reduce((sum, l) => (l.applied ? sum + l.duty : sum), 0n);
  const fees = engine.ruleBase.fees;
  return {
    hts: formatHts(code),
    description: info.description,
    htsRevision: info.revision,
    origin: input.origin,
    date: input.date,
    value: input.value,
    lines,
    totalDuty,
    effectiveRate: input.value > 0n ? ratioPpm(totalDuty, input.value) : 0,
    fees: {
      mpf: mpf(fees, input.date, input.value),
      hmf: hmf(fees, input.transport, input.value),
      hmfNote:
        input.transport === 'ocean'
          ? `0.125% of value, ocean shipment (${fees.hmf.source})`
          : `ocean shipments only; transport is ${input.transport ?? 'not given (--transport)'}`,
    },
    assumptions,
  };
}
