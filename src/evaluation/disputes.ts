/**
 * @module evaluation/disputes
 * R8: what a dispute does to the report it challenges, in knowledge time. An open dispute suspends the
 * report from the day it was raised (when the agreement's disputes suspend at all) until it is resolved or
 * lapses; a dismissed or withdrawn dispute, or one that lapsed, lets the report count again; an upheld one
 * voids it from the day of the decision. Nothing is retroactive: whatever was decided with the report
 * before the dispute (a milestone met, a rate step) stays decided, and undoing relief already granted is a
 * snap-back or clawback decision of its own.
 *
 * @example
 * const { suspensions, disputes } = disputeEffects(agreement, counted, isoDate('2026-12-01'));
 * disputes[0]?.status // 'open'
 */
import { addDays, type IsoDate } from '../_lib/date.js';
import type { Agreement } from '../agreement/index.js';
import type { DisputeFact, DisputeResolutionFact, Fact } from './facts.js';
import type { DisputeResult } from './types.js';

/** A knowledge period in which a fact does not count: [from, until), open-ended without `until`. */
export interface Suspension {
  from: IsoDate;
  until?: IsoDate;
  dispute: string;
}

/** The suspensions per fact id, and each dispute as the evaluation reports it. */
export interface DisputeEffects {
  suspensions: Map<string, Suspension[]>;
  disputes: DisputeResult[];
}

/** Compute every dispute's effect from the counted facts known by `asOf`. */
export function disputeEffects(
  agreement: Agreement,
  counted: readonly Fact[],
  asOf: IsoDate,
): DisputeEffects {
  const rules = agreement.governance.disputes;
  const resolutions = new Map<string, DisputeResolutionFact>();
  // The first resolution on record decides (a later one has nothing left to resolve).
  for (const f of counted)
    if (f.type === 'dispute-resolution') {
      const prior = resolutions.get(f.dispute);
      if (!prior || f.recorded < prior.recorded || (f.recorded === prior.recorded && f.id < prior.id))
        resolutions.set(f.dispute, f);
    }
  const suspensions = new Map<string, Suspension[]>();
  const disputes: DisputeResult[] = [];
  const disputeFacts = counted.filter((f): f is DisputeFact => f.type === 'dispute');
  for (const d of disputeFacts) {
    const lapses = addDays(d.recorded, rules.resolveWithinDays);
    const r = resolutions.get(d.id);
    const openUntil = r && r.recorded < lapses ? r.recorded : lapses;
    const periods: Suspension[] = [];
    if (rules.suspends === 'subject' && openUntil > d.recorded)
      periods.push({ from: d.recorded, until: openUntil, dispute: d.id });
    if (r?.outcome === 'upheld') periods.push({ from: r.recorded, dispute: d.id });
    const merged = mergePeriods(periods);
    if (merged.length > 0) suspensions.set(d.subject, [...(suspensions.get(d.subject) ?? []), ...merged]);
    const status: DisputeResult['status'] = r ? r.outcome : asOf >= lapses ? 'lapsed' : 'open';
    disputes.push({
      id: d.id,
      subject: d.subject,
      raisedBy: d.raisedBy,
      raised: d.recorded,
      grounds: d.grounds,
      ...(d.about !== undefined && { about: d.about }),
      status,
      suspends: merged.map((p) => ({
        fact: d.subject,
        from: p.from,
        ...(p.until !== undefined && { until: p.until }),
      })),
      lapses,
      ...(r && {
        resolution: { fact: r.id, outcome: r.outcome, on: r.recorded, by: [...r.by], reason: r.reason },
      }),
      explanation: explain(d, r, status, lapses, rules.suspends, rules.resolveWithinDays),
    });
  }
  disputes.sort((a, b) => (a.raised !== b.raised ? (a.raised < b.raised ? -1 : 1) : a.id < b.id ? -1 : 1));
  return { suspensions, disputes };
}

/** Join touching or overlapping periods (an upheld decision right after the open phase is one period). */
function mergePeriods(periods: Suspension[]): Suspension[] {
  const out: Suspension[] = [];
  for (const p of [...periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
    const last = out.at(-1);
    if (last && (last.until === undefined || p.from <= last.until)) {
      if (last.until !== undefined && (p.until === undefined || p.until > last.until)) {
        if (p.until === undefined) delete last.until;
        else last.until = p.until;
      }
    } else out.push({ ...p });
  }
  return out;
}

function explain(
  d: DisputeFact,
  r: DisputeResolutionFact | undefined,
  status: DisputeResult['status'],
  lapses: IsoDate,
  suspends: 'subject' | 'nothing',
  days: number,
): string {
  const head = `${d.raisedBy} disputed ${d.subject}${d.about ? ` (${d.about})` : ''} on ${d.recorded}: ${d.grounds}.`;
  const hold =
    suspends === 'subject'
      ? `While open it suspends ${d.subject} (R8); unresolved, it lapses after ${days} days, on ${lapses}.`
      : 'The agreement has disputes suspend nothing until upheld (R8).';
  switch (status) {
    case 'open':
      return `${head} ${hold} It is open: resolving it needs the parties' joint decision, or its withdrawal (R9).`;
    case 'lapsed':
      return `${head} ${hold} Nobody resolved it by ${lapses}, so ${d.subject} counts again from that day.`;
    case 'upheld':
      return `${head} Upheld on ${r!.recorded} by ${r!.by.join(', ')} (${r!.reason}): ${d.subject} does not count from that day (R9). Relief already granted on it is undone only by a snap-back or clawback decision.`;
    case 'dismissed':
      return `${head} Dismissed on ${r!.recorded} by ${r!.by.join(', ')} (${r!.reason}): ${d.subject} counts again from that day (R9).`;
    case 'withdrawn':
      return `${head} Withdrawn on ${r!.recorded} by ${r!.by.join(', ')} (${r!.reason}): ${d.subject} counts again from that day (R9).`;
  }
}
