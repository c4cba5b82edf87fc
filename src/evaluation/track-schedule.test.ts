import { describe, expect, it } from 'vitest';
import { capital, d, jobs, testAgreement, verified } from './_test/agreement.js';
import { baseAgreement, type RawAgreement } from './_test/base.js';
import { evaluate } from './evaluate.js';
import type { Fact } from './facts.js';
import { rateOn } from './rate-on.js';

const run = (facts: Fact[], asOf: string, edit: (raw: RawAgreement) => void = () => {}) => {
  const raw = baseAgreement();
  edit(raw);
  return evaluate(testAgreement(raw), facts, d(asOf));
};
const autos = (facts: Fact[], asOf: string, edit?: (raw: RawAgreement) => void) =>
  run(facts, asOf, edit).tracks[0]!;
const steps = (t: ReturnType<typeof autos>) =>
  t.inForce.map((s) => [s.kind, s.from, s.until ?? null, s.rate]);
const m1Met = jobs('e1', 'honda', '2027-06-30', 1100, '2027-08-01');
const m2Met = capital('c1', 'honda', '2028-06-30', 2_000_000_000, '2028-07-15');
const m1Short = jobs('e1', 'honda', '2027-06-30', 600, '2027-08-01');
const track = (patch: Record<string, unknown>) => (raw: RawAgreement) => Object.assign(raw.tracks[0], patch);

describe('gated steps (T2)', () => {
  it('a gated step takes effect the day after its milestone is verified', () => {
    const t = autos([m1Met, m2Met], '2029-01-01');
    expect(steps(t)).toEqual([
      ['start', '2025-04-03', '2027-08-02', 250_000],
      ['step', '2027-08-02', '2028-07-16', 200_000],
      ['step', '2028-07-16', null, 150_000],
    ]);
    expect(t.inForce[1]?.because).toMatch(
      /Step s1 sets 20% from 2027-08-02 because milestone m1 \(Ohio jobs\) was met on 2027-08-01 \(netNewFte.*1,000 FTE vs target 1,000 FTE\).*T2.*fact e1/,
    );
    expect(t.inForce[1]).toMatchObject({ milestones: ['m1'], facts: ['e1'], stepId: 's1' });
  });

  it('decisionLagDays delays relief after verification', () => {
    const t = autos([m1Met], '2029-01-01', (raw) => {
      raw.verification.decisionLagDays = 30;
    });
    // recorded 2027-08-01, + 1 day, + 30 days' lag
    expect(t.inForce[1]?.from).toBe('2027-09-01');
    expect(rateOn(t, d('2027-08-31'))?.rate).toBe(250_000);
    expect(rateOn(t, d('2027-09-01'))?.rate).toBe(200_000);
    expect(t.inForce[1]?.because).toContain("30 days' decision lag");
  });

  it('steps apply in order: a later step waits for an earlier one and never precedes it', () => {
    const early = capital('c1', 'honda', '2027-03-31', 2_000_000_000, '2027-04-01');
    const t = autos([early], '2027-06-01');
    expect(steps(t)).toEqual([['start', '2025-04-03', null, 250_000]]);
    expect(t.planned.map((p) => [p.stepId, p.reached])).toEqual([
      ['s1', false],
      ['s2', false],
    ]);
    expect(t.planned[1]?.why).toContain('waits for step s1');
    const both = autos([early, m1Met], '2028-01-01');
    expect(steps(both).map((s) => s[1])).toEqual(['2025-04-03', '2027-08-02']);
    expect(both.inForce.at(-1)?.stepId).toBe('s2');
    expect(both.planned[1]?.why).toContain('held back to 2027-08-02');
  });

  it('an all gate opens on the latest, an any gate on the earliest milestone', () => {
    const gate = (after: unknown) => track({ steps: [{ id: 'g', rate: '10%', after }] });
    expect(autos([m1Met, m2Met], '2029-01-01', gate({ all: ['m1', 'm2'] })).inForce[1]?.from).toBe(
      '2028-07-16',
    );
    expect(autos([m1Met, m2Met], '2029-01-01', gate({ any: ['m1', 'm2'] })).inForce[1]?.from).toBe(
      '2027-08-02',
    );
    expect(autos([m2Met], '2029-01-01', gate({ all: ['m1', 'm2'] })).planned[0]?.reached).toBe(false);
  });

  it('a dated step takes effect on its date; until ends its overlay', () => {
    const t = autos(
      [],
      '2027-01-01',
      track({ steps: [{ id: 'd1', rate: '15%', on: '2025-09-16', until: '2026-02-24' }] }),
    );
    expect(steps(t)).toEqual([
      ['start', '2025-04-03', '2025-09-16', 250_000],
      ['step', '2025-09-16', '2026-02-24', 150_000],
    ]);
    expect(rateOn(t, d('2026-02-23'))?.rate).toBe(150_000);
    expect(rateOn(t, d('2026-02-24'))).toBeUndefined();
    expect(rateOn(t, d('2025-04-02'))).toBeUndefined();
  });

  it('a track end closes the period in force, with its caveat and source, and later steps are not reached', () => {
    const t = autos([m1Met], '2028-01-01', (raw) => {
      raw.sources = [{ id: 'scotus', cite: 'Learning Resources v. Trump' }];
      Object.assign(raw.tracks[0], {
        end: { on: '2027-06-01', uncertain: 'refunds unsettled', sources: ['scotus'] },
      });
    });
    expect(steps(t)).toEqual([['start', '2025-04-03', '2027-06-01', 250_000]]);
    expect(t.inForce[0]).toMatchObject({ uncertain: 'refunds unsettled', sources: ['scotus'] });
    expect(t.planned[0]?.why).toContain('track ended on 2027-06-01');
  });

  it('each period carries its mode: the start’s, a step’s carried forward, the snap-back’s', () => {
    const t = autos([m1Met, m2Met], '2029-01-01', (raw) => {
      raw.tracks[0].steps[0].mode = 'inclusive';
    });
    expect(t.inForce.map((s) => s.mode)).toEqual(['additional', 'inclusive', 'inclusive']);
  });
});

describe('snap-back (C2, C4, C5, C7)', () => {
  const snap = (on: unknown[], extra: Record<string, unknown> = {}) =>
    track({ snapBack: { on, to: '27.5%', noticeDays: 30, ...extra } });

  it('milestone-missed: the rate is restored after notice from the miss becoming final', () => {
    const edit = snap([{ event: 'milestone-missed' }]);
    const t = autos([m1Short], '2028-03-01', edit);
    expect(steps(t)).toEqual([
      ['start', '2025-04-03', '2028-01-31', 250_000],
      ['snap-back', '2028-01-31', null, 275_000],
    ]);
    expect(t.inForce[1]?.because).toMatch(
      /milestone m1 \(Ohio jobs\) was missed \(final on 2028-01-01\) \(netNewFte.*500 FTE vs target 1,000 FTE\).*30 days' notice/,
    );
    expect(rateOn(t, d('2028-01-30'))?.rate).toBe(250_000);
    expect(rateOn(t, d('2028-01-31'))?.rate).toBe(275_000);
  });

  it('the missed milestone becomes snapped-back once the snap-back is in force', () => {
    const edit = snap([{ event: 'milestone-missed' }]);
    expect(run([m1Short], '2028-01-30', edit).milestones[0]?.status).toBe('missed');
    const after = run([m1Short], '2028-01-31', edit).milestones[0]!;
    expect(after.status).toBe('snapped-back');
    expect(after.explanation).toContain('snap-back on autos');
  });

  it('no later step applies after a snap-back', () => {
    const edit = (raw: RawAgreement) => {
      snap([{ event: 'milestone-missed', milestones: ['m1'] }])(raw);
      raw.tracks[0].steps = [{ id: 's2', rate: '15%', after: 'm2' }];
    };
    const late = capital('c1', 'honda', '2028-06-30', 2_000_000_000, '2028-07-15');
    const t = autos([m1Short, late], '2029-01-01', edit);
    expect(t.inForce.at(-1)?.kind).toBe('snap-back');
    expect(t.planned[0]).toMatchObject({ reached: false });
    expect(t.planned[0]?.why).toContain('snap-back from 2028-01-31 came first');
  });

  it('funding-refused: from the breach day (selected + N + 1) plus grace and notice', () => {
    const edit = (raw: RawAgreement) => {
      snap([{ event: 'funding-refused', afterDays: 5 }])(raw);
      raw.milestones.push({
        id: 'fund',
        when: { metric: 'selectedProjectsFunded', withinDays: 45 },
        by: '2030-01-01',
      });
    };
    const sel: Fact = {
      ...verified('p1', '2026-01-10'),
      type: 'project-selected',
      project: 'x',
      selected: d('2026-01-10'),
    };
    const t = autos([sel], '2026-06-01', edit);
    // due 2026-02-24, breach 2026-02-25, + 5 grace + 30 notice
    expect(t.inForce.at(-1)).toMatchObject({ kind: 'snap-back', from: '2026-04-01', facts: ['p1'] });
    const funded: Fact = {
      ...verified('p2', '2026-02-24'),
      type: 'project-funded',
      project: 'x',
      funded: d('2026-02-24'),
    };
    expect(autos([sel, funded], '2026-06-01', edit).inForce.map((s) => s.kind)).toEqual(['start']);
  });

  it.each(['closure', 'relocation', 'prohibited-transaction', 'clawback-unpaid'] as const)(
    '%s breach: from its date plus afterDays and notice',
    (event) => {
      const breach: Fact = {
        ...verified('b1', '2027-01-05'),
        type: 'breach',
        event,
        commitment: 'honda',
        date: d('2027-01-01'),
      };
      const t = autos([breach], '2027-06-01', snap([{ event, afterDays: 10 }]));
      expect(t.inForce.at(-1)).toMatchObject({
        kind: 'snap-back',
        from: '2027-02-10',
        facts: ['b1'],
        rate: 275_000,
      });
      expect(autos([breach], '2027-06-01', snap([{ event: 'decision' }])).inForce.map((s) => s.kind)).toEqual(
        ['start'],
      );
    },
  );

  it('decision: a snap-back decision fact for the track, its rate overriding `to`', () => {
    const decision: Fact = {
      ...verified('x1', '2027-01-05'),
      type: 'snap-back-decision',
      track: 'autos',
      effective: d('2027-02-01'),
      by: 'US',
      rate: 350_000,
      reason: 'investment not funded',
    };
    const t = autos([decision], '2027-06-01', snap([{ event: 'decision' }], { noticeDays: 0 }));
    expect(t.inForce.at(-1)).toMatchObject({ kind: 'snap-back', from: '2027-02-01', rate: 350_000 });
    expect(t.inForce.at(-1)?.because).toContain('investment not funded');
  });

  it('the earliest event wins, and an uncertain snap-back is repeated in the step and the notes', () => {
    const b = (id: string, date: string): Fact => ({
      ...verified(id, date),
      type: 'breach',
      event: 'closure',
      date: d(date),
    });
    const ev = run(
      [b('b2', '2027-03-01'), b('b1', '2027-05-01')],
      '2027-06-01',
      snap([{ event: 'closure' }], { uncertain: 'the MOU leaves the rate open' }),
    );
    expect(ev.tracks[0]?.inForce.at(-1)).toMatchObject({
      from: '2027-03-31',
      facts: ['b2'],
      uncertain: 'the MOU leaves the rate open',
    });
    expect(ev.notes.some((n) => n.includes('the MOU leaves the rate open'))).toBe(true);
  });
});

describe('term end and localized relief', () => {
  it('afterEnd revert restores the start rate when the term ends; steps after it are not reached', () => {
    const edit = (raw: RawAgreement) => {
      raw.term.afterEnd = 'revert';
    };
    const t = autos([m1Met], '2033-01-01', edit);
    expect(steps(t).at(-1)).toEqual(['term-end', '2032-10-01', null, 250_000]);
    expect(t.inForce.at(-1)?.because).toContain('The term ended on 2032-10-01');
    const late = capital('c1', 'honda', '2028-06-30', 2_000_000_000, '2032-12-01');
    const after = autos([m1Met, late], '2033-01-01', (raw) => {
      edit(raw);
      raw.milestones[1].cure = 'term';
    });
    expect(after.planned[1]?.reached).toBe(false);
  });

  it('afterEnd keep (default) leaves the last rate in force', () => {
    expect(autos([m1Met], '2033-01-01').inForce.at(-1)?.kind).toBe('step');
  });

  it('exemptShare follows verified capital from each recording + 1 day, capped at 100%', () => {
    const edit = track({ exemptShare: { commitment: 'honda', metric: 'capitalDisbursed' } });
    const t = autos(
      [
        capital('c1', 'honda', '2026-06-30', 1_000_000_000, '2026-07-15'),
        capital('c2', 'honda', '2027-06-30', 5_000_000_000, '2027-07-15'),
      ],
      '2028-01-01',
      edit,
    );
    expect(t.exemptShare).toEqual([
      { from: '2026-07-16', share: 250_000, facts: ['c1'] },
      { from: '2027-07-16', share: 1_000_000, facts: ['c2'] },
    ]);
  });
});

describe('planned steps', () => {
  it('a step decided before the as-of date but effective after it says so', () => {
    const t = autos([m1Met], '2027-08-10', (raw) => {
      raw.verification.decisionLagDays = 30;
    });
    expect(t.planned[0]).toMatchObject({ reached: true, effective: '2027-09-01' });
    expect(t.planned[0]?.why).toContain('after the as-of date 2027-08-10');
    expect(rateOn(t, d('2027-08-10'))?.rate).toBe(250_000);
  });
});
