import { describe, expect, it } from 'vitest';
import { DECLARED_FACTS, FACT_NAMES, factOfField, readDeclaredFacts, readFact } from './declared-facts.js';

describe('readDeclaredFacts', () => {
  it('reads every fact from text into the fields of the entry line', () => {
    const { facts, problems } = readDeclaredFacts({
      mfn: '2.5%',
      weightKg: '1200.5',
      qty: ['liter=750', 'doz=3'],
      metalShare: '40%',
      metalWeightPct: '12',
      usContentPct: '25',
      loaded: '2025-08-01',
      usmca: 'true',
      quota: 'Over',
      semiconductor39b: 'yes',
      craneAttestation: 'no',
      transshipped: 'FALSE',
      pharma: 'patented',
      endUse: 'repair',
      autoPartUse: 'US-Production-Repair',
      meltPour: 'ru',
    });
    expect(problems).toEqual([]);
    expect(facts).toEqual({
      mfn: '2.5%',
      weightKg: '1200.5',
      quantities: { liter: '750', doz: '3' },
      metalShare: 400_000,
      metalWeightShare: 120_000,
      usContentShare: 250_000,
      loaded: '2025-08-01',
      usmca: true,
      quota: 'over',
      semiconductor39b: true,
      craneAttestation: false,
      transshipped: false,
      pharma: 'patented',
      endUse: 'repair',
      autoPartUse: 'us-production-repair',
      meltPour: 'RU',
    });
  });

  it('takes flags as booleans and a single quantity as one text, and leaves empty texts undeclared', () => {
    expect(
      readDeclaredFacts({ usmca: false, transshipped: true, qty: 'liter=750', metalShare: '', loaded: '' })
        .facts,
    ).toEqual({ usmca: false, transshipped: true, quantities: { liter: '750' } });
    expect(readDeclaredFacts({ qty: ['', ''] }).facts).toEqual({});
  });

  it('collects every problem, naming each fact as the caller writes it and saying what is allowed', () => {
    const { problems } = readDeclaredFacts(
      { metalShare: '140', usmca: 'maybe', quota: 'half', loaded: '2025-02-30', qty: ['liter'] },
      (f) => DECLARED_FACTS[f].option,
    );
    expect(problems.map((p) => [p.fact, p.message])).toEqual([
      ['qty', '--qty "liter" must be KEY=N, e.g. liter=750'],
      ['metalShare', '--metal-share "140" must be a percent between 0 and 100, e.g. 25'],
      ['loaded', '--loaded "2025-02-30" is not a calendar date (YYYY-MM-DD)'],
      ['usmca', '--usmca "maybe" must be yes or no, or true or false (USMCA preference claimed or not)'],
      ['quota', '--quota "half" must be within or over'],
    ]);
  });

  it('refuses metal content given both in dollars and as a share of value, at the share', () => {
    const { problems } = readDeclaredFacts({ metalContentUsd: '4000', metalShare: '40' });
    expect(problems).toEqual([
      {
        fact: 'metalShare',
        code: 'facts-conflict',
        message:
          'give metalContentUsd (the metal content in US dollars) or metalShare (as a percent of the value), not both',
      },
    ]);
  });

  it('refuses a quantity given twice, and keeps a key named __proto__ as a key for the engine to refuse', () => {
    expect(readDeclaredFacts({ qty: ['liter=1', 'liter=2'] }).problems[0]?.message).toBe(
      'qty "liter" is given twice',
    );
    const { facts } = readDeclaredFacts({ qty: ['__proto__=1'] });
    expect(Object.keys(facts.quantities ?? {})).toEqual(['__proto__']);
  });

  it('refuses a country of melt and pour that is not ASCII letters (ß upper-cases to SS, South Sudan)', () => {
    expect(readFact('meltPour', 'meltPour', 'ß').ok).toBe(false);
    expect(readFact('meltPour', 'melt_pour', 'UK')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^melt_pour "UK" is not an ISO 3166-1 alpha-2 country code: .*GB/),
    });
  });
});

describe('factOfField', () => {
  it('names the fact of each field an engine problem may point at', () => {
    for (const fact of FACT_NAMES) expect(factOfField(DECLARED_FACTS[fact].field)).toBe(fact);
    expect(factOfField('metalContent')).toBe('metalContentUsd');
    expect(factOfField('quantities')).toBe('qty');
    expect(factOfField('origin')).toBeUndefined();
  });
});
