/**
 * @module tariff/duty-json
 * The JSON form of a duty result, shared by `accord duty --json` and the HTTP API: money as two-place decimal
 * strings, rates as percent strings, no bigint left for JSON.stringify. A result computed with an agreement's
 * tracks overlaid names the agreement and its status; one that is not enacted law says `"hypothetical": true`
 * beside the total, and every text output repeats {@link overlayLabel} next to its numbers.
 */
import { formatCents, formatPercent } from '../_lib/money.js';
import type { DutyResult } from './engine.js';
import { filedLines } from './filed-lines.js';

/** The agreement whose tracks overlay the law in a result, and what the result read of its log. */
export interface OverlayBasis {
  agreement: string;
  /** The agreement's status: `enacted`, `proposal` or `hypothetical` (anything but enacted is hypothetical). */
  status: string;
  /** The log size the agreement's evaluation read, when its facts come from a log. */
  ledgerSize?: number;
}

/**
 * The words that go next to every number computed with an agreement that is not enacted law; `undefined`
 * for an enacted agreement or no overlay.
 *
 * @example
 * overlayLabel({ agreement: 'us-japan-milestones', status: 'hypothetical' })
 * // 'hypothetical: with agreement us-japan-milestones, which is not enacted'
 */
export function overlayLabel(basis: OverlayBasis | undefined): string | undefined {
  if (!basis || basis.status === 'enacted') return undefined;
  return basis.status === 'proposal'
    ? `hypothetical: with agreement ${basis.agreement}, a proposal that is not enacted`
    : `hypothetical: with agreement ${basis.agreement}, which is not enacted`;
}

/**
 * A result as the `--json` output carries it: money as two-place strings, rates as percent strings, and
 * with an overlay, `overlay` (the agreement and its status) and `hypothetical` when it is not enacted; the HTS
 * revision whose codes and column-1 rates were used, the lines to file (with the $0.00 claim headings of
 * exemptions), and the defaults used for facts not declared.
 */
export function dutyToJson(r: DutyResult, basis?: OverlayBasis) {
  const label = overlayLabel(basis);
  return {
    hts: r.hts,
    description: r.description,
    origin: r.origin,
    date: r.date,
    value: formatCents(r.value),
    htsRevision: r.htsRevision,
    lines: r.lines.map((l) => ({
      heading: l.heading,
      authority: l.authority,
      rate: formatPercent(l.rate),
      ...(l.rateText ? { rateText: l.rateText } : {}),
      base: formatCents(l.base),
      duty: formatCents(l.duty),
      applied: l.applied,
      reason: l.reason,
      source: l.source,
      layer: l.layer,
      ...(l.claimedUnder !== undefined ? { claimedUnder: l.claimedUnder } : {}),
      ...(l.uncertain.length ? { uncertain: l.uncertain } : {}),
    })),
    // What the entry summary reports, in CBP's order: the applied lines and, at $0.00, the headings under
    // which exemptions are claimed (claim: true). The total is the same.
    filed: filedLines(r).map((f) => ({
      heading: f.heading,
      rate: formatPercent(f.rate),
      duty: formatCents(f.duty),
      claim: f.claim,
    })),
    totalDuty: formatCents(r.totalDuty),
    effectiveRate: formatPercent(r.effectiveRate),
    // The defaults used for facts the line did not declare: no assumption is silent.
    assumptions: r.assumptions.map((a) => ({ fact: a.fact, used: a.used, declare: a.declare })),
    ...(label !== undefined && { hypothetical: true, hypotheticalNote: label }),
    ...(basis && { overlay: { ...basis, enacted: basis.status === 'enacted' } }),
    fees: {
      mpf: formatCents(r.fees.mpf.amount),
      hmf: formatCents(r.fees.hmf),
      mpfFiscalYear: r.fees.mpf.fiscalYear,
      mpfMin: formatCents(r.fees.mpf.min),
      mpfMax: formatCents(r.fees.mpf.max),
      mpfNote: r.fees.mpf.note,
      hmfNote: r.fees.hmfNote,
    },
  };
}
