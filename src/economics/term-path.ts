/**
 * @module economics/term-path
 * Year-by-year paths over an agreement's term: the tariff rate in force on each track, imports, duty
 * revenue forgone, the consumer price effect, jobs (verified direct apart from modelled supplier and
 * induced jobs, construction job-years apart from operating jobs), cost per job, each party's net present
 * value and each Japanese maker's duty exposure. Everything is measured against the no-deal path on which
 * the track's start rate stays in force.
 *
 * Milestones are met on their deadlines with an assumed probability (the evaluation engine decides
 * milestones from verified facts; a simulation has no facts, so it draws them). The rates that follow from
 * a draw are the evaluation's: its schedule rules (evaluation/projected-schedule, read through
 * term-schedule) turn the drawn outcomes into each track's periods in force, and give the no-deal path
 * too, so the simulator and the evaluation cannot disagree on them. The central path is the exact
 * expectation over every combination of milestone outcomes. Preparing a variant is term-setup's job.
 */
import type { IsoDate } from '../_lib/date.js';
import type { ModelName } from './labels.js';
import { type MarketOutcome, respond, type TwoPartnerMarket } from './market-response.js';
import { milestoneDays, ratesFor, type ScheduleCache } from './term-schedule.js';
import type { TermAssumptions, TermSetup } from './term-types.js';

export { prepareTerm } from './term-setup.js';
export {
  DEFAULT_TERM_ASSUMPTIONS,
  type DecidedMilestone,
  type JobsModel,
  type TermAgreement,
  type TermAssumptions,
  type TermSetup,
  type TermTables,
} from './term-types.js';

/** One path's random (or fixed) inputs. */
export interface PathDraw {
  /** Whether each milestone (in agreement order) is met on its deadline, before dependencies. */
  met: boolean[];
  /** Import-demand elasticity per market (in setup order). */
  Em: number[];
  /** Japan's export-supply elasticity per market (in setup order); default each market's central value. */
  ExJp?: number[];
  /** Share of commitments delivered. */
  delivery: number;
}

/** One year of a path. Money in US dollars (model estimates); jobs are positions. */
export interface YearRow {
  year: number;
  from: IsoDate;
  to: IsoDate;
  /** Time-weighted additional (or inclusive) rate in force per track (fraction). */
  rates: Record<string, number>;
  importsFromJapan: number;
  importsFromJapanNoDeal: number;
  totalImportsChange: number;
  revenueForgone: number;
  consumerPriceChange: number;
  usWelfare: number;
  japanProducerSurplus: number;
  capitalDisbursed: number;
  verifiedDirectJobs: number;
  supplierJobs: number;
  inducedJobs: number;
  modelledTotalJobs: number;
  constructionJobYears: number;
  /** Duty on each maker's exports at the deal's car rate, and what it saves against no deal. */
  firmDuty: Record<string, number>;
  firmDutySaved: Record<string, number>;
}

/** Term totals for a path. */
export interface PathTotals {
  revenueForgone: number;
  clawback: number;
  verifiedDirectJobsEnd: number;
  modelledTotalJobsEnd: number;
  constructionJobYears: number;
  costPerVerifiedJob: number;
  costPerModelledJob: number;
  npvUS: number;
  npvJapan: number;
  pvDutyRelief: number;
}

/** The numbers a path produces per year, before they are dressed as {@link YearRow}s. */
export interface PathCore {
  /** rates[track][year]: time-weighted rate in force. */
  rates: Float64Array[];
  importsFromJapan: Float64Array;
  importsFromJapanNoDeal: Float64Array;
  totalImportsChange: Float64Array;
  revenueForgone: Float64Array;
  consumerPriceChange: Float64Array;
  usWelfare: Float64Array;
  japanProducerSurplus: Float64Array;
  totals: PathTotals;
}

const tariffTotal = (mode: 'additional' | 'inclusive', mfn: number, rate: number) =>
  mode === 'additional' ? mfn + rate : Math.max(mfn, rate);

/**
 * Scratch arrays reused across paths so a Monte Carlo run allocates almost nothing per path, and the
 * evaluation's schedules already read for earlier paths.
 */
export interface PathWorkspace extends ScheduleCache {
  metDay: Float64Array;
  priceNum: Float64Array;
  priceDen: Float64Array;
  relief: Float64Array;
  market: TwoPartnerMarket;
  core: PathCore;
}

/** Scratch space for {@link simulatePathCore}. */
export function pathWorkspace(setup: TermSetup): PathWorkspace {
  const Y = setup.years;
  const f = () => new Float64Array(Y);
  return {
    metDay: new Float64Array(setup.milestones.length),
    schedules: new Map(),
    priceNum: f(),
    priceDen: f(),
    relief: f(),
    market: { jpImports: 0, rowImports: 0, jpT0: 0, rowT0: 0, Em: 0, Es: 0, Ex: 0, ExJp: 0 },
    core: {
      rates: setup.tracks.map(f),
      importsFromJapan: f(),
      importsFromJapanNoDeal: f(),
      totalImportsChange: f(),
      revenueForgone: f(),
      consumerPriceChange: f(),
      usWelfare: f(),
      japanProducerSurplus: f(),
      totals: {
        revenueForgone: 0,
        clawback: 0,
        verifiedDirectJobsEnd: 0,
        modelledTotalJobsEnd: 0,
        constructionJobYears: 0,
        costPerVerifiedJob: 0,
        costPerModelledJob: 0,
        npvUS: 0,
        npvJapan: 0,
        pvDutyRelief: 0,
      },
    },
  };
}

/**
 * The numeric core of a path: rates, market outcomes against no deal, welfare and totals. Jobs and
 * capital are linear in delivery and come from the setup's precomputed schedules. With a workspace the
 * result lives in it and is overwritten by the next call.
 */
export function simulatePathCore(
  setup: TermSetup,
  draw: PathDraw,
  model: ModelName,
  assumptions: TermAssumptions,
  work: PathWorkspace = pathWorkspace(setup),
): PathCore {
  const core = work.core;
  milestoneDays(setup, draw.met, work.metDay);
  const rates = ratesFor(setup, work.metDay, work);
  for (let ti = 0; ti < setup.tracks.length; ti++) core.rates[ti]!.set(rates[ti]!);
  marketYears(setup, draw, model, work);
  termTotals(setup, draw, assumptions, work);
  return core;
}

/** Every market's outcome with and without the deal, summed per year into the workspace's arrays. */
function marketYears(setup: TermSetup, draw: PathDraw, model: ModelName, work: PathWorkspace): void {
  const Y = setup.years;
  const core = work.core;
  const jpDeal = core.importsFromJapan;
  const jpNo = core.importsFromJapanNoDeal;
  const totalChange = core.totalImportsChange;
  const forgone = core.revenueForgone;
  const usWelfare = core.usWelfare;
  const jpPs = core.japanProducerSurplus;
  const priceNum = work.priceNum;
  const priceDen = work.priceDen;
  const relief = work.relief;
  for (const a of [jpDeal, jpNo, totalChange, forgone, usWelfare, jpPs, priceNum, priceDen, relief])
    a.fill(0);
  const input = work.market;
  for (let i = 0; i < setup.markets.length; i++) {
    const m = setup.markets[i]!;
    const t = setup.tracks[m.trackIndex]!;
    input.jpImports = m.jp;
    input.rowImports = m.row;
    input.jpT0 = m.mfn;
    input.rowT0 = m.mfn;
    input.Em = draw.Em[i]!;
    input.Es = m.el.Es;
    input.Ex = m.el.Ex;
    input.ExJp = draw.ExJp?.[i] ?? m.exJp.Ex;
    const trackRates = core.rates[m.trackIndex]!;
    let lastNoDeal = Number.NaN;
    let noDealT = 0;
    let none: MarketOutcome | undefined;
    let weight = 0;
    let lastRate = Number.NaN;
    let deal: MarketOutcome | undefined;
    let dealT = 0;
    for (let y = 0; y < Y; y++) {
      const noDealRate = t.noDeal[y]!;
      if (noDealRate !== lastNoDeal || none === undefined) {
        noDealT = tariffTotal(t.mode, m.mfn, noDealRate);
        none = respond(model, input, noDealT, noDealT);
        weight = (m.jp + m.row) * (1 + noDealT);
        lastNoDeal = noDealRate;
        lastRate = Number.NaN;
      }
      const rate = trackRates[y]!;
      if (rate !== lastRate || deal === undefined) {
        dealT = tariffTotal(t.mode, m.mfn, rate);
        deal = rate === noDealRate ? none : respond(model, input, dealT, noDealT);
        lastRate = rate;
      }
      // Duty relief granted: the rate cut on what Japan actually ships (what a clawback recovers).
      relief[y]! += (noDealT - dealT) * deal.jpImports;
      jpDeal[y]! += deal.jpImports;
      jpNo[y]! += none.jpImports;
      totalChange[y]! += deal.jpImports + deal.rowImports - none.jpImports - none.rowImports;
      forgone[y]! += none.revenue - deal.revenue;
      priceNum[y]! += weight * ((1 + deal.priceChange) / (1 + none.priceChange) - 1);
      priceDen[y]! += weight;
      usWelfare[y]! += deal.consumerSurplus - none.consumerSurplus + deal.revenue - none.revenue;
      jpPs[y]! += deal.jpProducerSurplus - none.jpProducerSurplus;
    }
  }
}

/**
 * The yearly price index and the term totals: present values, the clawback and cost per job. Jobs and
 * capital scale the setup's full-delivery schedule by the draw's delivery.
 */
function termTotals(
  setup: TermSetup,
  draw: PathDraw,
  assumptions: TermAssumptions,
  work: PathWorkspace,
): void {
  const Y = setup.years;
  const core = work.core;
  const { priceNum, priceDen, relief } = work;
  const forgone = core.revenueForgone;
  const usWelfare = core.usWelfare;
  const jpPs = core.japanProducerSurplus;
  const d = draw.delivery;
  const s = setup.schedule;
  let npvUS = 0;
  let npvJapan = 0;
  let pvDutyRelief = 0;
  let revenueForgone = 0;
  let reliefGranted = 0;
  const price = core.consumerPriceChange;
  let discount = 1;
  for (let y = 0; y < Y; y++) {
    price[y] = priceDen[y]! > 0 ? priceNum[y]! / priceDen[y]! : 0;
    discount /= 1 + assumptions.discountRate;
    npvUS += discount * usWelfare[y]!;
    npvJapan += discount * (jpPs[y]! - assumptions.investmentPremium * s.spent[y]! * d);
    pvDutyRelief += discount * forgone[y]!;
    revenueForgone += forgone[y]!;
    reliefGranted += relief[y]!;
  }
  // Clawback (pro-rata): below the tolerance, relief is repaid in proportion to the shortfall.
  let clawback = 0;
  const verifiedEnd = (s.direct[Y - 1] ?? 0) * d;
  const modelledEnd = ((s.direct[Y - 1] ?? 0) + (s.supplier[Y - 1] ?? 0) + (s.induced[Y - 1] ?? 0)) * d;
  if (setup.clawback && Y > 0) {
    let sum = 0;
    for (const m of setup.clawback.measures) {
      const target = m === 'jobs' ? s.jobsTarget : s.capitalTarget;
      const achieved = m === 'jobs' ? verifiedEnd : (s.capital[Y - 1] ?? 0) * d;
      sum += target > 0 ? Math.min(1, achieved / target) : 1;
    }
    const performance = sum / Math.max(1, setup.clawback.measures.length);
    if (performance < setup.clawback.tolerance) {
      clawback = reliefGranted * (1 - performance);
      npvUS += discount * clawback;
      npvJapan -= discount * clawback;
    }
  }
  const netCost = revenueForgone - clawback;
  const totals = core.totals;
  totals.revenueForgone = revenueForgone;
  totals.clawback = clawback;
  totals.verifiedDirectJobsEnd = verifiedEnd;
  totals.modelledTotalJobsEnd = modelledEnd;
  totals.constructionJobYears = s.constructionTotal * d;
  totals.costPerVerifiedJob = verifiedEnd > 0 ? netCost / verifiedEnd : Number.NaN;
  totals.costPerModelledJob = modelledEnd > 0 ? netCost / modelledEnd : Number.NaN;
  totals.npvUS = npvUS;
  totals.npvJapan = npvJapan;
  totals.pvDutyRelief = pvDutyRelief;
}

/** Simulate one path year by year, with every year's numbers. */
export function simulatePath(
  setup: TermSetup,
  draw: PathDraw,
  model: ModelName,
  assumptions: TermAssumptions,
): { years: YearRow[]; totals: PathTotals } {
  const core = simulatePathCore(setup, draw, model, assumptions);
  const s = setup.schedule;
  const d = draw.delivery;
  const car = setup.markets.find((m) => m.hs === '8703');
  const carTrack = car ? setup.tracks[car.trackIndex] : undefined;
  const years = setup.yearBounds.map((yb, y): YearRow => {
    const firmDuty: Record<string, number> = {};
    const firmDutySaved: Record<string, number> = {};
    if (car && carTrack) {
      const dealT = tariffTotal(carTrack.mode, car.mfn, core.rates[car.trackIndex]![y]!);
      const noT = tariffTotal(carTrack.mode, car.mfn, carTrack.noDeal[y]!);
      for (const f of setup.firms) {
        firmDuty[f.exporter] = f.units * setup.unitValue * dealT;
        firmDutySaved[f.exporter] = f.units * setup.unitValue * (noT - dealT);
      }
    }
    return {
      year: y + 1,
      from: yb.from,
      to: yb.to,
      rates: Object.fromEntries(setup.tracks.map((t, k) => [t.id, core.rates[k]![y]!])),
      importsFromJapan: core.importsFromJapan[y]!,
      importsFromJapanNoDeal: core.importsFromJapanNoDeal[y]!,
      totalImportsChange: core.totalImportsChange[y]!,
      revenueForgone: core.revenueForgone[y]!,
      consumerPriceChange: core.consumerPriceChange[y]!,
      usWelfare: core.usWelfare[y]!,
      japanProducerSurplus: core.japanProducerSurplus[y]!,
      capitalDisbursed: s.capital[y]! * d,
      verifiedDirectJobs: s.direct[y]! * d,
      supplierJobs: s.supplier[y]! * d,
      inducedJobs: s.induced[y]! * d,
      modelledTotalJobs: (s.direct[y]! + s.supplier[y]! + s.induced[y]!) * d,
      constructionJobYears: s.construction[y]! * d,
      firmDuty,
      firmDutySaved,
    };
  });
  return { years, totals: core.totals };
}

/** The central draw: every market at its central elasticity, delivery as assumed. */
export function centralEm(setup: TermSetup): number[] {
  return setup.markets.map((m) => m.el.Em);
}

/** Probability that each milestone (in setup order) is met: 1 or 0 when the evaluation has decided it. */
export function attainmentProbabilities(setup: TermSetup, assumptions: TermAssumptions): number[] {
  return setup.milestones.map((m) =>
    m.decided ? (m.decided.met ? 1 : 0) : (assumptions.attainment[m.id] ?? assumptions.defaultAttainment),
  );
}

/**
 * The expected path: the probability-weighted average over every combination of milestone outcomes
 * (exact for up to 12 milestones), at central elasticities and the assumed delivery.
 */
export function expectedPath(
  setup: TermSetup,
  model: ModelName,
  assumptions: TermAssumptions,
): { years: YearRow[]; totals: PathTotals } {
  const p = attainmentProbabilities(setup, assumptions);
  const n = p.length;
  if (n > 12)
    throw new Error('expectedPath enumerates milestone outcomes; use Monte Carlo beyond 12 milestones');
  const Em = centralEm(setup);
  let acc: { years: YearRow[]; totals: PathTotals } | undefined;
  for (let mask = 0; mask < 1 << n; mask++) {
    let w = 1;
    const met = p.map((pi, k) => {
      const on = (mask >> k) & 1;
      w *= on ? pi : 1 - pi;
      return on === 1;
    });
    if (w === 0) continue;
    const path = simulatePath(setup, { met, Em, delivery: assumptions.delivery }, model, assumptions);
    acc = acc ? addWeighted(acc, path, w) : scale(path, w);
  }
  const out = acc!;
  // Ratios are not averaged: cost per job is expected net cost over expected jobs.
  const t = out.totals;
  const netCost = t.revenueForgone - t.clawback;
  t.costPerVerifiedJob = t.verifiedDirectJobsEnd > 0 ? netCost / t.verifiedDirectJobsEnd : Number.NaN;
  t.costPerModelledJob = t.modelledTotalJobsEnd > 0 ? netCost / t.modelledTotalJobsEnd : Number.NaN;
  for (const y of out.years) y.year = Math.round(y.year);
  return out;
}

type Numeric = Record<string, unknown>;
function combine<T>(a: T, b: T, wa: number, wb: number): T {
  if (typeof a === 'number') {
    const x = wa === 0 ? 0 : wa * a;
    const y = wb === 0 ? 0 : wb * (b as number);
    return (x + y) as T;
  }
  if (Array.isArray(a)) return a.map((x, i) => combine(x, (b as unknown[])[i], wa, wb)) as T;
  if (a && typeof a === 'object') {
    const out: Numeric = {};
    for (const [k, v] of Object.entries(a as Numeric)) out[k] = combine(v, (b as Numeric)[k], wa, wb);
    return out as T;
  }
  return a;
}
function scale<T>(a: T, w: number): T {
  return combine(a, a, w, 0);
}
function addWeighted<T>(acc: T, b: T, w: number): T {
  return combine(acc, b, 1, w);
}
