import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { d, testAgreement } from './_test/agreement.js';
import { baseAgreement } from './_test/base.js';
import type { Fact } from './facts.js';

// Two copies of the evaluation core: the real one, and one whose milestone search measures the condition
// from scratch at every point (the sweep replaced by the reference), so that whole results can be compared.
const { evaluate } = await import('./evaluate.js');
vi.resetModules();
vi.doMock('./sweep.js', async () => (await import('./_test/reference.js')).referenceSweepModule());
const { evaluate: referenceEvaluate } = await import('./evaluate.js');
vi.doUnmock('./sweep.js');

const day = fc
  .integer({ min: 0, max: 1400 })
  .map((n) => d(new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10)));
const base = fc.record({
  id: fc.stringMatching(/^[a-z][0-9]{0,2}$/),
  recorded: day,
  evidence: fc.constant<string[]>(['ui-wage-records']),
  attestations: fc.constant<string[]>(['kpmg']),
});
const commitment = fc.constantFrom('honda', 'fab');
const fact: fc.Arbitrary<Fact> = fc.oneof(
  fc.tuple(base, commitment, day, fc.integer({ min: 0, max: 2500 })).map(([b, c, p, fte]) => ({
    ...b,
    type: 'employment' as const,
    commitment: c,
    periodEnd: p,
    paidHours: fte * 2080,
  })),
  fc.tuple(base, commitment, day, fc.integer({ min: 0, max: 5000 })).map(([b, c, a, m]) => ({
    ...b,
    type: 'capital' as const,
    commitment: c,
    asOf: a,
    disbursed: BigInt(m) * 10n ** 8n,
  })),
);

const milestoneTerms = fc.record({
  cure: fc.constantFrom(undefined, '90d', '365d', 'term'),
  tolerance: fc.constantFrom(undefined, '5%', '20%'),
  gate: fc.constantFrom(undefined, '50%'),
  retainedFor: fc.constantFrom(undefined, '180d'),
  jobs: fc.integer({ min: 100, max: 2500 }),
  capital: fc.integer({ min: 1, max: 5 }),
  shape: fc.constantFrom('jobs', 'all', 'any', 'after-m2'),
});

describe('evaluate against a reference search that measures at every point', () => {
  it('gives deep-equal results on random milestone terms and facts', () => {
    fc.assert(
      fc.property(
        milestoneTerms,
        fc.uniqueArray(fact, { selector: (f) => f.id, maxLength: 30 }),
        day,
        (terms, facts, asOf) => {
          const raw = baseAgreement();
          const jobs = { metric: 'netNewFte', atLeast: terms.jobs, scope: { naics: ['33'] } };
          const capital = { metric: 'capitalDisbursed', atLeast: `${terms.capital}bn` };
          raw.milestones[0].when =
            terms.shape === 'jobs'
              ? jobs
              : terms.shape === 'after-m2'
                ? { all: [jobs, { milestone: 'm2' }] }
                : { [terms.shape]: [jobs, capital] };
          raw.milestones[0].by = '2027-06-30';
          for (const key of ['cure', 'tolerance', 'gate', 'retainedFor'] as const)
            if (terms[key] !== undefined) raw.milestones[0][key] = terms[key];
          raw.milestones[1].cure = '180d';
          const agreement = testAgreement(raw);
          expect(evaluate(agreement, facts, asOf)).toEqual(referenceEvaluate(agreement, facts, asOf));
        },
      ),
      { numRuns: 200 },
    );
  });
});
