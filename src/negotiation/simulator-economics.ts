/**
 * @module negotiation/simulator-economics
 * The US–Japan packages evaluated by the economic simulator (`src/economics`) instead of the negotiation
 * module's own linear formula: the HS 8703 market (Japan against the rest of the world, shipped 2024 base
 * year) moves to each year's negotiated rate under SMART (default), GSIM or exact CES through the
 * economics module's `respond`, measured against the no-deal path on which 27.5% stays in force for
 * everyone — the same convention as the economics module's term paths. Jobs come from the shipped
 * multipliers (motor-vehicle supplier and induced jobs per direct job; construction job-years per $1M of
 * structures). Negotiation-specific judgement calls (credibility of verification, snap-back, retention,
 * Japan's costs) stay in {@link US_JAPAN_ASSUMPTIONS}.
 *
 * Every figure {@link SimulatorEconomicsModel.simulate} returns is labelled with the model that produced it
 * and its sources.
 */

import type { DataSource } from '../_lib/read-file.js';
import type { BaseFlow } from '../economics/index.js';
import {
  DEFAULT_TERM_ASSUMPTIONS,
  type ElasticityRow,
  type ExportSupplyRow,
  elasticitiesFor,
  exportSupplyFor,
  type MarketOutcome,
  type ModelName,
  type MultiplierRow,
  respond,
  shippedTables,
  type TwoPartnerMarket,
} from '../economics/index.js';
import type { DealEconomicsModel, DealQuantities } from './economics.js';
import type { Outcome } from './model.js';
import { US_JAPAN_ASSUMPTIONS, US_JAPAN_FACTS } from './us-japan-utilities.js';

/** The tariff models the adapter can run (all three the economics module implements). */
export const SIMULATOR_MODELS: readonly ModelName[] = ['SMART', 'GSIM', 'CES'];

/** Where the base-year market and the jobs come from (`shippedTables`: the shipped, cited tables). */
export interface SimulatorTables {
  elasticities: ElasticityRow[];
  baseFlows: BaseFlow[];
  multipliers: MultiplierRow[];
  /** Japan's export-supply elasticity (data/economics/export-supply.csv); without it Japan has the group's Ex. */
  exportSupply?: ExportSupplyRow[];
}

/** Options of {@link simulatorEconomics}. */
export interface SimulatorEconomicsOptions {
  /** Tariff model; default SMART (the WITS partial-equilibrium model). */
  model?: ModelName;
  /** Tables, e.g. `shippedTables(diskSource)` from data/economics. */
  tables: SimulatorTables;
  /** Share of the investment spent on structures (construction jobs); default the term paths' 40%. */
  structuresShare?: number;
  /**
   * Count construction job-years in the US's job-years (default false: they are one-off, modelled from
   * upper-bound multipliers and untouched by any milestone, verification or snap-back term, so counting them
   * lets the investment amount swamp every other issue; they are always reported as a figure).
   */
  countConstructionJobs?: boolean;
}

/** One number with the model that produced it, its unit and its sources. */
export interface LabelledFigure {
  value: number;
  unit: string;
  model: string;
  source: string;
}

/** A package simulated over the evaluation horizon, every figure labelled. */
export interface SimulatedDeal {
  /** The quantities the negotiation utilities are computed from. */
  quantities: DealQuantities;
  figures: {
    dutyRevenueForgone: LabelledFigure;
    dutySaved: LabelledFigure;
    importsFromJapanChange: LabelledFigure;
    totalImportsChange: LabelledFigure;
    priceEffect: LabelledFigure;
    directJobYears: LabelledFigure;
    supplierAndInducedJobYears: LabelledFigure;
    constructionJobYears: LabelledFigure;
    usJobYears: LabelledFigure;
    investmentCost: LabelledFigure;
    /** Japan's exporters' producer surplus (the simulator's Japan gain): reported, not in the utilities. */
    japanExporterSurplus: LabelledFigure;
  };
}

/** A {@link DealEconomicsModel} backed by the economic simulator, with labelled detail per package. */
export interface SimulatorEconomicsModel extends DealEconomicsModel {
  /** The tariff model that produces the market figures. */
  readonly tariffModel: ModelName;
  /** Every source the figures rest on. */
  readonly sources: readonly string[];
  /** The simulator's own settings and the market it runs on, for the record. */
  readonly settings: {
    tariffModel: ModelName;
    hs: string;
    baseYear: number;
    importsFromJapanBn: number;
    importsFromRestOfWorldBn: number;
    Em: number;
    Es: number;
    Ex: number;
    /** Japan's export-supply elasticity (the term paths' value, from data/economics/export-supply.csv). */
    ExJp: number;
    noDealRate: number;
    structuresShare: number;
    countConstructionJobs: boolean;
    multipliers: { naics: string; supplier: number; induced: number }[];
  };
  /** The package's figures, each labelled with its model and source. */
  simulate(outcome: Outcome): SimulatedDeal;
}

const BASE_FILE = 'data/economics/us-japan-autos-base-2024.csv';
const ELASTICITY_FILE = 'data/economics/elasticities.csv';
const MULTIPLIER_FILE = 'data/economics/multipliers.csv';
const EXPORT_SUPPLY_FILE = 'data/economics/export-supply.csv';
const HS = '8703';
const NAICS_VEHICLES = '3361';
const NAICS_CONSTRUCTION = '23';

/** The numeric part of an option label ("2 steps" → 2, "10,000" → 10000, "2.5% (full removal)" → 2.5). */
function num(label: unknown): number {
  return Number(String(label).replace(/[,%]/g, '').split(' ')[0]);
}

function multiplierRow(rows: readonly MultiplierRow[], naics: string, basis: MultiplierRow['basis']) {
  let best: MultiplierRow | undefined;
  for (const r of rows)
    if (r.basis === basis && naics.startsWith(r.naics) && (!best || r.naics.length > best.naics.length))
      best = r;
  if (!best) throw new Error(`simulatorEconomics: no ${basis} multiplier covers NAICS ${naics}`);
  return best;
}

function flow(rows: readonly BaseFlow[], partner: string): BaseFlow {
  const f = rows.find((r) => r.hs === HS && r.partner === partner);
  if (!f) throw new Error(`simulatorEconomics: the base-year table has no HS ${HS} row for ${partner}`);
  return f;
}

/** What every package's simulation shares: the market, its no-deal outcome, the jobs factors, the labels. */
interface SimulatorContext {
  model: ModelName;
  structuresShare: number;
  countConstruction: boolean;
  el: ElasticityRow;
  exJp: number;
  jp: BaseFlow;
  vehicles: MultiplierRow;
  construction: MultiplierRow;
  tau0: number;
  market: TwoPartnerMarket;
  none: MarketOutcome;
  /** The market at Japan's rate (the rest of the world stays at τ0), simulated once per rate. */
  at: (rate: number) => MarketOutcome;
  spillover: number;
  constructionPerBn: number;
  label: string;
  marketSource: string;
  jobsModel: string;
  sources: string[];
  horizon: number;
}

/** Read the tables, set up the HS 8703 market and its no-deal outcome, and word the labels and sources. */
function simulatorContext(options: SimulatorEconomicsOptions): SimulatorContext {
  const model = options.model ?? 'SMART';
  if (!SIMULATOR_MODELS.includes(model))
    throw new Error(`simulatorEconomics: unknown model ${String(model)} (SMART, GSIM or CES)`);
  const tables = options.tables;
  const structuresShare = options.structuresShare ?? DEFAULT_TERM_ASSUMPTIONS.structuresShare;
  const countConstruction = options.countConstructionJobs ?? false;
  const el = elasticitiesFor(tables.elasticities, HS);
  const supply = exportSupplyFor(tables.exportSupply ?? [], el.group, 'JP');
  const exJp = supply?.Ex ?? el.Ex;
  const jp = flow(tables.baseFlows, 'JP');
  const row = flow(tables.baseFlows, 'ROW');
  const vehicles = multiplierRow(tables.multipliers, NAICS_VEHICLES, 'per-direct');
  const construction = multiplierRow(tables.multipliers, NAICS_CONSTRUCTION, 'per-1m');
  const f = US_JAPAN_FACTS;
  const tau0 = f.statusQuoRate.value;
  // The base year is 2024 at MFN; flows in $bn so every money figure is in the negotiation's unit.
  const market: TwoPartnerMarket = {
    jpImports: jp.annualValue / 1e9,
    rowImports: row.annualValue / 1e9,
    jpT0: jp.mfn / 1e6,
    rowT0: row.mfn / 1e6,
    Em: el.Em,
    Es: el.Es,
    Ex: el.Ex,
    // The same finite supply for Japan as the term paths, so both give Japan's exporters the same market.
    ExJp: exJp,
  };
  const none = respond(model, market, tau0, tau0);
  // Rates repeat across packages (a few dozen distinct values), so each is simulated once.
  const cache = new Map<number, MarketOutcome>();
  const at = (rate: number): MarketOutcome => {
    if (rate === tau0) return none;
    let r = cache.get(rate);
    if (!r) {
      r = respond(model, market, rate, tau0);
      cache.set(rate, r);
    }
    return r;
  };
  const label = `${model} (src/economics respond) on ${BASE_FILE} HS ${HS} 2024, JP vs ROW`;
  const pct = (x: number) => `${+(x * 100).toFixed(4)}%`;
  // Figures carry a short source; the full citations are in `sources`.
  const marketSource = `${BASE_FILE} HS ${HS} JP + ROW ${jp.year}; ${ELASTICITY_FILE} ${el.group} (Em ${el.Em}, Es ${el.Es}, Ex ${el.Ex}; Japan's Ex ${exJp}${supply ? ` from ${EXPORT_SUPPLY_FILE}` : ''}); no-deal rate ${pct(tau0)} for all (${f.statusQuoRate.source})`;
  const fullMarketSource = `${BASE_FILE} (JP: ${jp.source}; ROW: ${row.source}); ${ELASTICITY_FILE} ${el.group} (${el.source})${supply ? `; ${EXPORT_SUPPLY_FILE} Japan's Ex ${supply.Ex}, calibrated to a cited pass-through (${supply.source})` : ''}; no-deal rate ${pct(tau0)}: ${f.statusQuoRate.source}`;
  const jobsModel = `direct jobs × (1 + NAICS ${vehicles.naics} supplier + induced multipliers)${countConstruction ? ` + construction (NAICS ${construction.naics} per $1M)` : ''}`;
  const sources = [
    fullMarketSource,
    `${MULTIPLIER_FILE} NAICS ${vehicles.naics}: ${vehicles.source}`,
    `${MULTIPLIER_FILE} NAICS ${construction.naics}: ${construction.source}`,
    `direct jobs per $bn: ${f.jobsPerBn.source}`,
    `structures share ${structuresShare}: EPI rule of thumb (economics DEFAULT_TERM_ASSUMPTIONS)`,
    'credibility, snap-back, retention and Japan’s costs: US_JAPAN_ASSUMPTIONS (judgement calls)',
  ];
  return {
    model,
    structuresShare,
    countConstruction,
    el,
    exJp,
    jp,
    vehicles,
    construction,
    tau0,
    market,
    none,
    at,
    spillover: vehicles.supplier + vehicles.induced,
    constructionPerBn:
      1000 * structuresShare * (construction.direct + construction.supplier + construction.induced),
    label,
    marketSource,
    jobsModel,
    sources,
    horizon: US_JAPAN_ASSUMPTIONS.horizonYears,
  };
}

/** A package's numbers before they are labelled. */
interface DealNumbers {
  quantities: DealQuantities;
  forgone: number;
  jpChange: number;
  totalChange: number;
  price: number;
  surplus: number;
  directJobYears: number;
  spilloverJobYears: number;
  constructionJobYears: number;
}

/** The numbers alone: the exact analysis calls this for every package, so no labels are built here. */
function computeDeal(c: SimulatorContext, o: Outcome): DealNumbers {
  const f = US_JAPAN_FACTS;
  const a = US_JAPAN_ASSUMPTIONS;
  const { tau0, none, horizon } = c;
  const term = Number(o['term-years']);
  const steps = num(o['phase-steps']);
  const finalRate = num(o['final-rate']) / 100;
  const jobsPerStep = num(o['jobs-per-step']);
  const investment = num(o['investment-usd-bn']);
  const verification = String(o.verification);
  const sigma = a.snapBack[String(o['snap-back'])] ?? 0;
  const direct = investment * f.jobsPerBn.value;
  const earned = Math.min(steps, Math.floor(direct / jobsPerStep));
  const guaranteed = Math.min(direct, earned * jobsPerStep);
  const stepSize = (tau0 - finalRate) / steps;
  let saved = 0;
  let forgone = 0;
  let jpChange = 0;
  let totalChange = 0;
  let price = 0;
  let surplus = 0;
  for (let y = 1; y <= horizon; y++) {
    const rate = tau0 - Math.min(y, earned) * stepSize;
    const deal = c.at(rate);
    saved += (tau0 - rate) * deal.jpImports;
    forgone += none.revenue - deal.revenue;
    jpChange += deal.jpImports - none.jpImports;
    // Partner by partner, so an unchanged market gives exactly 0.
    totalChange += deal.jpImports - none.jpImports + (deal.rowImports - none.rowImports);
    price += (1 + deal.priceChange) / (1 + none.priceChange) - 1;
    surplus += deal.jpProducerSurplus - none.jpProducerSurplus;
  }
  const retention = a.retentionWithoutSnapBack + (1 - a.retentionWithoutSnapBack) * sigma;
  const directJobYears =
    guaranteed * term * (a.credibility[verification] ?? 0) * retention +
    ((direct - guaranteed) * term + direct * Math.max(0, horizon - term)) * a.unguaranteedRetention;
  const spilloverJobYears = directJobYears * c.spillover;
  const constructionJobYears = investment * c.constructionPerBn;
  const quantities: DealQuantities = {
    usJobYears: directJobYears + spilloverJobYears + (c.countConstruction ? constructionJobYears : 0),
    dutyRevenueForgone: forgone,
    dutySaved: saved * (1 - a.missProbability * sigma),
    investmentCost:
      investment * (a.capitalCostPerYear * term + (a.complianceCost[verification] ?? 0)) +
      guaranteed * term * a.guaranteeCostPerJobYearBn,
  };
  return {
    quantities,
    forgone,
    jpChange,
    totalChange,
    price,
    surplus,
    directJobYears,
    spilloverJobYears,
    constructionJobYears,
  };
}

/** A package's numbers, each labelled with the model that produced it and its source. */
function labelDeal(c: SimulatorContext, n: DealNumbers): SimulatedDeal {
  const { label, marketSource, horizon, vehicles, construction } = c;
  const { quantities } = n;
  const money = `US$ bn over ${horizon} years`;
  const fig = (value: number, unit: string, by: string, source: string): LabelledFigure => ({
    value,
    unit,
    model: by,
    source,
  });
  return {
    quantities,
    figures: {
      dutyRevenueForgone: fig(n.forgone, money, label, marketSource),
      dutySaved: fig(
        quantities.dutySaved,
        money,
        `${label}; × (1 − miss probability × snap-back)`,
        `${marketSource}; miss probability and snap-back: US_JAPAN_ASSUMPTIONS`,
      ),
      importsFromJapanChange: fig(n.jpChange, `${money}, vs no deal`, label, marketSource),
      totalImportsChange: fig(n.totalChange, `${money}, vs no deal`, label, marketSource),
      priceEffect: fig(
        n.price / horizon,
        'mean yearly change in the import price vs no deal (fraction)',
        label,
        marketSource,
      ),
      directJobYears: fig(
        n.directJobYears,
        'job-years',
        'direct jobs per $bn, credited by verification, snap-back and retention',
        `${US_JAPAN_FACTS.jobsPerBn.source}; US_JAPAN_ASSUMPTIONS`,
      ),
      supplierAndInducedJobYears: fig(
        n.spilloverJobYears,
        'job-years',
        `NAICS ${vehicles.naics} multipliers (${vehicles.supplier} supplier + ${vehicles.induced} induced per direct job)`,
        `${MULTIPLIER_FILE} NAICS ${vehicles.naics}`,
      ),
      constructionJobYears: fig(
        n.constructionJobYears,
        'job-years',
        `NAICS ${construction.naics} per $1M of structures × ${c.structuresShare} of the investment`,
        `${MULTIPLIER_FILE} NAICS ${construction.naics}`,
      ),
      usJobYears: fig(quantities.usJobYears, 'job-years', c.jobsModel, MULTIPLIER_FILE),
      investmentCost: fig(
        quantities.investmentCost,
        money,
        'capital, compliance and job-guarantee costs',
        'US_JAPAN_ASSUMPTIONS (judgement calls)',
      ),
      japanExporterSurplus: fig(
        n.surplus,
        `${money}, vs no deal (not discounted; not in the utilities, which count duty saved)`,
        label,
        marketSource,
      ),
    },
  };
}

/**
 * The US–Japan packages evaluated with the economics module's tariff model on the shipped 2024 base year.
 *
 * Per package (term T, `steps` annual steps from τ0 = 27.5% to the final rate f, jobs per step J,
 * investment I in $bn) over the 15-year horizon: steps earned k = min(steps, ⌊D/J⌋) with D = I·jobsPerBn
 * direct jobs; year y's Japanese rate τ_y = τ0 − min(y, k)·(τ0 − f)/steps, the rest of the world stays at
 * τ0. With `none` = the market moved from the 2024 MFN rates to τ0 for all and `deal` = moved to τ_y for
 * Japan and τ0 for the rest (the chosen model):
 * - revenue forgone Σ_y none.revenue − deal.revenue (includes duty lost on imports diverted from others);
 * - duty saved by Japanese exporters Σ_y (τ0 − τ_y)·deal.jpImports·(1 − pMiss·σ);
 * - import changes Σ_y deal − none; price effect the mean over years of the composite import price change;
 * - job-years: direct as in {@link US_JAPAN_ASSUMPTIONS} (guaranteed jobs credited by verification and
 *   snap-back, others at the unguaranteed retention), times (1 + supplier + induced) from the NAICS 3361
 *   multipliers; construction job-years = I·structuresShare·(direct + supplier + induced per $1M, NAICS 23)
 *   are reported, and counted only with `countConstructionJobs`.
 *
 * @example
 * const m = simulatorEconomics({ model: 'CES', tables: shippedTables(diskSource) });
 * m.simulate(outcome).figures.dutySaved // { value, unit: 'US$ bn over 15 years', model: 'CES …', source }
 */
export function simulatorEconomics(options: SimulatorEconomicsOptions): SimulatorEconomicsModel {
  const c = simulatorContext(options);
  const { model, construction, vehicles } = c;
  return {
    name: `${c.label}; jobs: ${c.jobsModel} (${MULTIPLIER_FILE})`,
    tariffModel: model,
    sources: c.sources,
    settings: {
      tariffModel: model,
      hs: HS,
      baseYear: c.jp.year,
      importsFromJapanBn: c.market.jpImports,
      importsFromRestOfWorldBn: c.market.rowImports,
      Em: c.el.Em,
      Es: c.el.Es,
      Ex: c.el.Ex,
      ExJp: c.exJp,
      noDealRate: c.tau0,
      structuresShare: c.structuresShare,
      countConstructionJobs: c.countConstruction,
      multipliers: [
        { naics: vehicles.naics, supplier: vehicles.supplier, induced: vehicles.induced },
        {
          naics: construction.naics,
          supplier: construction.supplier / construction.direct,
          induced: construction.induced / construction.direct,
        },
      ],
    },
    simulate: (o) => labelDeal(c, computeDeal(c, o)),
    quantities: (o) => computeDeal(c, o).quantities,
  };
}

const shipped = new WeakMap<DataSource, Map<ModelName, SimulatorEconomicsModel>>();

/**
 * The example's simulator on the shipped tables (read through `source`) for a tariff model (SMART for the
 * committed example), built once per source and model because building reads and parses data/economics.
 */
export function usJapanSimulator(model: ModelName, source: DataSource): SimulatorEconomicsModel {
  let models = shipped.get(source);
  if (!models) {
    models = new Map();
    shipped.set(source, models);
  }
  let m = models.get(model);
  if (!m) {
    m = simulatorEconomics({ model, tables: shippedTables(source) });
    models.set(model, m);
  }
  return m;
}
