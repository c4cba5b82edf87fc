import { describe, expect, it } from 'vitest';
import { isoDate } from '../../_lib/date.js';
import { engine } from '../_test/duty-helpers.js';
import type { Interaction, Layer } from '../layer.js';
import { assumptionLog, CAFTA_DR_DEFAULT, USMCA_DEFAULT } from './assumptions.js';
import { type Applied, interactions } from './interactions.js';
import type { DutyInput } from './types.js';

const layer = (extra: Partial<Layer> = {}): Layer => ({
  id: 'test',
  program: 'test',
  heading: '9903.99.99',
  authority: 'test',
  formula: 'ad-valorem',
  rate: 100_000,
  base: 'value',
  products: { all: true },
  countries: { all: true },
  from: isoDate('2025-01-01'),
  interactions: [],
  filingOrder: 30,
  source: 'test source',
  ...extra,
});
const common = { reason: 'the reason', source: 'the source' };
const input: DutyInput = { hts: '7326908600', origin: 'DE', date: isoDate('2025-07-01'), value: 1_000_00n };

const run = (
  l: Layer,
  applied: [string, Applied][] = [],
  extra: Partial<DutyInput> = {},
  code = '7326908600',
) => {
  const { assumptions, assume } = assumptionLog();
  const line = { ...input, ...extra };
  const ctx = {
    input: line,
    code,
    applied: new Map(applied),
    scopes: engine.ruleBase.scopes,
    base: line.value,
    explain: true,
    assume,
  };
  const uncertain: string[] = [];
  return { verdict: interactions(l, ctx, [], uncertain), assumptions, uncertain };
};
const inter = (i: Interaction) => layer({ interactions: [i] });

describe('interactions', () => {
  it('skips a layer when one it does not stack with applies, and keeps it otherwise', () => {
    const l = inter({ ...common, kind: 'skip-if', layers: ['steel'], uncertain: 'doubt' });
    expect(run(l, [['steel', { base: 1n, heading: '9903.81.87' }]])).toMatchObject({
      verdict: { refused: 'the reason: 9903.81.87 applies (the source)' },
      uncertain: ['doubt'],
    });
    expect(run(l).verdict).toEqual({ base: 1_000_00n, notes: [] });
  });

  it('marks a retroactive replacement, keeping the base to say what was paid at entry', () => {
    const l = inter({ ...common, kind: 'replaced-retroactively', layers: ['new'] });
    expect(run(l, [['new', { base: 1n, heading: '9903.02.73' }]]).verdict).toMatchObject({
      base: 1_000_00n,
      retro: 'the reason: 9903.02.73 applies (the source)',
    });
  });

  it('charges the remainder after the metal content another layer charged', () => {
    const l = inter({ ...common, kind: 'remainder-after', layers: ['steel'] });
    const r = run(l, [['steel', { base: 400_00n, heading: '9903.81.89' }]]);
    expect(r.verdict).toMatchObject({ base: 600_00n });
    expect(r.verdict.refused === undefined && r.verdict.notes[0]).toMatch(
      /value less \$400\.00 charged under 9903\.81\.89/,
    );
  });

  it('splits off US content from the minimum share, assuming none when not declared', () => {
    const l = inter({ ...common, kind: 'us-content-split', minShare: 200_000 });
    expect(run(l, [], { usContentShare: 250_000 }).verdict).toMatchObject({ base: 750_00n });
    expect(run(l, [], { usContentShare: 199_999 }).verdict).toMatchObject({ base: 1_000_00n });
    expect(run(l).assumptions.map((a) => a.fact)).toEqual(['us-content']);
  });

  it('with required, does not apply the layer without a declared US content of at least the minimum', () => {
    const l = inter({ ...common, kind: 'us-content-split', minShare: 0, required: true });
    expect(run(l, [], { usContentShare: 400_000 }).verdict).toMatchObject({ base: 600_00n });
    expect(run(l).verdict.refused).toMatch(/no US content declared/);
    expect(run(l).assumptions.map((a) => a.fact)).toEqual(['us-content']);
    const twenty = inter({ ...common, kind: 'us-content-split', minShare: 200_000, required: true });
    expect(run(twenty, [], { usContentShare: 199_999 }).verdict.refused).toMatch(/US content 19\.9999%/);
  });

  it('follows declared facts and their defaults', () => {
    const l = inter({ ...common, kind: 'declared', fact: 'usmca', skipWhen: ['yes'] });
    expect(run(l, [], { origin: 'MX', usmca: true }).verdict.refused).toMatch(/USMCA qualification claimed/);
    const defaulted = run(l, [], { origin: 'MX' });
    expect(defaulted.verdict.refused).toBeUndefined();
    expect(defaulted.assumptions).toMatchObject([{ fact: 'usmca', used: USMCA_DEFAULT }]);
    // Goods of a country that cannot claim the preference have simply not claimed it: nothing is assumed.
    const german = run(l);
    expect(german.verdict.refused).toBeUndefined();
    expect(german.assumptions).toEqual([]);
  });

  it('lists a default among the assumptions only for the products of assumeFor, and decides by it for all', () => {
    const l = inter({
      ...common,
      kind: 'declared',
      fact: 'auto-part-use',
      skipUnless: ['us-production-repair'],
      assumeFor: ['s232-auto-parts-provisions'],
    });
    const hose = '4009120020';
    expect(run(l, [], {}, hose).verdict.refused).toMatch(/not certified as an automobile part/);
    expect(run(l, [], {}, hose).assumptions.map((a) => a.fact)).toEqual(['auto-part-use']);
    // Outside the list the default still refuses the layer, and the line says it was by default, unlisted.
    const other = run(l);
    expect(other.verdict.refused).toMatch(/, by default/);
    expect(other.assumptions).toEqual([]);
    expect(run(l, [], { autoPartUse: 'us-production-repair' }).verdict).toEqual({
      base: 1_000_00n,
      notes: [],
    });
  });

  it('reads a declared fact limited to some products only for those products', () => {
    const l = inter({
      ...common,
      kind: 'declared',
      fact: 'cafta-dr',
      skipWhen: ['yes'],
      lists: ['cafta-dr-textiles'],
    });
    const tshirt = '6109100012';
    expect(run(l, [], { origin: 'HN', caftaDr: true }, tshirt).verdict.refused).toMatch(
      /CAFTA-DR originating, preference claimed/,
    );
    const defaulted = run(l, [], { origin: 'HN' }, tshirt);
    expect(defaulted.verdict.refused).toBeUndefined();
    expect(defaulted.assumptions).toMatchObject([{ fact: 'cafta-dr', used: CAFTA_DR_DEFAULT }]);
    // An article of steel is not a textile good: the claim does not reach it, and nothing is assumed about it.
    const steel = run(l, [], { origin: 'HN', caftaDr: true });
    expect(steel.verdict).toEqual({ base: 1_000_00n, notes: [] });
    expect(run(l, [], { origin: 'HN' }).assumptions).toEqual([]);
  });

  it('relieves the share earned by the date, and nothing before the first', () => {
    const l = layer({ exemptShare: [{ from: isoDate('2025-06-01'), share: 250_000, facts: ['f1'] }] });
    expect(run(l).verdict).toMatchObject({ base: 250_00n });
    expect(run(l, [], { date: isoDate('2025-05-01') }).verdict.refused).toMatch(
      /relieves 25% from 2025-06-01, facts f1/,
    );
  });

  it('applies the metal-weight test outside the excepted chapters', () => {
    const metalWeight = { minShare: 150_000, exceptChapters: ['73'], heading: 'note 16', source: 'annex' };
    expect(run(layer({ metalWeight }), [], { metalWeightShare: 0 }).verdict).toMatchObject({
      base: 1_000_00n,
    });
    const other = { ...metalWeight, exceptChapters: ['72'] };
    expect(run(layer({ metalWeight: other }), [], { metalWeightShare: 100_000 }).verdict.refused).toMatch(
      /below 15%/,
    );
    expect(run(layer({ metalWeight: other })).assumptions.map((a) => a.fact)).toEqual(['metal-weight']);
  });

  it('files an article declared to hold none of the metal under its own heading, in every chapter', () => {
    const metalWeight = {
      minShare: 150_000,
      exceptChapters: ['73'],
      heading: '9903.82.03',
      source: 'annex',
      noMetal: { heading: '9903.82.01', source: 'no metal' },
    };
    // The layer's code is of chapter 73, which the 15% test leaves out; no metal at all still decides.
    expect(run(layer({ metalWeight }), [], { metalWeightShare: 0 }).verdict).toMatchObject({
      claim: '9903.82.01',
    });
    expect(run(layer({ metalWeight }), [], { metalWeightShare: 1 }).verdict).toMatchObject({
      base: 1_000_00n,
    });
  });
});
