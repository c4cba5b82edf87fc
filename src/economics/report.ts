/**
 * @module economics/report
 * The simulation report: for each term variant and model, the expected path and its totals, with
 * uncertainty bands from Monte Carlo when run. Money is rendered as decimal strings with two places and
 * rates as percent strings (CONVENTIONS); every block names its model, assumptions and sources.
 *
 * Two different central values exist and are never shown as one: the expected path (deterministic) and
 * the Monte Carlo median, which is the centre of its own 5th–95th percentile band ({@link VALUE_DEFINITIONS}).
 */
import { formatCents } from '../_lib/money.js';
import type { ModelName } from './labels.js';
import { SOURCES } from './labels.js';
import type { MonteCarloSummary, Percentiles } from './monte-carlo.js';
import type { PathTotals, TermAssumptions, TermSetup, YearRow } from './term-path.js';

/** US dollars (a model estimate) as a decimal string with two places. */
export function usd(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  // Math.round rounds halves towards +∞, the same rule as roundHalfUp.
  return formatCents(BigInt(Math.round(x * 100)));
}

/** A fraction as a percent string with up to `digits` decimals. */
export function pct(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return 'n/a';
  const text = (x * 100).toFixed(digits).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

/** A count (jobs) rounded to a whole number. */
export function count(x: number): number {
  return Number.isFinite(x) ? Math.round(x) : Number.NaN;
}

/**
 * What each kind of number in a report is. The expected path is not the centre of the bands: a Monte
 * Carlo path meets a milestone or not, while the expected path averages the rates over both outcomes,
 * and the elasticity draws are skewed (Em's range −4 … −0.5 around −1 has its mean at −1.83), so the
 * expected path can even lie outside the 5th–95th percentile band. Show a median with its band, or the
 * expected path labelled as such, never one in the other's place.
 */
export const VALUE_DEFINITIONS = {
  expectedPath:
    '`years` and `totals`: the expected path, one deterministic calculation: every combination of milestone outcomes weighted by its probability, every elasticity at its central value, delivery as assumed. It is not a Monte Carlo statistic and not the centre of the bands',
  bands:
    '`bands`: Monte Carlo percentiles over the paths (each path draws whether each milestone is met, the elasticities and delivery). p50 is the median: the central value to show with the p5–p95 band; mean is the average over the paths',
  whyTheyDiffer:
    'the expected path averages the tariff rate over milestone outcomes, while each Monte Carlo path has one outcome; and the elasticity draws are skewed (Em between −4 and −0.5 with its mode at −1 has mean −1.83), so the two differ and the expected path can lie outside the band',
} as const;

/** One variant × model block of the report. */
export interface VariantModelReport {
  variant: { id: string; title: string; years: number };
  model: ModelName;
  assumptions: string[];
  citations: string[];
  years: ReturnType<typeof yearJson>[];
  totals: ReturnType<typeof totalsJson>;
  bands?: ReturnType<typeof bandsJson>;
}

function yearJson(y: YearRow) {
  return {
    year: y.year,
    from: y.from,
    to: y.to,
    rates: Object.fromEntries(Object.entries(y.rates).map(([k, v]) => [k, pct(v)])),
    importsFromJapan: usd(y.importsFromJapan),
    importsFromJapanNoDeal: usd(y.importsFromJapanNoDeal),
    totalImportsChange: usd(y.totalImportsChange),
    revenueForgone: usd(y.revenueForgone),
    consumerPriceChange: pct(y.consumerPriceChange),
    usWelfare: usd(y.usWelfare),
    japanProducerSurplus: usd(y.japanProducerSurplus),
    capitalDisbursed: usd(y.capitalDisbursed),
    jobs: {
      verifiedDirect: count(y.verifiedDirectJobs),
      modelledSupplier: count(y.supplierJobs),
      modelledInduced: count(y.inducedJobs),
      modelledTotal: count(y.modelledTotalJobs),
      constructionJobYears: count(y.constructionJobYears),
    },
    firmDuty: Object.fromEntries(Object.entries(y.firmDuty).map(([k, v]) => [k, usd(v)])),
    firmDutySaved: Object.fromEntries(Object.entries(y.firmDutySaved).map(([k, v]) => [k, usd(v)])),
  };
}

function totalsJson(t: PathTotals, years: YearRow[]) {
  const imports = years.reduce((s, y) => s + y.importsFromJapan - y.importsFromJapanNoDeal, 0);
  const meanPrice = years.reduce((s, y) => s + y.consumerPriceChange, 0) / Math.max(1, years.length);
  return {
    importsFromJapanChange: usd(imports),
    revenueForgone: usd(t.revenueForgone),
    presentValueOfDutyRelief: usd(t.pvDutyRelief),
    clawback: usd(t.clawback),
    meanConsumerPriceChange: pct(meanPrice),
    verifiedDirectJobsAtEnd: count(t.verifiedDirectJobsEnd),
    modelledTotalJobsAtEnd: count(t.modelledTotalJobsEnd),
    constructionJobYears: count(t.constructionJobYears),
    costPerVerifiedJob: usd(t.costPerVerifiedJob),
    costPerModelledJob: usd(t.costPerModelledJob),
    npv: { US: usd(t.npvUS), JP: usd(t.npvJapan) },
  };
}

const MODEL_WORDS: Record<ModelName, string> = {
  SMART: 'WITS SMART: one market, closed-form trade creation and diversion',
  GSIM: 'GSIM: world prices solved by market clearing (Newton, analytic Jacobian)',
  CES: 'exact CES Armington: non-linear single market',
};

/** How Japan's gain is valued: its exporters' supply elasticity per market, with its range and why. */
function japanSupplyWords(setup: TermSetup): string {
  const parts = setup.markets.map((m) => {
    const x = m.exJp;
    if (x.Ex >= 99) return `HS ${m.hs} Ex ${x.Ex} (infinite: no gain for Japan’s exporters)`;
    return `HS ${m.hs} Ex ${x.Ex}${x.ExLow !== x.ExHigh ? ` (Monte Carlo ${x.ExLow}–${x.ExHigh})` : ''}`;
  });
  return `Japan’s export supply: ${parts.join(', ')}; a finite Ex is CALIBRATED so that a Japan-only tariff change passes about 60% (50–75%) into US prices (Feenstra 1989; Copeland & Kahn 2012; data/economics/export-supply.csv), the rest going to Japan’s exporters as a higher world price; the rest of the world’s supply stays infinite (WITS Ex 99)`;
}

/** The assumptions of a term-path block in words. */
export function termAssumptionWords(setup: TermSetup, a: TermAssumptions, model: ModelName): string[] {
  const attainment = setup.milestones
    .map((m) =>
      m.decided
        ? `${m.id} ${m.decided.status} (decided by the evaluation of verified facts)`
        : `${m.id} ${pct(a.attainment[m.id] ?? a.defaultAttainment, 2)}%`,
    )
    .join(', ');
  return [
    MODEL_WORDS[model],
    'effects are measured against no deal: the track’s start rate stays in force while the track runs, and the rest of the world pays the same rate throughout',
    `milestones are verified on their deadlines with probability ${attainment}, otherwise missed when any cure ends; the rates follow from those outcomes by the evaluation’s schedule rules (relief the day after verification plus the decision lag, steps in order, snap-back on a missed milestone where the agreement says so); breach and decision snap-backs are not drawn`,
    'the model is run each year at that year’s time-weighted rate; base-year (2024) flows are held fixed, no growth',
    `${pct(a.delivery, 2)}% of committed jobs and capital delivered; jobs ramp up over ${a.rampYears} years; capital follows each commitment’s schedule`,
    'verified jobs are the direct operating jobs a milestone can count; supplier and induced jobs are modelled (multiplier upper bounds); construction job-years are one-off and never verify',
    `construction job-years: ${pct(a.structuresShare, 2)}% of capital spent on structures × construction jobs per $1M (${setup.constructionPerMillion ? setup.constructionPerMillion.source : 'no construction multiplier: not counted'})`,
    setup.jobsModel.words,
    japanSupplyWords(setup),
    `discount rate ${pct(a.discountRate, 2)}% (real); US NPV = consumer surplus + tariff revenue; Japan NPV = its exporters’ producer surplus (the world-price gain a lower tariff gives them) − ${pct(a.investmentPremium, 2)}% of capital; below the clawback tolerance, the duty relief granted (rate cut × Japan’s shipments) is repaid pro rata to the shortfall at the end of the term`,
    'firm duty exposure: each maker’s 2024 exports × the average unit value of Japan’s HS 8703 exports × the car rate (mfn + track), volumes held fixed',
    ...setup.notes,
  ];
}

/** Build a variant × model block. */
export function variantModelReport(
  setup: TermSetup,
  model: ModelName,
  assumptions: TermAssumptions,
  path: { years: YearRow[]; totals: PathTotals },
  bands?: MonteCarloSummary,
): VariantModelReport {
  const citations = [
    model === 'SMART' ? SOURCES.smart : model === 'GSIM' ? SOURCES.gsim : SOURCES.ces,
    SOURCES.leontief,
    ...setup.sources,
  ];
  return {
    variant: setup.variant,
    model,
    assumptions: termAssumptionWords(setup, assumptions, model),
    citations,
    years: path.years.map(yearJson),
    totals: totalsJson(path.totals, path.years),
    ...(bands ? { bands: bandsJson(bands) } : {}),
  };
}

type Kind = 'usd' | 'pct' | 'count';
const YEAR_KIND: Record<keyof MonteCarloSummary['perYear'], Kind> = {
  revenueForgone: 'usd',
  importsFromJapan: 'usd',
  consumerPriceChange: 'pct',
  verifiedDirectJobs: 'count',
  modelledTotalJobs: 'count',
};
const TOTAL_KIND: Record<keyof MonteCarloSummary['totals'], Kind> = {
  importsFromJapanChange: 'usd',
  revenueForgone: 'usd',
  pvDutyRelief: 'usd',
  meanConsumerPriceChange: 'pct',
  constructionJobYears: 'count',
  npvUS: 'usd',
  npvJapan: 'usd',
  costPerVerifiedJob: 'usd',
  costPerModelledJob: 'usd',
  verifiedDirectJobsEnd: 'count',
  modelledTotalJobsEnd: 'count',
  clawback: 'usd',
};

function formatBand(p: Percentiles, kind: Kind) {
  const f = (x: number) => (kind === 'usd' ? usd(x) : kind === 'pct' ? pct(x) : count(x));
  return { p5: f(p.p5), p25: f(p.p25), p50: f(p.p50), p75: f(p.p75), p95: f(p.p95), mean: f(p.mean) };
}

/** Monte Carlo percentiles rendered like the values they describe (money strings, percent strings, counts). */
export function bandsJson(summary: MonteCarloSummary) {
  return {
    runs: summary.runs,
    seed: summary.seed,
    percentiles: 'p5, p25, p50, p75, p95 over the paths (linear interpolation), and the mean',
    perYear: Object.fromEntries(
      Object.entries(summary.perYear).map(([k, v]) => [
        k,
        v.map((p) => formatBand(p, YEAR_KIND[k as keyof typeof YEAR_KIND])),
      ]),
    ),
    rates: Object.fromEntries(
      Object.entries(summary.rates).map(([k, v]) => [k, v.map((p) => formatBand(p, 'pct'))]),
    ),
    totals: Object.fromEntries(
      Object.entries(summary.totals).map(([k, v]) => [
        k,
        formatBand(v, TOTAL_KIND[k as keyof typeof TOTAL_KIND]),
      ]),
    ),
  };
}
