/**
 * @module server/api-json
 * JSON shapes of domain results as the API sends them: money as two-place decimal strings, rates as
 * percent strings (the CLI's `--json` conventions), bigint never reaching JSON.stringify.
 */
import { formatCents, formatPercent } from '../_lib/money.js';
import type { AssessSummary, DutyResult } from '../tariff/index.js';

/** A duty result: every layer considered, why, its source, and the fees. */
export function dutyJson(r: DutyResult) {
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
      mpfNote: r.fees.mpf.note,
      hmfNote: r.fees.hmfNote,
    },
  };
}

/** The summary of a bulk assessment. */
export function assessSummaryJson(s: AssessSummary) {
  const group = (g: AssessSummary['byOrigin'][number]) => ({
    key: g.key,
    lines: g.lines,
    value: formatCents(g.value),
    duty: formatCents(g.duty),
    effectiveRate: formatPercent(g.effectiveRate),
  });
  return {
    lines: s.lines,
    badRows: s.badRows,
    entries: s.entries,
    value: formatCents(s.value),
    duty: formatCents(s.duty),
    mpf: formatCents(s.mpf),
    hmf: formatCents(s.hmf),
    effectiveRate: formatPercent(s.effectiveRate),
    byLayer: s.byLayer.map((l) => ({ heading: l.heading, lines: l.lines, duty: formatCents(l.duty) })),
    byOrigin: s.byOrigin.map(group),
    byImporter: s.byImporter.map(group),
  };
}
