import { describe, expect, it } from 'vitest';
import { d, jobs, testAgreement, verified } from './_test/agreement.js';
import { baseAgreement } from './_test/base.js';
import { factsOf, makeContext, measurementDate } from './context.js';

describe('makeContext', () => {
  const agreement = testAgreement(baseAgreement());
  it('uses the named variant, else the default, for the term end', () => {
    expect(makeContext(agreement, [], d('2026-01-01')).termEnds).toBe('2032-10-01');
    expect(makeContext(agreement, [], d('2026-01-01'), 'fifteen').termEnds).toBe('2040-10-01');
    const raw = baseAgreement();
    delete raw.term.default;
    expect(makeContext(testAgreement(raw), [], d('2026-01-01')).variant).toBeUndefined();
  });

  it('refuses an unknown variant as a usage error (exit 2)', () => {
    try {
      makeContext(agreement, [], d('2026-01-01'), 'nine');
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'unknown-variant', exitCode: 2 });
    }
  });

  it('indexes counted facts: knowledge dates sorted and unique, measurement dates, by type', () => {
    const facts = [
      jobs('b', 'honda', '2027-06-30', 1, '2027-08-01'),
      jobs('a', 'fab', '2026-06-30', 1, '2026-08-01'),
    ];
    const ctx = makeContext(agreement, facts, d('2028-01-01'));
    expect(ctx.knowledgeDates).toEqual(['2026-08-01', '2027-08-01']);
    expect(ctx.factDate.get('b')).toBe('2027-06-30');
    expect(factsOf(ctx, 'employment')).toHaveLength(2);
    expect(factsOf(ctx, 'capital')).toEqual([]);
  });

  it('a fact measures its period end, as-of, selection, funding, breach or effective date', () => {
    expect(
      measurementDate({
        ...verified('w', '2027-01-01'),
        type: 'waiver',
        milestone: 'm1',
        approvedBy: [],
        reason: 'x',
      }),
    ).toBe('2027-01-01');
    expect(
      measurementDate({
        ...verified('p', '2027-01-05'),
        type: 'project-funded',
        project: 'x',
        funded: d('2027-01-02'),
      }),
    ).toBe('2027-01-02');
  });
});
