import { describe, expect, it } from 'vitest';
import { MAX_FACTS_BYTES, parseFacts } from './parse-facts.js';

const wrap = (facts: unknown[]) => JSON.stringify({ accordFacts: 1, agreement: 'deal', facts }, null, 2);
const employment = {
  id: 'e1',
  type: 'employment',
  commitment: 'honda',
  periodEnd: '2027-06-30',
  paidHours: 2080000,
  relocatedHours: 20800,
  totalWages: '65m',
  healthPlanOffered: true,
  evidence: ['ui-wage-records'],
  attestations: ['kpmg'],
  recorded: '2027-08-01',
};

describe('parseFacts (JSON)', () => {
  it('reads each fact type with money in cents, shares in ppm and the file origin', () => {
    const text = wrap([
      employment,
      {
        id: 'c1',
        type: 'capital',
        commitment: 'honda',
        asOf: '2027-06-30',
        disbursed: '1.5bn',
        recorded: '2027-07-01',
      },
      {
        id: 'o1',
        type: 'obligation',
        obligation: 'defense',
        periodEnd: '2027-12-31',
        value: '2.3%',
        recorded: '2028-02-01',
      },
      {
        id: 'o2',
        type: 'obligation',
        obligation: 'farm',
        periodEnd: '2027-12-31',
        value: '$8bn',
        recorded: '2028-02-01',
      },
      {
        id: 'o3',
        type: 'obligation',
        obligation: 'quantum',
        periodEnd: '2027-12-31',
        value: true,
        recorded: '2028-02-01',
      },
      {
        id: 'p1',
        type: 'project-selected',
        project: 'x',
        selected: '2026-01-10',
        amount: 36000000000,
        recorded: '2026-01-10',
      },
      { id: 'p2', type: 'project-funded', project: 'x', funded: '2026-02-01', recorded: '2026-02-02' },
      {
        id: 'w1',
        type: 'waiver',
        milestone: 'm1',
        approvedBy: ['US', 'JP'],
        extendTo: '2028-06-30',
        reason: 'flood',
        recorded: '2027-11-01',
      },
      {
        id: 'b1',
        type: 'breach',
        event: 'closure',
        commitment: 'honda',
        date: '2029-01-01',
        recorded: '2029-01-02',
      },
      {
        id: 's1',
        type: 'snap-back-decision',
        track: 'autos',
        effective: '2029-02-01',
        by: 'US',
        rate: '25%',
        reason: 'x',
        recorded: '2029-01-05',
      },
      {
        id: 'r1',
        type: 'relief-granted',
        track: 'autos',
        periodEnd: '2027-12-31',
        amount: 1234.56,
        recorded: '2028-01-15',
      },
    ]);
    const { facts, problems, agreement } = parseFacts(text, 'f.json');
    expect(problems).toEqual([]);
    expect(agreement).toBe('deal');
    expect(facts.map((f) => f.type)).toEqual([
      'employment',
      'capital',
      'obligation',
      'obligation',
      'obligation',
      'project-selected',
      'project-funded',
      'waiver',
      'breach',
      'snap-back-decision',
      'relief-granted',
    ]);
    expect(facts[0]).toMatchObject({
      paidHours: 2080000,
      relocatedHours: 20800,
      totalWages: 6_500_000_000n,
      healthPlanOffered: true,
    });
    expect(facts[0]?.origin).toEqual({ kind: 'file', file: 'f.json', pointer: '/facts/0' });
    expect(facts[1]).toMatchObject({ disbursed: 150_000_000_000n });
    expect(facts[2]).toMatchObject({ value: { unit: 'share', ppm: 23_000 } });
    expect(facts[3]).toMatchObject({ value: { unit: 'usd', cents: 800_000_000_000n } });
    expect(facts[4]).toMatchObject({ value: { unit: 'boolean', value: true } });
    expect(facts[9]).toMatchObject({ rate: 250_000 });
    expect(facts[10]).toMatchObject({ amount: 123_456n });
  });

  it('reports a bad fact with file:line:col and pointer, and keeps the others', () => {
    const text = wrap([
      employment,
      { ...employment, id: 'e2', periodEnd: '2027-02-30' },
      { ...employment, id: 'e3' },
    ]);
    const { facts, problems } = parseFacts(text, 'f.json');
    expect(facts.map((f) => f.id)).toEqual(['e1', 'e3']);
    expect(problems).toHaveLength(1);
    const line = text.split('\n').findIndex((l) => l.includes('2027-02-30')) + 1;
    expect(problems[0]).toMatchObject({
      code: 'invalid-date',
      where: { file: 'f.json', pointer: '/facts/1/periodEnd', line },
    });
    expect(problems[0]?.where?.column).toBeGreaterThan(1);
  });

  it('rejects wrong types, unknown fact types and unknown fields with clear codes', () => {
    const { facts, problems } = parseFacts(
      wrap([
        { ...employment, paidHours: 'many' },
        { ...employment, id: 'e2', type: 'rumour' },
        { ...employment, id: 'e3', colour: 'blue' },
        { ...employment, id: 'e4', evidence: 'ui-wage-records' },
        { ...employment, id: 'e5', totalWages: '0.001' },
        { ...employment, id: 'e6', relocatedHours: 3_000_000 },
        {
          id: 'c1',
          type: 'capital',
          commitment: 'honda',
          asOf: '2027-06-30',
          disbursed: -5,
          recorded: '2027-07-01',
        },
        { id: 'b1', type: 'breach', event: 'riot', date: '2029-01-01', recorded: '2029-01-02' },
        { id: 'w1', type: 'waiver', milestone: 'm1', reason: 'x', recorded: '2027-11-01' },
        'not an object',
      ]),
      'f.json',
    );
    expect(facts).toEqual([]);
    expect(problems.map((p) => p.code)).toEqual([
      'invalid-number',
      'unknown-fact-type',
      'unknown-field',
      'invalid-list',
      'invalid-usd',
      'invalid-number',
      'invalid-usd',
      'invalid-field',
      'missing-field',
      'facts-shape',
    ]);
    for (const p of problems) expect(p.message.length).toBeGreaterThan(10);
  });

  it('reports duplicate fact ids and keeps the first', () => {
    const { facts, problems } = parseFacts(wrap([employment, { ...employment, paidHours: 30000 }]), 'f.json');
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ paidHours: 2080000 });
    expect(problems).toMatchObject([{ code: 'duplicate-fact-id', where: { pointer: '/facts/1/id' } }]);
  });

  it('reports malformed JSON with a position and never throws', () => {
    const { facts, problems } = parseFacts('{ "accordFacts": 1,\n  "facts": [ { "id": } ]', 'f.json');
    expect(facts).toEqual([]);
    expect(problems[0]?.code).toBe('facts-syntax');
    expect(problems[0]?.where?.line).toBeGreaterThanOrEqual(1);
  });

  it('reports binary garbage as not text, with its position', () => {
    const { problems } = parseFacts('{ "a": 1,\n\u0000\u0001\u0002', 'f.json');
    expect(problems).toMatchObject([{ code: 'not-text', where: { line: 2, column: 1 } }]);
  });

  it('checks the envelope: version, agreement id, facts array, unknown keys', () => {
    expect(parseFacts('[1, 2]', 'f.json').problems[0]?.code).toBe('facts-shape');
    const { problems } = parseFacts('{ "accordFacts": 2, "facts": {}, "extra": 1 }', 'f.json');
    expect(problems.map((p) => p.code).sort()).toEqual([
      'facts-shape',
      'facts-version',
      'missing-field',
      'unknown-field',
    ]);
  });

  it('reports duplicate keys in one object', () => {
    const { problems } = parseFacts(
      '{ "accordFacts": 1, "accordFacts": 1, "agreement": "x", "facts": [] }',
      'f.json',
    );
    expect(problems[0]?.code).toBe('facts-syntax');
  });

  it('never throws on random text', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = parseFacts(s, 'f.json');
        expect(Array.isArray(r.problems)).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        parseFacts(JSON.stringify({ accordFacts: 1, agreement: 'x', facts: [v] }), 'f.json');
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseFacts dates', () => {
  it('a fact recorded before the day it measures is impossible', () => {
    const { facts, problems } = parseFacts(
      wrap([
        { ...employment, recorded: '2027-06-29' },
        { ...employment, id: 'e2', recorded: '2027-06-30' },
      ]),
      'f.json',
    );
    expect(facts.map((f) => f.id)).toEqual(['e2']);
    expect(problems).toMatchObject([
      { code: 'recorded-before-date', where: { pointer: '/facts/0/recorded' } },
    ]);
  });

  it('refuses a file larger than the limit before parsing it', () => {
    const big = `{"facts": "${'x'.repeat(MAX_FACTS_BYTES)}"}`;
    expect(parseFacts(big, 'f.json').problems).toMatchObject([{ code: 'facts-too-large' }]);
  });
});

describe('parseFacts months', () => {
  it('accepts 1 to 12 full months and refuses anything else', () => {
    const ok = parseFacts(wrap([{ ...employment, months: 6 }]), 'f.json');
    expect(ok.facts[0]).toMatchObject({ months: 6 });
    for (const months of [0, 13, 6.5])
      expect(parseFacts(wrap([{ ...employment, months }]), 'f.json').problems[0]?.code).toBe(
        'invalid-number',
      );
  });
});
