/**
 * @module evaluation/metrics
 * Verified metrics measured at a date D with the facts recorded on or before a knowledge date K.
 * For each commitment the latest counted report with a period end (or as-of) ≤ D is used; ties go to the
 * later recording (a restatement supersedes), then the id. Rules (the table of docs/agreement-format.md; sources:
 * FTE as Ohio OAC 122:7-1-05 and 13VAC5-112-270 count it, net new and relocation as Iowa IAC 261-68 and Ohio
 * ORC 122.17(D)(8), wages and the health plan as Iowa Code §15.329):
 * - J2: FTE = (paid hours − relocated hours) ÷ hoursPerFte, annualised by 12 ÷ months for a report covering
 *   fewer than 12 full months; J5: relocated hours never count.
 * - J4: net new = FTE − the commitment's frozen baseline; a scope total below netNewThreshold counts as 0.
 *   A commitment without a report contributes nothing (nothing verified), not minus its baseline.
 * - J6: average wage = Σ total wages ÷ Σ counted FTE, in cents, rounded half up.
 * - J7: health plan holds when every latest report in scope says a plan is offered (and there is one).
 * - C5: selected projects must be funded within N days; breach day = selected + N + 1. Projects are not tied
 *   to commitments, so a scope does not narrow this metric.
 * Hours are compared exactly as integer milli-hours: FTE targets become target × hoursPerFte.
 */
import { addDays, type IsoDate } from '../_lib/date.js';
import { type Cents, PPM_PER_UNIT, type Ppm, ratioPpm, roundHalfUp } from '../_lib/money.js';
import type { Commitment, Scope } from '../agreement/index.js';
import { type EvalContext, factsOf, latestReport } from './context.js';
import type { CapitalFact, EmploymentFact, ProjectFundedFact, ProjectSelectedFact } from './facts.js';

/** A measurement point: measured at `date` with facts recorded on or before `known`. */
export interface At {
  date: IsoDate;
  known: IsoDate;
}

/** Hours (or FTE × hours) as exact integer thousandths. */
export function milli(x: number): bigint {
  return BigInt(Math.round(x * 1000));
}

/** Whether a commitment is in a metric's scope (empty scope: every commitment). */
export function inScope(c: Commitment, scope: Scope): boolean {
  if (scope.commitments && !scope.commitments.includes(c.id)) return false;
  if (scope.naics && !scope.naics.some((p) => c.naics.startsWith(p))) return false;
  if (scope.sites && !c.sites.some((s) => scope.sites?.includes(s))) return false;
  return true;
}

function scoped(ctx: EvalContext, scope: Scope): Commitment[] {
  return [...ctx.agreement.commitments]
    .filter((c) => inScope(c, scope))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The latest counted employment report per commitment in scope, at `at`. */
export function latestEmployment(ctx: EvalContext, scope: Scope, at: At): EmploymentFact[] {
  const out: EmploymentFact[] = [];
  for (const c of scoped(ctx, scope)) {
    const f = latestReport(ctx, c.id, 'employment', at.date, at.known);
    if (f) out.push(f);
  }
  return out;
}

/** J2/J5: a report's counted hours (paid − relocated), annualised for part-years, in milli-hours. */
export function annualMilliHours(f: EmploymentFact): bigint {
  const hours = milli(f.paidHours) - milli(f.relocatedHours ?? 0);
  const months = BigInt(f.months ?? 12);
  // Round half up to the milli-hour, so that the figure is exact and the same everywhere.
  return months === 12n ? hours : roundHalfUp(hours * 12n, months);
}

/** J6/J2: a report's total wages, annualised for part-years, in cents. */
export function annualWages(f: EmploymentFact): bigint {
  const months = BigInt(f.months ?? 12);
  return months === 12n ? (f.totalWages ?? 0n) : roundHalfUp((f.totalWages ?? 0n) * 12n, months);
}

/** J2/J4/J5: net new FTE in scope, in milli-hours (divide by hoursPerFte for FTE). */
export interface NetNew {
  netMilliHours: bigint;
  /** True when the total was below netNewThreshold and so counts as 0. */
  belowThreshold: boolean;
  facts: string[];
}

/** Net new FTE (as milli-hours) measured at `at`. */
export function netNewFte(ctx: EvalContext, scope: Scope, at: At): NetNew {
  const reports = latestEmployment(ctx, scope, at);
  const hpf = ctx.hoursPerFte;
  let total = 0n;
  // The first commitment of each id, as a search from the start finds it (one pass, not one per report).
  const byId = new Map<string, Commitment>();
  for (const c of ctx.agreement.commitments) if (!byId.has(c.id)) byId.set(c.id, c);
  for (const f of reports) {
    const c = byId.get(f.commitment);
    const baseline = c?.jobs?.baseline.fte ?? 0;
    total += annualMilliHours(f) - milli(baseline * hpf);
  }
  const threshold = milli(ctx.agreement.verification.jobs.netNewThreshold * hpf);
  const below = total < threshold || total < 0n;
  return {
    netMilliHours: below ? 0n : total,
    belowThreshold: below && total !== 0n,
    facts: reports.map((f) => f.id),
  };
}

/** Cumulative capital disbursed in scope: the latest capital report per commitment with asOf ≤ D. */
export function capitalDisbursed(ctx: EvalContext, scope: Scope, at: At): { cents: Cents; facts: string[] } {
  let cents = 0n;
  const facts: string[] = [];
  for (const c of scoped(ctx, scope)) {
    const f: CapitalFact | undefined = latestReport(ctx, c.id, 'capital', at.date, at.known);
    if (f) {
      cents += f.disbursed;
      facts.push(f.id);
    }
  }
  return { cents, facts };
}

/** J6 average annual wage per counted FTE, in cents; undefined when no report in scope gives wages. */
export function averageWage(ctx: EvalContext, scope: Scope, at: At): { cents?: Cents; facts: string[] } {
  const reports = latestEmployment(ctx, scope, at).filter((f) => f.totalWages !== undefined);
  let wages = 0n;
  let hours = 0n;
  for (const f of reports) {
    wages += annualWages(f);
    hours += annualMilliHours(f);
  }
  const facts = reports.map((f) => f.id);
  if (hours <= 0n) return { facts };
  return { cents: roundHalfUp(wages * milli(ctx.hoursPerFte), hours), facts };
}

/** J7: every latest report in scope says a health plan is offered. */
export function healthPlanOffered(
  ctx: EvalContext,
  scope: Scope,
  at: At,
): { holds: boolean; facts: string[] } {
  const reports = latestEmployment(ctx, scope, at);
  return {
    holds: reports.length > 0 && reports.every((f) => f.healthPlanOffered === true),
    facts: reports.map((f) => f.id),
  };
}

/** A selected project that was not funded in time (C5). */
export interface FundingBreach {
  project: string;
  selected: IsoDate;
  due: IsoDate;
  /** The first day of the breach: due + 1. */
  breachDay: IsoDate;
  fact: string;
}

/** C5: selected projects and whether each was funded by selected + withinDays, as known at `known`. */
export function fundingStatus(
  ctx: EvalContext,
  withinDays: number,
  known: IsoDate,
): { project: ProjectSelectedFact; due: IsoDate; funding?: ProjectFundedFact }[] {
  const selected = factsOf(ctx, 'project-selected').filter((f) => f.recorded <= known);
  // Fundings grouped by project once, so that matching is linear in facts, not selections × fundings.
  const funded = new Map<string, ProjectFundedFact[]>();
  for (const f of factsOf(ctx, 'project-funded'))
    if (f.recorded <= known) {
      const list = funded.get(f.project);
      if (list) list.push(f);
      else funded.set(f.project, [f]);
    }
  return selected.map((project) => {
    const due = addDays(project.selected, withinDays);
    // The first funding by the due date: earliest funded, then the smaller id.
    let funding: ProjectFundedFact | undefined;
    for (const f of funded.get(project.project) ?? [])
      if (
        f.funded <= due &&
        (!funding || f.funded < funding.funded || (f.funded === funding.funded && f.id < funding.id))
      )
        funding = f;
    return { project, due, ...(funding && { funding }) };
  });
}

/** Selected projects whose deadline passed before `date` unfunded: the funding refusals known at `known`. */
export function fundingBreaches(ctx: EvalContext, withinDays: number, at: At): FundingBreach[] {
  return fundingStatus(ctx, withinDays, at.known)
    .filter((s) => s.due < at.date && !s.funding)
    .map((s) => ({
      project: s.project.project,
      selected: s.project.selected,
      due: s.due,
      breachDay: addDays(s.due, 1),
      fact: s.project.id,
    }))
    .sort((a, b) =>
      a.breachDay < b.breachDay ? -1 : a.breachDay > b.breachDay ? 1 : a.fact < b.fact ? -1 : 1,
    );
}

/** Achieved share in ppm, capped at 100% (used by gates, `all`/`any` and clawback). */
export function cappedRatio(achieved: bigint, target: bigint): Ppm {
  if (target <= 0n) return PPM_PER_UNIT;
  if (achieved <= 0n) return 0;
  return Math.min(PPM_PER_UNIT, ratioPpm(achieved, target));
}

/** Whether `achieved` reaches `target` exactly, or within `tolerance` ppm below it. */
export function reaches(
  achieved: bigint,
  target: bigint,
  tolerance: Ppm,
): { holds: boolean; withinTolerance: boolean } {
  if (achieved >= target) return { holds: true, withinTolerance: false };
  const ok = achieved * BigInt(PPM_PER_UNIT) >= target * BigInt(PPM_PER_UNIT - tolerance);
  return { holds: ok, withinTolerance: ok };
}
