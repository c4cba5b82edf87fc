/**
 * @module evaluation/track-schedule
 * Each tariff track's dated rate steps, with provenance (rule names as in docs/agreement-format.md):
 * - The start rate applies from `start.from`. A dated step (`on`) takes effect on its date. A gated step
 *   (`after`) takes effect on the gate's decision day + 1 + `verification.decisionLagDays` (T2: relief
 *   follows verification, never precedes it); the decision day is the latest `decidedOn` of an `all` gate
 *   (or a single milestone) and the earliest of an `any` gate. A waived gate milestone opens the gate on the
 *   waiver's recording (C6).
 * - Steps apply in the order written: a later step never takes effect before an earlier one, and waits
 *   while an earlier one is not reached. `until` ends a step's overlay (no rate from then on unless a later
 *   step starts).
 * - Snap-back (C5, C2): the events in `snapBack.on` — milestone-missed (listed milestones, default the
 *   track's gate milestones) final on `decidedOn`; funding-refused on the breach day of an unfunded
 *   selected project; breach facts (C4 closure, J5 relocation, C7 prohibited transaction, C1 unpaid
 *   clawback) on their date; a snap-back decision fact for the track (its rate overrides `to`) — each plus
 *   `afterDays`, take effect after `noticeDays`. From the earliest such day the rate is `to` and no later
 *   step applies.
 * - Term end: with `afterEnd: revert`, a `term-end` step restores the start rate when the term ends, and
 *   steps that would begin later are not reached.
 * - `end`: the overlay stops on `end.on` (exclusive): the period in force then is closed there and nothing
 *   follows (no step, snap-back or term-end starts on or after it).
 * - Each period carries its mode: the start's (else the track's), a step's mode carries forward to later
 *   steps, a snap-back has its own (else the track's).
 * - Localized relief: from each counted capital fact's recording + 1 + lag, the importer's exempt share is
 *   min(100%, disbursed ÷ the commitment's capital total).
 */
import { addDays, type IsoDate, maxDate } from '../_lib/date.js';
import { PPM_PER_UNIT, type Ppm } from '../_lib/money.js';
import { plural } from '../_lib/words.js';
import { SNAP_EVENTS, type SnapEventName, type Step, type Track } from '../agreement/index.js';
import { type EvalContext, factsOf, knowledgeChanges } from './context.js';
import { factList, percent, summarize } from './explain.js';
import { capitalDisbursed, cappedRatio, fundingBreaches } from './metrics.js';
import type { MilestoneOutcome } from './milestone-status.js';
import type { PlannedStep, RateStep, TrackSchedule } from './types.js';

/** A track's schedule plus what the evaluation needs to know about the snap-back it applied. */
export interface TrackOutcome {
  schedule: TrackSchedule;
  /** Milestones whose miss set off a snap-back in force by the as-of date. */
  snappedMilestones: string[];
  /** `uncertain` texts of steps and snap-backs in the timeline. */
  uncertain: string[];
}

/** Default days for funding selected projects (C5; the MOU gives 45). */
export const DEFAULT_FUNDING_DAYS = 45;

/** The milestone ids a step's gate names. */
export function gateIds(after: Step['after']): string[] {
  if (after === undefined) return [];
  if (typeof after === 'string') return [after];
  return 'all' in after ? after.all : after.any;
}

function gateLabel(step: Step): string {
  const parts: string[] = [];
  if (step.on !== undefined) parts.push(`on ${step.on}`);
  if (step.after !== undefined)
    parts.push(
      typeof step.after === 'string'
        ? `after ${step.after}`
        : 'all' in step.after
          ? `after all of ${step.after.all.join(', ')}`
          : `after any of ${step.after.any.join(', ')}`,
    );
  return parts.join(' and ') || 'from the start';
}

interface GateDecision {
  reached: boolean;
  decidedOn?: IsoDate;
  milestones: string[];
  facts: string[];
  why: string;
}

/** `milestone m1 (title) was met on D (netNewFte …: 1,050 FTE vs target 1,000 FTE)`. */
function decided(id: string, o: MilestoneOutcome, verb = `was ${o.status} on ${o.decidedOn}`): string {
  const measured = o.status === 'waived' ? '' : ` (${summarize(o.condition)})`;
  return `milestone ${id}${o.title ? ` (${o.title})` : ''} ${verb}${measured}`;
}

function decideGate(step: Step, milestones: Map<string, MilestoneOutcome>): GateDecision {
  const ids = gateIds(step.after);
  const outcome = (id: string) => milestones.get(id);
  const satisfied = (id: string) => {
    const o = outcome(id);
    return o !== undefined && (o.status === 'met' || o.status === 'waived') && o.decidedOn !== undefined;
  };
  const describe = (id: string) => {
    const o = outcome(id);
    return o ? `${id} is ${o.status}` : `${id} is not a milestone`;
  };
  const anyGate = step.after !== undefined && typeof step.after !== 'string' && 'any' in step.after;
  if (anyGate) {
    const met = ids
      .filter(satisfied)
      .sort((a, b) =>
        outcome(a)!.decidedOn! < outcome(b)!.decidedOn!
          ? -1
          : outcome(a)!.decidedOn! > outcome(b)!.decidedOn!
            ? 1
            : a < b
              ? -1
              : 1,
      );
    const first = met[0];
    if (first === undefined)
      return {
        reached: false,
        milestones: ids,
        facts: [],
        why: `none of its gate milestones is met (${ids.map(describe).join('; ')})`,
      };
    const o = outcome(first)!;
    return {
      reached: true,
      decidedOn: o.decidedOn!,
      milestones: [first],
      facts: o.decidedBy,
      why: decided(first, o),
    };
  }
  const missing = ids.filter((id) => !satisfied(id));
  if (missing.length > 0)
    return {
      reached: false,
      milestones: ids,
      facts: [],
      why: `its gate is not met: ${missing.map(describe).join('; ')}`,
    };
  const decidedOn = ids
    .map((id) => outcome(id)!.decidedOn!)
    .sort()
    .at(-1)!;
  return {
    reached: true,
    decidedOn,
    milestones: ids,
    facts: [...new Set(ids.flatMap((id) => outcome(id)!.decidedBy))].sort(),
    why: ids.map((id) => decided(id, outcome(id)!)).join(' and '),
  };
}

interface SnapEvent {
  effective: IsoDate;
  /** Events on one day apply in the order of SNAP_EVENTS. */
  event: SnapEventName;
  why: string;
  facts: string[];
  milestones: string[];
  rate?: Ppm;
}

function snapEvents(ctx: EvalContext, track: Track, milestones: Map<string, MilestoneOutcome>): SnapEvent[] {
  const sb = track.snapBack;
  if (!sb) return [];
  const out: SnapEvent[] = [];
  const notice = sb.noticeDays;
  const after = (date: IsoDate, days: number | undefined) => addDays(date, (days ?? 0) + notice);
  const noticeText = notice > 0 ? ` and ${plural(notice, "day's", "days'")} notice (C2)` : '';
  const gates = [...new Set(track.steps.flatMap((s) => gateIds(s.after)))];
  const importerCommitments = track.lines.importers
    ? new Set(
        ctx.agreement.importers
          .filter((i) => track.lines.importers?.includes(i.id))
          .flatMap((i) => i.commitments),
      )
    : undefined;
  for (const on of sb.on) {
    const grace = on.afterDays ? ` plus ${plural(on.afterDays, "day's", "days'")} grace` : '';
    switch (on.event) {
      case 'milestone-missed':
        for (const id of on.milestones ?? gates) {
          const o = milestones.get(id);
          if (o && (o.status === 'missed' || o.status === 'snapped-back') && o.decidedOn)
            out.push({
              effective: after(o.decidedOn, on.afterDays),
              event: on.event,
              why: `${decided(id, o, `was missed (final on ${o.decidedOn})`)}${grace}${noticeText}`,
              facts: o.decidedBy,
              milestones: [id],
            });
        }
        break;
      case 'funding-refused': {
        const days = fundingDays(ctx);
        for (const b of fundingBreaches(ctx, days, { date: ctx.asOf, known: ctx.asOf }))
          out.push({
            effective: after(b.breachDay, on.afterDays),
            event: on.event,
            why: `project ${b.project}, selected on ${b.selected}, was not funded within ${plural(days, 'day')} (due ${b.due}; breach from ${b.breachDay}, C5)${grace}${noticeText}`,
            facts: [b.fact],
            milestones: [],
          });
        break;
      }
      case 'decision':
        for (const d of factsOf(ctx, 'snap-back-decision').filter((f) => f.track === track.id))
          out.push({
            effective: after(d.effective, on.afterDays),
            event: on.event,
            why: `${d.by} decided to restore the rate from ${d.effective} (fact ${d.id}): ${d.reason}${noticeText}`,
            facts: [d.id],
            milestones: [],
            ...(d.rate !== undefined && { rate: d.rate }),
          });
        break;
      default:
        for (const b of factsOf(ctx, 'breach').filter((f) => f.event === on.event)) {
          if (importerCommitments && b.commitment !== undefined && !importerCommitments.has(b.commitment))
            continue;
          out.push({
            effective: after(b.date, on.afterDays),
            event: on.event,
            why: `a ${on.event} breach${b.commitment ? ` by ${b.commitment}` : ''} on ${b.date} (fact ${b.id}${b.note ? `: ${b.note}` : ''})${grace}${noticeText}`,
            facts: [b.id],
            milestones: [],
          });
        }
    }
  }
  return out.sort((a, b) =>
    a.effective !== b.effective
      ? a.effective < b.effective
        ? -1
        : 1
      : SNAP_EVENTS.indexOf(a.event) - SNAP_EVENTS.indexOf(b.event) ||
        (a.facts.join() < b.facts.join() ? -1 : 1),
  );
}

/** The funding window of the agreement's selectedProjectsFunded conditions (the shortest), else 45 days. */
export function fundingDays(ctx: EvalContext): number {
  const days: number[] = [];
  const walk = (c: import('../agreement/model.js').Condition): void => {
    if (c.kind === 'all' || c.kind === 'any') c.of.forEach(walk);
    else if (c.kind === 'metric' && c.metric === 'selectedProjectsFunded') days.push(c.withinDays);
  };
  for (const m of ctx.agreement.milestones) walk(m.when);
  return days.length > 0 ? Math.min(...days) : DEFAULT_FUNDING_DAYS;
}

/**
 * Build one track's schedule.
 *
 * @example
 * trackSchedule(ctx, agreement.tracks[0], milestones).schedule.inForce.map((s) => [s.from, s.rate])
 */
export function trackSchedule(
  ctx: EvalContext,
  track: Track,
  milestones: Map<string, MilestoneOutcome>,
): TrackOutcome {
  const events = snapEvents(ctx, track, milestones);
  const snap = events[0];
  const snapAt = snap ? { event: snap, from: maxDate(snap.effective, track.start.from) } : undefined;
  const { entries, planned } = walkSteps(ctx, track, milestones, snapAt);
  entries.push(...closingEntries(ctx, track, snapAt));
  const inForce = closeAtEnd(chain(entries, track.end?.on), track.end);
  const snapped = new Set<string>();
  for (const e of events)
    if (e.event === 'milestone-missed' && e.effective <= ctx.asOf)
      for (const m of e.milestones) snapped.add(m);
  return {
    schedule: describeSchedule(ctx, track, inForce, planned),
    snappedMilestones: [...snapped].sort(),
    uncertain: inForce.flatMap((s) =>
      s.uncertain ? [`${track.id}: ${s.stepId ?? s.kind}: ${s.uncertain}`] : [],
    ),
  };
}

/** The first snap-back event and the day it takes effect (never before the track starts). */
interface SnapAt {
  event: SnapEvent;
  from: IsoDate;
}

/** The start entry and each written step in order, each either reached (an entry) or not (and why). */
function walkSteps(
  ctx: EvalContext,
  track: Track,
  milestones: Map<string, MilestoneOutcome>,
  snapAt: SnapAt | undefined,
): { entries: RateStep[]; planned: PlannedStep[] } {
  const lag = ctx.agreement.verification.decisionLagDays;
  const revert = ctx.agreement.term.afterEnd === 'revert';
  const trackSources = track.sources ?? [];
  const startMode = track.start.mode ?? track.mode;
  const end = track.end;
  const entries: RateStep[] = [
    {
      from: track.start.from,
      rate: track.start.rate,
      mode: startMode,
      kind: 'start',
      because: `${track.title ?? track.id} starts at ${percent(track.start.rate)} (${startMode}) from ${track.start.from}.${track.start.note ? ` ${track.start.note}` : ''}${track.start.uncertain ? ` Uncertain: ${track.start.uncertain}` : ''}`,
      milestones: [],
      facts: [],
      sources: [...new Set([...(track.start.sources ?? []), ...trackSources])],
      ...(track.start.uncertain !== undefined && { uncertain: track.start.uncertain }),
    },
  ];
  let mode = startMode;
  const planned: PlannedStep[] = [];
  let previous: IsoDate = track.start.from;
  let blocked: string | undefined;
  track.steps.forEach((step, index) => {
    const stepId = step.id ?? `${track.id}-step-${index + 1}`;
    const gate = gateLabel(step);
    const plan = (reached: boolean, why: string, effective?: IsoDate) =>
      planned.push({
        stepId,
        rate: step.rate,
        gate,
        reached,
        ...(effective !== undefined && { effective }),
        why,
      });
    if (blocked !== undefined) {
      plan(false, `not reached: it waits for step ${blocked}, which is not reached (steps apply in order)`);
      return;
    }
    let own: IsoDate = step.on ?? track.start.from;
    let reason = step.on !== undefined ? `scheduled for ${step.on}` : 'in force from the start';
    let gateFacts: string[] = [];
    let gateMilestones: string[] = [];
    if (step.after !== undefined) {
      const g = decideGate(step, milestones);
      if (!g.reached) {
        blocked = stepId;
        plan(false, `not reached: ${g.why}`);
        return;
      }
      const verified = addDays(g.decidedOn!, 1 + lag);
      own = step.on !== undefined ? maxDate(step.on, verified) : verified;
      reason = `${g.why}; relief follows verification (T2): the day after${lag > 0 ? ` plus ${plural(lag, "day's", "days'")} decision lag` : ''}${step.on !== undefined ? `, and not before ${step.on}` : ''}`;
      gateFacts = g.facts;
      gateMilestones = g.milestones;
    }
    const effective = maxDate(own, previous);
    const ordered =
      effective > own ? ` (held back to ${effective} so as not to precede the previous step)` : '';
    if (snapAt !== undefined && effective >= snapAt.from) {
      blocked = stepId;
      plan(
        false,
        `not reached: the snap-back from ${snapAt.from} came first (${snapAt.event.why}); no later step applies`,
        undefined,
      );
      return;
    }
    if (end !== undefined && effective >= end.on) {
      blocked = stepId;
      plan(false, `not reached: the track ended on ${end.on} before it would take effect`);
      return;
    }
    if (revert && effective >= ctx.termEnds) {
      blocked = stepId;
      plan(
        false,
        `not reached: the term ended on ${ctx.termEnds} and relief reverted before it would take effect`,
      );
      return;
    }
    const later =
      effective > ctx.asOf ? `; it takes effect on ${effective}, after the as-of date ${ctx.asOf}` : '';
    plan(true, `reached: ${reason}${ordered}${later}`, effective);
    previous = effective;
    mode = step.mode ?? mode;
    entries.push({
      from: effective,
      ...(step.until !== undefined && { until: step.until }),
      rate: step.rate,
      mode,
      kind: 'step',
      stepId,
      because: `Step ${stepId} sets ${percent(step.rate)} from ${effective} because ${reason}${ordered}${gateFacts.length ? ` (${factList(gateFacts)})` : ''}.${step.note ? ` ${step.note}` : ''}${step.uncertain ? ` Uncertain: ${step.uncertain}` : ''}`,
      milestones: gateMilestones,
      facts: gateFacts,
      sources: [...new Set([...(step.sources ?? []), ...trackSources])],
      ...(step.uncertain !== undefined && { uncertain: step.uncertain }),
    });
  });
  return { entries, planned };
}

/** The snap-back and term-end entries, each only if it starts before the track's end. */
function closingEntries(ctx: EvalContext, track: Track, snapAt: SnapAt | undefined): RateStep[] {
  const sb = track.snapBack;
  const end = track.end;
  const trackSources = track.sources ?? [];
  const out: RateStep[] = [];
  if (snapAt && sb && (end === undefined || snapAt.from < end.on)) {
    const { event: snap, from: snapFrom } = snapAt;
    out.push({
      from: snapFrom,
      rate: snap.rate ?? sb.to,
      mode: sb.mode ?? track.mode,
      kind: 'snap-back',
      because: `Snap-back to ${percent(snap.rate ?? sb.to)} from ${snapFrom} because ${snap.why}.${sb.uncertain ? ` Uncertain: ${sb.uncertain}` : ''}`,
      milestones: snap.milestones,
      facts: snap.facts,
      sources: [...new Set([...(sb.sources ?? []), ...trackSources])],
      ...(sb.uncertain !== undefined && { uncertain: sb.uncertain }),
    });
  }
  if (ctx.agreement.term.afterEnd === 'revert' && (end === undefined || ctx.termEnds < end.on))
    out.push({
      from: ctx.termEnds,
      rate: track.start.rate,
      mode: track.start.mode ?? track.mode,
      kind: 'term-end',
      because: `The term ended on ${ctx.termEnds} (${ctx.variant ? `variant ${ctx.variant.id}, ` : ''}${ctx.variant?.years ?? ctx.agreement.term.years} years); relief reverts to the start rate ${percent(track.start.rate)}.`,
      milestones: [],
      facts: [],
      sources: trackSources,
    });
  return out;
}

/** The overlay's end is a property of the period it closes: say why there, with its caveat and source. */
function closeAtEnd(inForce: RateStep[], end: Track['end']): RateStep[] {
  const last = inForce.at(-1);
  if (end === undefined || last === undefined || last.until !== end.on) return inForce;
  const because = `${last.because} The track ends on ${end.on}${end.note ? `: ${end.note}` : '.'}${end.uncertain ? ` Uncertain: ${end.uncertain}` : ''}`;
  const uncertain = [last.uncertain, end.uncertain].filter((u): u is string => u !== undefined).join(' ');
  return [
    ...inForce.slice(0, -1),
    {
      ...last,
      because,
      sources: [...new Set([...last.sources, ...(end.sources ?? [])])],
      ...(uncertain !== '' && { uncertain }),
    },
  ];
}

/** The schedule as reported: the track's lines and layer, its periods in force and its planned steps. */
function describeSchedule(
  ctx: EvalContext,
  track: Track,
  inForce: RateStep[],
  planned: PlannedStep[],
): TrackSchedule {
  return {
    track: track.id,
    ...(track.title !== undefined && { title: track.title }),
    mode: track.mode,
    heading: track.layer.heading,
    authority: track.layer.authority,
    ...(track.layer.reliefHeadings?.length && { reliefHeadings: track.layer.reliefHeadings }),
    ...(track.snapBack && {
      snapBack: {
        on: track.snapBack.on.map((o) => o.event),
        rate: track.snapBack.to,
        mode: track.snapBack.mode ?? track.mode,
        noticeDays: track.snapBack.noticeDays,
        ...(track.snapBack.note !== undefined && { note: track.snapBack.note }),
        ...(track.snapBack.uncertain !== undefined && { uncertain: track.snapBack.uncertain }),
        sources: track.snapBack.sources ?? [],
      },
    }),
    hts: track.lines.hts,
    except: track.lines.except ?? [],
    origin: track.lines.origin,
    ...(track.lines.importers && { importers: track.lines.importers }),
    inForce,
    planned,
    ...(track.exemptShare && { exemptShare: exemptShares(ctx, track) }),
  };
}

/**
 * Order entries by start and close each at the next one's start (or its own `until`, if earlier). Entries
 * cut to nothing (two on one day: the later-written one wins) are dropped.
 */
function chain(entries: RateStep[], endOn?: IsoDate): RateStep[] {
  const sorted = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.from !== b.e.from ? (a.e.from < b.e.from ? -1 : 1) : a.i - b.i))
    .map((x) => x.e);
  const out: RateStep[] = [];
  sorted.forEach((e, i) => {
    const next = sorted[i + 1];
    let until = e.until;
    if (next && (until === undefined || next.from < until)) until = next.from;
    if (endOn !== undefined && (until === undefined || endOn < until)) until = endOn;
    if (until !== undefined && until <= e.from) return;
    const { from, until: _drop, ...rest } = e;
    out.push({ from, ...(until !== undefined && { until }), ...rest });
  });
  return out;
}

/** Localized relief: the exempt share after each capital report, as verification allows (T2). */
function exemptShares(ctx: EvalContext, track: Track): TrackSchedule['exemptShare'] {
  const spec = track.exemptShare!;
  const commitment = ctx.agreement.commitments.find((c) => c.id === spec.commitment);
  const total = commitment?.capital?.total;
  if (!commitment || total === undefined) return [];
  const lag = ctx.agreement.verification.decisionLagDays;
  const recordings = [
    ...new Set(
      factsOf(ctx, 'capital')
        .filter((f) => f.commitment === commitment.id)
        .flatMap((f) => knowledgeChanges(ctx, f))
        .filter((d) => d <= ctx.asOf),
    ),
  ].sort();
  const out: NonNullable<TrackSchedule['exemptShare']> = [];
  for (const known of recordings) {
    const c = capitalDisbursed(ctx, { commitments: [commitment.id] }, { date: known, known });
    const share = Math.min(PPM_PER_UNIT, cappedRatio(c.cents, total));
    const from = addDays(known, 1 + lag);
    const prev = out.at(-1);
    if (prev && prev.share === share) continue;
    out.push({ from, share, facts: c.facts });
  }
  return out;
}
