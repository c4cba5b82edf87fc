import { describe, expect, it } from 'vitest';
import { capital, d, jobs, testAgreement } from './_test/agreement.js';
import { baseAgreement } from './_test/base.js';
import { evaluate } from './evaluate.js';
import type { Fact } from './facts.js';

const agreement = testAgreement(baseAgreement());
const dispute = (id: string, subject: string, recorded: string): Fact => ({
  id,
  type: 'dispute',
  subject,
  raisedBy: 'us-gov',
  grounds: 'payroll does not match the UI filings',
  recorded: d(recorded),
  evidence: [],
  attestations: [],
});
const resolution = (
  id: string,
  of: string,
  outcome: 'upheld' | 'dismissed' | 'withdrawn',
  recorded: string,
): Fact => ({
  id,
  type: 'dispute-resolution',
  dispute: of,
  outcome,
  by: outcome === 'withdrawn' ? ['us-gov'] : ['US', 'JP'],
  reason: 'after review',
  recorded: d(recorded),
  evidence: [],
  attestations: [],
});
// m1: 1,000 net-new FTE at Honda's Ohio plant (baseline 100) by 2027-12-31; steps the auto rate 25% → 20%.
const report = jobs('j1', 'honda', '2026-12-31', 1200, '2027-01-15');
const m1 = (facts: Fact[], asOf: string) => {
  const ev = evaluate(agreement, facts, d(asOf));
  return {
    ev,
    m1: ev.milestones.find((m) => m.id === 'm1')!,
    autos: ev.tracks[0]!.inForce.map((s) => `${s.from} ${s.rate}`),
  };
};

describe('disputes in knowledge time (R8)', () => {
  it('leave a milestone met before the dispute met, and the rate step with it: nothing is retroactive', () => {
    const before = m1([report], '2027-04-01');
    const after = m1([report, dispute('x1', 'j1', '2027-03-01')], '2027-04-01');
    expect(before.m1.status).toBe('met');
    expect(after.m1).toMatchObject({ status: 'met', decidedOn: '2027-01-15' });
    expect(after.autos).toEqual(before.autos);
    expect(after.ev.facts.suspended).toEqual(['j1']);
    expect(after.ev.disputes[0]).toMatchObject({
      status: 'open',
      suspends: [{ fact: 'j1', from: '2027-03-01', until: '2027-05-30' }],
      lapses: '2027-05-30',
    });
  });

  it('hold back a report while open, so a milestone it would decide waits for the resolution', () => {
    const facts = [report, dispute('x1', 'j1', '2027-01-15')];
    expect(m1(facts, '2027-02-01').m1.status).toBe('pending');
    const dismissed = m1([...facts, resolution('r1', 'x1', 'dismissed', '2027-02-10')], '2027-03-01');
    expect(dismissed.m1).toMatchObject({ status: 'met', decidedOn: '2027-02-10' });
    expect(dismissed.ev.disputes[0]).toMatchObject({
      status: 'dismissed',
      suspends: [{ from: '2027-01-15', until: '2027-02-10' }],
    });
    const upheld = m1([...facts, resolution('r1', 'x1', 'upheld', '2027-02-10')], '2027-06-01');
    expect(upheld.m1.status).toBe('pending');
    expect(upheld.ev.disputes[0]!.suspends).toEqual([{ fact: 'j1', from: '2027-01-15' }]);
  });

  it('lapse when nobody resolves them in time, and the report counts again from that day', () => {
    const lapsed = m1([report, dispute('x1', 'j1', '2027-01-15')], '2027-06-01');
    expect(lapsed.ev.disputes[0]).toMatchObject({ status: 'lapsed', lapses: '2027-04-15' });
    expect(lapsed.m1).toMatchObject({ status: 'met', decidedOn: '2027-04-15' });
    expect(lapsed.ev.facts.suspended).toEqual([]);
  });

  it('fall back to the previous report of the commitment while the latest is suspended', () => {
    const older = capital('c1', 'honda', '2026-06-30', 1_000_000_000, '2026-07-10');
    const newer = capital('c2', 'honda', '2026-12-31', 2_500_000_000, '2027-01-10');
    const open = evaluate(
      agreement,
      [older, newer, dispute('x1', 'c2', '2027-01-05'), dispute('x2', 'c2', '2027-01-12')],
      d('2027-02-01'),
    );
    const m2 = open.milestones.find((m) => m.id === 'm2')!;
    expect(m2.status).toBe('pending');
    expect(m2.condition.value).toBe('$1,000,000,000.00');
  });

  it('are refused when they name something other than a report on record', () => {
    const ev = evaluate(
      agreement,
      [report, dispute('x1', 'nope', '2027-03-01'), dispute('x2', 'x1', '2027-03-02')],
      d('2027-04-01'),
    );
    expect(ev.facts.rejected.map((r) => [r.id, r.problems[0]?.code])).toEqual([
      ['x1', 'unknown-reference'],
      ['x2', 'dispute-subject'],
    ]);
    // The article agrees with the fact type it names ("an employment", "a dispute").
    expect(ev.facts.rejected[1]!.problems[0]!.message).toContain('names x1, a dispute fact;');
    expect(ev.disputes).toEqual([]);
  });
});
