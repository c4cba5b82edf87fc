/**
 * @module evaluation/context
 * What every part of an evaluation reads: the agreement, the variant in force, the term, and the counted
 * facts indexed by kind (sorted so that no result depends on the order facts were given in).
 */
import { addYears, type IsoDate } from '../_lib/date.js';
import { AccordError } from '../_lib/problem.js';
import type { Agreement } from '../agreement/model.js';
import type { Variant } from '../agreement/schema.js';
import type { Fact } from './facts.js';

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
  /** Counted employment and capital facts by commitment id. */
  byCommitment: Map<string, Fact[]>;
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
    knowledgeDates: [...new Set(counted.map((f) => f.recorded))].sort(),
    factDate,
    byId: new Map(counted.map((f) => [f.id, f])),
    byType: groupByType(counted),
    byCommitment: groupByCommitment(counted),
  };
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

function groupByCommitment(facts: Fact[]): Map<string, Fact[]> {
  const out = new Map<string, Fact[]>();
  for (const f of facts)
    if (f.type === 'employment' || f.type === 'capital') {
      const list = out.get(f.commitment);
      if (list) list.push(f);
      else out.set(f.commitment, [f]);
    }
  return out;
}

/** Counted facts of one type for one commitment (employment or capital), narrowed. */
export function commitmentFacts<T extends 'employment' | 'capital'>(
  ctx: EvalContext,
  commitment: string,
  type: T,
): Extract<Fact, { type: T }>[] {
  return (ctx.byCommitment.get(commitment) ?? []).filter(
    (f): f is Extract<Fact, { type: T }> => f.type === type,
  );
}

/** Counted facts of one type, narrowed (a shared array: do not modify). */
export function factsOf<T extends Fact['type']>(ctx: EvalContext, type: T): Extract<Fact, { type: T }>[] {
  return (ctx.byType.get(type) ?? []) as Extract<Fact, { type: T }>[];
}
