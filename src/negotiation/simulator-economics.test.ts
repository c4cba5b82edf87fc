import { describe, expect, it } from 'vitest';
import { diskSource } from '../_lib/read-file.js';
import { ces, respond, shippedTables, smart, type TwoPartnerMarket } from '../economics/index.js';
import type { Outcome } from './model.js';
import { SIMULATOR_MODELS, simulatorEconomics, usJapanSimulator } from './simulator-economics.js';
import { US_JAPAN_ASSUMPTIONS, US_JAPAN_DOMAIN, US_JAPAN_FACTS } from './us-japan-utilities.js';

const ref = US_JAPAN_ASSUMPTIONS.reference;
// The shipped 2024 HS 8703 row values, written out so a change to the table is noticed here.
const JP_2024 = 40.766;
const ROW_2024 = 178.73009;
// Japan's export supply (data/economics/export-supply.csv), the same as the term paths use.
const EX_JP = 2.11;
const market: TwoPartnerMarket = {
  jpImports: JP_2024,
  rowImports: ROW_2024,
  jpT0: 0.025,
  rowT0: 0.025,
  Em: -1,
  Es: 1.5,
  Ex: 99,
  ExJp: EX_JP,
};

/** One step to `final` with $550 bn and 20,000 jobs per step: the step is earned in year 1. */
const oneStep = (final: string, snap = 'none'): Outcome => ({
  ...ref,
  'term-years': 15,
  'phase-steps': '1 step',
  'final-rate': final,
  'jobs-per-step': '20,000',
  'investment-usd-bn': '550',
  'snap-back': snap,
});

describe('simulatorEconomics on the shipped 2024 base year', () => {
  it('reads the HS 8703 market and elasticities it says it uses', () => {
    const s = usJapanSimulator('SMART', diskSource).settings;
    expect(s.importsFromJapanBn).toBeCloseTo(JP_2024, 9);
    expect(s.importsFromRestOfWorldBn).toBeCloseTo(ROW_2024, 9);
    expect([s.Em, s.Es, s.Ex, s.ExJp, s.noDealRate]).toEqual([-1, 1.5, 99, EX_JP, 0.275]);
  });

  it('agrees with WITS SMART called directly on a hand-checked package (one step to 15% from year 1)', () => {
    const q = usJapanSimulator('SMART', diskSource).simulate(oneStep('15%'));
    const direct = (jpT1: number) =>
      smart({
        partners: [
          { partner: 'JP', imports: JP_2024, t0: 0.025, t1: jpT1, Ex: EX_JP },
          { partner: 'ROW', imports: ROW_2024, t0: 0.025, t1: 0.275 },
        ],
        Em: -1,
        Es: 1.5,
        Ex: 99,
      });
    const deal = direct(0.15);
    const none = direct(0.275);
    const jpDeal = deal.partners[0]!.newImports;
    const jpNone = none.partners[0]!.newImports;
    const revenue = (r: ReturnType<typeof smart>, jpT: number) =>
      jpT * r.partners[0]!.newImports + 0.275 * r.partners[1]!.newImports;
    // By hand: trade creation 40.766·(−1)·0.125/(1.025·(1 + 1/2.11)) = −3.373 (finite supply: part of
    // the cut goes to Japan's exporters as a higher price); the rest is diversion towards Japan.
    expect(deal.partners[0]!.tradeCreation).toBeCloseTo((JP_2024 * -0.125) / (1.025 * (1 + 1 / EX_JP)), 9);
    expect(q.figures.dutySaved.value).toBeCloseTo(15 * 0.125 * jpDeal, 9);
    expect(q.figures.dutyRevenueForgone.value).toBeCloseTo(
      15 * (revenue(none, 0.275) - revenue(deal, 0.15)),
      9,
    );
    expect(q.figures.importsFromJapanChange.value).toBeCloseTo(15 * (jpDeal - jpNone), 9);
    expect(q.figures.dutySaved.model).toContain('SMART');
  });

  it('agrees with exact CES called directly on a two-step package (27.5% → 18.75% → 10%)', () => {
    const o: Outcome = {
      ...ref,
      'phase-steps': '2 steps',
      'final-rate': '10%',
      'jobs-per-step': '10,000',
      'investment-usd-bn': '200',
      'snap-back': 'none',
    };
    // 200 · 161.4 = 32,282 direct jobs earn both 10,000-job steps: year 1 at 18.75%, years 2–15 at 10%.
    const sim = simulatorEconomics({ model: 'CES', tables: shippedTables(diskSource) }).simulate(o);
    const run = (jpT1: number) =>
      ces({
        Em: -1,
        sigma: 1.5,
        sources: [
          { source: 'JP', imports: JP_2024, T0: 1.025, T1: 1 + jpT1, Ex: EX_JP },
          { source: 'ROW', imports: ROW_2024, T0: 1.025, T1: 1.275, Ex: 99 },
        ],
      }).bySource[0]!.newImports;
    expect(sim.figures.dutySaved.value).toBeCloseTo(0.0875 * run(0.1875) + 14 * 0.175 * run(0.1), 9);
    expect(sim.figures.dutySaved.model).toContain('CES');
    const r1 = respond('CES', market, 0.1875, 0.275);
    const r2 = respond('CES', market, 0.1, 0.275);
    const r0 = respond('CES', market, 0.275, 0.275);
    expect(sim.figures.dutyRevenueForgone.value).toBeCloseTo(
      r0.revenue - r1.revenue + 14 * (r0.revenue - r2.revenue),
      9,
    );
    expect(sim.figures.priceEffect.value).toBeCloseTo(
      ((1 + r1.priceChange) / (1 + r0.priceChange) -
        1 +
        14 * ((1 + r2.priceChange) / (1 + r0.priceChange) - 1)) /
        15,
      12,
    );
  });

  it('gives zero revenue forgone, duty saved and market change to a package whose tariff never changes', () => {
    // $100 bn makes 16,141 direct jobs: not enough for one 20,000-job step, so 27.5% stays in force.
    const o: Outcome = { ...ref, 'investment-usd-bn': '100', 'jobs-per-step': '20,000' };
    for (const model of SIMULATOR_MODELS) {
      const f = usJapanSimulator(model, diskSource).simulate(o).figures;
      expect(f.dutyRevenueForgone.value).toBe(0);
      expect(f.dutySaved.value).toBe(0);
      expect(f.importsFromJapanChange.value).toBe(0);
      expect(f.totalImportsChange.value).toBe(0);
      expect(f.priceEffect.value).toBe(0);
    }
  });

  it('gives Japan’s exporters a gain from the finite export supply: none without a cut, more for a deeper one', () => {
    const none: Outcome = { ...ref, 'investment-usd-bn': '100', 'jobs-per-step': '20,000' };
    for (const model of SIMULATOR_MODELS) {
      const sim = usJapanSimulator(model, diskSource);
      expect(sim.simulate(none).figures.japanExporterSurplus.value).toBe(0);
      const gains = ['20%', '15%', '10%', '5%'].map(
        (r) => sim.simulate(oneStep(r)).figures.japanExporterSurplus.value,
      );
      expect(gains[0]!, model).toBeGreaterThan(0);
      for (let k = 1; k < gains.length; k++) expect(gains[k]!, model).toBeGreaterThan(gains[k - 1]!);
      // With the WITS default (Ex 99, infinite supply) for Japan too, the gain all but vanishes.
      const t = shippedTables(diskSource);
      const infinite = simulatorEconomics({ model, tables: { ...t, exportSupply: [] } });
      const flatGain = infinite.simulate(oneStep('15%')).figures.japanExporterSurplus.value;
      expect(Math.abs(flatGain), model).toBeLessThan(0.05 * gains[1]!);
    }
  });

  it('never lowers duty saved for a deeper cut, whatever the rest of the package (every model)', () => {
    const rates = ['20%', '15%', '10%', '5%', '2.5% (full removal)'];
    const values = (name: string) => {
      const issue = US_JAPAN_DOMAIN.issues.find((i) => i.name === name)!;
      return issue.kind === 'discrete' ? issue.values : [];
    };
    for (const model of SIMULATOR_MODELS) {
      const sim = usJapanSimulator(model, diskSource);
      let checked = 0;
      for (const steps of values('phase-steps'))
        for (const jobs of values('jobs-per-step'))
          for (const inv of values('investment-usd-bn'))
            for (const snap of values('snap-back')) {
              const base = { ...ref, 'phase-steps': steps, 'jobs-per-step': jobs, 'investment-usd-bn': inv };
              let last = Number.NEGATIVE_INFINITY;
              for (const rate of rates) {
                const saved = sim.quantities({ ...base, 'snap-back': snap, 'final-rate': rate }).dutySaved;
                expect(saved).toBeGreaterThanOrEqual(last);
                last = saved;
                checked++;
              }
            }
      expect(checked).toBe(4 * 4 * 4 * 3 * 5);
    }
  });

  it('counts supplier and induced jobs from the NAICS 3361 multipliers, construction only when asked', () => {
    const o = oneStep('15%');
    const plain = usJapanSimulator('SMART', diskSource).simulate(o);
    const withBuild = simulatorEconomics({
      countConstructionJobs: true,
      tables: shippedTables(diskSource),
    }).simulate(o);
    const f = plain.figures;
    expect(f.supplierAndInducedJobYears.value).toBeCloseTo(f.directJobYears.value * (0.8 + 1.66), 6);
    // EPI construction: (5.45 + 4.80 + 4.88) job-years per $1M on 40% of $550 bn.
    expect(f.constructionJobYears.value).toBeCloseTo(550 * 1000 * 0.4 * 15.13, 6);
    expect(plain.quantities.usJobYears).toBeCloseTo(f.directJobYears.value * 3.46, 6);
    expect(withBuild.quantities.usJobYears).toBeCloseTo(
      plain.quantities.usJobYears + f.constructionJobYears.value,
      6,
    );
    // Direct jobs follow the negotiation's own credit rule: 20,000 guaranteed (two-of-three auditors credit
    // 95%, no snap-back keeps 75%), the rest at the unguaranteed 35%.
    const direct = 550 * US_JAPAN_FACTS.jobsPerBn.value;
    expect(f.directJobYears.value).toBeCloseTo(20_000 * 15 * 0.95 * 0.75 + (direct - 20_000) * 15 * 0.35, 6);
  });

  it('labels every figure with its model and a source, and names the tariff model', () => {
    for (const model of SIMULATOR_MODELS) {
      const sim = usJapanSimulator(model, diskSource);
      expect(sim.name.startsWith(model)).toBe(true);
      expect(sim.tariffModel).toBe(model);
      for (const fig of Object.values(sim.simulate(ref).figures)) {
        expect(fig.model.length).toBeGreaterThan(0);
        expect(fig.source.length).toBeGreaterThan(0);
        expect(Number.isFinite(fig.value)).toBe(true);
      }
      expect(sim.simulate(ref).figures.dutyRevenueForgone.model).toContain(model);
    }
    expect(usJapanSimulator('SMART', diskSource).sources.join('\n')).toContain(
      'data/economics/multipliers.csv',
    );
  });

  it('refuses tables without the HS 8703 market it needs', () => {
    const t = shippedTables(diskSource);
    expect(() =>
      simulatorEconomics({ tables: { ...t, baseFlows: t.baseFlows.filter((f) => f.partner !== 'JP') } }),
    ).toThrow(/no HS 8703 row for JP/);
  });
});
