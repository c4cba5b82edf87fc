import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../_lib/date.js';
import { evaluate } from '../evaluation/evaluate.js';
import type { Evaluation } from '../evaluation/types.js';
import { formatVerifierKey, generateSigner } from '../tlog/keys.js';
import { FIRMS, type Firm, World } from './_test/world.js';
import { factsFromLog, notCounted } from './facts.js';
import { type LedgerReplay, LedgerReplay as Replay, replayLog, replayLogParallel } from './replay.js';
import { statementHash } from './statement.js';

const rules = (r: LedgerReplay) =>
  r.entries.map((e) =>
    e.status === 'counts' ? 'counts' : `${e.status} ${e.problems[0]?.params?.rule} ${e.problems[0]?.code}`,
  );

describe('the structural rules (no agreement)', () => {
  const w = new World();
  it('count statements only from registered keys in roles that may make them', () => {
    const r = new Replay({ origin: w.origin });
    r.add(w.registration('us-gov', 'us-gov', 'government'));
    r.add(w.registration('us-gov', 'honda', 'firm'));
    r.add(w.registration('us-gov', 'aud-us', 'auditor'));
    const rep = w.capital('honda', 1.5, '2026-03-31', '2026-04-20');
    expect(r.add(rep).counts).toBe(true);
    expect(r.add(w.attestation('aud-us', rep, '2026-04-21')).counts).toBe(true);
    expect(r.add(w.attestation('aud-jp', rep, '2026-04-21')).problems[0]?.code).toBe(
      'statement-unknown-actor',
    );
    expect(
      r.add(
        w.sign({
          ...JSON.parse(w.attestation('aud-us', rep, '2026-04-22').toString()).statement,
          actor: 'honda',
        }),
      ).problems[0]?.code,
    ).toBe('statement-role');
    expect(r.add(w.capital('honda', 9, '2026-03-31', '2026-04-23', undefined)).counts).toBe(true);
    const forged = w.sign(
      JSON.parse(w.capital('honda', 2, '2026-06-30', '2026-07-01').toString()).statement,
      w.keys.intruder,
    );
    expect(r.add(forged).problems[0]).toMatchObject({
      code: 'statement-bad-signature',
      params: { rule: 'R2' },
    });
  });

  it('take a decision on its signer alone, and count an approval only when it names a decision', () => {
    const waiver = w.waiver('us-gov', 'm2', '2026-11-01');
    const r = replayLog(
      [
        w.registration('us-gov', 'us-gov', 'government'),
        w.registration('us-gov', 'jp-gov', 'government'),
        waiver,
        w.approval('jp-gov', waiver, '2026-11-02'),
        w.approval('jp-gov', w.capital('honda', 1, '2026-03-31', '2026-04-01'), '2026-11-03'),
      ],
      { origin: w.origin },
    );
    expect(rules(r)).toEqual([
      'counts',
      'counts',
      'counts',
      'counts',
      'not-counted R6 approval-unknown-decision',
    ]);
  });

  it('follows key rotation: the old key stops counting after the rotation entry', () => {
    const r = new Replay({ origin: w.origin });
    r.add(w.registration('us-gov', 'us-gov', 'government'));
    r.add(w.registration('us-gov', 'honda', 'firm'));
    const next = generateSigner('honda');
    r.add(
      w.sign({ type: 'key-rotation', actor: 'honda', issued: '2026-06-01', key: formatVerifierKey(next) }),
    );
    expect(r.add(w.capital('honda', 1, '2026-05-31', '2026-06-02')).counts).toBe(false);
    const { keys } = w;
    const old = keys.honda;
    keys.honda = next;
    expect(r.add(w.capital('honda', 1, '2026-05-31', '2026-06-02')).counts).toBe(true);
    keys.honda = old!;
  });

  it('decides the same in parallel as in order, also when a forged registration must not count', async () => {
    const entries = [
      w.registration('us-gov', 'us-gov', 'government'),
      w.registration('us-gov', 'honda', 'firm'),
      w.capital('honda', 1, '2026-03-31', '2026-04-01'),
    ];
    // A registration whose signature is another key's: it must not count, nor the "auditor"'s attestation.
    const reg = JSON.parse(w.registration('us-gov', 'aud-us', 'auditor').toString()).statement;
    entries.push(w.sign(reg, w.keys.intruder), w.attestation('aud-us', entries[2]!, '2026-04-02'));
    const seq = rules(replayLog(entries, { origin: w.origin }));
    expect(rules(await replayLogParallel(entries, { origin: w.origin }, 2))).toEqual(seq);
    expect(seq.slice(3)).toEqual([
      'not-counted R2 statement-bad-signature',
      'not-counted R2 statement-unknown-actor',
    ]);
  });
});

describe('the agreement’s governance (R1–R9)', () => {
  const w = new World();
  const g = { origin: w.origin, governance: w.governance };

  it('R1: a statement signed for another log never counts here', () => {
    const other = new World('accord.example/another-log');
    Object.assign(other.keys, w.keys);
    const r = replayLog([...w.bootstrap(), other.capital('honda', 1, '2026-03-31', '2026-04-01')], g);
    expect(r.entries.at(-1)!.problems[0]).toMatchObject({
      code: 'statement-other-log',
      params: { rule: 'R1' },
    });
  });

  it('R4: only the parties’ government actors register themselves; auditors by the party appointing them', () => {
    const r = replayLog(
      [
        w.registration('intruder', 'intruder', 'government'),
        w.registration('us-gov', 'us-gov', 'government'),
        w.registration('jp-gov', 'jp-gov', 'government'),
        w.registration('us-gov', 'aud-jp', 'auditor'), // Japan appoints aud-jp
        w.registration('us-gov', 'aud-us', 'auditor'),
        w.registration('us-gov', 'intruder', 'auditor'), // not an auditor of the agreement
        w.registration('us-gov', 'honda', 'auditor'), // honda is a firm
      ],
      g,
    );
    expect(rules(r)).toEqual([
      'not-counted R4 registration-not-party',
      'counts',
      'counts',
      'pending R6 decision-pending',
      'counts',
      'not-counted R4 registration-role',
      'not-counted R4 registration-role',
    ]);
    expect(r.actors.has('aud-jp')).toBe(false);
    expect(r.actors.get('aud-us')?.role).toBe('auditor');
  });

  it('R4/R6: a firm’s key counts once both governments signed its registration', () => {
    const us = w.registration('us-gov', 'us-gov', 'government');
    const jp = w.registration('jp-gov', 'jp-gov', 'government');
    const honda = w.registration('us-gov', 'honda', 'firm');
    const early = w.capital('honda', 1, '2026-03-31', '2026-04-01');
    const r = replayLog(
      [us, jp, honda, early, w.approval('jp-gov', honda), w.capital('honda', 2, '2026-06-30', '2026-07-01')],
      g,
    );
    expect(rules(r)).toEqual([
      'counts',
      'counts',
      'counts',
      'not-counted R2 statement-unknown-actor',
      'counts',
      'counts',
    ]);
    expect(r.entries[2]!.decision).toMatchObject({
      kind: 'firm-registration',
      approvals: [
        { party: 'US', actor: 'us-gov', index: 2 },
        { party: 'JP', actor: 'jp-gov', index: 4 },
      ],
      effective: { index: 4, issued: '2025-09-04' },
    });
  });

  it('R5: a firm reports only on the commitments the agreement assigns it', () => {
    const r = replayLog(
      [...w.bootstrap(), w.capital('honda', 1, '2026-03-31', '2026-04-01', 'texas-semiconductors')],
      g,
    );
    expect(r.entries.at(-1)!.problems[0]).toMatchObject({
      code: 'not-own-commitment',
      params: { rule: 'R5', actor: 'honda' },
    });
  });

  it('R6: one government alone cannot record a joint waiver; the second signature makes it count', () => {
    const waiver = w.waiver('jp-gov', 'm2', '2026-11-01');
    const r = new Replay(g);
    for (const e of [...w.bootstrap(), waiver]) r.add(e);
    expect(r.entries.at(-1)).toMatchObject({ status: 'pending', counts: false });
    expect(r.entries.at(-1)!.problems[0]?.params).toMatchObject({ rule: 'R6', awaiting: ['US'] });
    expect(factsFromLog(r).facts.some((f) => f.type === 'waiver')).toBe(false);
    // An approval by a firm, or by the same government again, does not complete it.
    expect(
      r.add(
        w.sign({ type: 'approval', actor: 'honda', issued: '2026-11-02', subject: statementHash(waiver) }),
      ).problems[0]?.code,
    ).toBe('statement-role');
    r.add(w.approval('jp-gov', waiver, '2026-11-02'));
    expect(r.entries.at(-3)!.status).toBe('pending');
    r.add(w.approval('us-gov', waiver, '2026-11-05'));
    const fact = factsFromLog(r).facts.find((f) => f.type === 'waiver');
    expect(fact).toMatchObject({ approvedBy: ['JP', 'US'], recorded: '2026-11-05' });
  });

  it('R7: a firm disputes only statements about its own commitments; governments and auditors any report', () => {
    const honda = w.capital('honda', 1, '2026-03-31', '2026-04-01');
    const tx = w.capital('tx-semi', 1, '2026-03-31', '2026-04-01');
    const r = replayLog(
      [
        ...w.bootstrap(),
        ...w.attested(honda, '2026-04-02'),
        tx,
        w.dispute('mw-renew', honda, '2026-05-01'),
        w.dispute('honda', tx, '2026-05-01'),
        w.dispute('honda', honda, '2026-05-01'),
        w.dispute('jp-gov', tx, '2026-05-01'),
        w.dispute('aud-us', honda, '2026-05-02'),
        w.dispute('us-gov', w.approval('jp-gov', honda), '2026-05-03'),
      ],
      g,
    );
    expect(rules(r).slice(-6)).toEqual([
      'not-counted R7 dispute-outside-sphere',
      'not-counted R7 dispute-outside-sphere',
      'counts',
      'counts',
      'counts',
      'not-counted R7 dispute-subject',
    ]);
  });

  it('R9: the raiser withdraws alone; upholding needs both governments', () => {
    const rep = w.capital('honda', 1, '2026-03-31', '2026-04-01');
    const d1 = w.dispute('us-gov', rep, '2026-05-01', 'first');
    const d2 = w.dispute('aud-jp', rep, '2026-05-02', 'second');
    const upheld = w.resolution('us-gov', d1, 'upheld', '2026-06-01');
    const r = replayLog(
      [
        ...w.bootstrap(),
        ...w.attested(rep, '2026-04-02'),
        d1,
        d2,
        w.resolution('jp-gov', d2, 'withdrawn', '2026-05-03'),
        w.resolution('aud-jp', d2, 'withdrawn', '2026-05-04'),
        upheld,
        w.approval('jp-gov', upheld, '2026-06-03'),
      ],
      g,
    );
    expect(rules(r).slice(-4)).toEqual([
      'not-counted R9 withdrawal-not-raiser',
      'counts',
      'counts',
      'counts',
    ]);
    const d = [...r.disputes.values()];
    expect(d.map((x) => [x.raisedBy, x.resolution?.outcome, x.resolution?.by])).toEqual([
      ['us-gov', 'upheld', ['US', 'JP']],
      ['aud-jp', 'withdrawn', ['aud-jp']],
    ]);
  });

  it('a trial decides like the replay and leaves it exactly as it was', () => {
    const r = new Replay(g);
    for (const e of w.bootstrap()) r.add(e);
    const before = JSON.stringify([rules(r), [...r.actors.keys()], r.size]);
    const waiver = w.waiver('us-gov', 'm3', '2026-10-01', '2028-12-31');
    const verdicts = r.trial([
      waiver,
      w.approval('jp-gov', waiver, '2026-10-02'),
      w.capital('honda', 1, '2026-03-31', '2026-04-01', 'midwest-renewables'),
      w.registration('us-gov', 'intruder', 'firm'),
    ]);
    expect(verdicts.map((v) => v.status)).toEqual(['pending', 'counts', 'not-counted', 'not-counted']);
    expect(JSON.stringify([rules(r), [...r.actors.keys()], r.size])).toBe(before);
  });
});

/** What an outcome is, independent of where statements sit in the log: fact ids become leaf hashes. */
function outcome(ev: Evaluation, leaf: (index: number) => string) {
  const id = (s: string) => s.replace(/log-(\d+)/g, (_, n) => `L${leaf(Number(n)).slice(0, 16)}`);
  return {
    milestones: ev.milestones.map((m) => [m.id, m.status, m.deadline, m.decidedOn ?? '', m.cureEnds ?? '']),
    tracks: ev.tracks.map((t) => [
      t.track,
      t.inForce.map((s) => [s.from, s.until ?? '', s.rate, s.kind]),
      t.planned.map((p) => [p.stepId, p.reached, p.effective ?? '']),
      (t.exemptShare ?? []).map((x) => [x.from, x.share]),
    ]),
    counted: ev.facts.counted.map(id).sort(),
    suspended: ev.facts.suspended.map(id).sort(),
    disputes: ev.disputes.map((d) => [
      id(d.id),
      id(d.subject),
      d.status,
      d.suspends.map((p) => [p.from, p.until ?? '']),
    ]),
  };
}

describe('property: rule-breaking statements change nothing', () => {
  type Step =
    | { kind: 'report'; firm: Firm; employment: boolean; amount: number }
    | {
        kind: 'dispute';
        by: 'us-gov' | 'aud-jp' | 'own';
        target: number;
        resolve: 'none' | 'withdraw' | 'uphold' | 'dismiss';
      }
    | { kind: 'waiver'; milestone: 'm3' | 'm4' };
  type Bad = 'wrong-signer' | 'unapproved-waiver' | 'foreign-dispute' | 'other-commitment' | 'other-log';
  const firms = Object.keys(FIRMS) as Firm[];
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({
      kind: fc.constant('report' as const),
      firm: fc.constantFrom(...firms),
      employment: fc.boolean(),
      amount: fc.integer({ min: 1, max: 3000 }),
    }),
    fc.record({
      kind: fc.constant('dispute' as const),
      by: fc.constantFrom('us-gov' as const, 'aud-jp' as const, 'own' as const),
      target: fc.nat(),
      resolve: fc.constantFrom('none' as const, 'withdraw' as const, 'uphold' as const, 'dismiss' as const),
    }),
    fc.record({
      kind: fc.constant('waiver' as const),
      milestone: fc.constantFrom('m3' as const, 'm4' as const),
    }),
  );
  const bad = fc.record({
    kind: fc.constantFrom<Bad>(
      'wrong-signer',
      'unapproved-waiver',
      'foreign-dispute',
      'other-commitment',
      'other-log',
    ),
    at: fc.nat(),
    pick: fc.nat(),
  });

  it('the log with them evaluates as the log without them, and the replay lists exactly them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 14 }),
        fc.array(bad, { minLength: 1, maxLength: 6 }),
        async (steps, bads) => {
          const w = new World();
          let day = '2026-01-05' as IsoDate;
          const next = () => (day = addDays(day, 9));
          const valid: Buffer[] = w.bootstrap();
          const reports: { entry: Buffer; firm: Firm }[] = [];
          let n = 0;
          for (const s of steps) {
            const issued = next();
            if (s.kind === 'report') {
              const e = s.employment
                ? w.employment(s.firm, s.amount, addDays(issued, -5), issued)
                : w.capital(s.firm, s.amount / 100, addDays(issued, -5), issued);
              valid.push(...w.attested(e, issued));
              reports.push({ entry: e, firm: s.firm });
            } else if (s.kind === 'dispute' && reports.length > 0) {
              const target = reports[s.target % reports.length]!;
              const by = s.by === 'own' ? target.firm : s.by;
              const d = w.dispute(by, target.entry, issued, `grounds ${n++}`);
              valid.push(d);
              if (s.resolve === 'withdraw') valid.push(w.resolution(by, d, 'withdrawn', next()));
              else if (s.resolve !== 'none') {
                const r = w.resolution('us-gov', d, s.resolve === 'uphold' ? 'upheld' : 'dismissed', next());
                valid.push(r, w.approval('jp-gov', r, next()));
              }
            } else if (s.kind === 'waiver') {
              const wv = w.waiver('jp-gov', s.milestone, issued, `2031-0${1 + (n++ % 9)}-01`);
              valid.push(wv, w.approval('us-gov', wv, next()));
            }
          }
          // Rule-breakers, each at a position after the bootstrap, none of them referred to by a valid statement.
          const all = [...valid];
          const injected = new Set<Buffer>();
          const boot = w.bootstrap().length;
          for (const b of bads) {
            const issued = '2026-06-01';
            const firm = firms[b.pick % firms.length]!;
            const other = firms[(b.pick + 1) % firms.length]!;
            let e: Buffer;
            if (b.kind === 'wrong-signer')
              e = w.sign(
                JSON.parse(w.capital(firm, 7, '2026-05-31', issued).toString()).statement,
                w.keys.intruder,
              );
            else if (b.kind === 'unapproved-waiver') e = w.waiver('us-gov', 'm2', issued);
            else if (b.kind === 'other-commitment')
              e = w.capital(firm, 5, '2026-05-31', issued, FIRMS[other]);
            else if (b.kind === 'other-log') {
              const elsewhere = new World('accord.example/another-log');
              Object.assign(elsewhere.keys, w.keys);
              e = elsewhere.capital(firm, 3, '2026-05-31', issued);
            } else {
              const target = reports.find((r) => r.firm !== firm);
              e = target
                ? w.dispute(firm, target.entry, issued, `foreign ${b.pick}`)
                : w.waiver('jp-gov', 'm1', issued);
            }
            if (injected.has(e) || all.some((x) => x.equals(e))) continue;
            const at = boot + (b.at % (all.length - boot + 1));
            all.splice(at, 0, e);
            injected.add(e);
          }
          const withBad = replayLog(all, { origin: w.origin, governance: w.governance });
          const clean = replayLog(valid, { origin: w.origin, governance: w.governance });
          const asOf = '2027-12-31' as IsoDate;
          const evWith = evaluate(w.agreement, factsFromLog(withBad).facts, asOf);
          const evClean = evaluate(w.agreement, factsFromLog(clean).facts, asOf);
          expect(outcome(evWith, (i) => withBad.entries[i]!.leafHash)).toEqual(
            outcome(evClean, (i) => clean.entries[i]!.leafHash),
          );
          expect(clean.entries.every((e) => e.counts)).toBe(true);
          const flagged = withBad.entries.filter((e) => !e.counts).map((e) => e.index);
          const expected = all.flatMap((e, i) => (injected.has(e) ? [i] : []));
          expect(flagged).toEqual(expected);
          // What the audit lists as not counted is those that broke a rule; the unapproved waiver is pending.
          expect(notCounted(withBad).map((x) => x.index)).toEqual(
            expected.filter((i) => withBad.entries[i]!.status === 'not-counted'),
          );
        },
      ),
      { seed: 20261206, numRuns: 40 },
    );
  }, 120_000);
});
