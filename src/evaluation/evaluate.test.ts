import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capital, d, jobs, testAgreement, verified } from './_test/agreement.js';
import { baseAgreement } from './_test/base.js';
import { evaluate } from './evaluate.js';
import type { Fact } from './facts.js';

const raw = baseAgreement();
raw.milestones[0].cure = '180d';
raw.milestones[0].tolerance = '5%';
raw.tracks[0].snapBack = {
  on: [{ event: 'milestone-missed' }, { event: 'closure' }],
  to: '25%',
  noticeDays: 30,
};
raw.clawback = { formula: 'pro-rata', tolerance: '90%' };
const agreement = testAgreement(raw);

const facts: Fact[] = [
  jobs('e1', 'honda', '2027-06-30', 800, '2027-08-01'),
  jobs('e2', 'honda', '2028-03-31', 1090, '2028-05-01'),
  jobs('e3', 'fab', '2028-03-31', 400, '2028-05-01', { evidence: ['self-report'] }),
  capital('c1', 'honda', '2028-06-30', 1_500_000_000, '2028-07-15'),
  capital('c2', 'honda', '2028-09-30', 2_100_000_000, '2028-10-15'),
  capital('c2', 'honda', '2028-09-30', 2_200_000_000, '2028-10-16'),
  {
    ...verified('r1', '2029-01-10'),
    type: 'relief-granted',
    track: 'autos',
    periodEnd: d('2028-12-31'),
    amount: 12_345_67n,
  },
  {
    ...verified('b1', '2033-01-01'),
    type: 'breach',
    event: 'closure',
    commitment: 'fab',
    date: d('2032-12-01'),
  },
];

describe('evaluate', () => {
  it('is deterministic: shuffled facts give a deep-equal result', () => {
    const expected = evaluate(agreement, facts, d('2033-06-01'));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }),
        (shuffled) => {
          expect(evaluate(agreement, shuffled, d('2033-06-01'))).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('is deterministic for any subset of the facts, in any order, at any as-of date', () => {
    fc.assert(
      fc.property(
        fc
          .subarray(facts)
          .chain((subset) =>
            fc.tuple(
              fc.constant(subset),
              fc.shuffledSubarray(subset, { minLength: subset.length, maxLength: subset.length }),
            ),
          ),
        fc.integer({ min: 0, max: 3000 }),
        ([subset, shuffled], offset) => {
          const day = d(new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10));
          expect(evaluate(agreement, shuffled, day)).toEqual(evaluate(agreement, subset, day));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lists counted and rejected facts', () => {
    const r = evaluate(agreement, facts, d('2033-06-01'));
    expect(r.facts.counted).toEqual(['b1', 'c1', 'e1', 'e2', 'r1']);
    expect(r.facts.rejected.map((x) => [x.id, x.problems[0]?.code])).toEqual([
      ['c2', 'duplicate-fact-id'],
      ['c2', 'duplicate-fact-id'],
      ['e3', 'self-report-alone'],
    ]);
  });

  it('a hypothetical or proposal agreement says it is not enacted law; an enacted one does not', () => {
    expect(evaluate(agreement, [], d('2026-01-01')).notes[0]).toContain('not enacted law');
    const enacted = testAgreement({ ...baseAgreement(), status: 'enacted' });
    expect(evaluate(enacted, [], d('2026-01-01')).notes).toEqual([]);
    const proposal = testAgreement({ ...baseAgreement(), status: 'proposal' });
    expect(evaluate(proposal, [], d('2026-01-01')).notes[0]).toContain('a proposal, not enacted law');
  });

  it('an uncertain step in use is repeated in its RateStep and in the notes; an unused one is not', () => {
    const r2 = baseAgreement();
    r2.tracks[0].steps[0].uncertain = 'whether §232 allows a phased cut';
    r2.tracks[0].steps[1].uncertain = 'never reached';
    const r = evaluate(
      testAgreement(r2),
      [jobs('e1', 'honda', '2027-06-30', 1100, '2027-08-01')],
      d('2028-01-01'),
    );
    expect(r.tracks[0]?.inForce[1]?.uncertain).toBe('whether §232 allows a phased cut');
    expect(r.tracks[0]?.inForce[1]?.because).toContain('Uncertain: whether §232 allows a phased cut');
    expect(r.notes.filter((n) => n.includes('§232'))).toHaveLength(1);
    expect(r.notes.some((n) => n.includes('never reached'))).toBe(false);
  });

  it('a whole scenario: m1 met within tolerance; m2 short (its report is rejected) so its miss snaps back', () => {
    const r = evaluate(agreement, facts, d('2033-06-01'));
    const m1 = r.milestones.find((m) => m.id === 'm1')!;
    expect(m1).toMatchObject({ status: 'met', decidedOn: '2028-05-01' });
    expect(m1.condition.withinTolerance).toBe(true);
    expect(r.milestones.find((m) => m.id === 'm2')).toMatchObject({
      status: 'snapped-back',
      decidedOn: '2029-01-01',
    });
    expect(r.tracks[0]?.inForce.map((s) => [s.kind, s.from])).toEqual([
      ['start', '2025-04-03'],
      ['step', '2028-05-02'],
      ['snap-back', '2029-01-31'],
    ]);
    expect(r.tracks[0]?.planned.map((p) => p.reached)).toEqual([true, false]);
    expect(r.clawback?.reliefGranted).toBe(1_234_567n);
  });
});

describe('evaluate on random facts', () => {
  const day = fc
    .integer({ min: 0, max: 4000 })
    .map((n) => d(new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10)));
  const base = fc.record({
    id: fc.stringMatching(/^[a-e][0-9]$/),
    recorded: day,
    evidence: fc.subarray(['ui-wage-records', 'cpa-attestation', 'self-report']),
    attestations: fc.subarray(['kpmg', 'ey', 'bob']),
  });
  const commitment = fc.constantFrom('honda', 'fab', 'ghost');
  const fact: fc.Arbitrary<Fact> = fc.oneof(
    fc
      .tuple(
        base,
        commitment,
        day,
        fc.integer({ min: 0, max: 4_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
      )
      .map(([b, c, p, h, r]) => ({
        ...b,
        type: 'employment' as const,
        commitment: c,
        periodEnd: p,
        paidHours: h + r,
        relocatedHours: r,
      })),
    fc
      .tuple(base, commitment, day, fc.bigInt({ min: 0n, max: 10n ** 12n }))
      .map(([b, c, a, x]) => ({ ...b, type: 'capital' as const, commitment: c, asOf: a, disbursed: x })),
    fc
      .tuple(base, fc.constantFrom('closure', 'relocation', 'prohibited-transaction', 'clawback-unpaid'), day)
      .map(([b, e, x]) => ({ ...b, type: 'breach' as const, event: e, date: x })),
    fc.tuple(base, fc.constantFrom('m1', 'm2'), fc.option(day, { nil: undefined })).map(([b, m, x]) => ({
      ...b,
      type: 'waiver' as const,
      milestone: m,
      approvedBy: ['US', 'JP'],
      reason: 'r',
      ...(x && { extendTo: x }),
    })),
  );

  it('facts recorded after the as-of date never change the result', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 20 }), day, (facts, asOf) => {
        const known = facts.filter((f) => f.recorded <= asOf);
        expect(evaluate(agreement, facts, asOf)).toEqual(evaluate(agreement, known, asOf));
      }),
      { numRuns: 100 },
    );
  });

  it('never throws, and every schedule is ordered, non-overlapping and explained', () => {
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 25 }), day, (facts, asOf) => {
        const r = evaluate(agreement, facts, asOf);
        for (const t of r.tracks)
          t.inForce.forEach((s, i) => {
            const next = t.inForce[i + 1];
            if (s.until !== undefined) expect(s.until > s.from).toBe(true);
            if (next) expect(s.until !== undefined && s.until <= next.from).toBe(true);
            expect(s.because.length).toBeGreaterThan(10);
          });
        expect(r.facts.counted.length + r.facts.rejected.length).toBe(
          facts.filter((f) => f.recorded <= asOf).length,
        );
      }),
      { numRuns: 150 },
    );
  });
});
