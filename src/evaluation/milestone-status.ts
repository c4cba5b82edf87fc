/**
 * @module evaluation/milestone-status
 * Each milestone's status at the as-of date (rule names as in docs/agreement-format.md):
 * - Deadline: the variant's override, else `by`; C6: a counted waiver without `extendTo` waives the
 *   milestone, a waiver with `extendTo` moves the deadline (to the latest date any extension names).
 * - Met (T2: relief follows verification): the earliest knowledge date K ≤ as-of (K runs over the recorded
 *   dates of counted facts) at which the condition holds measured at the deadline; `decidedOn` = K.
 * - Tolerance: a metric leaf holds at ≥ (1 − tolerance) × target and is flagged `withinTolerance`.
 * - T3 retention (`retainedFor`): after first being met at measurement date D0 it is met only once a fact
 *   dated after D0 shows the condition still holds at D0 + retainedFor (decidedOn = that knowledge date);
 *   until then pending; a fact dated within the retention period under which it fails makes it missed.
 * - Not met: pending up to the deadline. Past it, the achieved ratio (min over `all`, max over `any`) is
 *   compared with the G1 gate: below it the miss is final on deadline + 1 with no cure. Otherwise, with a
 *   C2 cure period (`term` = until the term's last day, C3 carry-forward) the milestone is in cure until
 *   `cureEnds` and met if the condition holds measured at any date ≤ cureEnds with the facts known by the
 *   as-of date (decidedOn = the earliest knowledge date at which it holds at the first such date); else
 *   missed on cureEnds + 1 (deadline + 1 without a cure).
 * - A missed milestone whose snap-back is in force becomes `snapped-back` (set by evaluate).
 * Each search ("the earliest K", "the first date") runs as a sweep (sweep.ts) that answers `holds` along
 * the candidates incrementally; the full measurement is made only at the point it picks, so a search is
 * linear in facts rather than candidates × facts.
 */
import { addDays, addDuration, type IsoDate, minDate } from '../_lib/date.js';
import type { AgreementMilestone, Condition, Scope } from '../agreement/index.js';
import { evaluateCondition, type MilestoneRef } from './condition.js';
import { commitmentFacts, type EvalContext, factsOf, knowledgeChanges } from './context.js';
import { factList, percent, summarize } from './explain.js';
import { type At, inScope } from './metrics.js';
import { conditionSweep, type Sweep, type SweepAxis } from './sweep.js';
import type { ConditionResult, MilestoneResult } from './types.js';

/** A milestone result plus the measurement date it was met at (for T3 and gating). */
export interface MilestoneOutcome extends MilestoneResult {
  measuredAt?: IsoDate;
}

/**
 * Evaluate every milestone; references between milestones are resolved on demand, with a guard against
 * cycles (the loader rejects them; a cycle here makes the reference not hold).
 */
export function evaluateMilestones(ctx: EvalContext): Map<string, MilestoneOutcome> {
  const done = new Map<string, MilestoneOutcome>();
  const active = new Set<string>();
  const byId = new Map(ctx.agreement.milestones.map((m) => [m.id, m]));
  const get = (id: string): MilestoneOutcome | undefined => {
    const cached = done.get(id);
    if (cached) return cached;
    const m = byId.get(id);
    if (!m || active.has(id)) return undefined;
    active.add(id);
    const result = evaluateOne(m);
    active.delete(id);
    done.set(id, result);
    return result;
  };
  const refs: MilestoneRef = (id, at) => {
    if (active.has(id)) return { holds: false, facts: [], why: `circular reference to ${id}` };
    const r = get(id);
    if (!r) return { holds: false, facts: [], why: `no milestone ${id}` };
    const satisfied = (r.status === 'met' || r.status === 'waived') && r.decidedOn !== undefined;
    const by = minDate(at.date, at.known);
    if (satisfied && r.decidedOn! <= by)
      return { holds: true, facts: r.decidedBy, why: `${r.status} on ${r.decidedOn}` };
    return {
      holds: false,
      facts: [],
      why: satisfied ? `${r.status} only on ${r.decidedOn}, after ${by}` : `${r.status}`,
    };
  };
  const decidedOnOf = (id: string): IsoDate | undefined => {
    if (active.has(id)) return undefined;
    const r = get(id);
    return r && (r.status === 'met' || r.status === 'waived') ? r.decidedOn : undefined;
  };
  for (const m of [...ctx.agreement.milestones].sort((a, b) => (a.id < b.id ? -1 : 1))) get(m.id);
  return done;

  function evaluateOne(m: AgreementMilestone): MilestoneOutcome {
    return evaluateMilestone(ctx, m, refs, knowledgeCandidates(ctx, m.when, decidedOnOf));
  }
}

/**
 * The knowledge dates at which a condition's measurement can change: the first knowledge date, and each day
 * a fact the condition reads (its scope's reports, its obligation's, project selections and fundings) was
 * recorded or a milestone it references was decided. Between two such days every measurement is the same,
 * so the earliest knowledge date at which a condition holds is always among these.
 */
export function knowledgeCandidates(
  ctx: EvalContext,
  cond: Condition,
  decidedOnOf: (id: string) => IsoDate | undefined,
): IsoDate[] {
  const dates = new Set<IsoDate>();
  const first = ctx.knowledgeDates[0];
  if (first !== undefined) dates.add(first);
  const walk = (c: Condition): void => {
    switch (c.kind) {
      case 'all':
      case 'any':
        c.of.forEach(walk);
        return;
      case 'milestone': {
        const decided = decidedOnOf(c.milestone);
        if (decided !== undefined) dates.add(decided);
        return;
      }
      case 'obligation':
        for (const f of factsOf(ctx, 'obligation')) if (f.obligation === c.obligation) dates.add(f.recorded);
        return;
      case 'metric':
        if (c.metric === 'selectedProjectsFunded') {
          for (const f of factsOf(ctx, 'project-selected')) dates.add(f.recorded);
          for (const f of factsOf(ctx, 'project-funded')) dates.add(f.recorded);
          return;
        }
        for (const d of scopeRecordings(
          ctx,
          c.scope,
          c.metric === 'capitalDisbursed' ? 'capital' : 'employment',
        ))
          dates.add(d);
    }
  };
  walk(cond);
  return [...dates].sort();
}

const recordingsCache = new WeakMap<EvalContext, Map<string, IsoDate[]>>();

/** The distinct recording days of one kind of report in a scope (cached: milestones share scopes). */
function scopeRecordings(ctx: EvalContext, scope: Scope, type: 'employment' | 'capital'): IsoDate[] {
  let cache = recordingsCache.get(ctx);
  if (!cache) {
    cache = new Map();
    recordingsCache.set(ctx, cache);
  }
  const key = `${type} ${JSON.stringify([scope.commitments, scope.naics, scope.sites])}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const dates = new Set<IsoDate>();
  for (const commitment of ctx.agreement.commitments)
    if (inScope(commitment, scope))
      for (const f of commitmentFacts(ctx, commitment.id, type))
        for (const d of knowledgeChanges(ctx, f)) if (d <= ctx.asOf) dates.add(d);
  const out = [...dates];
  cache.set(key, out);
  return out;
}

const datedCache = new WeakMap<EvalContext, [string, IsoDate][]>();

/**
 * Every counted fact's id and measurement date, sorted by date then id (made once per evaluation), with
 * the index of the first one dated after `after`.
 */
function datedAfter(ctx: EvalContext, after: IsoDate): { dated: [string, IsoDate][]; from: number } {
  let dated = datedCache.get(ctx);
  if (!dated) {
    dated = [...ctx.factDate.entries()].sort((a, b) =>
      a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : 1,
    );
    datedCache.set(ctx, dated);
  }
  let lo = 0;
  let hi = dated.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dated[mid]![1] <= after) lo = mid + 1;
    else hi = mid;
  }
  return { dated, from: lo };
}

/** The facts dated in (after, until], in date then id order. */
function datedWithin(ctx: EvalContext, after: IsoDate, until: IsoDate): [string, IsoDate][] {
  const { dated, from } = datedAfter(ctx, after);
  const out: [string, IsoDate][] = [];
  for (let i = from; i < dated.length && dated[i]![1] <= until; i++) out.push(dated[i]!);
  return out;
}

/** The deadline and cure period in force for a milestone (variant overrides, then extensions). */
export function deadlineOf(
  ctx: EvalContext,
  m: AgreementMilestone,
): { deadline: IsoDate; extendedBy?: string } {
  const override = ctx.variant?.milestones?.[m.id];
  let deadline = override?.by ?? m.by;
  let extendedBy: string | undefined;
  for (const w of waiversOf(ctx, m.id))
    if (w.extendTo !== undefined && w.extendTo > deadline) {
      deadline = w.extendTo;
      extendedBy = w.id;
    }
  return { deadline, ...(extendedBy !== undefined && { extendedBy }) };
}

/** The last day of a C2 cure period that runs from `deadline` (`term`: the term's last day, C3). */
function cureEndsOf(
  ctx: EvalContext,
  cure: NonNullable<AgreementMilestone['cure']>,
  deadline: IsoDate,
): IsoDate {
  return cure === 'term' ? addDays(ctx.termEnds, -1) : addDuration(deadline, cure);
}

/**
 * The day a miss of a milestone that is never met becomes final, when its shortfall is within the G1 gate:
 * the day after its cure period ends, or after its deadline when it has no cure.
 */
export function missFinalOn(ctx: EvalContext, m: AgreementMilestone): IsoDate {
  const { deadline } = deadlineOf(ctx, m);
  const cure = ctx.variant?.milestones?.[m.id]?.cure ?? m.cure;
  return addDays(cure === undefined ? deadline : cureEndsOf(ctx, cure, deadline), 1);
}

function waiversOf(ctx: EvalContext, milestone: string) {
  return factsOf(ctx, 'waiver')
    .filter((w) => w.milestone === milestone)
    .sort((a, b) => (a.recorded !== b.recorded ? (a.recorded < b.recorded ? -1 : 1) : a.id < b.id ? -1 : 1));
}

function evaluateMilestone(
  ctx: EvalContext,
  m: AgreementMilestone,
  refs: MilestoneRef,
  candidates: IsoDate[],
): MilestoneOutcome {
  const { deadline, extendedBy } = deadlineOf(ctx, m);
  const override = ctx.variant?.milestones?.[m.id];
  const cure = override?.cure ?? m.cure;
  const tolerance = m.tolerance ?? 0;
  const name = m.title ? `Milestone ${m.id} (${m.title})` : `Milestone ${m.id}`;
  const measure = (at: At): ConditionResult => evaluateCondition(ctx, m.when, at, tolerance, refs);
  const sweep = (axis: SweepAxis, fixed: IsoDate): Sweep =>
    conditionSweep(ctx, m.when, tolerance, refs, axis, fixed);
  const base = { id: m.id, ...(m.title !== undefined && { title: m.title }), deadline };
  const extended = extendedBy
    ? ` The deadline was extended to ${deadline} by waiver ${extendedBy} (C6).`
    : '';

  const outright = waiversOf(ctx, m.id).find((w) => w.extendTo === undefined);
  if (outright)
    return {
      ...base,
      status: 'waived',
      decidedOn: outright.recorded,
      condition: measure({ date: deadline, known: ctx.asOf }),
      decidedBy: [outright.id],
      explanation: `${name} was waived by ${outright.approvedBy.join(', ')} (waiver ${outright.id}, recorded ${outright.recorded}): ${outright.reason} (C6).`,
    };

  // Met at the deadline: the first moment of knowledge at which the condition holds there. The sweep
  // finds it; the full measurement (values, facts, words) is made once, for that moment.
  const knownBy = sweep('known', deadline);
  for (const known of candidates) {
    if (!knownBy(known)) continue;
    const result = held(measure({ date: deadline, known }));
    if (result.holds)
      return retention(
        ctx,
        m,
        measure,
        sweep,
        candidates,
        { ...base, name, extended },
        deadline,
        known,
        result,
        'by its deadline',
      );
  }

  const atDeadline = measure({ date: deadline, known: ctx.asOf });
  if (ctx.asOf <= deadline)
    return {
      ...base,
      status: 'pending',
      condition: atDeadline,
      decidedBy: [],
      explanation: `${name} is pending until ${deadline}: ${summarize(atDeadline)} (${factList(atDeadline.facts)}).${extended}`,
    };

  const ratio = atDeadline.ratio ?? 0;
  if (m.gate !== undefined && ratio < m.gate)
    return {
      ...base,
      status: 'missed',
      decidedOn: addDays(deadline, 1),
      condition: atDeadline,
      decidedBy: atDeadline.facts,
      explanation: `${name} missed at its ${deadline} deadline with ${percent(ratio)} of target, below the ${percent(m.gate)} minimum gate, so there is no cure (G1): ${summarize(atDeadline)} (${factList(atDeadline.facts)}).${extended}`,
    };

  if (cure !== undefined) {
    const cureEnds = cureEndsOf(ctx, cure, deadline);
    // The distinct measurement dates in the cure period, and its last day, in order.
    const dates: IsoDate[] = [];
    for (const [, day] of datedWithin(ctx, deadline, cureEnds)) if (dates.at(-1) !== day) dates.push(day);
    // Every date above is ≤ cureEnds (and there are none when the cure ends by the deadline).
    if (dates.at(-1) !== cureEnds) dates.push(cureEnds);
    // The first date in the cure period at which, with everything known by the as-of date, the condition
    // holds; then the earliest knowledge at which it held there (linear, not knowledge × dates).
    const holdsOn = sweep('date', ctx.asOf);
    const date = dates.find((day) => holdsOn(day));
    if (date !== undefined) {
      const knownAt = sweep('known', date);
      for (const known of candidates) {
        if (!knownAt(known)) continue;
        const result = held(measure({ date, known }));
        if (result.holds)
          return retention(
            ctx,
            m,
            measure,
            sweep,
            candidates,
            { ...base, name, extended, cureEnds },
            date,
            known,
            result,
            `during cure (measured at ${date}, cure ends ${cureEnds})`,
          );
      }
    }
    const how =
      cure === 'term' ? 'until the term ends (C3 carry-forward)' : `for ${cure.amount}${cure.unit} (C2)`;
    if (ctx.asOf <= cureEnds)
      return {
        ...base,
        status: 'in-cure',
        cureEnds,
        condition: atDeadline,
        decidedBy: [],
        explanation: `${name} was not met by ${deadline}; it is in cure ${how} until ${cureEnds}: ${summarize(atDeadline)} (${factList(atDeadline.facts)}).${extended}`,
      };
    return {
      ...base,
      status: 'missed',
      cureEnds,
      decidedOn: addDays(cureEnds, 1),
      condition: atDeadline,
      decidedBy: atDeadline.facts,
      explanation: `${name} missed: not met by ${deadline} nor during the cure period ending ${cureEnds}; final on ${addDays(cureEnds, 1)}: ${summarize(atDeadline)} (${factList(atDeadline.facts)}).${extended}`,
    };
  }
  return {
    ...base,
    status: 'missed',
    decidedOn: addDays(deadline, 1),
    condition: atDeadline,
    decidedBy: atDeadline.facts,
    explanation: `${name} missed: not met by ${deadline} and there is no cure period; final on ${addDays(deadline, 1)}: ${summarize(atDeadline)} (${factList(atDeadline.facts)}).${extended}`,
  };
}

/** The sweep said the condition holds here; a full measurement that disagrees is a bug, not an input. */
function held(result: ConditionResult): ConditionResult {
  if (!result.holds) throw new Error(`condition sweep and measurement disagree: ${summarize(result)}`);
  return result;
}

interface Named {
  id: string;
  title?: string;
  deadline: IsoDate;
  name: string;
  extended: string;
  cureEnds?: IsoDate;
}

/** The met outcome, or — under T3 retention — pending / missed / met after the maintenance period. */
function retention(
  ctx: EvalContext,
  m: AgreementMilestone,
  measure: (at: At) => ConditionResult,
  sweep: (axis: SweepAxis, fixed: IsoDate) => Sweep,
  candidates: IsoDate[],
  named: Named,
  measuredAt: IsoDate,
  known: IsoDate,
  result: ConditionResult,
  when: string,
): MilestoneOutcome {
  const { name, extended, ...rest } = named;
  const base = { ...rest };
  const tol = result.withinTolerance ? ' (met within the tolerance band)' : '';
  if (!m.retainedFor)
    return {
      ...base,
      status: 'met',
      decidedOn: known,
      measuredAt,
      condition: result,
      decidedBy: result.facts,
      explanation: `${name} met ${when}${tol}: ${summarize(result)}; verified on ${known} (${factList(result.facts)}).${extended}`,
    };
  const until = addDuration(measuredAt, m.retainedFor);
  const span = `${m.retainedFor.amount}${m.retainedFor.unit}`;
  // A fact dated inside the retention period under which the condition fails: the milestone is lost.
  const inside = datedWithin(ctx, measuredAt, until);
  const holdsOn = sweep('date', ctx.asOf);
  for (const [id, date] of inside) {
    if (holdsOn(date)) continue;
    const fact = ctx.byId.get(id)!;
    const at = measure({ date, known: ctx.asOf });
    if (!at.holds && at.facts.includes(id))
      return {
        ...base,
        status: 'missed',
        decidedOn: fact.recorded,
        measuredAt,
        condition: at,
        decidedBy: [id],
        explanation: `${name} was met ${when} on ${known} but did not stay met for the ${span} retention period (T3): at ${date} ${summarize(at)} (fact ${id}).${extended}`,
      };
  }
  // Verified retention: the earliest knowledge under which the condition holds at the end of the period,
  // shown by at least one fact dated after the first measurement.
  const knownAt = sweep('known', until);
  for (const k of candidates) {
    if (k < known || !knownAt(k)) continue;
    const at = measure({ date: until, known: k });
    if (at.holds && at.facts.some((id) => (ctx.factDate.get(id) ?? measuredAt) > measuredAt))
      return {
        ...base,
        status: 'met',
        decidedOn: k,
        measuredAt,
        condition: at,
        decidedBy: at.facts,
        explanation: `${name} met ${when}${tol} and still held at ${until}, the end of its ${span} retention period (T3): ${summarize(at)}; verified on ${k} (${factList(at.facts)}).${extended}`,
      };
  }
  return {
    ...base,
    status: 'pending',
    measuredAt,
    condition: result,
    decidedBy: result.facts,
    explanation: `${name} was met ${when} on ${known}, but retention not yet verified: it must still hold at ${until} (${span}, T3): ${summarize(result)} (${factList(result.facts)}).${extended}`,
  };
}
