/**
 * @module evaluation/evaluate
 * The evaluation core: agreement + facts + as-of date → milestone statuses, tariff schedules, obligations,
 * clawback and caveats. Pure and deterministic: no clock, no I/O, and facts are sorted by id first, so the
 * same inputs give a deep-equal result whatever order the facts came in. The rules applied (J1–J7, E1–E3,
 * T1–T3, G1, C1–C7: the project's names for the rules of verification, tariff tracks, governance and clawback)
 * are documented in the module each lives in:
 * verify-facts (E1, quorum, J1 site, C6 approval), metrics (J2, J4, J5, J6, J7, C5), milestone-status
 * (T2, T3, G1, C2, C3, C6), track-schedule (T2, C2, C4, C5, J5, C7 snap-backs, term end), clawback (C1, C7)
 * and reporting (T1).
 */
import type { IsoDate } from '../_lib/date.js';
import type { Agreement } from '../agreement/index.js';
import { clawback } from './clawback.js';
import { knownAt, makeContext } from './context.js';
import { disputeEffects } from './disputes.js';
import type { Fact } from './facts.js';
import { evaluateMilestones } from './milestone-status.js';
import { obligationResults } from './obligations.js';
import { reportingResults } from './reporting.js';
import { trackSchedule } from './track-schedule.js';
import type { Evaluation, MilestoneResult } from './types.js';
import { verifyFacts } from './verify-facts.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The term variant to evaluate (default: the agreement's `term.default`, else the base term). */
  variant?: string;
}

/**
 * Evaluate an agreement against facts as of a date.
 *
 * @example
 * const result = evaluate(agreement, facts, isoDate('2028-01-01'), { variant: 'fifteen-years' });
 * result.tracks[0]?.inForce.map((s) => `${s.from} ${s.rate}`)
 */
export function evaluate(
  agreement: Agreement,
  facts: readonly Fact[],
  asOf: IsoDate,
  options: EvaluateOptions = {},
): Evaluation {
  const verified = verifyFacts(agreement, facts, asOf);
  const { suspensions, disputes } = disputeEffects(agreement, verified.counted, asOf);
  const ctx = makeContext(agreement, verified.counted, asOf, options.variant, suspensions);
  const outcomes = evaluateMilestones(ctx);
  const tracks = agreement.tracks.map((t) => trackSchedule(ctx, t, outcomes));
  const snapped = new Set(tracks.flatMap((t) => t.snappedMilestones));

  const milestones: MilestoneResult[] = agreement.milestones.map((m) => {
    const { measuredAt: _measuredAt, ...result } = outcomes.get(m.id)!;
    if (result.status === 'missed' && snapped.has(m.id)) {
      const onTracks = tracks.filter((t) => t.snappedMilestones.includes(m.id)).map((t) => t.schedule.track);
      return {
        ...result,
        status: 'snapped-back',
        explanation: `${result.explanation} The miss set off the snap-back on ${onTracks.join(', ')}.`,
      };
    }
    return result;
  });

  const notes: string[] = [];
  if (agreement.status !== 'enacted')
    notes.push(
      `This agreement is ${agreement.status === 'proposal' ? 'a proposal' : 'a hypothetical compromise'}, not enacted law: its schedule shows what the terms would do, not duties in force.`,
    );
  for (const t of tracks) for (const u of t.uncertain) notes.push(`Uncertain (${u})`);
  const reporting = reportingResults(ctx);
  for (const r of reporting ?? []) if (r.status !== 'on-time') notes.push(r.explanation);

  return {
    agreement: {
      id: agreement.id,
      title: agreement.title,
      status: agreement.status,
      hash: agreement.hash,
      ...(ctx.variant && { variant: ctx.variant.id }),
      termEnds: ctx.termEnds,
    },
    asOf,
    milestones,
    tracks: tracks.map((t) => t.schedule),
    obligations: obligationResults(ctx),
    ...withClawback(ctx),
    ...(reporting && { reporting }),
    facts: {
      counted: verified.counted.map((f) => f.id),
      rejected: verified.rejected,
      suspended: verified.counted.filter((f) => !knownAt(ctx, f, asOf)).map((f) => f.id),
    },
    disputes,
    notes,
  };
}

function withClawback(ctx: Parameters<typeof clawback>[0]): {
  clawback?: NonNullable<ReturnType<typeof clawback>>;
} {
  const c = clawback(ctx);
  return c ? { clawback: c } : {};
}
