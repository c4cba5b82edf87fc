import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { d, jobs, testAgreement, verified } from './_test/agreement.js';
import { baseAgreement, type RawAgreement } from './_test/base.js';
import { referenceFundingStatus } from './_test/reference.js';
import { makeContext } from './context.js';
import type { Fact } from './facts.js';
import {
  averageWage,
  capitalDisbursed,
  fundingBreaches,
  fundingStatus,
  healthPlanOffered,
  inScope,
  netNewFte,
  reaches,
} from './metrics.js';
import { verifyFacts } from './verify-facts.js';

const ctxOf = (facts: Fact[], edit: (raw: RawAgreement) => void = () => {}) => {
  const raw = baseAgreement();
  edit(raw);
  const agreement = testAgreement(raw);
  return makeContext(agreement, verifyFacts(agreement, facts, d('2035-01-01')).counted, d('2035-01-01'));
};
const at = (date: string, known = '2035-01-01') => ({ date: d(date), known: d(known) });
const fte = (milliHours: bigint) => Number(milliHours) / 1000 / 2080;

describe('netNewFte', () => {
  it('J2/J4: FTE = paid hours ÷ hoursPerFte, minus the frozen baseline', () => {
    const ctx = ctxOf([jobs('e1', 'honda', '2027-06-30', 1150, '2027-08-01')]);
    expect(fte(netNewFte(ctx, {}, at('2027-12-31')).netMilliHours)).toBe(1050);
  });

  it('J2: a different hoursPerFte changes the count', () => {
    const ctx = ctxOf([jobs('e1', 'fab', '2027-06-30', 100, '2027-08-01')], (r) => {
      r.verification.jobs = { hoursPerFte: 1040 };
    });
    expect(Number(netNewFte(ctx, {}, at('2027-12-31')).netMilliHours) / 1000 / 1040).toBe(200);
  });

  it('J5: relocated hours never count', () => {
    const ctx = ctxOf([jobs('e1', 'fab', '2027-06-30', 100, '2027-08-01', { relocatedHours: 30 * 2080 })]);
    expect(fte(netNewFte(ctx, {}, at('2027-12-31')).netMilliHours)).toBe(70);
  });

  it('J4: a total below netNewThreshold counts as 0', () => {
    const facts = [jobs('e1', 'fab', '2027-06-30', 3, '2027-08-01')];
    const ctx = ctxOf(facts, (r) => {
      r.verification.jobs = { netNewThreshold: 4 };
    });
    expect(netNewFte(ctx, {}, at('2027-12-31'))).toMatchObject({ netMilliHours: 0n, belowThreshold: true });
    const atFour = ctxOf([jobs('e1', 'fab', '2027-06-30', 4, '2027-08-01')], (r) => {
      r.verification.jobs = { netNewThreshold: 4 };
    });
    expect(fte(netNewFte(atFour, {}, at('2027-12-31')).netMilliHours)).toBe(4);
  });

  it('uses the latest report with period end ≤ D known by K; a later restatement supersedes', () => {
    const ctx = ctxOf([
      jobs('e1', 'fab', '2026-12-31', 100, '2027-02-01'),
      jobs('e2', 'fab', '2027-12-31', 300, '2028-02-01'),
      jobs('e3', 'fab', '2026-12-31', 150, '2027-05-01'),
    ]);
    expect(fte(netNewFte(ctx, {}, at('2027-06-30')).netMilliHours)).toBe(150);
    expect(fte(netNewFte(ctx, {}, at('2027-06-30', '2027-03-01')).netMilliHours)).toBe(100);
    expect(fte(netNewFte(ctx, {}, at('2027-12-31')).netMilliHours)).toBe(300);
    expect(netNewFte(ctx, {}, at('2027-12-31', '2027-01-31')).facts).toEqual([]);
  });

  it('sums the commitments in scope: by id, NAICS prefix and site', () => {
    const ctx = ctxOf([
      jobs('e1', 'honda', '2027-06-30', 200, '2027-08-01'),
      jobs('e2', 'fab', '2027-06-30', 50, '2027-08-01'),
    ]);
    expect(fte(netNewFte(ctx, {}, at('2027-12-31')).netMilliHours)).toBe(150);
    expect(fte(netNewFte(ctx, { naics: ['336'] }, at('2027-12-31')).netMilliHours)).toBe(100);
    expect(fte(netNewFte(ctx, { sites: ['US-TX'] }, at('2027-12-31')).netMilliHours)).toBe(50);
    expect(fte(netNewFte(ctx, { commitments: ['fab'] }, at('2027-12-31')).netMilliHours)).toBe(50);
    const honda = ctx.agreement.commitments[0]!;
    expect(inScope(honda, { naics: ['3344'] })).toBe(false);
  });
});

describe('capitalDisbursed', () => {
  it('sums the latest cumulative report per commitment with asOf ≤ D', () => {
    const cap = (id: string, c: string, asOf: string, usd: number): Fact => ({
      ...verified(id, '2028-01-01'),
      type: 'capital',
      commitment: c,
      asOf: d(asOf),
      disbursed: BigInt(usd) * 100n,
    });
    const ctx = ctxOf([
      cap('c1', 'honda', '2026-12-31', 1000),
      cap('c2', 'honda', '2027-12-31', 3000),
      cap('c3', 'fab', '2027-06-30', 5),
    ]);
    expect(capitalDisbursed(ctx, {}, at('2027-12-30'))).toEqual({ cents: 100_500n, facts: ['c3', 'c1'] });
    expect(capitalDisbursed(ctx, {}, at('2027-12-31'))).toEqual({ cents: 300_500n, facts: ['c3', 'c2'] });
  });
});

describe('averageWage (J6)', () => {
  it('is Σ wages ÷ Σ counted FTE in cents, rounded half up', () => {
    // 3 FTE, $100,000.01 total → $33,333.336…/FTE → $33,333.34 (rounded half up)
    const ctx = ctxOf([jobs('e1', 'fab', '2027-06-30', 3, '2027-08-01', { totalWages: 10_000_001n })]);
    expect(averageWage(ctx, {}, at('2027-12-31')).cents).toBe(3_333_334n);
  });

  it('excludes relocated hours from the FTE it divides by', () => {
    const ctx = ctxOf([
      jobs('e1', 'fab', '2027-06-30', 4, '2027-08-01', { relocatedHours: 2080, totalWages: 15_000_000n }),
    ]);
    expect(averageWage(ctx, {}, at('2027-12-31')).cents).toBe(5_000_000n);
  });

  it('is unknown without wage data', () => {
    expect(
      averageWage(ctxOf([jobs('e1', 'fab', '2027-06-30', 4, '2027-08-01')]), {}, at('2027-12-31')).cents,
    ).toBeUndefined();
  });
});

describe('healthPlanOffered (J7)', () => {
  it('holds only when every latest report in scope says a plan is offered', () => {
    const yes = jobs('e1', 'fab', '2027-06-30', 4, '2027-08-01', { healthPlanOffered: true });
    const no = jobs('e2', 'honda', '2027-06-30', 4, '2027-08-01', { healthPlanOffered: false });
    expect(healthPlanOffered(ctxOf([yes]), {}, at('2027-12-31')).holds).toBe(true);
    expect(healthPlanOffered(ctxOf([yes, no]), {}, at('2027-12-31')).holds).toBe(false);
    expect(healthPlanOffered(ctxOf([yes, no]), { commitments: ['fab'] }, at('2027-12-31')).holds).toBe(true);
    expect(healthPlanOffered(ctxOf([]), {}, at('2027-12-31')).holds).toBe(false);
  });
});

describe('fundingBreaches (C5)', () => {
  const selected: Fact = {
    ...verified('p1', '2026-01-10'),
    type: 'project-selected',
    project: 'x',
    selected: d('2026-01-10'),
  };
  const funded = (day: string): Fact => ({
    ...verified('f1', day),
    type: 'project-funded',
    project: 'x',
    funded: d(day),
  });
  it('breach day is selected + N + 1 when not funded by selected + N', () => {
    const ctx = ctxOf([selected]);
    expect(fundingBreaches(ctx, 45, at('2026-02-24'))).toEqual([]);
    expect(fundingBreaches(ctx, 45, at('2026-02-25'))).toMatchObject([
      { due: '2026-02-24', breachDay: '2026-02-25' },
    ]);
  });

  it('funding on the last day is in time; a day later is not', () => {
    expect(fundingBreaches(ctxOf([selected, funded('2026-02-24')]), 45, at('2026-06-01'))).toEqual([]);
    expect(fundingBreaches(ctxOf([selected, funded('2026-02-25')]), 45, at('2026-06-01'))).toHaveLength(1);
  });
});

describe('reaches (tolerance)', () => {
  it('holds at ≥ (1 − tolerance) × target and flags it', () => {
    expect(reaches(95n, 100n, 50_000)).toEqual({ holds: true, withinTolerance: true });
    expect(reaches(94n, 100n, 50_000)).toEqual({ holds: false, withinTolerance: false });
    expect(reaches(100n, 100n, 50_000)).toEqual({ holds: true, withinTolerance: false });
  });
});

describe('J2 part-year proration', () => {
  it('annualises hours and wages of a report covering fewer than 12 full months', () => {
    // 6 months of 50 FTE-equivalent work: 52,000 hours → 104,000 annualised → 50 FTE.
    const half = jobs('e1', 'fab', '2027-06-30', 25, '2027-08-01', { months: 6, totalWages: 150_000_000n });
    const ctx = ctxOf([half]);
    expect(fte(netNewFte(ctx, {}, at('2027-12-31')).netMilliHours)).toBe(50);
    // $1.5m over 6 months → $3m a year over 50 FTE = $60,000
    expect(averageWage(ctx, {}, at('2027-12-31')).cents).toBe(6_000_000n);
    const full = ctxOf([jobs('e1', 'fab', '2027-06-30', 25, '2027-08-01', { totalWages: 150_000_000n })]);
    expect(fte(netNewFte(full, {}, at('2027-12-31')).netMilliHours)).toBe(25);
  });
});

describe('fundingStatus (C5)', () => {
  const day = fc
    .integer({ min: 0, max: 90 })
    .map((n) => d(new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10)));
  const project = fc.constantFrom('p1', 'p2', 'p3');
  const fact: fc.Arbitrary<Fact> = fc.oneof(
    fc.tuple(fc.stringMatching(/^s[0-9]{1,2}$/), day, project, day).map(([id, recorded, p, selected]) => ({
      ...verified(id, recorded),
      type: 'project-selected' as const,
      project: p,
      selected,
    })),
    fc
      // Funding days from a short window, so that two fundings of one project on one day come up.
      .tuple(
        fc.stringMatching(/^f[0-9]{1,2}$/),
        day,
        project,
        day.map((x) => (x < '2026-01-20' ? x : d('2026-01-20'))),
      )
      .map(([id, recorded, p, funded]) => ({
        ...verified(id, recorded),
        type: 'project-funded' as const,
        project: p,
        funded,
      })),
  );

  it('matches each selection with its first funding by the due date, as a search of every funding does', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fact, { selector: (f) => f.id, maxLength: 25 }),
        fc.integer({ min: 0, max: 60 }),
        day,
        (facts, within, known) => {
          const sorted = [...facts].sort((a, b) => (a.id < b.id ? -1 : 1));
          const ctx = makeContext(testAgreement(baseAgreement()), sorted, d('2027-01-01'));
          const got = fundingStatus(ctx, within, known).map((s) => ({
            project: s.project.id,
            due: s.due,
            ...(s.funding && { funding: s.funding.id }),
          }));
          expect(got).toEqual(referenceFundingStatus(sorted, within, known));
        },
      ),
      { numRuns: 200 },
    );
  });
});
