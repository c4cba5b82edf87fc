/**
 * @module economics/term-setup
 * Everything a term path needs that does not change from one simulated path to the next, prepared once
 * per variant: the years, the milestones (dates from the evaluation), the modelled tracks and their
 * markets, the no-deal rates, the commitments' jobs and capital, and the firms' exposure data
 * (the shape is term-types').
 */
import { addYears, type IsoDate } from '../_lib/date.js';
import { PPM_PER_UNIT } from '../_lib/money.js';
import { milestoneDates, projectionContext } from '../evaluation/index.js';
import { prepareJobs } from './term-jobs.js';
import { prepareTracks } from './term-markets.js';
import { dayNumber, noDealRates } from './term-schedule.js';
import type {
  DecidedMilestone,
  TermAgreement,
  TermAssumptions,
  TermSetup,
  TermTables,
} from './term-types.js';

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

/** The milestones in agreement order, dated by the evaluation (or by its decision, when it has decided). */
function prepareMilestones(
  agreement: TermAgreement,
  evaluation: TermSetup['evaluation'],
  decided: Record<string, DecidedMilestone>,
): TermSetup['milestones'] {
  const ctx = projectionContext(agreement, evaluation.variant);
  const ids = agreement.milestones.map((m) => m.id);
  return agreement.milestones.map((m) => {
    const d = decided[m.id];
    const dates = milestoneDates(ctx, m.id);
    // A met milestone counts from its recorded decision, not its deadline; a decided miss from its record.
    const at = d?.met && d.on !== undefined ? d.on : dates.deadline;
    const missFinal = d && !d.met && d.on !== undefined ? (d.on as IsoDate) : dates.missFinal;
    return {
      id: m.id,
      title: m.title ?? m.id,
      day: dayNumber(at),
      missFinal,
      deps: milestoneDeps(m.when, ids),
      ...(d ? { decided: d } : {}),
    };
  });
}

/** Each Japanese maker's car exports, for its duty exposure, and the makers without a figure. */
function firmExposure(tables: TermTables): Pick<TermSetup, 'firms' | 'firmsWithoutData' | 'unitValue'> {
  const cars = tables.baseFlows.find((f) => f.hs === '8703' && f.partner === 'JP');
  const makers = tables.firmExports.filter((f) => !f.exporter.startsWith('Japan'));
  return {
    firms: makers
      .filter((f) => f.units !== undefined)
      .map((f) => ({ exporter: f.exporter, units: f.units!, source: f.source })),
    firmsWithoutData: makers
      .filter((f) => f.units === undefined)
      .map((f) => `${f.exporter}: ${f.note || 'no figure'}`),
    unitValue: cars?.units ? cars.annualValue / cars.units : 0,
  };
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
    return { from, to, fromDay: dayNumber(from), toDay: dayNumber(to) };
  });
  const chosen = variantId ?? agreement.term.default;
  const evaluation = { agreement, ...(chosen === undefined ? {} : { variant: chosen }) };
  const notes: string[] = [];
  const sources = new Set<string>();
  const prepared = prepareTracks(agreement, tables, assumptions, notes, sources);
  const noDeal = noDealRates(
    evaluation,
    prepared.tracks.map((t) => t.id),
    yearBounds,
  );
  const { construction, ...jobs } = prepareJobs(agreement, tables, assumptions, yearBounds, notes, sources);
  const { firms, firmsWithoutData, unitValue } = firmExposure(tables);
  return {
    agreementId: agreement.id,
    variant: { id: variant.id, title: variant.title, years },
    start,
    years,
    yearBounds,
    evaluation,
    milestones: prepareMilestones(agreement, evaluation, decided),
    tracks: prepared.tracks.map((t, k) => ({ ...t, noDeal: noDeal[k]! })),
    markets: prepared.markets,
    commitments: jobs.commitments,
    firms,
    firmsWithoutData,
    unitValue,
    ...(construction ? { constructionPerMillion: construction } : {}),
    jobsModel: jobs.jobsModel,
    schedule: jobs.schedule,
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
