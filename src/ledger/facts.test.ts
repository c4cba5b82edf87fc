import { describe, expect, it } from 'vitest';
import { World } from './_test/world.js';
import { factsFromLog } from './facts.js';
import { replayLog } from './replay.js';
import { statementHash } from './statement.js';

describe('facts from the log', () => {
  const w = new World();
  const g = { origin: w.origin, governance: w.governance };

  it('merge confirming attestations into the report, and leave a rejected report out', () => {
    const rep = w.employment('honda', 1050, '2026-03-31', '2026-04-20');
    const other = w.capital('tx-semi', 1.2, '2026-03-31', '2026-04-20');
    const r = replayLog(
      [
        ...w.bootstrap(),
        ...w.attested(rep, '2026-04-21'),
        other,
        w.attestation('aud-us', other, '2026-04-22', 'rejected'),
      ],
      g,
    );
    const { facts, excluded } = factsFromLog(r);
    const boot = w.bootstrap().length;
    expect(facts).toEqual([
      {
        id: `log-${boot}`,
        type: 'employment',
        recorded: '2026-04-20',
        evidence: ['cpa-attestation', 'ui-wage-records'],
        attestations: ['aud-jp', 'aud-us'],
        origin: { kind: 'log', index: boot, leafHash: statementHash(rep) },
        commitment: 'honda-ohio-ev',
        periodEnd: '2026-03-31',
        paidHours: 1050 * 2080,
        relocatedHours: 0,
        totalWages: BigInt(1050 * 70_000) * 100n,
        healthPlanOffered: true,
        site: 'US-OH',
      },
    ]);
    expect(excluded.map((p) => p.code)).toEqual(['statement-rejected']);
  });

  it('record a joint decision on the day its last signature was issued, approved by the verified signers', () => {
    const waiver = w.waiver('jp-gov', 'm3', '2026-11-25', '2028-12-31');
    const r = replayLog([...w.bootstrap(), waiver, w.approval('us-gov', waiver, '2026-11-27')], g);
    expect(factsFromLog(r).facts).toMatchObject([
      {
        type: 'waiver',
        milestone: 'm3',
        recorded: '2026-11-27',
        approvedBy: ['JP', 'US'],
        evidence: ['government-decision'],
      },
    ]);
  });

  it('turn a dispute of an attestation into a dispute of the report it rests on', () => {
    const rep = w.capital('honda', 2, '2026-06-30', '2026-07-01');
    const [, a1] = w.attested(rep, '2026-07-02');
    const r = replayLog(
      [...w.bootstrap(), ...w.attested(rep, '2026-07-02'), w.dispute('us-gov', a1!, '2026-07-10')],
      g,
    );
    const boot = w.bootstrap().length;
    expect(factsFromLog(r).facts.find((f) => f.type === 'dispute')).toMatchObject({
      subject: `log-${boot}`,
      raisedBy: 'us-gov',
      about: `the attestation by aud-us at entry ${boot + 1}, on which it rests`,
    });
  });
});
