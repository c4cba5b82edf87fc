import { describe, expect, it } from 'vitest';
import { type IsoDate, isoDate } from '../../_lib/date.js';
import { engine } from '../_test/duty-helpers.js';
import type { Layer } from '../layer.js';
import { assumptionLog } from './assumptions.js';
import { eligibility, narrowToOrigin } from './eligibility.js';
import type { DutyInput } from './types.js';

const layer = (extra: Partial<Layer> = {}): Layer => ({
  id: 'test',
  program: 'test',
  heading: '9903.99.99',
  authority: 'test',
  formula: 'ad-valorem',
  rate: 100_000,
  base: 'value',
  products: { hts: ['8703'] },
  countries: { all: true },
  from: isoDate('2025-04-03'),
  until: isoDate('2025-09-16'),
  interactions: [],
  filingOrder: 40,
  source: 'test source',
  ...extra,
});

const judge = (l: Layer, date: string, extra: Partial<DutyInput> = {}, code = '8703230100') => {
  const { assumptions, assume } = assumptionLog();
  const input: DutyInput = { hts: code, origin: 'JP', date: date as IsoDate, value: 100n, ...extra };
  const uncertain: string[] = [];
  const verdict = eligibility(l, { engine, code, input, explain: true, assume, uncertain });
  return { verdict, assumptions, uncertain };
};

describe('eligibility', () => {
  it('does not list a layer for other codes, other dates or other countries only', () => {
    expect(judge(layer(), '2025-05-01', {}, '9504500000').verdict).toBeUndefined();
    expect(judge(layer(), '2025-04-02').verdict).toBeUndefined();
    expect(judge(layer(), '2025-09-16').verdict).toBeUndefined();
    expect(judge(layer({ countries: { only: ['DE'] } }), '2025-05-01').verdict).toBeUndefined();
    expect(judge(layer(), '2025-05-01').verdict).toEqual({ viaTransit: false });
  });

  it('lists an excepted origin, another importer and a partial code match as refused, with why', () => {
    expect(judge(layer({ countries: { except: ['JP'] } }), '2025-05-01').verdict).toEqual({
      refused: 'does not apply to goods of JP',
    });
    expect(judge(layer({ importers: ['ACME'] }), '2025-05-01', { importer: 'OTHER' }).verdict).toEqual({
      refused: 'relief is scoped to importers ACME; importer is OTHER',
    });
    const partial = judge(layer({ products: { hts: ['8703230110'] } }), '2025-05-01', {}, '87032301');
    expect(partial.verdict?.refused).toMatch(/covers only the statistical lines 8703.23.01.10/);
  });

  it('does not list an excepted origin for which the program restates the heading (Section 122 for CA, MX, HN …)', () => {
    const s122 = engine.layers.find((l) => l.id === 's122');
    expect(s122?.countries.except).toEqual(['CA', 'MX', 'CR', 'DO', 'SV', 'GT', 'HN', 'NI']);
    const { assume } = assumptionLog();
    const input: DutyInput = { hts: '9503000000', origin: 'CA', date: isoDate('2026-03-01'), value: 100n };
    const ctx = { engine, code: '9503000000', input, explain: true, assume, uncertain: [] };
    expect(s122 && eligibility(s122, ctx)).toBeUndefined();
    expect(s122 && eligibility(s122, { ...ctx, input: { ...input, origin: 'HN' } })).toBeUndefined();
    expect(s122 && eligibility(s122, { ...ctx, input: { ...input, origin: 'DE' } })).toEqual({
      viaTransit: false,
    });
  });

  it('keeps an ended layer in force for goods in transit, and assumes none when no loading date is given', () => {
    const transit = {
      rule: 'extends' as const,
      loadedBefore: isoDate('2025-09-16'),
      enteredBefore: isoDate('2025-10-16'),
      reason: 'loaded before the change',
      source: 'EO',
      uncertain: 'a doubt',
    };
    // Only a layer for every product is kept in force after its end (a scoped one is not listed then).
    const l = layer({ transit, products: { all: true } });
    expect(
      judge(layer({ transit }), '2025-10-01', { loaded: isoDate('2025-09-10') }).verdict,
    ).toBeUndefined();
    expect(judge(l, '2025-10-01', { loaded: isoDate('2025-09-10') })).toMatchObject({
      verdict: { viaTransit: true },
      uncertain: ['a doubt'],
    });
    expect(judge(l, '2025-10-01', { loaded: isoDate('2025-09-20') }).verdict).toBeUndefined();
    expect(judge(l, '2025-10-20', { loaded: isoDate('2025-09-10') }).verdict).toBeUndefined();
    const unknown = judge(l, '2025-10-01');
    expect(unknown.verdict?.refused).toMatch(/no loading date given/);
    expect(unknown.assumptions.map((a) => a.fact)).toEqual(['loaded']);
  });

  it('withholds a yielding layer from goods in transit', () => {
    const transit = {
      rule: 'yields' as const,
      loadedBefore: isoDate('2025-05-01'),
      reason: 'loaded before it took effect',
      source: 'EO',
    };
    expect(judge(layer({ transit }), '2025-05-10', { loaded: isoDate('2025-04-20') }).verdict).toEqual({
      refused: 'in transit: loaded before it took effect (loaded 2025-04-20; EO)',
    });
    expect(judge(layer({ transit }), '2025-05-10', { loaded: isoDate('2025-05-02') }).verdict).toEqual({
      viaTransit: false,
    });
  });

  it('names the heading the in-transit exemption is claimed under (9903.03.02), so it is filed', () => {
    const transit = {
      rule: 'yields' as const,
      loadedBefore: isoDate('2026-02-24'),
      enteredBefore: isoDate('2026-02-28'),
      heading: '9903.03.02',
      reason: 'in transit',
      source: 'HTSUS 9903.03.02',
    };
    const s122 = layer({ transit, from: isoDate('2026-02-24'), until: isoDate('2026-07-24') });
    expect(judge(s122, '2026-02-27', { loaded: isoDate('2026-02-20') }).verdict).toEqual({
      refused: 'in transit: in transit (loaded 2026-02-20; HTSUS 9903.03.02)',
      claim: '9903.03.02',
    });
  });
});

describe('narrowToOrigin', () => {
  const smelted = layer({
    interactions: [
      {
        kind: 'declared',
        fact: 'melt-pour',
        skipUnless: ['RU'],
        reason: 'only metal smelted in Russia',
        source: 's',
      },
    ],
  });
  const key = (origin: string) => narrowToOrigin({ ...engine, layers: [smelted] }, origin).key;

  it('sets apart only the origins a melt-and-pour rule names: the others default to a country it does not name', () => {
    expect(key('FR')).toBe(key('IT'));
    expect(key('TR')).toBe(key('JP'));
    // Russia is also a column-2 country; Ukraine is not, and is not named.
    expect(key('RU')).not.toBe(key('UA'));
    const named = layer({
      interactions: [
        { kind: 'declared', fact: 'melt-pour', skipUnless: ['GB'], reason: 'UK metal', source: 's' },
      ],
    });
    const byGb = (origin: string) => narrowToOrigin({ ...engine, layers: [named] }, origin).key;
    expect(byGb('GB')).not.toBe(byGb('IE'));
    expect(byGb('IE')).toBe(byGb('FR'));
  });
});
