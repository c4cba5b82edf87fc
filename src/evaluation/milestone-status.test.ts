import { describe, expect, it } from 'vitest';
import { type IsoDate, maxDate, minDate } from '../_lib/date.js';
import { capital, d, jobs, testAgreement, verified } from './_test/agreement.js';
import { baseAgreement, type RawAgreement } from './_test/base.js';
import { evaluate } from './evaluate.js';
import type { Fact } from './facts.js';

const run = (facts: Fact[], asOf: string, edit: (raw: RawAgreement) => void = () => {}, variant?: string) => {
  const raw = baseAgreement();
  edit(raw);
  return evaluate(testAgreement(raw), facts, d(asOf), variant === undefined ? {} : { variant });
};
const m1 = (facts: Fact[], asOf: string, edit?: (raw: RawAgreement) => void, variant?: string) =>
  run(facts, asOf, edit, variant).milestones.find((m) => m.id === 'm1')!;
const editM1 = (patch: Record<string, unknown>) => (raw: RawAgreement) =>
  Object.assign(raw.milestones[0], patch);
// Honda's baseline is 100 FTE, so `1100` measured is 1,000 net new: exactly m1's target.
const enough = (id = 'e1', periodEnd = '2027-06-30', recorded = '2027-08-01') =>
  jobs(id, 'honda', periodEnd, 1100, recorded);
const short = (id: string, measured: number, periodEnd = '2027-06-30', recorded = '2027-08-01') =>
  jobs(id, 'honda', periodEnd, measured, recorded);

describe('milestone status: met and pending (T2)', () => {
  it('is pending up to its deadline and says what is measured against the target', () => {
    const r = m1([short('e1', 600)], '2027-12-31');
    expect(r.status).toBe('pending');
    expect(r.explanation).toContain('Milestone m1 (Ohio jobs)');
    expect(r.explanation).toContain('500 FTE vs target 1,000 FTE');
    expect(r.explanation).toContain('e1');
  });

  it('is met on the day the deciding fact was recorded, naming the fact', () => {
    const r = m1([enough()], '2028-01-01');
    expect(r).toMatchObject({ status: 'met', decidedOn: '2027-08-01', decidedBy: ['e1'] });
    expect(r.explanation).toMatch(/1,000 FTE vs target 1,000 FTE.*verified on 2027-08-01 \(fact e1\)/);
  });

  it('decides at the earliest knowledge date at which the condition holds', () => {
    const r = m1(
      [short('e1', 900, '2027-03-31', '2027-05-01'), enough('e2', '2027-06-30', '2027-09-01')],
      '2028-01-01',
    );
    expect(r.decidedOn).toBe('2027-09-01');
  });

  it('a report for a period ending on the deadline counts; one ending the day after does not', () => {
    expect(m1([enough('e1', '2027-12-31', '2028-01-15')], '2028-02-01').status).toBe('met');
    expect(m1([enough('e1', '2028-01-01', '2028-01-15')], '2028-02-01').status).toBe('missed');
  });

  it('is missed the day after the deadline without a cure period', () => {
    expect(m1([short('e1', 600)], '2027-12-31').status).toBe('pending');
    const r = m1([short('e1', 600)], '2028-01-01');
    expect(r).toMatchObject({ status: 'missed', decidedOn: '2028-01-01' });
    expect(r.explanation).toContain('no cure period');
  });

  it('a verification recorded after the deadline for a period before it still meets the milestone', () => {
    const r = m1([enough('e1', '2027-12-31', '2028-03-01')], '2028-04-01');
    expect(r).toMatchObject({ status: 'met', decidedOn: '2028-03-01' });
  });

  it('a fact not yet recorded at the as-of date does not count', () => {
    expect(m1([enough('e1', '2027-06-30', '2028-03-01')], '2028-02-29').status).toBe('missed');
  });
});

describe('tolerance and the G1 gate', () => {
  it('a metric at ≥ (1 − tolerance) × target is met and flagged within tolerance', () => {
    const edit = editM1({ tolerance: '5%' });
    const r = m1([short('e1', 1050)], '2028-01-01', edit);
    expect(r.status).toBe('met');
    expect(r.condition.withinTolerance).toBe(true);
    expect(r.explanation).toContain('within the tolerance band');
    expect(m1([short('e1', 1049)], '2028-01-01', edit).status).toBe('missed');
  });

  it('G1: below the gate at the deadline the miss is final, with no cure', () => {
    const edit = editM1({ gate: '25%', cure: '180d' });
    const below = m1([short('e1', 349)], '2028-01-01', edit);
    expect(below).toMatchObject({ status: 'missed', decidedOn: '2028-01-01' });
    expect(below.explanation).toContain('minimum gate');
    expect(below.cureEnds).toBeUndefined();
    expect(m1([short('e1', 350)], '2028-01-01', edit).status).toBe('in-cure');
  });

  it('the gate compares the least ratio of an all and the greatest of an any', () => {
    const both = (kind: 'all' | 'any') =>
      editM1({
        gate: '50%',
        when: {
          [kind]: [
            { metric: 'netNewFte', atLeast: 1000, scope: { commitments: ['honda'] } },
            { metric: 'capitalDisbursed', atLeast: '1bn', scope: { commitments: ['honda'] } },
          ],
        },
        cure: '30d',
      });
    // jobs 80%, capital 10%
    const facts = [short('e1', 900), capital('c1', 'honda', '2027-06-30', 100_000_000, '2027-08-01')];
    expect(m1(facts, '2028-01-01', both('all')).status).toBe('missed');
    expect(m1(facts, '2028-01-01', both('any')).status).toBe('in-cure');
  });
});

describe('cure periods (C2, C3)', () => {
  const edit = editM1({ cure: '90d' });
  it('is in cure through the cure end and missed the day after', () => {
    expect(m1([short('e1', 600)], '2028-03-30', edit)).toMatchObject({
      status: 'in-cure',
      cureEnds: '2028-03-30',
    });
    expect(m1([short('e1', 600)], '2028-03-31', edit)).toMatchObject({
      status: 'missed',
      decidedOn: '2028-03-31',
    });
  });

  it('is met during cure when the condition holds at a date up to the cure end', () => {
    const r = m1([short('e1', 600), enough('e2', '2028-03-30', '2028-04-10')], '2028-05-01', edit);
    expect(r).toMatchObject({ status: 'met', decidedOn: '2028-04-10' });
    expect(r.explanation).toContain('during cure');
  });

  it('a report for a period ending after the cure end does not cure', () => {
    expect(m1([short('e1', 600), enough('e2', '2028-03-31', '2028-04-10')], '2028-05-01', edit).status).toBe(
      'missed',
    );
  });

  it('C3: a "term" cure runs until the last day of the term', () => {
    const term = editM1({ cure: 'term' });
    expect(m1([short('e1', 600)], '2032-09-30', term)).toMatchObject({
      status: 'in-cure',
      cureEnds: '2032-09-30',
    });
    expect(m1([short('e1', 600)], '2032-10-01', term).status).toBe('missed');
    expect(m1([short('e1', 600), enough('e2', '2031-12-31', '2032-02-01')], '2033-01-01', term).status).toBe(
      'met',
    );
  });
});

describe('waivers (C6)', () => {
  const waiver = (extra: Partial<Extract<Fact, { type: 'waiver' }>> = {}, recorded = '2027-11-01'): Fact => ({
    ...verified('w1', recorded),
    type: 'waiver',
    milestone: 'm1',
    approvedBy: ['US', 'JP'],
    reason: 'plant flooded',
    ...extra,
  });

  it('an approved waiver without extendTo waives the milestone', () => {
    const r = m1([short('e1', 600), waiver()], '2028-06-01');
    expect(r).toMatchObject({ status: 'waived', decidedOn: '2027-11-01', decidedBy: ['w1'] });
    expect(r.explanation).toContain('plant flooded');
  });

  it('a waiver missing an approver does not count', () => {
    expect(m1([short('e1', 600), waiver({ approvedBy: ['JP'] })], '2028-06-01').status).toBe('missed');
  });

  it('a waiver with extendTo moves the deadline', () => {
    const ext = waiver({ extendTo: d('2028-06-30') });
    const pending = m1([short('e1', 600), ext], '2028-06-30');
    expect(pending).toMatchObject({ status: 'pending', deadline: '2028-06-30' });
    expect(pending.explanation).toContain('extended to 2028-06-30 by waiver w1');
    expect(m1([short('e1', 600), ext], '2028-07-01').status).toBe('missed');
    expect(m1([short('e1', 600), ext, enough('e2', '2028-06-30', '2028-07-05')], '2028-08-01').status).toBe(
      'met',
    );
  });
});

describe('retention (T3)', () => {
  const edit = editM1({ retainedFor: '1y' });
  it('met once, but pending until a later fact shows it still holds (retention not yet verified)', () => {
    const r = m1([enough()], '2028-06-01', edit);
    expect(r.status).toBe('pending');
    expect(r.explanation).toContain('retention not yet verified');
    expect(r.explanation).toContain('2028-12-31');
  });

  it('met when a fact dated after the first measurement shows it holding at deadline + retention', () => {
    const r = m1([enough(), enough('e2', '2028-12-31', '2029-02-01')], '2029-03-01', edit);
    expect(r).toMatchObject({ status: 'met', decidedOn: '2029-02-01', decidedBy: ['e2'] });
    expect(r.explanation).toContain('retention');
  });

  it('missed when a fact within the retention period shows it no longer holds', () => {
    const r = m1(
      [enough(), short('e2', 700, '2028-06-30', '2028-08-01'), enough('e3', '2028-12-31', '2029-02-01')],
      '2029-03-01',
      edit,
    );
    expect(r).toMatchObject({ status: 'missed', decidedOn: '2028-08-01', decidedBy: ['e2'] });
    expect(r.explanation).toContain('did not stay met');
  });
});

describe('variants', () => {
  it('a variant moves deadlines and cure periods (7 vs 15 years)', () => {
    const facts = [short('e1', 600)];
    expect(m1(facts, '2029-06-01', undefined, 'seven')).toMatchObject({
      status: 'missed',
      deadline: '2027-12-31',
    });
    expect(m1(facts, '2029-06-01', undefined, 'fifteen')).toMatchObject({
      status: 'pending',
      deadline: '2029-12-31',
    });
    expect(m1(facts, '2030-06-01', undefined, 'fifteen')).toMatchObject({
      status: 'in-cure',
      cureEnds: '2030-12-31',
    });
  });

  it('the term default variant applies when none is named', () => {
    expect(run([], '2026-01-01').agreement).toMatchObject({ variant: 'seven', termEnds: '2032-10-01' });
    expect(run([], '2026-01-01', undefined, 'fifteen').agreement).toMatchObject({
      variant: 'fifteen',
      termEnds: '2040-10-01',
    });
  });

  it('naming a variant the agreement lacks is a usage error', () => {
    expect(() => run([], '2026-01-01', undefined, 'ten')).toThrow(/no variant "ten"/);
  });
});

describe('milestone references', () => {
  const withRef = (raw: RawAgreement) => {
    raw.milestones.push({ id: 'm3', when: { milestone: 'm1' }, by: '2028-06-30' });
  };
  it('a reference holds once the referenced milestone is met, decided on the same day', () => {
    const r = run([enough()], '2028-01-01', withRef).milestones.find((m) => m.id === 'm3')!;
    expect(r).toMatchObject({ status: 'met', decidedOn: '2027-08-01', decidedBy: ['e1'] });
  });

  it('a reference to a missed milestone does not hold', () => {
    const r = run([short('e1', 10)], '2028-07-01', withRef).milestones.find((m) => m.id === 'm3')!;
    expect(r.status).toBe('missed');
    expect(r.explanation).toContain('milestone m1 met');
  });

  it('a cycle (which the loader rejects) evaluates without throwing and holds nowhere', () => {
    const cycle = (raw: RawAgreement) => {
      raw.milestones.push({ id: 'm4', when: { milestone: 'm5' }, by: '2028-06-30' });
      raw.milestones.push({ id: 'm5', when: { milestone: 'm4' }, by: '2028-06-30' });
    };
    const ms = run([enough()], '2028-07-01', cycle).milestones;
    expect(ms.filter((m) => m.id === 'm4' || m.id === 'm5').map((m) => m.status)).toEqual([
      'missed',
      'missed',
    ]);
  });
});

describe('metric conditions in milestones', () => {
  it('averageWage, healthPlanOffered and selectedProjectsFunded decide milestones', () => {
    const edit = editM1({
      when: {
        all: [
          { metric: 'averageWage', atLeast: 60000, scope: { commitments: ['honda'] } },
          { metric: 'healthPlanOffered', scope: { commitments: ['honda'] } },
          { metric: 'selectedProjectsFunded', withinDays: 45 },
        ],
      },
    });
    const report = (wages: bigint, plan: boolean) =>
      jobs('e1', 'honda', '2027-06-30', 10, '2027-08-01', { totalWages: wages, healthPlanOffered: plan });
    const sel: Fact = {
      ...verified('p1', '2027-01-10'),
      type: 'project-selected',
      project: 'x',
      selected: d('2027-01-10'),
    };
    const fund: Fact = {
      ...verified('p2', '2027-02-20'),
      type: 'project-funded',
      project: 'x',
      funded: d('2027-02-20'),
    };
    expect(m1([report(60_000_000n, true), sel, fund], '2028-01-01', edit).status).toBe('met');
    expect(m1([report(59_999_990n, true), sel, fund], '2028-01-01', edit).status).toBe('missed');
    expect(m1([report(60_000_000n, false), sel, fund], '2028-01-01', edit).status).toBe('missed');
    expect(m1([report(60_000_000n, true), sel], '2028-01-01', edit).status).toBe('missed');
  });
});

describe('knowledge candidates', () => {
  it('the earliest knowledge date at which a condition holds is always among the candidates', async () => {
    const fc = (await import('fast-check')).default;
    const { makeContext } = await import('./context.js');
    const { evaluateCondition } = await import('./condition.js');
    const { knowledgeCandidates } = await import('./milestone-status.js');
    const { verifyFacts } = await import('./verify-facts.js');
    const raw = baseAgreement();
    raw.linked = [{ id: 'farm', party: 'JP', title: 'Farm', unit: 'usd', atLeast: '8bn' }];
    raw.milestones.push(
      { id: 'm3', when: { all: [{ milestone: 'm1' }, { obligation: 'farm' }] }, by: '2029-06-30' },
      {
        id: 'm4',
        when: {
          any: [
            { metric: 'selectedProjectsFunded', withinDays: 45 },
            { metric: 'netNewFte', atLeast: 10, scope: { naics: ['3344'] } },
          ],
        },
        by: '2029-06-30',
      },
    );
    const agreement = testAgreement(raw);
    const day = fc
      .integer({ min: 0, max: 2500 })
      .map((n) => d(new Date(Date.UTC(2025, 9, 1 + n)).toISOString().slice(0, 10)));
    const fact = fc.oneof(
      fc
        .tuple(fc.nat(99), fc.constantFrom('honda', 'fab'), day, day, fc.integer({ min: 0, max: 3000 }))
        .map(([i, c, p, r, fte]): Fact => jobs(`e${i}`, c, minDate(p, r), fte, maxDate(p, r))),
      fc
        .tuple(fc.nat(99), day, day, fc.integer({ min: 0, max: 4000 }))
        .map(([i, p, r, m]): Fact => capital(`c${i}`, 'honda', minDate(p, r), m * 1_000_000, maxDate(p, r))),
      fc.tuple(fc.nat(99), day, fc.integer({ min: 0, max: 12 })).map(
        ([i, r, bn]): Fact => ({
          ...verified(`o${i}`, r),
          type: 'obligation',
          obligation: 'farm',
          periodEnd: r,
          value: { unit: 'usd', cents: BigInt(bn) * 100_000_000_000n },
        }),
      ),
      fc.tuple(fc.nat(99), day).map(
        ([i, r]): Fact => ({
          ...verified(`p${i}`, r),
          type: 'project-selected',
          project: `x${i % 3}`,
          selected: r,
        }),
      ),
      fc.tuple(fc.nat(99), day).map(
        ([i, r]): Fact => ({
          ...verified(`f${i}`, r),
          type: 'project-funded',
          project: `x${i % 3}`,
          funded: r,
        }),
      ),
    );
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 30 }), (facts) => {
        const asOf = d('2032-01-01');
        const ev = evaluate(agreement, facts, asOf);
        const ctx = makeContext(agreement, verifyFacts(agreement, facts, asOf).counted, asOf);
        const byId = new Map(ev.milestones.map((m) => [m.id, m]));
        const decidedOnOf = (id: string) => {
          const r = byId.get(id);
          return r && (r.status === 'met' || r.status === 'waived') ? r.decidedOn : undefined;
        };
        const refs = (id: string, at: { date: IsoDate; known: IsoDate }) => {
          const on = decidedOnOf(id);
          const by = minDate(at.date, at.known);
          return { holds: on !== undefined && on <= by, facts: [], why: '' };
        };
        for (const m of agreement.milestones) {
          const first = (dates: readonly string[]) =>
            dates.find((k) => evaluateCondition(ctx, m.when, { date: m.by, known: d(k) }, 0, refs).holds);
          expect(first(knowledgeCandidates(ctx, m.when, decidedOnOf))).toBe(first(ctx.knowledgeDates));
        }
      }),
      { numRuns: 150 },
    );
  });
});
