/**
 * @module evaluation/obligations
 * Linked obligations (farm purchases, defense share of GDP, technology-sharing protocols). A target is met
 * when the latest counted value (period end ≤ D) is at least `atLeast` (usd in cents, share in ppm, count),
 * or true for a boolean. A `per: year` obligation is checked for each completed calendar year that lies
 * wholly within the term; every such year needs a counted report meeting the target, and with no completed
 * year yet it is not met. The obligation's own status compares its `by` date with the as-of date.
 */
import { addDays } from '../_lib/date.js';
import { formatUsd, parseRate, parseUsd } from '../_lib/money.js';
import type { Obligation } from '../agreement/index.js';
import { type EvalContext, factsOf } from './context.js';
import { factList, percent } from './explain.js';
import type { ObligationFact } from './facts.js';
import { type At, cappedRatio } from './metrics.js';
import type { Measure, ObligationResult } from './types.js';

/** An obligation measured at a point. */
export interface ObligationMeasure {
  holds: boolean;
  ratio: number;
  value?: string;
  target: string;
  /** The value and target as numbers in their unit (absent for an unknown obligation). */
  measure?: Measure;
  facts: string[];
  /** For per-year obligations: each completed year's outcome. */
  years?: { year: number; holds: boolean; fact?: string }[];
}

type Target =
  | { unit: 'usd'; cents: bigint }
  | { unit: 'share'; ppm: number }
  | { unit: 'count'; value: number }
  | { unit: 'boolean' };

/** The obligation's target in its unit; a target that cannot be read is a programmer error upstream. */
function targetOf(o: Obligation): Target {
  const raw = o.atLeast;
  switch (o.unit) {
    case 'boolean':
      return { unit: 'boolean' };
    case 'usd': {
      const cents = typeof raw === 'string' || typeof raw === 'number' ? parseUsd(raw) : undefined;
      return { unit: 'usd', cents: cents ?? 0n };
    }
    case 'share': {
      const ppm = typeof raw === 'string' || typeof raw === 'number' ? parseRate(raw) : undefined;
      return { unit: 'share', ppm: ppm ?? 0 };
    }
    case 'count':
      return { unit: 'count', value: typeof raw === 'number' ? raw : Number(raw ?? 0) };
  }
}

function formatTarget(t: Target): string {
  switch (t.unit) {
    case 'usd':
      return formatUsd(t.cents);
    case 'share':
      return percent(t.ppm);
    case 'count':
      return String(t.value);
    case 'boolean':
      return 'yes';
  }
}

/** The target as a machine-readable measure, with the value when there is one. */
function measureOf(t: Target, v?: ObligationFact['value']): Measure {
  switch (t.unit) {
    case 'usd':
      return { unit: 'USD', target: t.cents, ...(v?.unit === 'usd' && { value: v.cents }) };
    case 'share':
      return { unit: 'percent', target: t.ppm, ...(v?.unit === 'share' && { value: v.ppm }) };
    case 'count':
      return { unit: 'count', target: t.value, ...(v?.unit === 'count' && { value: v.value }) };
    case 'boolean':
      return { unit: 'boolean', target: true, ...(v?.unit === 'boolean' && { value: v.value }) };
  }
}

function formatValue(v: ObligationFact['value']): string {
  switch (v.unit) {
    case 'usd':
      return formatUsd(v.cents);
    case 'share':
      return percent(v.ppm);
    case 'count':
      return String(v.value);
    case 'boolean':
      return v.value ? 'yes' : 'no';
  }
}

/** A value's achieved share of the target, in ppm capped at 100%. */
function ratioOf(v: ObligationFact['value'], t: Target): number {
  if (v.unit === 'usd' && t.unit === 'usd') return cappedRatio(v.cents, t.cents);
  if (v.unit === 'share' && t.unit === 'share') return cappedRatio(BigInt(v.ppm), BigInt(t.ppm));
  if (v.unit === 'count' && t.unit === 'count')
    return cappedRatio(BigInt(v.value), BigInt(Math.round(t.value)));
  if (v.unit === 'boolean') return v.value ? 1_000_000 : 0;
  return 0;
}

function latest(facts: ObligationFact[]): ObligationFact | undefined {
  return [...facts].sort((a, b) =>
    a.periodEnd !== b.periodEnd
      ? a.periodEnd < b.periodEnd
        ? 1
        : -1
      : a.recorded !== b.recorded
        ? a.recorded < b.recorded
          ? 1
          : -1
        : a.id < b.id
          ? 1
          : -1,
  )[0];
}

/** Measure obligation `id` at `at`. Unknown ids measure as not held (the loader rejects them earlier). */
export function measureObligation(ctx: EvalContext, id: string, at: At): ObligationMeasure {
  const o = ctx.agreement.linked.find((l) => l.id === id);
  if (!o) return { holds: false, ratio: 0, target: 'a defined obligation', facts: [] };
  const target = targetOf(o);
  const facts = factsOf(ctx, 'obligation').filter(
    (f) => f.obligation === id && f.recorded <= at.known && f.periodEnd <= at.date,
  );
  if (o.per === 'year') {
    const firstYear =
      Number(ctx.agreement.term.start.slice(0, 4)) + (ctx.agreement.term.start.endsWith('-01-01') ? 0 : 1);
    const years: NonNullable<ObligationMeasure['years']> = [];
    for (let y = firstYear; `${y}-12-31` <= at.date && `${y}-12-31` < ctx.termEnds; y++) {
      const f = latest(facts.filter((x) => x.periodEnd.startsWith(`${y}-`)));
      years.push({
        year: y,
        holds: f !== undefined && ratioOf(f.value, target) >= 1_000_000,
        ...(f && { fact: f.id }),
      });
    }
    const used = years.flatMap((y) => (y.fact ? [y.fact] : []));
    const ratios = years.map((y) => {
      const f = facts.find((x) => x.id === y.fact);
      return f ? ratioOf(f.value, target) : 0;
    });
    return {
      holds: years.length > 0 && years.every((y) => y.holds),
      ratio: ratios.length === 0 ? 0 : Math.min(...ratios),
      value:
        years.length === 0
          ? 'no completed year'
          : years
              .map((y) => `${y.year} ${y.holds ? 'met' : y.fact ? 'below target' : 'not reported'}`)
              .join(', '),
      target: `${formatTarget(target)} a year`,
      measure: { ...measureOf(target), per: 'year' },
      facts: used,
      years,
    };
  }
  const f = latest(facts);
  if (!f)
    return {
      holds: false,
      ratio: 0,
      value: 'no counted report',
      target: formatTarget(target),
      measure: measureOf(target),
      facts: [],
    };
  const ratio = ratioOf(f.value, target);
  return {
    holds: ratio >= 1_000_000,
    ratio,
    value: formatValue(f.value),
    target: formatTarget(target),
    measure: measureOf(target, f.value),
    facts: [f.id],
  };
}

/**
 * Each linked obligation's status at the as-of date: met when its target is met (by `by` when set);
 * missed when `by` has passed unmet or a completed year fell short; pending otherwise.
 */
export function obligationResults(ctx: EvalContext): ObligationResult[] {
  return [...ctx.agreement.linked]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((o): ObligationResult => {
      const date = o.by !== undefined && o.by < ctx.asOf ? o.by : ctx.asOf;
      const m = measureObligation(ctx, o.id, { date, known: ctx.asOf });
      const what = `${o.title} (${o.id})`;
      if (o.per === 'year') {
        const short = m.years?.filter((y) => y.fact !== undefined && !y.holds) ?? [];
        if (short.length > 0)
          return {
            id: o.id,
            status: 'missed',
            facts: m.facts,
            explanation: `${what} missed: ${short.map((y) => y.year).join(', ')} below the target of ${m.target} (${factList(m.facts)}).`,
          };
        if (m.holds)
          return {
            id: o.id,
            status: 'met',
            facts: m.facts,
            explanation: `${what} met for every completed year: ${m.value} (${factList(m.facts)}).`,
          };
        return {
          id: o.id,
          status: 'pending',
          facts: m.facts,
          explanation: `${what} pending: ${m.value}; target ${m.target} (${factList(m.facts)}).`,
        };
      }
      if (m.holds)
        return {
          id: o.id,
          status: 'met',
          facts: m.facts,
          explanation: `${what} met: ${m.value} vs target ${m.target} (${factList(m.facts)}).`,
        };
      if (o.by !== undefined && ctx.asOf > o.by)
        return {
          id: o.id,
          status: 'missed',
          facts: m.facts,
          explanation: `${what} missed: by ${o.by} the value was ${m.value ?? 'not reported'} vs target ${m.target} (${factList(m.facts)}); final on ${addDays(o.by, 1)}.`,
        };
      return {
        id: o.id,
        status: 'pending',
        facts: m.facts,
        explanation: `${what} pending: ${m.value ?? 'not reported'} vs target ${m.target}${o.by ? ` due by ${o.by}` : ''} (${factList(m.facts)}).`,
      };
    });
}
