/**
 * @module evaluation/condition
 * Evaluate a milestone's condition tree at a measurement point. `all` holds when every child holds and its
 * ratio is the least child ratio; `any` holds when one does and takes the greatest. A metric leaf holds at
 * ≥ (1 − tolerance) × target and then says `withinTolerance`. A milestone reference holds when that
 * milestone was met (or waived) on or before the measurement and knowledge dates.
 */
import { formatUsd } from '../_lib/money.js';
import { plural } from '../_lib/words.js';
import type { Condition, Scope } from '../agreement/index.js';
import type { EvalContext } from './context.js';
import { formatFte } from './explain.js';
import {
  type At,
  averageWage,
  capitalDisbursed,
  cappedRatio,
  fundingStatus,
  healthPlanOffered,
  milli,
  netNewFte,
  reaches,
} from './metrics.js';
import { measureObligation } from './obligations.js';
import type { ConditionResult } from './types.js';

/** Looks up whether another milestone counts as satisfied at a point (supplied by milestone-status). */
export type MilestoneRef = (id: string, at: At) => { holds: boolean; facts: string[]; why: string };

function scopeLabel(scope: Scope): string {
  const parts = [
    scope.commitments && `commitments ${scope.commitments.join(', ')}`,
    scope.naics && `naics ${scope.naics.join(', ')}`,
    scope.sites && `sites ${scope.sites.join(', ')}`,
  ].filter(Boolean);
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}

/**
 * Evaluate `cond` at `at` with `tolerance` (ppm) for metric leaves.
 *
 * @example
 * evaluateCondition(ctx, milestone.when, { date: milestone.by, known: asOf }, 0, refs).holds
 */
export function evaluateCondition(
  ctx: EvalContext,
  cond: Condition,
  at: At,
  tolerance: number,
  refs: MilestoneRef,
): ConditionResult {
  switch (cond.kind) {
    case 'all':
    case 'any': {
      const children = cond.of.map((c) => evaluateCondition(ctx, c, at, tolerance, refs));
      const all = cond.kind === 'all';
      const holds = all ? children.every((c) => c.holds) : children.some((c) => c.holds);
      const ratios = children.map((c) => c.ratio ?? (c.holds ? 1_000_000 : 0));
      const withinTolerance = all
        ? holds && children.some((c) => c.withinTolerance)
        : holds && !children.some((c) => c.holds && !c.withinTolerance);
      return {
        label: `${all ? 'all' : 'any'} of ${plural(children.length, 'condition')}`,
        holds,
        ...(withinTolerance && { withinTolerance }),
        ratio: all ? Math.min(...ratios) : Math.max(...ratios),
        facts: [...new Set(children.flatMap((c) => c.facts))].sort(),
        children,
      };
    }
    case 'milestone': {
      const r = refs(cond.milestone, at);
      return {
        label: `milestone ${cond.milestone} met`,
        holds: r.holds,
        value: r.why,
        ratio: r.holds ? 1_000_000 : 0,
        facts: r.facts,
      };
    }
    case 'obligation': {
      const m = measureObligation(ctx, cond.obligation, at);
      return {
        label: `obligation ${cond.obligation}`,
        holds: m.holds,
        ...(m.value !== undefined && { value: m.value }),
        target: m.target,
        ...(m.measure && { measure: m.measure }),
        ratio: m.ratio,
        facts: m.facts,
      };
    }
    case 'metric':
      return evaluateMetric(ctx, cond, at, tolerance);
  }
}

function evaluateMetric(
  ctx: EvalContext,
  cond: Extract<Condition, { kind: 'metric' }>,
  at: At,
  tolerance: number,
): ConditionResult {
  const scope = scopeLabel(cond.scope);
  switch (cond.metric) {
    case 'netNewFte': {
      const n = netNewFte(ctx, cond.scope, at);
      const target = milli(cond.atLeast * ctx.hoursPerFte);
      const r = reaches(n.netMilliHours, target, tolerance);
      const fte = Number(n.netMilliHours) / 1000 / ctx.hoursPerFte;
      return {
        label: `netNewFte ≥ ${cond.atLeast}${scope}`,
        holds: r.holds,
        ...(r.withinTolerance && { withinTolerance: true }),
        value: `${formatFte(fte)}${n.belowThreshold ? ' (below the net-new threshold, counted as 0)' : ''}`,
        target: formatFte(cond.atLeast),
        measure: { unit: 'FTE', value: fte, target: cond.atLeast },
        ratio: cappedRatio(n.netMilliHours, target),
        facts: n.facts,
      };
    }
    case 'capitalDisbursed': {
      const c = capitalDisbursed(ctx, cond.scope, at);
      const r = reaches(c.cents, cond.atLeast, tolerance);
      return {
        label: `capitalDisbursed ≥ ${formatUsd(cond.atLeast)}${scope}`,
        holds: r.holds,
        ...(r.withinTolerance && { withinTolerance: true }),
        value: formatUsd(c.cents),
        target: formatUsd(cond.atLeast),
        measure: { unit: 'USD', value: c.cents, target: cond.atLeast },
        ratio: cappedRatio(c.cents, cond.atLeast),
        facts: c.facts,
      };
    }
    case 'averageWage': {
      const w = averageWage(ctx, cond.scope, at);
      const r =
        w.cents === undefined
          ? { holds: false, withinTolerance: false }
          : reaches(w.cents, cond.atLeast, tolerance);
      return {
        label: `averageWage ≥ ${formatUsd(cond.atLeast)}${scope}`,
        holds: r.holds,
        ...(r.withinTolerance && { withinTolerance: true }),
        value: w.cents === undefined ? 'no wage data' : formatUsd(w.cents),
        target: formatUsd(cond.atLeast),
        measure: {
          unit: 'USD',
          ...(w.cents !== undefined && { value: w.cents }),
          target: cond.atLeast,
        },
        ratio: w.cents === undefined ? 0 : cappedRatio(w.cents, cond.atLeast),
        facts: w.facts,
      };
    }
    case 'healthPlanOffered': {
      const h = healthPlanOffered(ctx, cond.scope, at);
      return {
        label: `healthPlanOffered${scope}`,
        holds: h.holds,
        value: h.facts.length === 0 ? 'no report' : h.holds ? 'offered' : 'not offered by every commitment',
        measure: { unit: 'boolean', ...(h.facts.length > 0 && { value: h.holds }), target: true },
        ratio: h.holds ? 1_000_000 : 0,
        facts: h.facts,
      };
    }
    case 'selectedProjectsFunded': {
      const status = fundingStatus(ctx, cond.withinDays, at.known).filter((s) => s.due < at.date);
      const late = status.filter((s) => !s.funding);
      const facts = [
        ...new Set(status.flatMap((s) => [s.project.id, ...(s.funding ? [s.funding.id] : [])])),
      ].sort();
      return {
        label: `selected projects funded within ${plural(cond.withinDays, 'day')}`,
        holds: late.length === 0,
        value:
          status.length === 0
            ? 'no selection past its deadline'
            : late.length === 0
              ? `${status.length} of ${status.length} funded in time`
              : `no funding on record within ${plural(cond.withinDays, 'day')} for ${late.map((s) => `${s.project.project} (selected ${s.project.selected}, due ${s.due})`).join(', ')}`,
        // Projects funded in time against projects past their funding deadline.
        measure: { unit: 'count', value: status.length - late.length, target: status.length },
        ratio:
          status.length === 0
            ? 1_000_000
            : cappedRatio(BigInt(status.length - late.length), BigInt(status.length)),
        facts,
      };
    }
  }
}
