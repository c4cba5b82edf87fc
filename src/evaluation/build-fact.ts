/**
 * @module evaluation/build-fact
 * Turn one fact record — a JSON object or a CSV row already mapped to field names — into a typed {@link Fact}.
 * Both inputs share this so that a fact means the same whichever file it came from. Values are accepted in
 * the forms a person writes: money as USD (`1500000`, `"1.5bn"`), shares as `"2.3%"`, dates as YYYY-MM-DD,
 * lists as arrays (JSON) or `;`-separated text (CSV), booleans as `true`/`false` (CSV also `yes`/`no`).
 */
import type { IsoDate } from '../_lib/date.js';
import { parseRate, parseUsd } from '../_lib/money.js';
import type { Problem } from '../_lib/problem.js';
import { withArticle } from '../_lib/words.js';
import { BREACH_EVENTS } from '../agreement/index.js';
import { hoursConsistent, monthsInRange } from './employment-figures.js';
import { describe, type FieldReader, fieldReader, type Locate, type RecordFlavour } from './fact-fields.js';
import type { Fact, FactOrigin, FactType, ObligationFact } from './facts.js';

/** The fact types an input may name. */
export const FACT_TYPES: readonly FactType[] = [
  'employment',
  'capital',
  'obligation',
  'project-selected',
  'project-funded',
  'waiver',
  'breach',
  'snap-back-decision',
  'relief-granted',
  'dispute',
  'dispute-resolution',
];

const COMMON = ['id', 'type', 'evidence', 'attestations', 'recorded'] as const;

/** The fields each fact type takes besides the common ones (id, type, evidence, attestations, recorded). */
export const FACT_FIELDS: Record<FactType, readonly string[]> = {
  employment: [
    'commitment',
    'periodEnd',
    'paidHours',
    'months',
    'relocatedHours',
    'totalWages',
    'healthPlanOffered',
    'site',
  ],
  capital: ['commitment', 'asOf', 'disbursed'],
  obligation: ['obligation', 'periodEnd', 'value', 'unit'],
  'project-selected': ['project', 'selected', 'amount'],
  'project-funded': ['project', 'funded', 'amount'],
  waiver: ['milestone', 'approvedBy', 'extendTo', 'reason'],
  breach: ['event', 'commitment', 'date', 'note'],
  'snap-back-decision': ['track', 'effective', 'by', 'rate', 'reason'],
  'relief-granted': ['track', 'periodEnd', 'amount'],
  dispute: ['subject', 'raisedBy', 'grounds', 'about'],
  'dispute-resolution': ['dispute', 'outcome', 'by', 'reason'],
};

const OUTCOMES = ['upheld', 'dismissed', 'withdrawn'] as const;

export type { Locate, RecordFlavour } from './fact-fields.js';

/** The result of building one record: the fact when every field is good, and the problems found. */
export interface BuiltFact {
  fact?: Fact;
  problems: Problem[];
}

/** The fields every fact has, read before its kind's own. */
type FactBase = Pick<Fact, 'id' | 'recorded' | 'evidence' | 'attestations' | 'origin'>;

/** Reads one kind's own fields; returns the fact when its required fields are all good. */
type KindBuilder = (r: FieldReader, base: FactBase) => Fact | undefined;

/**
 * Build a fact from a record. Never throws on bad input: every wrong field becomes a problem with the
 * field's location, and the fact is returned only when there are none.
 *
 * @example
 * buildFact({ id: 'f1', type: 'capital', commitment: 'honda', asOf: '2026-06-30', disbursed: '1.2bn',
 *   recorded: '2026-07-15', evidence: ['cpa-attestation'], attestations: ['kpmg'] }, 'json', () => ({}), origin)
 */
export function buildFact(
  record: Record<string, unknown>,
  flavour: RecordFlavour,
  locate: Locate,
  origin: FactOrigin,
): BuiltFact {
  const problems: Problem[] = [];
  const r = fieldReader(record, flavour, locate, problems);
  const { bad } = r;

  const id = r.text('id', true);
  const typeText = r.text('type', true);
  const type = FACT_TYPES.find((t) => t === typeText);
  if (typeText !== undefined && type === undefined)
    bad('type', 'unknown-fact-type', `"${typeText}" is not a fact type; use one of ${FACT_TYPES.join(', ')}`);
  const recorded = r.date('recorded', true);
  const evidence = r.list('evidence');
  const attestations = r.list('attestations');

  if (type !== undefined && flavour === 'json') {
    const allowed = new Set<string>([...COMMON, ...FACT_FIELDS[type]]);
    for (const key of Object.keys(record).sort())
      if (!allowed.has(key))
        bad(
          key,
          'unknown-field',
          `${withArticle(type)} fact has no field "${key}"; allowed: ${[...FACT_FIELDS[type]].join(', ')}`,
        );
  }
  if (type === undefined || id === undefined || recorded === undefined) return { problems };

  const fact = BUILDERS[type](r, { id, recorded, evidence, attestations, origin });
  if (fact) checkRecordedAfter(fact, (field, message) => bad(field, 'recorded-before-date', message));
  return problems.length === 0 && fact ? { fact, problems } : { problems };
}

const employment: KindBuilder = (r, base) => {
  const commitment = r.text('commitment', true);
  const periodEnd = r.date('periodEnd', true);
  const paidHours = r.quantity('paidHours', true);
  const months = r.quantity('months', false);
  if (months !== undefined && !monthsInRange(months))
    r.bad('months', 'invalid-number', `months is the number of full months covered, 1 to 12, got ${months}`);
  const relocatedHours = r.quantity('relocatedHours', false);
  const totalWages = r.usd('totalWages', false);
  const healthPlanOffered = r.bool('healthPlanOffered');
  const site = r.text('site', false);
  if (paidHours !== undefined && relocatedHours !== undefined && !hoursConsistent(paidHours, relocatedHours))
    r.bad(
      'relocatedHours',
      'invalid-number',
      `relocatedHours (${relocatedHours}) exceed paidHours (${paidHours})`,
    );
  if (commitment === undefined || periodEnd === undefined || paidHours === undefined) return undefined;
  return {
    ...base,
    type: 'employment',
    commitment,
    periodEnd,
    paidHours,
    ...(months !== undefined && { months }),
    ...(relocatedHours !== undefined && { relocatedHours }),
    ...(totalWages !== undefined && { totalWages }),
    ...(healthPlanOffered !== undefined && { healthPlanOffered }),
    ...(site !== undefined && { site }),
  };
};

const capital: KindBuilder = (r, base) => {
  const commitment = r.text('commitment', true);
  const asOf = r.date('asOf', true);
  const disbursed = r.usd('disbursed', true);
  if (commitment === undefined || asOf === undefined || disbursed === undefined) return undefined;
  return { ...base, type: 'capital', commitment, asOf, disbursed };
};

const obligation: KindBuilder = (r, base) => {
  const id = r.text('obligation', true);
  const periodEnd = r.date('periodEnd', true);
  const value = obligationValue(
    r.record,
    r.flavour,
    (code, message) => r.bad('value', code, message),
    r.present,
  );
  if (id === undefined || periodEnd === undefined || value === undefined) return undefined;
  return { ...base, type: 'obligation', obligation: id, periodEnd, value };
};

const projectSelected: KindBuilder = (r, base) => {
  const project = r.text('project', true);
  const selected = r.date('selected', true);
  const amount = r.usd('amount', false);
  if (project === undefined || selected === undefined) return undefined;
  return { ...base, type: 'project-selected', project, selected, ...(amount !== undefined && { amount }) };
};

const projectFunded: KindBuilder = (r, base) => {
  const project = r.text('project', true);
  const funded = r.date('funded', true);
  const amount = r.usd('amount', false);
  if (project === undefined || funded === undefined) return undefined;
  return { ...base, type: 'project-funded', project, funded, ...(amount !== undefined && { amount }) };
};

const waiver: KindBuilder = (r, base) => {
  const milestone = r.text('milestone', true);
  const approvedBy = r.list('approvedBy');
  if (r.present('approvedBy') === false) r.bad('approvedBy', 'missing-field', 'approvedBy is required');
  const extendTo = r.date('extendTo', false);
  const reason = r.text('reason', true);
  if (milestone === undefined || reason === undefined || approvedBy.length === 0) return undefined;
  return {
    ...base,
    type: 'waiver',
    milestone,
    approvedBy,
    reason,
    ...(extendTo !== undefined && { extendTo }),
  };
};

const breach: KindBuilder = (r, base) => {
  const eventText = r.text('event', true);
  const event = BREACH_EVENTS.find((e) => e === eventText);
  if (eventText !== undefined && event === undefined)
    r.bad('event', 'invalid-field', `event "${eventText}" is not one of ${BREACH_EVENTS.join(', ')}`);
  const commitment = r.text('commitment', false);
  const when = r.date('date', true);
  const note = r.text('note', false);
  if (event === undefined || when === undefined) return undefined;
  return {
    ...base,
    type: 'breach',
    event,
    date: when,
    ...(commitment !== undefined && { commitment }),
    ...(note !== undefined && { note }),
  };
};

const snapBackDecision: KindBuilder = (r, base) => {
  const track = r.text('track', true);
  const effective = r.date('effective', true);
  const by = r.text('by', true);
  const rate = r.share('rate', false);
  const reason = r.text('reason', true);
  if (track === undefined || effective === undefined || by === undefined || reason === undefined)
    return undefined;
  return {
    ...base,
    type: 'snap-back-decision',
    track,
    effective,
    by,
    reason,
    ...(rate !== undefined && { rate }),
  };
};

const reliefGranted: KindBuilder = (r, base) => {
  const track = r.text('track', true);
  const periodEnd = r.date('periodEnd', true);
  const amount = r.usd('amount', true);
  if (track === undefined || periodEnd === undefined || amount === undefined) return undefined;
  return { ...base, type: 'relief-granted', track, periodEnd, amount };
};

const dispute: KindBuilder = (r, base) => {
  const subject = r.text('subject', true);
  const raisedBy = r.text('raisedBy', true);
  const grounds = r.text('grounds', true);
  const about = r.text('about', false);
  if (subject === undefined || raisedBy === undefined || grounds === undefined) return undefined;
  return { ...base, type: 'dispute', subject, raisedBy, grounds, ...(about !== undefined && { about }) };
};

const disputeResolution: KindBuilder = (r, base) => {
  const id = r.text('dispute', true);
  const outcomeText = r.text('outcome', true);
  const outcome = OUTCOMES.find((o) => o === outcomeText);
  if (outcomeText !== undefined && outcome === undefined)
    r.bad('outcome', 'invalid-field', `outcome "${outcomeText}" is not one of ${OUTCOMES.join(', ')}`);
  const by = r.list('by');
  if (!r.present('by'))
    r.bad('by', 'missing-field', 'by is required: the parties that decided, or who withdrew');
  const reason = r.text('reason', true);
  if (id === undefined || outcome === undefined || reason === undefined || by.length === 0) return undefined;
  return { ...base, type: 'dispute-resolution', dispute: id, outcome, by, reason };
};

/** One builder per fact kind; a new kind must add one here, or this record stops compiling. */
const BUILDERS: Record<FactType, KindBuilder> = {
  employment,
  capital,
  obligation,
  'project-selected': projectSelected,
  'project-funded': projectFunded,
  waiver,
  breach,
  'snap-back-decision': snapBackDecision,
  'relief-granted': reliefGranted,
  dispute,
  'dispute-resolution': disputeResolution,
};

/**
 * A fact cannot be on record before the day it measures: a report for a period that has not ended, or a
 * funding, selection or breach recorded before it happened. (A snap-back decision may be announced ahead
 * of its effective date, and a waiver's new deadline lies ahead by nature.)
 */
function checkRecordedAfter(fact: Fact, bad: (field: string, message: string) => void): void {
  const measured: [string, IsoDate] | undefined =
    fact.type === 'employment' || fact.type === 'obligation' || fact.type === 'relief-granted'
      ? ['periodEnd', fact.periodEnd]
      : fact.type === 'capital'
        ? ['asOf', fact.asOf]
        : fact.type === 'project-selected'
          ? ['selected', fact.selected]
          : fact.type === 'project-funded'
            ? ['funded', fact.funded]
            : fact.type === 'breach'
              ? ['date', fact.date]
              : undefined;
  if (measured && measured[1] > fact.recorded)
    bad(
      'recorded',
      `recorded ${fact.recorded} is before ${measured[0]} ${measured[1]}; a fact is put on record on or after the day it measures`,
    );
}

/**
 * An obligation's value. Its unit comes from `unit` when given, else from the form: a boolean is yes/no,
 * `"…%"` a share, `"$…"` or a `k/m/bn` suffix US dollars, a plain whole number a count. The evaluation
 * rejects a value whose unit differs from the obligation's.
 */
function obligationValue(
  record: Record<string, unknown>,
  flavour: RecordFlavour,
  bad: (code: string, message: string) => undefined,
  present: (field: string) => boolean,
): ObligationFact['value'] | undefined {
  if (!present('value')) return bad('missing-field', 'value is required');
  const v = record.value;
  const unitRaw = present('unit') ? record.unit : undefined;
  const units = ['usd', 'share', 'count', 'boolean'] as const;
  const unit = unitRaw === undefined ? undefined : units.find((u) => u === unitRaw);
  if (unitRaw !== undefined && unit === undefined)
    return bad('invalid-field', `unit must be one of ${units.join(', ')}, got ${describe(unitRaw)}`);
  const asBool =
    typeof v === 'boolean'
      ? v
      : flavour === 'csv' && typeof v === 'string' && /^(true|false|yes|no)$/i.test(v.trim())
        ? /^(true|yes)$/i.test(v.trim())
        : undefined;
  const inferred =
    unit ??
    (asBool !== undefined
      ? 'boolean'
      : typeof v === 'string' && v.trim().endsWith('%')
        ? 'share'
        : typeof v === 'string' && /^\s*\$|[a-z]\s*$/i.test(v)
          ? 'usd'
          : 'count');
  switch (inferred) {
    case 'boolean':
      if (asBool === undefined)
        return bad('invalid-boolean', `value must be true or false, got ${describe(v)}`);
      return { unit: 'boolean', value: asBool };
    case 'share': {
      const ppm = typeof v === 'string' || typeof v === 'number' ? parseRate(v) : undefined;
      if (ppm === undefined)
        return bad('invalid-rate', `value must be a percent like "2.3%", got ${describe(v)}`);
      return { unit: 'share', ppm };
    }
    case 'usd': {
      const cents = typeof v === 'string' || typeof v === 'number' ? parseUsd(v) : undefined;
      if (cents === undefined)
        return bad(
          'invalid-usd',
          `value must be US dollars exact to the cent, e.g. "$8bn", got ${describe(v)}`,
        );
      return { unit: 'usd', cents };
    }
    case 'count': {
      const n =
        typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < 0)
        return bad(
          'invalid-number',
          `value ${describe(v)} is not a whole count; write money as "$8bn", a share as "2%", yes/no as true/false, or give unit`,
        );
      return { unit: 'count', value: n };
    }
  }
}
