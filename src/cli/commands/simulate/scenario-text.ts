/**
 * @module cli/commands/simulate/scenario-text
 * What `accord simulate SCENARIO` reports, and that report as text: term totals per model, the expected path
 * beside the Monte Carlo medians, year-by-year tables, each maker's duty, assumptions and sources.
 */
import Table from 'cli-table3';
import { type ModelName, VALUE_DEFINITIONS, type VariantModelReport } from '../../../economics/index.js';

/** Everything `accord simulate SCENARIO` reports. */
export interface ScenarioReport {
  title: string;
  /** What `years`/`totals` (the expected path) and `bands` (Monte Carlo percentiles) each are. */
  definitions: typeof VALUE_DEFINITIONS;
  agreement: { id: string; file: string };
  models: ModelName[];
  monteCarlo?: { runs: number; seed: number; workers: number };
  results: VariantModelReport[];
  firms: string[];
  notes: string[];
  charts: string[];
}

/** Dollars, scaled to bn, M or k, with a true minus sign. */
const bn = (x: string) => {
  const v = Number(x);
  if (!Number.isFinite(v)) return 'n/a';
  const a = Math.abs(v);
  const sign = v < 0 ? '−' : '';
  return a >= 1e9
    ? `${sign}$${(a / 1e9).toFixed(2)} bn`
    : a >= 1e6
      ? `${sign}$${(a / 1e6).toFixed(2)} M`
      : a >= 1e3
        ? `${sign}$${(a / 1e3).toFixed(1)} k`
        : `${sign}$${a.toFixed(0)}`;
};
/** A job count, rounded, with thousands separators. */
const jobs = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
/** A percentage to two places. */
const percent = (x: string) => (x === 'n/a' ? x : `${Number(x).toFixed(2)}%`);

type Band = { p5: string | number; p50: string | number; p95: string | number };

/** A Monte Carlo median with its own 5th–95th percentile band: the median always lies inside it. */
function medianWithBand(band: Band, f: (x: string) => string): string {
  return `${f(String(band.p50))} [${f(String(band.p5))} – ${f(String(band.p95))}]`;
}

/** A job count given as text (a band's or a total's). */
const jobsText = (x: string) => jobs(Number(x));

/** A table in the report's style: no colours, plain borders. */
const table = (head: string[]) => new Table({ head, style: { head: [], border: [] } });

/**
 * The scenario report as text. With Monte Carlo every term total is a median with its band; the expected
 * path (deterministic) gets a table of its own, so no cell mixes the two. Without Monte Carlo every value
 * is the expected path, labelled as such.
 */
export function scenarioText(report: ScenarioReport): string {
  const out: string[] = [];
  const mc = report.monteCarlo;
  out.push(...headerLines(report));
  for (const model of report.models) out.push('', ...termTotals(report, model));
  if (mc) out.push('', ...expectedPathTotals(report));
  const first = report.results.filter((r) => r.model === report.models[0]);
  for (const b of first) out.push('', ...yearByYear(b, mc?.runs));
  if (report.firms.length > 0) out.push('', ...firmDuty(report.firms, first));
  out.push('', ...footerLines(report));
  return `${out.join('\n')}\n`;
}

/** The title, the agreement, and what every value in the tables is. */
function headerLines(report: ScenarioReport): string[] {
  const out: string[] = [];
  const mc = report.monteCarlo;
  out.push(report.title);
  out.push(`Agreement: ${report.agreement.id} (${report.agreement.file})`);
  if (mc) {
    out.push(
      `Values: each cell is the median of ${mc.runs} Monte Carlo paths (seed ${mc.seed}) with their 5th–95th percentile in brackets; each path draws whether each milestone is met, the import elasticities, Japan's export-supply elasticity and delivery.`,
    );
    out.push(
      `The expected path (one deterministic calculation: milestone outcomes weighted by their probabilities, central elasticities, delivery as assumed) is a different number, in its own table below; ${VALUE_DEFINITIONS.whyTheyDiffer}.`,
    );
  } else
    out.push(
      'Values: the expected path, one deterministic calculation: milestone outcomes weighted by their probabilities, central elasticities, delivery as assumed (no uncertainty bands; run with --runs N for Monte Carlo medians and their bands).',
    );
  out.push('All values are model estimates against no deal (the start rate stays), in 2024 US dollars.');
  return out;
}

type TotalKey = keyof NonNullable<VariantModelReport['bands']>['totals'];

/** One model's term totals, a column per variant: Monte Carlo medians with bands, or the expected path. */
function termTotals(report: ScenarioReport, model: ModelName): string[] {
  const mc = report.monteCarlo;
  const blocks = report.results.filter((r) => r.model === model);
  const heading = `Term totals — model: ${model} (${blocks[0]?.citations[0] ?? ''}) — ${mc ? `median [5th – 95th percentile] of ${mc.runs} paths` : 'expected path (deterministic)'}`;
  const t = table(['', ...blocks.map((b) => `${b.variant.id} (${b.variant.years} years)`)]);
  const row = (
    label: string,
    key: TotalKey,
    expected: (b: VariantModelReport) => string,
    f: (x: string) => string,
  ) =>
    t.push([
      label,
      ...blocks.map((b) => {
        const band = b.bands?.totals[key];
        return band ? medianWithBand(band, f) : f(expected(b));
      }),
    ]);
  row(
    'imports from Japan, change over the term',
    'importsFromJapanChange',
    (b) => b.totals.importsFromJapanChange,
    bn,
  );
  row('duty revenue forgone', 'revenueForgone', (b) => b.totals.revenueForgone, bn);
  row('  present value', 'pvDutyRelief', (b) => b.totals.presentValueOfDutyRelief, bn);
  row('  clawback repaid', 'clawback', (b) => b.totals.clawback, bn);
  row(
    'consumer price of the imports, mean change',
    'meanConsumerPriceChange',
    (b) => b.totals.meanConsumerPriceChange,
    percent,
  );
  row(
    'verified direct jobs at the end',
    'verifiedDirectJobsEnd',
    (b) => String(b.totals.verifiedDirectJobsAtEnd),
    jobsText,
  );
  row(
    'modelled total jobs at the end',
    'modelledTotalJobsEnd',
    (b) => String(b.totals.modelledTotalJobsAtEnd),
    jobsText,
  );
  row(
    'construction job-years (modelled)',
    'constructionJobYears',
    (b) => String(b.totals.constructionJobYears),
    jobsText,
  );
  row('cost per verified job', 'costPerVerifiedJob', (b) => b.totals.costPerVerifiedJob, bn);
  row('cost per modelled job', 'costPerModelledJob', (b) => b.totals.costPerModelledJob, bn);
  row('NPV, United States', 'npvUS', (b) => b.totals.npv.US, bn);
  row('NPV, Japan', 'npvJapan', (b) => b.totals.npv.JP, bn);
  return [heading, t.toString()];
}

/** With Monte Carlo, the expected path's main totals in a table of their own, so no cell mixes the two. */
function expectedPathTotals(report: ScenarioReport): string[] {
  const t = table(['', ...report.results.map((b) => `${b.model} ${b.variant.id}`)]);
  const row = (label: string, f: (b: VariantModelReport) => string) =>
    t.push([label, ...report.results.map(f)]);
  row('duty revenue forgone', (b) => bn(b.totals.revenueForgone));
  row('NPV, United States', (b) => bn(b.totals.npv.US));
  row('NPV, Japan', (b) => bn(b.totals.npv.JP));
  row('modelled total jobs at the end', (b) => jobs(b.totals.modelledTotalJobsAtEnd));
  return ['Expected path (deterministic; not a Monte Carlo statistic) — term totals', t.toString()];
}

/** A variant's years under one model: medians where there are bands, else the expected path. */
function yearByYear(b: VariantModelReport, runs: number | undefined): string[] {
  const heading = `Year by year — ${b.variant.title} — model: ${b.model} — ${b.bands ? `medians of ${runs ?? 0} paths; revenue forgone with its [5th – 95th percentile]` : 'expected path (deterministic)'}`;
  const trackIds = Object.keys(b.years[0]?.rates ?? {});
  const t = table([
    'year',
    ...trackIds.map((id) => `${id} rate`),
    'imports from JP',
    'revenue forgone',
    'price Δ',
    'verified jobs',
    'modelled jobs',
  ]);
  b.years.forEach((y, i) => {
    const bands = b.bands;
    const median = <T>(band: { p50: T } | undefined, expected: T): T => (band ? band.p50 : expected);
    t.push([
      `${y.year} (${y.from})`,
      ...trackIds.map((id) => percent(String(median(bands?.rates[id]?.[i], y.rates[id] ?? 'n/a')))),
      bn(String(median(bands?.perYear.importsFromJapan?.[i], y.importsFromJapan))),
      bands?.perYear.revenueForgone?.[i]
        ? medianWithBand(bands.perYear.revenueForgone[i], bn)
        : bn(y.revenueForgone),
      percent(String(median(bands?.perYear.consumerPriceChange?.[i], y.consumerPriceChange))),
      jobs(Number(median(bands?.perYear.verifiedDirectJobs?.[i], y.jobs.verifiedDirect))),
      jobs(Number(median(bands?.perYear.modelledTotalJobs?.[i], y.jobs.modelledTotal))),
    ]);
  });
  return [heading, t.toString()];
}

/** Each maker's duty over the term and what it saves against no deal, for each variant (`first` model). */
function firmDuty(firms: string[], first: VariantModelReport[]): string[] {
  const t = table([
    'maker',
    ...first.flatMap((b) => [`${b.variant.id}: duty`, `${b.variant.id}: saved vs no deal`]),
  ]);
  for (const firm of firms) {
    t.push([
      firm,
      ...first.flatMap((b) => {
        const duty = b.years.reduce((s, y) => s + Number(y.firmDuty[firm] ?? 0), 0);
        const saved = b.years.reduce((s, y) => s + Number(y.firmDutySaved[firm] ?? 0), 0);
        return [bn(String(duty)), bn(String(saved))];
      }),
    ]);
  }
  return [
    `Duty on each maker’s exports to the US over the term (car rate in force; expected path, model-free)`,
    t.toString(),
  ];
}

/** Assumptions, notes, sources and the charts written. */
function footerLines(report: ScenarioReport): string[] {
  const out: string[] = [];
  out.push('Assumptions:');
  for (const a of report.results[0]?.assumptions.slice(1) ?? []) out.push(`  - ${a}`);
  for (const n of report.notes) out.push(`  - ${n}`);
  out.push('Sources:');
  for (const c of new Set(report.results.flatMap((r) => r.citations))) out.push(`  - ${c}`);
  if (report.charts.length > 0) {
    out.push('Charts:');
    for (const c of report.charts) out.push(`  - ${c}`);
  }
  return out;
}
