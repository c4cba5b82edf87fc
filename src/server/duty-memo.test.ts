import { describe, expect, it } from 'vitest';
import { isoDate } from '../_lib/date.js';
import { type DutyInput, FACT_NAMES, type FactName, readDeclaredFacts } from '../tariff/index.js';
import { lineKey } from './duty-memo.js';

const line: DutyInput = { hts: '7326.90.86', origin: 'CN', date: isoDate('2025-07-01'), value: 1_000_000n };

/** A value of each declared fact (a Record, so a fact added later must be given one here). */
const SAMPLE: Record<FactName, string> = {
  mfn: 'Free',
  weightKg: '12',
  qty: 'liter=750',
  metalContentUsd: '4000',
  metalShare: '40',
  metalWeightPct: '10',
  usContentPct: '20',
  loaded: '2025-06-01',
  usmca: 'no',
  caftaDr: 'no',
  quota: 'within',
  semiconductor39b: 'no',
  craneAttestation: 'no',
  transshipped: 'no',
  pharma: 'generic',
  endUse: 'repair',
  autoPartUse: 'none',
  meltPour: 'CN',
};

describe('lineKey', () => {
  it('differs when any declared fact is declared, even as its default', () => {
    const keys = new Set([lineKey(line)]);
    for (const fact of FACT_NAMES) {
      const { facts, problems } = readDeclaredFacts({ [fact]: SAMPLE[fact] });
      expect(problems).toEqual([]);
      keys.add(lineKey({ ...line, ...facts }));
    }
    expect(keys.size).toBe(FACT_NAMES.length + 1);
  });

  it('is the same for quantities given in another order, and tells amounts and texts apart', () => {
    const a = lineKey({ ...line, quantities: { liter: '1', doz: '2' } });
    expect(lineKey({ ...line, quantities: { doz: '2', liter: '1' } })).toBe(a);
    expect(lineKey({ ...line, quantities: { doz: '2', liter: '10' } })).not.toBe(a);
    expect(lineKey({ ...line, value: 1n })).not.toBe(lineKey({ ...line, value: 10n }));
  });
});
