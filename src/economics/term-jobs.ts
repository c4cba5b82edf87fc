/**
 * @module economics/term-jobs
 * The jobs and capital side of a term path, fixed before any path is drawn: each commitment's capital
 * ramp and jobs multiplier (Leontief on the BEA table by default, the cited flat multipliers otherwise),
 * construction job-years per $1M of structures, and the yearly totals at full delivery. Every path scales
 * these by its delivered share, which keeps a Monte Carlo path cheap.
 */
import { addYears, type IsoDate } from '../_lib/date.js';
import type { Agreement } from '../agreement/index.js';
import { type BeaIoTable, beaCodeFor, ioJobsPerMillion, ioSupplierPerDirect } from './io-table.js';
import type { MultiplierRow } from './tables.js';
import { multiplierFor } from './tables.js';
import { dayNumber } from './term-schedule.js';
import type { TermAssumptions, TermSetup, TermTables } from './term-types.js';

type Commitment = TermSetup['commitments'][number];
type Multiplier = NonNullable<Commitment['multiplier']>;

/** A commitment's cited flat multiplier (per direct job), from a per-job row or a per-$1M row. */
function flatMultiplier(rows: readonly MultiplierRow[], naics: string): Multiplier | undefined {
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

/**
 * A commitment's jobs multiplier: supplier jobs from the Leontief inverse when the table has its industry,
 * else the flat one. Notes what is missing; `ioCodes` collects the industries used, for the report.
 */
function commitmentMultiplier(
  c: Agreement['commitments'][number],
  flat: Multiplier | undefined,
  io: BeaIoTable | undefined,
  notes: string[],
  ioCodes: string[],
): Multiplier | undefined {
  if (!io) return flat;
  const code = beaCodeFor(io, c.naics);
  if (!code) {
    notes.push(
      `commitment ${c.id} (NAICS ${c.naics}): no BEA summary industry; its supplier jobs use the flat multiplier`,
    );
    return flat;
  }
  // Supplier jobs from the inverse; the table has no household row, so induced jobs stay the
  // cited flat factor (0 when there is none).
  const multiplier = {
    supplier: ioSupplierPerDirect(io, code),
    induced: flat?.induced ?? 0,
    source: `Leontief on BEA ${io.year} summary I–O, industry ${code}${flat ? `; induced: ${flat.source}` : ''}`,
  };
  ioCodes.push(
    `${c.id} NAICS ${c.naics} → ${code} (${multiplier.supplier.toFixed(2)} supplier jobs per direct job)`,
  );
  return multiplier;
}

/** Each commitment's capital ramp, jobs target and multiplier. */
function prepareCommitments(
  agreement: Agreement,
  tables: TermTables,
  assumptions: TermAssumptions,
  io: BeaIoTable | undefined,
  notes: string[],
  sources: Set<string>,
  ioCodes: string[],
): Commitment[] {
  return agreement.commitments.map((c) => {
    const startDay = dayNumber(c.start);
    const capital = c.capital ? Number(c.capital.total) / 100 : 0;
    const schedule = (c.capital?.schedule ?? []).map((s) => ({
      day: dayNumber(s.by),
      cumulative: Number(s.atLeast) / 100,
    }));
    if (capital > 0 && schedule.length === 0)
      schedule.push({
        day: dayNumber(addYears(c.start as IsoDate, assumptions.rampYears)),
        cumulative: capital,
      });
    const flat = flatMultiplier(tables.multipliers, c.naics);
    const multiplier = commitmentMultiplier(c, flat, io, notes, ioCodes);
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
}

/** Construction job-years per $1M of structures: Leontief on industry 23 when there is a table, else flat. */
function constructionRate(
  tables: TermTables,
  io: BeaIoTable | undefined,
  sources: Set<string>,
): TermSetup['constructionPerMillion'] {
  const constructionFlat = multiplierFor(tables.multipliers, '23', 'per-1m');
  if (constructionFlat) sources.add(constructionFlat.source);
  if (io?.codes.includes('23')) {
    const m = ioJobsPerMillion(io, '23');
    return {
      direct: m.direct,
      supplier: m.supplier,
      induced: constructionFlat?.induced ?? 0,
      source: `Leontief on BEA ${io.year} summary I–O, industry 23${constructionFlat ? `; induced: ${constructionFlat.source}` : ''}`,
    };
  }
  if (constructionFlat)
    return {
      direct: constructionFlat.direct,
      supplier: constructionFlat.supplier,
      induced: constructionFlat.induced,
      source: constructionFlat.source,
    };
  return undefined;
}

/** The jobs model in words for the report. */
function jobsModelWords(
  io: BeaIoTable | undefined,
  ioCodes: readonly string[],
  construction: TermSetup['constructionPerMillion'],
): TermSetup['jobsModel'] {
  return io
    ? {
        kind: 'leontief',
        words: `jobs model: Leontief (I − A)⁻¹ on BEA’s ${io.year} summary input–output table (71 industries, domestic inputs), computed by accord; supplier jobs per direct job ${ioCodes.join('; ') || '(no commitment)'}; construction ${construction ? `${(construction.direct + construction.supplier).toFixed(2)} direct + supplier job-years per $1M` : 'not counted'}; jobs per $1M of output: BLS CES where cited, the national average elsewhere (data/economics/bea-io-2024/README.md); induced jobs: the cited flat factors (the table has no household row); the flat multipliers are the alternative (assumptions.jobsModel: flat)`,
      }
    : {
        kind: 'flat',
        words:
          'jobs model: flat cited multipliers (data/economics/multipliers.csv: supplier and induced jobs per direct job, construction jobs per $1M); the default is Leontief on BEA’s 2024 input–output table',
      };
}

function cumulativeCapital(c: Commitment, d: number): number {
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

/** Jobs and capital at the end of each year at full delivery. */
function yearlySchedule(
  commitments: readonly Commitment[],
  construction: TermSetup['constructionPerMillion'],
  yearBounds: TermSetup['yearBounds'],
  assumptions: TermAssumptions,
): TermSetup['schedule'] {
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
  return schedule;
}

/** What preparing the jobs side adds to a setup. */
export type PreparedJobs = Pick<TermSetup, 'commitments' | 'jobsModel' | 'schedule'> & {
  construction: TermSetup['constructionPerMillion'];
};

/** The commitments, the jobs model and the yearly jobs and capital; notes and sources are appended in order. */
export function prepareJobs(
  agreement: Agreement,
  tables: TermTables,
  assumptions: TermAssumptions,
  yearBounds: TermSetup['yearBounds'],
  notes: string[],
  sources: Set<string>,
): PreparedJobs {
  const leontief = (assumptions.jobsModel ?? 'leontief') === 'leontief';
  if (leontief && !tables.io)
    throw new Error(
      'the leontief jobs model needs an input–output table: give tables.io (shippedIoTable reads the shipped BEA 2024 table)',
    );
  const io = leontief ? tables.io : undefined;
  const ioCodes: string[] = [];
  const commitments = prepareCommitments(agreement, tables, assumptions, io, notes, sources, ioCodes);
  const construction = constructionRate(tables, io, sources);
  if (io) for (const s of io.sources) sources.add(s);
  return {
    commitments,
    construction,
    jobsModel: jobsModelWords(io, ioCodes, construction),
    schedule: yearlySchedule(commitments, construction, yearBounds, assumptions),
  };
}
