/**
 * @module economics/monte-carlo
 * Monte Carlo over milestone attainment, import elasticities and delivery. Every path has its own random
 * stream derived from (seed, path index), so a path's draws do not depend on which worker runs it or how
 * the paths are split: the same seed gives identical results on any number of workers. Workers write
 * into one shared buffer at their paths' rows; percentiles are taken once, over the whole buffer.
 */
import { availableParallelism } from 'node:os';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { ModelName } from './labels.js';
import {
  attainmentProbabilities,
  type PathDraw,
  pathWorkspace,
  simulatePathCore,
  type TermAssumptions,
  type TermSetup,
} from './term-path.js';

/** What the Monte Carlo draws over. */
export interface Uncertainty {
  /** Draw each market's Em, and Japan's Ex where its table gives a range, between the low and high
   * values (triangular, mode at the central value). */
  elasticities: boolean;
  /** Draw delivery uniformly in this range (else the assumption's value). */
  delivery?: { low: number; high: number };
}

/** The per-year metrics kept for every path. */
export const YEAR_METRICS = [
  'revenueForgone',
  'importsFromJapan',
  'consumerPriceChange',
  'verifiedDirectJobs',
  'modelledTotalJobs',
] as const;
/** The term totals kept for every path: every total the report shows, so each has a median and a band. */
export const TOTAL_METRICS = [
  'importsFromJapanChange',
  'revenueForgone',
  'pvDutyRelief',
  'meanConsumerPriceChange',
  'constructionJobYears',
  'npvUS',
  'npvJapan',
  'costPerVerifiedJob',
  'costPerModelledJob',
  'verifiedDirectJobsEnd',
  'modelledTotalJobsEnd',
  'clawback',
] as const;

/** Percentiles of one quantity over the paths. */
export interface Percentiles {
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  mean: number;
}

/** Monte Carlo results: percentiles per year and for the term totals. */
export interface MonteCarloSummary {
  runs: number;
  seed: number;
  workers: number;
  perYear: Record<(typeof YEAR_METRICS)[number], Percentiles[]>;
  /** The time-weighted rate in force per track and year (fractions), by track id. */
  rates: Record<string, Percentiles[]>;
  totals: Record<(typeof TOTAL_METRICS)[number], Percentiles>;
}

/** Values kept per path (columns of the column-major result buffer): year metrics, totals, track rates. */
export function rowWidth(years: number, tracks = 0): number {
  return years * YEAR_METRICS.length + TOTAL_METRICS.length + years * tracks;
}

/** fmix32 (MurmurHash3 finaliser): spreads (seed, index, word) into independent-looking 32-bit words. */
function mix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** The random stream of path `index` under `seed`. */
export function pathStream(seed: number, index: number) {
  const words: number[] = [0, 1, 2, 3].map((w) =>
    mix(mix(mix(seed ^ 0x9e3779b9) + index) + Math.imul(w + 1, 0x27d4eb2f)),
  );
  // An all-zero state would stick at zero; the mixer makes it practically impossible, but guard anyway.
  if (!words.some((w) => w !== 0)) words[0] = 1;
  return xoroshiro128plusFromState(words);
}

/**
 * Inverse CDF of the triangular distribution on [low, high] with its mode at the central value, so the
 * table's central elasticity is the most likely draw.
 */
export function triangular(low: number, mode: number, high: number, u: number): number {
  const span = high - low;
  if (span <= 0) return mode;
  const cut = (mode - low) / span;
  return u < cut
    ? low + Math.sqrt(u * span * (mode - low))
    : high - Math.sqrt((1 - u) * span * (high - mode));
}

/** Draw one path's inputs. */
export function drawPath(
  setup: TermSetup,
  assumptions: TermAssumptions,
  uncertainty: Uncertainty,
  seed: number,
  index: number,
  p: readonly number[] = attainmentProbabilities(setup, assumptions),
): PathDraw {
  const rng = pathStream(seed, index);
  const met = p.map((pi) => uniformFloat64(rng) < pi);
  const Em = setup.markets.map((m) => {
    const u = uniformFloat64(rng);
    return uncertainty.elasticities ? triangular(m.el.EmLow, m.el.Em, m.el.EmHigh, u) : m.el.Em;
  });
  const u = uniformFloat64(rng);
  const delivery = uncertainty.delivery
    ? uncertainty.delivery.low + (uncertainty.delivery.high - uncertainty.delivery.low) * u
    : assumptions.delivery;
  // Drawn after the others, so adding Japan's Ex left the milestone, Em and delivery draws as they were.
  const ExJp = setup.markets.map((m) => {
    const v = uniformFloat64(rng);
    return uncertainty.elasticities ? triangular(m.exJp.ExLow, m.exJp.Ex, m.exJp.ExHigh, v) : m.exJp.Ex;
  });
  return { met, Em, delivery, ExJp };
}

/** A slice of work: paths [from, to) written into `out` at row `index`. */
export interface PathJob {
  setup: TermSetup;
  model: ModelName;
  assumptions: TermAssumptions;
  uncertainty: Uncertainty;
  seed: number;
  from: number;
  to: number;
  /** Total paths of the run: the buffer is column-major, column c of path i at c·runs + i. */
  runs: number;
  buffer: SharedArrayBuffer | ArrayBuffer;
}

/** Run paths [from, to) and write their values into the job's buffer. Returns how many ran. */
export function runPaths(job: PathJob, onPath?: () => void): number {
  const R = job.runs;
  const out = new Float64Array(job.buffer);
  const work = pathWorkspace(job.setup);
  const p = attainmentProbabilities(job.setup, job.assumptions);
  for (let i = job.from; i < job.to; i++) {
    const draw = drawPath(job.setup, job.assumptions, job.uncertainty, job.seed, i, p);
    const core = simulatePathCore(job.setup, draw, job.model, job.assumptions, work);
    const s = job.setup.schedule;
    // Column-major, so the percentiles later read each column contiguously.
    let c = 0;
    for (let y = 0; y < job.setup.years; y++) {
      out[c++ * R + i] = core.revenueForgone[y]!;
      out[c++ * R + i] = core.importsFromJapan[y]!;
      out[c++ * R + i] = core.consumerPriceChange[y]!;
      out[c++ * R + i] = s.direct[y]! * draw.delivery;
      out[c++ * R + i] = (s.direct[y]! + s.supplier[y]! + s.induced[y]!) * draw.delivery;
    }
    const t = core.totals;
    let jpChange = 0;
    let price = 0;
    for (let y = 0; y < job.setup.years; y++) {
      jpChange += core.importsFromJapan[y]! - core.importsFromJapanNoDeal[y]!;
      price += core.consumerPriceChange[y]!;
    }
    const values: Record<(typeof TOTAL_METRICS)[number], number> = {
      importsFromJapanChange: jpChange,
      revenueForgone: t.revenueForgone,
      pvDutyRelief: t.pvDutyRelief,
      meanConsumerPriceChange: price / Math.max(1, job.setup.years),
      constructionJobYears: t.constructionJobYears,
      npvUS: t.npvUS,
      npvJapan: t.npvJapan,
      costPerVerifiedJob: t.costPerVerifiedJob,
      costPerModelledJob: t.costPerModelledJob,
      verifiedDirectJobsEnd: t.verifiedDirectJobsEnd,
      modelledTotalJobsEnd: t.modelledTotalJobsEnd,
      clawback: t.clawback,
    };
    for (const m of TOTAL_METRICS) out[c++ * R + i] = values[m];
    for (let k = 0; k < core.rates.length; k++)
      for (let y = 0; y < job.setup.years; y++) out[c++ * R + i] = core.rates[k]![y]!;
    onPath?.();
  }
  return job.to - job.from;
}

/**
 * Rearrange a[lo..hi] so that a[k] holds the value of rank k, smaller values before it and larger after
 * (Hoare's quickselect, median-of-three pivot): O(n), where a full sort of every column cost O(n log n).
 */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  let left = lo;
  let right = hi;
  while (right > left) {
    const mid = (left + right) >>> 1;
    const x = a[left]!;
    const y = a[mid]!;
    const z = a[right]!;
    // The median of the three: the largest of the pairwise minima.
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

function percentiles(values: Float64Array): Percentiles {
  // Non-finite values (cost per job with no jobs) are left out.
  const finite = new Float64Array(values.length);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v === 0) {
      // finite: Infinity − Infinity and NaN − NaN are NaN
      finite[n++] = v;
      sum += v;
    }
  }
  if (n === 0)
    return {
      p5: Number.NaN,
      p25: Number.NaN,
      p50: Number.NaN,
      p75: Number.NaN,
      p95: Number.NaN,
      mean: Number.NaN,
    };
  const a = finite.subarray(0, n);
  // Linear interpolation between order statistics (type 7, as R and NumPy default): ranks ⌊h⌋ and ⌊h⌋ + 1.
  const ranks = [
    ...new Set(
      QUANTILES.flatMap((p) => [Math.floor((n - 1) * p), Math.min(n - 1, Math.floor((n - 1) * p) + 1)]),
    ),
  ].sort((x, y) => x - y);
  const at = new Map<number, number>();
  let start = 0;
  for (const k of ranks) {
    select(a, k, start, n - 1);
    at.set(k, a[k]!);
    start = k + 1;
  }
  const q = (p: number) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(n - 1, lo + 1);
    return at.get(lo)! + (h - lo) * (at.get(hi)! - at.get(lo)!);
  };
  return { p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), mean: sum / n };
}

/** Percentiles per column of a filled buffer. */
export function summarize(
  buffer: ArrayBufferLike,
  runs: number,
  years: number,
  seed: number,
  workers: number,
  trackIds: readonly string[] = [],
): MonteCarloSummary {
  const data = new Float64Array(buffer);
  const column = (c: number) => percentiles(data.subarray(c * runs, (c + 1) * runs));
  const perYear = Object.fromEntries(
    YEAR_METRICS.map((m, k) => [
      m,
      Array.from({ length: years }, (_, y) => column(y * YEAR_METRICS.length + k)),
    ]),
  ) as MonteCarloSummary['perYear'];
  const totals = Object.fromEntries(
    TOTAL_METRICS.map((m, k) => [m, column(years * YEAR_METRICS.length + k)]),
  ) as MonteCarloSummary['totals'];
  const ratesFrom = years * YEAR_METRICS.length + TOTAL_METRICS.length;
  const rates = Object.fromEntries(
    trackIds.map((id, k) => [id, Array.from({ length: years }, (_, y) => column(ratesFrom + k * years + y))]),
  );
  return { runs, seed, workers, perYear, rates, totals };
}

type Pool = InstanceType<typeof import('piscina').Piscina>;
let cachedPool: { size: number; pool: Pool } | undefined;

/** One pool per process, reused across runs (starting threads costs more than a small run). */
async function workerPool(size: number): Promise<Pool> {
  if (cachedPool && cachedPool.size === size) return cachedPool.pool;
  await closeMonteCarloWorkers();
  const { Piscina } = await import('piscina');
  const here = import.meta.url;
  // From source (tsx) the worker is the .ts file; built, it is the .js beside this one.
  const filename = new URL(here.endsWith('.ts') ? './mc-worker.ts' : './mc-worker.js', here).href;
  const pool = new Piscina({ filename, minThreads: size, maxThreads: size });
  cachedPool = { size, pool };
  return pool;
}

/** Stop the Monte Carlo worker threads (call when done, so the process can exit). */
export async function closeMonteCarloWorkers(): Promise<void> {
  const current = cachedPool;
  cachedPool = undefined;
  await current?.pool.destroy();
}

/** Options for {@link monteCarlo}. */
export interface MonteCarloOptions {
  runs: number;
  seed: number;
  /** Worker threads; 0 runs in this thread. Default: the machine's parallelism. */
  workers?: number;
  /** Called with the number of paths finished so far. */
  onProgress?: (done: number) => void;
}

/**
 * Run the Monte Carlo. With `workers: 0` everything runs in this thread (deterministic and test-friendly);
 * otherwise a piscina pool of worker threads shares the paths in chunks. Results are identical either way.
 */
export async function monteCarlo(
  setup: TermSetup,
  model: ModelName,
  assumptions: TermAssumptions,
  uncertainty: Uncertainty,
  options: MonteCarloOptions,
): Promise<MonteCarloSummary> {
  const { runs, seed } = options;
  const workers = options.workers ?? availableParallelism();
  const buffer = new SharedArrayBuffer(runs * rowWidth(setup.years, setup.tracks.length) * 8);
  const trackIds = setup.tracks.map((t) => t.id);
  const base = { setup, model, assumptions, uncertainty, seed, runs, buffer };
  if (workers === 0) {
    let done = 0;
    const step = Math.max(1, Math.floor(runs / 100));
    runPaths({ ...base, from: 0, to: runs }, () => {
      done++;
      if (done % step === 0 || done === runs) options.onProgress?.(done);
    });
    return summarize(buffer, runs, setup.years, seed, 0, trackIds);
  }
  const pool = await workerPool(workers);
  {
    const chunk = Math.max(1, Math.ceil(runs / (workers * 8)));
    let done = 0;
    const tasks: Promise<void>[] = [];
    for (let from = 0; from < runs; from += chunk) {
      const to = Math.min(runs, from + chunk);
      tasks.push(
        (pool.run({ ...base, from, to }) as Promise<number>).then((n) => {
          done += n;
          options.onProgress?.(done);
        }),
      );
    }
    await Promise.all(tasks);
  }
  return summarize(buffer, runs, setup.years, seed, workers, trackIds);
}
