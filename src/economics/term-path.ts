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
 * a draw are the evaluation's: its schedule rules (evaluation/projected-schedule) turn the drawn outcomes
 * into each track's periods in force, so the simulator and the evaluation cannot disagree on them. The
 * central path is the exact expectation over every combination of milestone outcomes.
 */
import { addYears, fromDayNumber, type IsoDate, toDayNumber } from '../_lib/date.js';
import { PPM_PER_UNIT } from '../_lib/money.js';
import type { Agreement } from '../agreement/index.js';
import {
  milestoneDates,
  projectedSchedules,
  projectionContext,
  type RateStep,
  type SupposedOutcome,
} from '../evaluation/index.js';
import {
  type BeaIoTable,
  beaCodeFor,
  ioJobsPerMillion,
  ioSupplierPerDirect,
  shippedIoTable,
} from './io-table.js';
import type { ModelName } from './labels.js';
import { type MarketOutcome, respond, type TwoPartnerMarket } from './market-response.js';
import type { BaseFlow, ElasticityRow, ExportSupplyRow, FirmExports, MultiplierRow } from './tables.js';
import { elasticitiesFor, exportSupplyFor, multiplierFor } from './tables.js';

/**
 * The agreement a term path reads: the validated agreement, since its tariff rates come from the
 * evaluation's schedule rules.
 */
export type TermAgreement = Agreement;

/** Assumptions of a term path; every one is printed with the results. */
export interface TermAssumptions {
  /** Probability that each milestone is verified by its deadline (default for unnamed milestones). */
  attainment: Record<string, number>;
  defaultAttainment: number;
  /** Share of committed jobs and capital actually delivered and verified. */
  delivery: number;
  /** Years to reach a commitment's job target (and spend its capital when it has no schedule). */
  rampYears: number;
  /** Real discount rate for net present values (fraction). */
  discountRate: number;
  /** Share of capital spent on structures (construction jobs); EPI's rule of thumb is 40%. */
  structuresShare: number;
  /** Share of Japan's capital counted as a cost to Japan in its NPV (0: investments earn their cost of capital). */
  investmentPremium: number;
  /** Import-demand elasticity overrides by product group. */
  Em?: Record<string, number>;
  /**
   * How investment becomes supplier and construction jobs: `leontief` (default) inverts BEA's 2024 summary
   * input–output table; `flat` uses the cited per-job and per-$1M multipliers of data/economics/multipliers.csv.
   */
  jobsModel?: JobsModel;
}

/** The two ways of turning direct jobs and structures spending into supplier jobs. */
export type JobsModel = 'leontief' | 'flat';

/** Defaults for {@link TermAssumptions}; each is labelled ASSUMPTION where no source gives it. */
export const DEFAULT_TERM_ASSUMPTIONS: TermAssumptions = {
  attainment: {},
  defaultAttainment: 0.8,
  delivery: 0.9,
  rampYears: 3,
  discountRate: 0.03,
  structuresShare: 0.4,
  investmentPremium: 0,
  jobsModel: 'leontief',
};

/** The shipped or user tables a term path needs. */
export interface TermTables {
  elasticities: ElasticityRow[];
  baseFlows: BaseFlow[];
  firmExports: FirmExports[];
  multipliers: MultiplierRow[];
  /** Japan's export-supply elasticity by product group; without a row Japan has the group's Ex. */
  exportSupply?: ExportSupplyRow[];
  /** The input–output table for the `leontief` jobs model (default: the shipped BEA 2024 summary table). */
  io?: BeaIoTable;
}

interface SetupMarket {
  trackIndex: number;
  hs: string;
  description: string;
  group: string;
  mfn: number;
  jp: number;
  row: number;
  el: ElasticityRow;
  /** Japan's export supply on this market (the group's Ex when the export-supply table has no row). */
  exJp: { Ex: number; ExLow: number; ExHigh: number };
  sources: string[];
}

/** A milestone the evaluation has already decided from verified facts: not drawn, taken as it is. */
export interface DecidedMilestone {
  met: boolean;
  /** The day the decision was recorded (met) or the miss became final (missed), from the evaluation. */
  on?: string;
  /** The evaluation's status, for the report. */
  status: string;
}

/** Everything precomputed for one variant, so each simulated path is cheap. */
export interface TermSetup {
  agreementId: string;
  variant: { id: string; title: string; years: number };
  start: IsoDate;
  years: number;
  yearBounds: { from: IsoDate; to: IsoDate; fromDay: number; toDay: number }[];
  /** What the evaluation's schedule rules read: the agreement and the variant (undefined: the default). */
  evaluation: { agreement: Agreement; variant?: string };
  /**
   * Milestones in agreement order: `day`, the day a met milestone is recorded (its deadline, or the
   * evaluation's record); `missFinal`, the day a miss becomes final (after any cure).
   */
  milestones: {
    id: string;
    title: string;
    day: number;
    missFinal: IsoDate;
    deps: number[];
    decided?: DecidedMilestone;
  }[];
  tracks: {
    id: string;
    title: string;
    mode: 'additional' | 'inclusive';
    startRate: number;
    /** The rate with no deal, time-weighted per year: the start rate while the track's overlay runs. */
    noDeal: number[];
  }[];
  markets: SetupMarket[];
  commitments: {
    id: string;
    label: string;
    naics: string;
    startDay: number;
    capital: number;
    schedule: { day: number; cumulative: number }[];
    jobsTarget: number;
    multiplier?: { supplier: number; induced: number; source: string };
  }[];
  firms: { exporter: string; units: number; source: string }[];
  firmsWithoutData: string[];
  unitValue: number;
  /** Construction job-years per $1M of structures spending, by boundary, and where they come from. */
  constructionPerMillion?: { direct: number; supplier: number; induced: number; source: string };
  /** The jobs model used and its words for the report. */
  jobsModel: { kind: JobsModel; words: string };
  clawback?: { tolerance: number; measures: ('jobs' | 'capital')[] };
  /** Jobs and capital per year at full delivery (everything scales with the delivered share). */
  schedule: {
    capital: number[];
    spent: number[];
    direct: number[];
    supplier: number[];
    induced: number[];
    construction: number[];
    jobsTarget: number;
    capitalTarget: number;
    constructionTotal: number;
  };
  notes: string[];
  sources: string[];
}

function milestoneDeps(when: unknown, ids: readonly string[]): number[] {
  const out = new Set<number>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (typeof o.milestone === 'string') {
        const k = ids.indexOf(o.milestone);
        if (k >= 0) out.add(k);
      }
      for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
    }
  };
  walk(when);
  return [...out];
}

const day = (d: string) => toDayNumber(d as IsoDate);

/** A commitment's cited flat multiplier (per direct job), from a per-job row or a per-$1M row. */
function flatMultiplier(
  rows: readonly MultiplierRow[],
  naics: string,
): { supplier: number; induced: number; source: string } | undefined {
  const perDirect = multiplierFor(rows, naics, 'per-direct');
  const per1m = multiplierFor(rows, naics, 'per-1m');
  if (perDirect && (!per1m || perDirect.naics.length >= per1m.naics.length))
    return { supplier: perDirect.supplier, induced: perDirect.induced, source: perDirect.source };
  if (per1m && per1m.direct > 0)
    return {
      supplier: per1m.supplier / per1m.direct,
      induced: per1m.induced / per1m.direct,
      source: per1m.source,
    };
  return undefined;
}

/** The variant to simulate: by id, else the agreement's default, else the base term. */
function pickVariant(a: TermAgreement, id: string | undefined) {
  const variants = a.term.variants ?? [];
  const chosen = id ?? a.term.default;
  if (chosen === undefined)
    return { id: 'base', title: `${a.term.years}-year term`, years: a.term.years, milestones: {} };
  const v = variants.find((x) => x.id === chosen);
  if (!v) throw new Error(`no variant "${chosen}"`);
  return { id: v.id, title: v.title ?? v.id, years: v.years, milestones: v.milestones ?? {} };
}

/**
 * Prepare a variant of an agreement for simulation: the milestone dates, the track steps, the markets
 * (base-year flows matched to each track's HS lines), the commitments' ramps and the firms' exposure data.
 */
export function prepareTerm(
  agreement: TermAgreement,
  tables: TermTables,
  assumptions: TermAssumptions,
  variantId?: string,
  decided: Record<string, DecidedMilestone> = {},
): TermSetup {
  const variant = pickVariant(agreement, variantId);
  const start = agreement.term.start as IsoDate;
  const years = variant.years;
  const yearBounds = Array.from({ length: years }, (_, k) => {
    const from = addYears(start, k);
    const to = addYears(start, k + 1);
    return { from, to, fromDay: day(from), toDay: day(to) };
  });
  const chosen = variantId ?? agreement.term.default;
  const evaluation = { agreement, ...(chosen === undefined ? {} : { variant: chosen }) };
  const ctx = projectionContext(agreement, evaluation.variant);
  const ids = agreement.milestones.map((m) => m.id);
  const milestones = agreement.milestones.map((m) => {
    const d = decided[m.id];
    const dates = milestoneDates(ctx, m.id);
    // A met milestone counts from its recorded decision, not its deadline; a decided miss from its record.
    const at = d?.met && d.on !== undefined ? d.on : dates.deadline;
    const missFinal = d && !d.met && d.on !== undefined ? (d.on as IsoDate) : dates.missFinal;
    return {
      id: m.id,
      title: m.title ?? m.id,
      day: day(at),
      missFinal,
      deps: milestoneDeps(m.when, ids),
      ...(d ? { decided: d } : {}),
    };
  });
  const notes: string[] = [];
  const tracks: TermSetup['tracks'] = [];
  const markets: SetupMarket[] = [];
  const sources = new Set<string>();
  for (const t of agreement.tracks) {
    if (t.lines.importers && t.lines.importers.length > 0) {
      notes.push(
        `track ${t.id} is scoped to named importers (${t.lines.importers.join(', ')}); its relief is not modelled`,
      );
      continue;
    }
    if (t.lines.origin !== 'JP') {
      notes.push(`track ${t.id} covers origin ${t.lines.origin}; the shipped base-year table has Japan only`);
      continue;
    }
    const trackIndex = tracks.length;
    const startRate = t.start.rate / PPM_PER_UNIT;
    const overlay = {
      from: day(t.start.from),
      until: t.end ? day(t.end.on) : Number.POSITIVE_INFINITY,
      rate: startRate,
    };
    tracks.push({
      id: t.id,
      title: t.title ?? t.id,
      mode: t.mode,
      startRate,
      noDeal: yearlyRates([overlay], yearBounds),
    });
    const modes = new Set([
      t.start.mode ?? t.mode,
      ...t.steps.flatMap((s) => (s.mode ? [s.mode] : [])),
      // Only a snap-back on a missed milestone can happen in a simulation (breaches are not drawn).
      ...(t.snapBack?.on.some((o) => o.event === 'milestone-missed') ? [t.snapBack.mode ?? t.mode] : []),
    ]);
    if (modes.size > 1 || !modes.has(t.mode))
      notes.push(
        `track ${t.id}: its schedule changes how the rate applies (${[...modes].join(', ')}); the simulation applies it ${t.mode} throughout`,
      );
    const prefixes = t.lines.hts.map((h) => h.replace(/\./g, ''));
    const headings = [...new Set(tables.baseFlows.map((f) => f.hs))].filter((hs) =>
      prefixes.some((p) => p.startsWith(hs) || hs.startsWith(p)),
    );
    if (headings.length === 0)
      notes.push(`track ${t.id}: no base-year flows for HS ${t.lines.hts.join(', ')}`);
    for (const hs of headings) {
      const jp = tables.baseFlows.find((f) => f.hs === hs && f.partner === 'JP');
      const row = tables.baseFlows.find((f) => f.hs === hs && f.partner === 'ROW');
      if (!jp || !row) {
        notes.push(`HS ${hs}: the base-year table needs both a JP and a ROW row`);
        continue;
      }
      if (prefixes.some((p) => p.length > hs.length && p.startsWith(hs)))
        notes.push(
          `track ${t.id}: base-year flows for HS ${hs} cover more lines than the track (${t.lines.hts.join(', ')})`,
        );
      const el = elasticitiesFor(tables.elasticities, hs);
      sources.add(jp.source).add(row.source).add(el.source);
      const supply = exportSupplyFor(tables.exportSupply ?? [], el.group, 'JP');
      if (supply) sources.add(supply.source);
      else
        notes.push(
          `HS ${hs} (${el.group}): no export-supply row for Japan; Japan's Ex is the group's ${el.Ex}${el.Ex >= 99 ? ' (infinite: no price gain for its exporters)' : ''}`,
        );
      markets.push({
        trackIndex,
        hs,
        description: jp.description,
        group: el.group,
        mfn: jp.mfn / PPM_PER_UNIT,
        jp: jp.annualValue,
        row: row.annualValue,
        el: assumptions.Em?.[el.group] === undefined ? el : { ...el, Em: assumptions.Em[el.group]! },
        exJp: supply
          ? { Ex: supply.Ex, ExLow: supply.ExLow, ExHigh: supply.ExHigh }
          : { Ex: el.Ex, ExLow: el.Ex, ExHigh: el.Ex },
        sources: [jp.source, row.source, el.source, ...(supply ? [supply.source] : [])],
      });
    }
  }
  const io =
    (assumptions.jobsModel ?? 'leontief') === 'leontief' ? (tables.io ?? shippedIoTable()) : undefined;
  const ioCodes: string[] = [];
  const commitments = agreement.commitments.map((c) => {
    const startDay = day(c.start);
    const capital = c.capital ? Number(c.capital.total) / 100 : 0;
    const schedule = (c.capital?.schedule ?? []).map((s) => ({
      day: day(s.by),
      cumulative: Number(s.atLeast) / 100,
    }));
    if (capital > 0 && schedule.length === 0)
      schedule.push({ day: day(addYears(c.start as IsoDate, assumptions.rampYears)), cumulative: capital });
    const flat = flatMultiplier(tables.multipliers, c.naics);
    let multiplier = flat;
    if (io) {
      const code = beaCodeFor(io, c.naics);
      if (code) {
        // Supplier jobs from the inverse; the table has no household row, so induced jobs stay the
        // cited flat factor (0 when there is none).
        multiplier = {
          supplier: ioSupplierPerDirect(io, code),
          induced: flat?.induced ?? 0,
          source: `Leontief on BEA ${io.year} summary I–O, industry ${code}${flat ? `; induced: ${flat.source}` : ''}`,
        };
        ioCodes.push(
          `${c.id} NAICS ${c.naics} → ${code} (${multiplier.supplier.toFixed(2)} supplier jobs per direct job)`,
        );
      } else
        notes.push(
          `commitment ${c.id} (NAICS ${c.naics}): no BEA summary industry; its supplier jobs use the flat multiplier`,
        );
    }
    if (flat) sources.add(flat.source);
    if (!multiplier)
      notes.push(
        `commitment ${c.id} (NAICS ${c.naics}): no cited multiplier; only its direct jobs are counted`,
      );
    else if (!flat)
      notes.push(
        `commitment ${c.id} (NAICS ${c.naics}): no cited induced factor; its induced jobs are not counted`,
      );
    return {
      id: c.id,
      label: `${c.investor} — ${c.project}`,
      naics: c.naics,
      startDay,
      capital,
      schedule,
      jobsTarget: c.jobs?.target ?? 0,
      ...(multiplier ? { multiplier } : {}),
    };
  });
  const constructionFlat = multiplierFor(tables.multipliers, '23', 'per-1m');
  if (constructionFlat) sources.add(constructionFlat.source);
  let construction: TermSetup['constructionPerMillion'];
  if (io?.codes.includes('23')) {
    const m = ioJobsPerMillion(io, '23');
    construction = {
      direct: m.direct,
      supplier: m.supplier,
      induced: constructionFlat?.induced ?? 0,
      source: `Leontief on BEA ${io.year} summary I–O, industry 23${constructionFlat ? `; induced: ${constructionFlat.source}` : ''}`,
    };
  } else if (constructionFlat)
    construction = {
      direct: constructionFlat.direct,
      supplier: constructionFlat.supplier,
      induced: constructionFlat.induced,
      source: constructionFlat.source,
    };
  if (io) for (const s of io.sources) sources.add(s);
  const jobsModel: TermSetup['jobsModel'] = io
    ? {
        kind: 'leontief',
        words: `jobs model: Leontief (I − A)⁻¹ on BEA’s ${io.year} summary input–output table (71 industries, domestic inputs), computed by accord; supplier jobs per direct job ${ioCodes.join('; ') || '(no commitment)'}; construction ${construction ? `${(construction.direct + construction.supplier).toFixed(2)} direct + supplier job-years per $1M` : 'not counted'}; jobs per $1M of output: BLS CES where cited, the national average elsewhere (data/economics/bea-io-2024/README.md); induced jobs: the cited flat factors (the table has no household row); the flat multipliers are the alternative (assumptions.jobsModel: flat)`,
      }
    : {
        kind: 'flat',
        words:
          'jobs model: flat cited multipliers (data/economics/multipliers.csv: supplier and induced jobs per direct job, construction jobs per $1M); the default is Leontief on BEA’s 2024 input–output table',
      };
  const schedule: TermSetup['schedule'] = {
    capital: [],
    spent: [],
    direct: [],
    supplier: [],
    induced: [],
    construction: [],
    jobsTarget: commitments.reduce((a, c) => a + c.jobsTarget, 0),
    capitalTarget: commitments.reduce((a, c) => a + c.capital, 0),
    constructionTotal: 0,
  };
  let previousCapital = 0;
  for (const yb of yearBounds) {
    let capital = 0;
    let direct = 0;
    let supplier = 0;
    let induced = 0;
    for (const c of commitments) {
      capital += cumulativeCapital(c, yb.toDay);
      const ramp = Math.min(1, Math.max(0, (yb.toDay - c.startDay) / (365.25 * assumptions.rampYears)));
      const jobs = c.jobsTarget * ramp;
      direct += jobs;
      supplier += jobs * (c.multiplier?.supplier ?? 0);
      induced += jobs * (c.multiplier?.induced ?? 0);
    }
    const spent = capital - previousCapital;
    previousCapital = capital;
    schedule.capital.push(capital);
    schedule.spent.push(spent);
    schedule.direct.push(direct);
    schedule.supplier.push(supplier);
    schedule.induced.push(induced);
    schedule.construction.push(
      construction
        ? ((spent * assumptions.structuresShare) / 1e6) *
            (construction.direct + construction.supplier + construction.induced)
        : 0,
    );
  }
  schedule.constructionTotal = schedule.construction.reduce((a, x) => a + x, 0);
  const cars = tables.baseFlows.find((f) => f.hs === '8703' && f.partner === 'JP');
  const unitValue = cars?.units ? cars.annualValue / cars.units : 0;
  const makers = tables.firmExports.filter((f) => !f.exporter.startsWith('Japan'));
  return {
    agreementId: agreement.id,
    variant: { id: variant.id, title: variant.title, years },
    start,
    years,
    yearBounds,
    evaluation,
    milestones,
    tracks,
    markets,
    commitments,
    firms: makers
      .filter((f) => f.units !== undefined)
      .map((f) => ({ exporter: f.exporter, units: f.units!, source: f.source })),
    firmsWithoutData: makers
      .filter((f) => f.units === undefined)
      .map((f) => `${f.exporter}: ${f.note || 'no figure'}`),
    unitValue,
    ...(construction ? { constructionPerMillion: construction } : {}),
    jobsModel,
    schedule,
    ...(agreement.clawback
      ? {
          clawback: {
            tolerance: agreement.clawback.tolerance / PPM_PER_UNIT,
            measures: agreement.clawback.measures,
          },
        }
      : {}),
    notes,
    sources: [...sources],
  };
}

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

/** A period in force as day numbers: [from, until), `until` +∞ when open-ended; rate as a fraction. */
interface Period {
  from: number;
  until: number;
  rate: number;
}

/** Time-weighted rate per year of periods in force (none in force: no rate from this track, 0). */
function yearlyRates(periods: readonly Period[], years: TermSetup['yearBounds']): number[] {
  return years.map((yb) => {
    let weighted = 0;
    for (const p of periods) {
      const a = Math.max(p.from, yb.fromDay);
      const b = Math.min(p.until, yb.toDay);
      if (b > a) weighted += p.rate * (b - a);
    }
    return weighted / (yb.toDay - yb.fromDay);
  });
}

const toPeriod = (s: RateStep): Period => ({
  from: day(s.from),
  until: s.until === undefined ? Number.POSITIVE_INFINITY : day(s.until),
  rate: s.rate / PPM_PER_UNIT,
});

function cumulativeCapital(c: TermSetup['commitments'][number], d: number): number {
  let prevDay = c.startDay;
  let prev = 0;
  for (const s of c.schedule) {
    if (d <= s.day) {
      const span = s.day - prevDay;
      return span <= 0 ? s.cumulative : prev + ((s.cumulative - prev) * Math.max(0, d - prevDay)) / span;
    }
    prevDay = s.day;
    prev = s.cumulative;
  }
  return prev;
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

/** Milestone decision days for a draw: a milestone counts only if its named milestones count too. */
function milestoneDays(setup: TermSetup, met: readonly boolean[], day: Float64Array): void {
  const n = setup.milestones.length;
  day.fill(Number.NaN);
  const resolve = (k: number, depth: number): number => {
    if (!Number.isNaN(day[k]!)) return day[k]!;
    const m = setup.milestones[k]!;
    let d = met[k] && depth <= n ? m.day : Number.POSITIVE_INFINITY;
    for (let j = 0; j < m.deps.length && d !== Number.POSITIVE_INFINITY; j++)
      d = Math.max(d, resolve(m.deps[j]!, depth + 1));
    day[k] = d;
    return d;
  };
  for (let k = 0; k < n; k++) resolve(k, 0);
}

/**
 * Each track's yearly rates when the milestones count on `metDay` (+∞: missed): the evaluation's schedule
 * for those outcomes, computed once per combination of outcomes and kept in the workspace.
 */
function ratesFor(setup: TermSetup, metDay: Float64Array, work: PathWorkspace): number[][] {
  let key = '';
  for (let k = 0; k < metDay.length; k++) key += Number.isFinite(metDay[k]!) ? '1' : '0';
  const cached = work.schedules.get(key);
  if (cached) return cached;
  const outcomes: Record<string, SupposedOutcome> = {};
  setup.milestones.forEach((m, k) => {
    const d = metDay[k]!;
    outcomes[m.id] = Number.isFinite(d)
      ? { met: true, on: fromDayNumber(d) }
      : { met: false, on: m.missFinal };
  });
  work.context ??= projectionContext(setup.evaluation.agreement, setup.evaluation.variant);
  const schedules = projectedSchedules(
    work.context,
    outcomes,
    setup.tracks.map((t) => t.id),
  );
  const rates = schedules.map((inForce) => yearlyRates(inForce.map(toPeriod), setup.yearBounds));
  work.schedules.set(key, rates);
  return rates;
}

/** Scratch arrays reused across paths so a Monte Carlo run allocates almost nothing per path. */
export interface PathWorkspace {
  metDay: Float64Array;
  /** Yearly rates per track by combination of milestone outcomes ('1': met), from the evaluation. */
  schedules: Map<string, number[][]>;
  context?: ReturnType<typeof projectionContext>;
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
  const Y = setup.years;
  const core = work.core;
  milestoneDays(setup, draw.met, work.metDay);
  const rates = ratesFor(setup, work.metDay, work);
  for (let ti = 0; ti < setup.tracks.length; ti++) core.rates[ti]!.set(rates[ti]!);
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
  return core;
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
