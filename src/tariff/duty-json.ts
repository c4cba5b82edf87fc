/**
 * @module tariff/duty-json
 * The JSON form of a duty result, shared by `accord duty --json` and the HTTP API: money as two-place decimal
 * strings, rates as percent strings, no bigint left for JSON.stringify.
 */
import { formatCents, formatPercent } from '../_lib/money.js';
import type { DutyResult } from './engine.js';

/** A result as the `--json` output carries it: money as two-place strings, rates as percent strings. */
export function dutyToJson(r: DutyResult) {
  return {
    hts: r.hts,
    description: r.description,
    origin: r.origin,
    date: r.date,
    value: formatCents(r.value),
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
      ...(l.uncertain.length ? { uncertain: l.uncertain } : {}),
    })),
    totalDuty: formatCents(r.totalDuty),
    effectiveRate: formatPercent(r.effectiveRate),
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
