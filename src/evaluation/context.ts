/**
 * @module evaluation/context
 * What every part of an evaluation reads: the agreement, the variant in force, the term, and the counted
 * facts indexed by kind (sorted so that no result depends on the order facts were given in).
 */
import { addYears, type IsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import type { Agreement, Variant } from '../agreement/index.js';
import type { Suspension } from './disputes.js';
import type { CapitalFact, EmploymentFact, Fact } from './facts.js';

/** The evaluation's shared, read-only inputs. */
export interface EvalContext {
  agreement: Agreement;
  asOf: IsoDate;
  variant?: Variant;
  termEnds: IsoDate;
  /** J2 paid hours per FTE. */
  hoursPerFte: number;
  /** Counted facts, sorted by id. */
  facts: Fact[];
  /** Sorted, unique recorded dates of counted facts: the moments knowledge changed. */
  knowledgeDates: IsoDate[];
  /** Measurement date of each counted fact (period end, as-of, selection …), by id. */
  factDate: Map<string, IsoDate>;
  byId: Map<string, Fact>;
  /** Counted facts by type (each list sorted by id), so measurements do not rescan every fact. */
  byType: Map<Fact['type'], Fact[]>;
  /**
   * Counted reports by commitment id and type, each list sorted by measurement date, then recording, then
   * id: the order in which a later report supersedes, so the latest one known at a point is found from the
   * end without rescanning.
   */
  reports: Map<string, CommitmentReports>;
  /** R8: knowledge periods in which a counted fact does not count (its dispute is open, or was upheld). */
  suspensions: ReadonlyMap<string, readonly Suspension[]>;
}

/** One commitment's counted reports, each list in supersession order (measurement date, recorded, id). */
export interface CommitmentReports {
  employment: EmploymentFact[];
  capital: CapitalFact[];
}

/**
 * Build the context. The variant is `variant ?? term.default`; naming one the agreement lacks is a usage
 * error (exit 2).
 */
export function makeContext(
  agreement: Agreement,
  counted: Fact[],
  asOf: IsoDate,
  variantId?: string,
  suspensions: ReadonlyMap<string, readonly Suspension[]> = new Map(),
): EvalContext {
  const id = variantId ?? agreement.term.default;
  let variant: Variant | undefined;
  if (id !== undefined) {
    variant = agreement.term.variants?.find((v) => v.id === id);
    if (!variant)
      throw new AccordError(
        'unknown-variant',
        `agreement ${agreement.id} has no variant "${id}"; it has ${(agreement.term.variants ?? []).map((v) => v.id).join(', ') || 'none'}`,
        { exitCode: 2 },
      );
  }
  const years = variant?.years ?? agreement.term.years;
  const factDate = new Map<string, IsoDate>();
  for (const f of counted) factDate.set(f.id, measurementDate(f));
  return {
    agreement,
    asOf,
    ...(variant && { variant }),
    termEnds: addYears(agreement.term.start, years),
    hoursPerFte: agreement.verification.jobs.hoursPerFte,
    facts: counted,
    knowledgeDates: [
      ...new Set([
        ...counted.map((f) => f.recorded),
        ...[...suspensions.values()]
          .flat()
          .flatMap((p) => (p.until === undefined ? [p.from] : [p.from, p.until])),
      ]),
    ]
      .filter((d) => d <= asOf)
      .sort(),
    factDate,
    byId: new Map(counted.map((f) => [f.id, f])),
    byType: groupByType(counted),
    reports: groupReports(counted),
    suspensions,
  };
}

/**
 * Whether a fact counts for a measurement made with the knowledge of day `known`: it was recorded by then
 * and no dispute suspends it then (R8).
 */
export function knownAt(ctx: EvalContext, f: Fact, known: IsoDate): boolean {
  if (f.recorded > known) return false;
  const periods = ctx.suspensions.get(f.id);
  return !periods?.some((p) => p.from <= known && (p.until === undefined || known < p.until));
}

/** The days on which whether a fact counts can change: its recording and the bounds of its suspensions. */
export function knowledgeChanges(ctx: EvalContext, f: Fact): IsoDate[] {
  const periods = ctx.suspensions.get(f.id);
  if (!periods) return [f.recorded];
  return [f.recorded, ...periods.flatMap((p) => (p.until === undefined ? [p.from] : [p.from, p.until]))];
}

/** The day a fact measures (not the day it was recorded). */
export function measurementDate(f: Fact): IsoDate {
  switch (f.type) {
    case 'employment':
    case 'obligation':
    case 'relief-granted':
      return f.periodEnd;
    case 'capital':
      return f.asOf;
    case 'project-selected':
      return f.selected;
    case 'project-funded':
      return f.funded;
    case 'breach':
      return f.date;
    case 'snap-back-decision':
      return f.effective;
    case 'waiver':
    case 'dispute':
    case 'dispute-resolution':
      return f.recorded;
  }
}

function groupByType(facts: Fact[]): Map<Fact['type'], Fact[]> {
  const out = new Map<Fact['type'], Fact[]>();
  for (const f of facts) {
    const list = out.get(f.type);
    if (list) list.push(f);
    else out.set(f.type, [f]);
  }
  return out;
}

function groupReports(facts: Fact[]): Map<string, CommitmentReports> {
  const out = new Map<string, CommitmentReports>();
  for (const f of facts)
    if (f.type === 'employment' || f.type === 'capital') {
      let lists = out.get(f.commitment);
      if (!lists) {
        lists = { employment: [], capital: [] };
        out.set(f.commitment, lists);
      }
      if (f.type === 'employment') lists.employment.push(f);
      else lists.capital.push(f);
    }
  for (const lists of out.values()) {
    lists.employment.sort(supersession);
    lists.capital.sort(supersession);
  }
  return out;
}

/** Measurement date, then recording (a restatement supersedes), then id: ascending, latest last. */
export function supersession(a: EmploymentFact | CapitalFact, b: EmploymentFact | CapitalFact): number {
  const da = a.type === 'employment' ? a.periodEnd : a.asOf;
  const db = b.type === 'employment' ? b.periodEnd : b.asOf;
  if (da !== db) return da < db ? -1 : 1;
  if (a.recorded !== b.recorded) return a.recorded < b.recorded ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Counted facts of one type for one commitment (employment or capital), narrowed, in supersession order
 * (a shared array: do not modify).
 */
export function commitmentFacts<T extends 'employment' | 'capital'>(
  ctx: EvalContext,
  commitment: string,
  type: T,
): Extract<Fact, { type: T }>[] {
  return (ctx.reports.get(commitment)?.[type] ?? []) as Extract<Fact, { type: T }>[];
}

/**
 * The latest report of one type for a commitment measuring a day ≤ `date` and recorded by `known`: the
 * last such in supersession order. Binary search on the measurement date, then a walk back past reports
 * recorded later (restatements and late filings, usually few).
 */
export function latestReport<T extends 'employment' | 'capital'>(
  ctx: EvalContext,
  commitment: string,
  type: T,
  date: IsoDate,
  known: IsoDate,
): Extract<Fact, { type: T }> | undefined {
  const list: (EmploymentFact | CapitalFact)[] = commitmentFacts(ctx, commitment, type);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const f = list[mid]!;
    if ((f.type === 'employment' ? f.periodEnd : f.asOf) <= date) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i--) {
    const f = list[i]!;
    if (knownAt(ctx, f, known)) return f as Extract<Fact, { type: T }>;
  }
  return undefined;
}

/** Counted facts of one type, narrowed (a shared array: do not modify). */
export function factsOf<T extends Fact['type']>(ctx: EvalContext, type: T): Extract<Fact, { type: T }>[] {
  return (ctx.byType.get(type) ?? []) as Extract<Fact, { type: T }>[];
}
