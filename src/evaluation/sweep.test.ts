import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../_lib/date.js';
import type { Condition } from '../agreement/model.js';
import type { Scope } from '../agreement/schema.js';
import { d, jobs, testAgreement } from './_test/agreement.js';
import { baseAgreement } from './_test/base.js';
import { referenceHolds, referenceLatest } from './_test/reference.js';
import type { MilestoneRef } from './condition.js';
import { latestReport, makeContext } from './context.js';
import type { Fact } from './facts.js';
import { conditionSweep } from './sweep.js';

const COMMITMENTS = ['honda', 'fab', 'mill'];

const day = fc
  .integer({ min: 0, max: 60 })
  .map((n) => d(new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10)));

const base = fc.record({
  id: fc.stringMatching(/^[a-z][0-9]{0,2}$/),
  recorded: day,
  evidence: fc.constant<string[]>(['ui-wage-records']),
  attestations: fc.constant<string[]>(['kpmg']),
});

const report: fc.Arbitrary<Fact> = fc.oneof(
  fc
    .record({
      b: base,
      commitment: fc.constantFrom(...COMMITMENTS),
      periodEnd: day,
      fte: fc.integer({ min: 0, max: 2000 }),
      relocated: fc.integer({ min: 0, max: 100 }),
      months: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      wages: fc.option(fc.bigInt({ min: 0n, max: 10n ** 10n }), { nil: undefined }),
      plan: fc.option(fc.boolean(), { nil: undefined }),
    })
    .map(
      (r): Fact => ({
        ...r.b,
        type: 'employment',
        commitment: r.commitment,
        periodEnd: r.periodEnd,
        paidHours: (r.fte + r.relocated) * 2080 + 0.5,
        relocatedHours: r.relocated * 2080,
        ...(r.months !== undefined && { months: r.months }),
        ...(r.wages !== undefined && { totalWages: r.wages }),
        ...(r.plan !== undefined && { healthPlanOffered: r.plan }),
      }),
    ),
  fc
    .record({
      b: base,
      commitment: fc.constantFrom(...COMMITMENTS),
      asOf: day,
      cents: fc.bigInt({ min: 0n, max: 10n ** 11n }),
    })
    .map(
      (r): Fact => ({ ...r.b, type: 'capital', commitment: r.commitment, asOf: r.asOf, disbursed: r.cents }),
    ),
);

/** Facts with unique ids, as the counted facts of an evaluation always are. */
const facts = fc.uniqueArray(report, { selector: (f) => f.id, maxLength: 40 });

const scope: fc.Arbitrary<Scope> = fc.oneof(
  fc.constant<Scope>({}),
  fc.subarray(COMMITMENTS, { minLength: 1 }).map((commitments) => ({ commitments })),
  fc.constantFrom<Scope>({ naics: ['33'] }, { naics: ['3361'] }, { sites: ['US-TX', 'US-MI'] }),
);

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 4000 }), scope)
    .map(
      ([atLeast, s]): Condition => ({ kind: 'metric', metric: 'netNewFte', atLeast, scope: s, pointer: '' }),
    ),
  fc.tuple(fc.bigInt({ min: 0n, max: 3n * 10n ** 11n }), scope).map(
    ([atLeast, s]): Condition => ({
      kind: 'metric',
      metric: 'capitalDisbursed',
      atLeast,
      scope: s,
      pointer: '',
    }),
  ),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 8n }), scope).map(
    ([atLeast, s]): Condition => ({
      kind: 'metric',
      metric: 'averageWage',
      atLeast,
      scope: s,
      pointer: '',
    }),
  ),
  scope.map((s): Condition => ({ kind: 'metric', metric: 'healthPlanOffered', scope: s, pointer: '' })),
  fc.constant<Condition>({ kind: 'milestone', milestone: 'm1', pointer: '' }),
);

const condition: fc.Arbitrary<Condition> = fc.oneof(
  { depthSize: 'small', maxDepth: 2 },
  leaf,
  fc
    .tuple(fc.constantFrom('all', 'any'), fc.array(leaf, { minLength: 1, maxLength: 3 }))
    .map(([kind, of]): Condition => ({ kind, of, pointer: '' }) as Condition),
);

function agreementWith(threshold: number) {
  const raw = baseAgreement();
  raw.commitments.push({
    id: 'mill',
    investor: 'Millco',
    party: 'JP',
    project: 'Michigan mill',
    naics: '3311',
    sites: ['US-MI'],
    start: '2025-10-01',
    jobs: { target: 500, baseline: { asOf: '2025-10-01', fte: 40 } },
  });
  raw.verification.jobs = { netNewThreshold: threshold };
  return testAgreement(raw);
}

/** A milestone reference that holds from a fixed day on, as a decided milestone would. */
const refs: MilestoneRef = (_id, at) =>
  at.known >= '2026-01-20' && at.date >= '2026-01-25'
    ? { holds: true, facts: [], why: 'met' }
    : { holds: false, facts: [], why: 'pending' };

describe('conditionSweep', () => {
  it('says what a full measurement says at every point, along knowledge or measurement dates', () => {
    fc.assert(
      fc.property(
        facts,
        condition,
        fc.constantFrom('known' as const, 'date' as const),
        day,
        fc.array(day, { maxLength: 12 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.constantFrom(0, 50, 500),
        (counted, cond, axis, fixed, moving, tolerance, threshold) => {
          const agreement = agreementWith(threshold);
          const sorted = [...counted].sort((a, b) => (a.id < b.id ? -1 : 1));
          const ctx = makeContext(agreement, sorted, d('2031-01-01'));
          const points = [...moving]
            .sort()
            .map((m) => (axis === 'known' ? { date: fixed, known: m } : { date: m, known: fixed }));
          const sweep = conditionSweep(ctx, cond, tolerance, refs, axis, fixed);
          const swept = [...moving].sort().map((m) => sweep(m));
          expect(swept).toEqual(referenceHolds(ctx, cond, tolerance, refs, points));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses to move backwards (a sweep only adds facts)', () => {
    const ctx = makeContext(agreementWith(0), [], d('2030-01-01'));
    const cond: Condition = { kind: 'metric', metric: 'netNewFte', atLeast: 1, scope: {}, pointer: '' };
    const sweep = conditionSweep(ctx, cond, 0, refs, 'known', d('2029-01-01'));
    sweep(d('2028-01-01'));
    expect(() => sweep(d('2027-01-01'))).toThrow(/moves forward only/);
  });

  it('sees a restatement supersede the report it restates once it is known', () => {
    const counted = [
      jobs('a', 'honda', '2027-06-30', 1200, '2027-07-10'),
      jobs('b', 'honda', '2027-06-30', 900, '2027-09-01'),
    ];
    const ctx = makeContext(agreementWith(0), counted, d('2030-01-01'));
    const cond: Condition = {
      kind: 'metric',
      metric: 'netNewFte',
      atLeast: 1000,
      scope: { commitments: ['honda'] },
      pointer: '',
    };
    const sweep = conditionSweep(ctx, cond, 0, refs, 'known', d('2027-12-31'));
    // 1,200 − 100 baseline = 1,100 holds; the restatement to 900 − 100 = 800 does not.
    expect([d('2027-07-01'), d('2027-07-10'), d('2027-09-01')].map(sweep)).toEqual([false, true, false]);
  });

  it('breaks a tie of period and recording by the greater id, as a full measurement does', () => {
    const counted = [
      jobs('a', 'honda', '2027-06-30', 900, '2027-07-10'),
      jobs('b', 'honda', '2027-06-30', 1200, '2027-07-10'),
    ];
    const ctx = makeContext(agreementWith(0), counted, d('2030-01-01'));
    const cond: Condition = {
      kind: 'metric',
      metric: 'netNewFte',
      atLeast: 1000,
      scope: { commitments: ['honda'] },
      pointer: '',
    };
    expect(conditionSweep(ctx, cond, 0, refs, 'known', d('2027-12-31'))(d('2027-07-10'))).toBe(true);
    expect(conditionSweep(ctx, cond, 0, refs, 'date', d('2027-12-31'))(d('2027-06-30'))).toBe(true);
  });
});

describe('latestReport', () => {
  it('finds what a scan of every fact finds', () => {
    fc.assert(
      fc.property(
        facts,
        fc.constantFrom(...COMMITMENTS),
        fc.constantFrom('employment' as const, 'capital' as const),
        day,
        day,
        (counted, commitment, type, date, known) => {
          const sorted = [...counted].sort((a, b) => (a.id < b.id ? -1 : 1));
          const ctx = makeContext(agreementWith(0), sorted, d('2031-01-01'));
          expect(latestReport(ctx, commitment, type, date as IsoDate, known as IsoDate)).toBe(
            referenceLatest(sorted, commitment, type, date, known),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
