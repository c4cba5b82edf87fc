import { describe, expect, it } from 'vitest';
import { parseFactsCsv } from './parse-facts-csv.js';

const HEADER =
  'id,type,subject,date,value,evidence,attestations,recorded,relocatedHours,totalWages,healthPlanOffered';

describe('parseFactsCsv syntax', () => {
  it('refuses a file with a quote never closed, at the line the record starts', () => {
    expect(parseFactsCsv(`${HEADER}\n"open,c\nmore`, 'f.csv').problems).toEqual([
      {
        code: 'csv-syntax',
        message: expect.stringMatching(/never closed/),
        where: { file: 'f.csv', line: 2, column: 1, row: 1 },
      },
    ]);
  });

  it('refuses text after a closing quote', () => {
    expect(parseFactsCsv(`${HEADER}\n"a"b,c`, 'f.csv').problems[0]?.message).toMatch(/after a closing quote/);
  });
});

describe('parseFactsCsv', () => {
  it('maps subject, date and value to each fact type’s fields', () => {
    const text = [
      HEADER,
      'e1,employment,honda,2027-06-30,2080000,ui-wage-records;cpa-attestation,kpmg;ey,2027-08-01,20800,"$65,000,000",yes',
      'c1,capital,honda,2027-06-30,1.5bn,cpa-attestation,kpmg,2027-07-01,,,',
      'o1,obligation,defense,2027-12-31,2.3%,cpa-attestation,kpmg,2028-02-01,,,',
    ].join('\n');
    const { facts, problems } = parseFactsCsv(text, 'f.csv');
    expect(problems).toEqual([]);
    expect(facts[0]).toMatchObject({
      type: 'employment',
      commitment: 'honda',
      periodEnd: '2027-06-30',
      paidHours: 2080000,
      relocatedHours: 20800,
      totalWages: 6_500_000_000n,
      healthPlanOffered: true,
      evidence: ['ui-wage-records', 'cpa-attestation'],
      attestations: ['kpmg', 'ey'],
      origin: { kind: 'file', file: 'f.csv', row: 1 },
    });
    expect(facts[1]).toMatchObject({ type: 'capital', asOf: '2027-06-30', disbursed: 150_000_000_000n });
    expect(facts[2]).toMatchObject({ type: 'obligation', value: { unit: 'share', ppm: 23_000 } });
  });

  it('reads waivers, breaches and decisions from their optional columns', () => {
    const text = [
      'id,type,subject,date,value,recorded,approvedBy,reason,event,by',
      'w1,waiver,m1,2028-06-30,,2027-11-01,US;JP,flood,,',
      'b1,breach,honda,2029-01-01,,2029-01-02,,,closure,',
      's1,snap-back-decision,autos,2029-02-01,25%,2029-01-05,,tariff restored,,US',
    ].join('\n');
    const { facts, problems } = parseFactsCsv(text, 'f.csv');
    expect(problems).toEqual([]);
    expect(facts[0]).toMatchObject({
      type: 'waiver',
      milestone: 'm1',
      extendTo: '2028-06-30',
      approvedBy: ['US', 'JP'],
    });
    expect(facts[1]).toMatchObject({
      type: 'breach',
      event: 'closure',
      commitment: 'honda',
      date: '2029-01-01',
    });
    expect(facts[2]).toMatchObject({ type: 'snap-back-decision', track: 'autos', rate: 250_000, by: 'US' });
  });

  it('reports bad rows by row number and keeps good rows', () => {
    const text = [
      HEADER,
      'e1,employment,honda,2027-13-01,2080000,ui-wage-records,kpmg,2027-08-01,,,',
      'e2,employment,honda,2027-06-30,lots,ui-wage-records,kpmg,2027-08-01,,,',
      'e3,employment,honda,2027-06-30,100,ui-wage-records,kpmg,2027-08-01,,,maybe',
      'e4,gossip,honda,2027-06-30,100,ui-wage-records,kpmg,2027-08-01,,,',
      'e5,employment,honda,2027-06-30,100,ui-wage-records,kpmg',
      'e6,employment,honda,2027-06-30,100,ui-wage-records,kpmg,2027-08-01,,,',
      'e6,employment,honda,2027-06-30,200,ui-wage-records,kpmg,2027-08-01,,,',
    ].join('\n');
    const { facts, problems } = parseFactsCsv(text, 'f.csv');
    expect(facts.map((f) => f.id)).toEqual(['e6']);
    expect(problems.map((p) => [p.code, p.where?.row])).toEqual([
      ['invalid-date', 1],
      ['invalid-number', 2],
      ['invalid-boolean', 3],
      ['unknown-fact-type', 4],
      ['csv-row-length', 5],
      ['duplicate-fact-id', 7],
    ]);
  });

  it('rejects a generic column a fact type does not have', () => {
    const { facts, problems } = parseFactsCsv(
      'id,type,subject,date,value,recorded,approvedBy,reason\nw1,waiver,m1,,7,2027-11-01,US;JP,x',
      'f.csv',
    );
    expect(facts).toEqual([]);
    expect(problems).toMatchObject([{ code: 'unknown-field', where: { row: 1, pointer: '/value' } }]);
  });

  it('checks the header: unknown, duplicate and missing columns', () => {
    expect(parseFactsCsv('id,type,colour\n', 'f.csv').problems.map((p) => p.code)).toEqual([
      'unknown-column',
      'missing-column',
    ]);
    expect(parseFactsCsv('id,type,recorded,id\n', 'f.csv').problems[0]?.code).toBe('duplicate-column');
    expect(parseFactsCsv('', 'f.csv').problems[0]?.code).toBe('csv-empty');
  });

  it('reports binary garbage and never throws on random text', async () => {
    expect(parseFactsCsv('id,type\n\u0000\u00ff', 'f.csv').problems[0]?.code).toBe('not-text');
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        parseFactsCsv(`${HEADER}\n${s}`, 'f.csv');
        parseFactsCsv(s, 'f.csv');
      }),
      { numRuns: 300 },
    );
  });
});
