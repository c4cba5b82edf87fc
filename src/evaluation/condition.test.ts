import { describe, expect, it } from 'vitest';
import type { Condition } from '../agreement/model.js';
import { capital, d, jobs, testAgreement } from './_test/agreement.js';
import { baseAgreement } from './_test/base.js';
import { evaluateCondition, type MilestoneRef } from './condition.js';
import { makeContext } from './context.js';

const agreement = testAgreement(baseAgreement());
const ctx = makeContext(
  agreement,
  [
    jobs('e1', 'honda', '2027-06-30', 1060, '2027-08-01'),
    capital('c1', 'honda', '2027-06-30', 1_000_000_000, '2027-08-01'),
  ],
  d('2028-01-01'),
);
const at = { date: d('2027-12-31'), known: d('2028-01-01') };
const none: MilestoneRef = () => ({ holds: false, facts: [], why: 'not met' });
const jobsLeaf: Condition = {
  kind: 'metric',
  metric: 'netNewFte',
  atLeast: 1000,
  scope: { commitments: ['honda'] },
  pointer: '/a',
};
const capLeaf: Condition = {
  kind: 'metric',
  metric: 'capitalDisbursed',
  atLeast: 200_000_000_000n,
  scope: {},
  pointer: '/b',
};

describe('evaluateCondition', () => {
  it('labels a metric leaf with its target and scope and reports value, target, ratio and facts', () => {
    const r = evaluateCondition(ctx, jobsLeaf, at, 0, none);
    expect(r).toMatchObject({
      label: 'netNewFte ≥ 1000 (commitments honda)',
      holds: false,
      value: '960 FTE',
      target: '1,000 FTE',
      ratio: 960_000,
      facts: ['e1'],
    });
  });

  it('all takes the least child ratio and any the greatest', () => {
    const all = evaluateCondition(ctx, { kind: 'all', of: [jobsLeaf, capLeaf], pointer: '' }, at, 0, none);
    const any = evaluateCondition(ctx, { kind: 'any', of: [jobsLeaf, capLeaf], pointer: '' }, at, 0, none);
    expect([all.ratio, any.ratio]).toEqual([500_000, 960_000]);
    expect(all.facts).toEqual(['c1', 'e1']);
    expect(all.children).toHaveLength(2);
  });

  it('a composite is within tolerance only when it holds thanks to the band', () => {
    const tol = 50_000;
    const capOk: Condition = { ...capLeaf, atLeast: 100_000_000_000n } as Condition;
    const all = evaluateCondition(ctx, { kind: 'all', of: [jobsLeaf, capOk], pointer: '' }, at, tol, none);
    expect(all).toMatchObject({ holds: true, withinTolerance: true });
    const any = evaluateCondition(ctx, { kind: 'any', of: [jobsLeaf, capOk], pointer: '' }, at, tol, none);
    expect(any.holds).toBe(true);
    expect(any.withinTolerance).toBeUndefined();
  });

  it('a milestone reference asks the lookup and carries its facts', () => {
    const yes: MilestoneRef = () => ({ holds: true, facts: ['x'], why: 'met on 2027-01-01' });
    expect(
      evaluateCondition(ctx, { kind: 'milestone', milestone: 'm9', pointer: '' }, at, 0, yes),
    ).toMatchObject({
      holds: true,
      value: 'met on 2027-01-01',
      facts: ['x'],
    });
  });
});
