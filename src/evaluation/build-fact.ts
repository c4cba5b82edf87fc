/**
 * @module evaluation/build-fact
 * Turn one fact record — a JSON object or a CSV row already mapped to field names — into a typed {@link Fact}.
 * Both inputs share this so that a fact means the same whichever file it came from. Values are accepted in
 * the forms a person writes: money as USD (`1500000`, `"1.5bn"`), shares as `"2.3%"`, dates as YYYY-MM-DD,
 * lists as arrays (JSON) or `;`-separated text (CSV), booleans as `true`/`false` (CSV also `yes`/`no`).
 */
import { type IsoDate, parseIsoDate } from '../_lib/date.js';
import { type Cents, type Ppm, parseRate, parseUsd } from '../_lib/money.js';
import type { Location, Problem } from '../_lib/problem.js';
import { withArticle } from '../_lib/words.js';
import { BREACH_EVENTS } from '../agreement/schema.js';
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

/** Where each field of the record is, for positioned problems. */
export type Locate = (field?: string) => Location;

/** The result of building one record: the fact when every field is good, and the problems found. */
export interface BuiltFact {
  fact?: Fact;
  problems: Problem[];
}

/** Whether the record came from JSON (typed values) or CSV (all text; empty cells mean absent). */
export type RecordFlavour = 'json' | 'csv';

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
  const bad = (field: string, code: string, message: string): undefined => {
    problems.push({ code, message, where: locate(field) });
    return undefined;
  };
  // Own fields only: a record is user data, and its prototype's members are not fields.
  const present = (field: string): boolean => {
    if (!Object.hasOwn(record, field)) return false;
    const v = record[field];
    return v !== undefined && v !== null && !(flavour === 'csv' && v === '');
  };

  const text = (field: string, required: boolean): string | undefined => {
    if (!present(field)) return required ? bad(field, 'missing-field', `${field} is required`) : undefined;
    const v = record[field];
    if (typeof v !== 'string' || v.trim() === '')
      return bad(field, 'invalid-field', `${field} must be non-empty text, got ${describe(v)}`);
    return v.trim();
  };
  const date = (field: string, required: boolean): IsoDate | undefined => {
    const v = text(field, required);
    if (v === undefined) return undefined;
    const d = parseIsoDate(v);
    if (!d) return bad(field, 'invalid-date', `${field} "${v}" is not a calendar date; write YYYY-MM-DD`);
    return d;
  };
  const quantity = (field: string, required: boolean): number | undefined => {
    if (!present(field)) return required ? bad(field, 'missing-field', `${field} is required`) : undefined;
    const v = record[field];
    const n =
      typeof v === 'number'
        ? v
        : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)
          ? Number(v)
          : Number.NaN;
    if (!Number.isFinite(n) || n < 0 || n > 1e12)
      return bad(field, 'invalid-number', `${field} must be a number from 0 to 10^12, got ${describe(v)}`);
    return n;
  };
  const usd = (field: string, required: boolean): Cents | undefined => {
    if (!present(field)) return required ? bad(field, 'missing-field', `${field} is required`) : undefined;
    const v = record[field];
    const cents = typeof v === 'number' || typeof v === 'string' ? parseUsd(v) : undefined;
    if (cents === undefined)
      return bad(
        field,
        'invalid-usd',
        `${field} must be a US-dollar amount exact to the cent, e.g. 1500000 or "1.5bn", got ${describe(v)}`,
      );
    return cents;
  };
  const share = (field: string, required: boolean): Ppm | undefined => {
    if (!present(field)) return required ? bad(field, 'missing-field', `${field} is required`) : undefined;
    const v = record[field];
    const ppm = typeof v === 'string' || typeof v === 'number' ? parseRate(v) : undefined;
    if (ppm === undefined)
      return bad(field, 'invalid-rate', `${field} must be a percent like "2.3%", got ${describe(v)}`);
    return ppm;
  };
  const bool = (field: string): boolean | undefined => {
    if (!present(field)) return undefined;
    const v = record[field];
    if (typeof v === 'boolean') return v;
    if (flavour === 'csv' && typeof v === 'string') {
      const t = v.trim().toLowerCase();
      if (t === 'true' || t === 'yes') return true;
      if (t === 'false' || t === 'no') return false;
    }
    return bad(field, 'invalid-boolean', `${field} must be true or false, got ${describe(v)}`);
  };
  const list = (field: string): string[] => {
    if (!present(field)) return [];
    const v = record[field];
    const items =
      flavour === 'csv' && typeof v === 'string'
        ? v.split(';').map((s) => s.trim())
        : Array.isArray(v)
          ? v.map((s) => (typeof s === 'string' ? s.trim() : s))
          : undefined;
    if (!items || items.some((s) => typeof s !== 'string' || s === '')) {
      bad(
        field,
        'invalid-list',
        flavour === 'csv'
          ? `${field} is a ;-separated list of ids without empty items, got ${describe(v)}`
          : `${field} must be an array of non-empty strings, got ${describe(v)}`,
      );
      return [];
    }
    return [...new Set(items as string[])];
  };

  const id = text('id', true);
  const typeText = text('type', true);
  const type = FACT_TYPES.find((t) => t === typeText);
  if (typeText !== undefined && type === undefined)
    bad('type', 'unknown-fact-type', `"${typeText}" is not a fact type; use one of ${FACT_TYPES.join(', ')}`);
  const recorded = date('recorded', true);
  const evidence = list('evidence');
  const attestations = list('attestations');

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

  const base = { id, recorded, evidence, attestations, origin };
  let fact: Fact | undefined;
  switch (type) {
    case 'employment': {
      const commitment = text('commitment', true);
      const periodEnd = date('periodEnd', true);
      const paidHours = quantity('paidHours', true);
      const months = quantity('months', false);
      if (months !== undefined && !(Number.isInteger(months) && months >= 1 && months <= 12))
        bad(
          'months',
          'invalid-number',
          `months is the number of full months covered, 1 to 12, got ${months}`,
        );
      const relocatedHours = quantity('relocatedHours', false);
      const totalWages = usd('totalWages', false);
      const healthPlanOffered = bool('healthPlanOffered');
      const site = text('site', false);
      if (paidHours !== undefined && relocatedHours !== undefined && relocatedHours > paidHours)
        bad(
          'relocatedHours',
          'invalid-number',
          `relocatedHours (${relocatedHours}) exceed paidHours (${paidHours})`,
        );
      if (commitment !== undefined && periodEnd !== undefined && paidHours !== undefined)
        fact = {
          ...base,
          type,
          commitment,
          periodEnd,
          paidHours,
          ...(months !== undefined && { months }),
          ...(relocatedHours !== undefined && { relocatedHours }),
          ...(totalWages !== undefined && { totalWages }),
          ...(healthPlanOffered !== undefined && { healthPlanOffered }),
          ...(site !== undefined && { site }),
        };
      break;
    }
    case 'capital': {
      const commitment = text('commitment', true);
      const asOf = date('asOf', true);
      const disbursed = usd('disbursed', true);
      if (commitment !== undefined && asOf !== undefined && disbursed !== undefined)
        fact = { ...base, type, commitment, asOf, disbursed };
      break;
    }
    case 'obligation': {
      const obligation = text('obligation', true);
      const periodEnd = date('periodEnd', true);
      const value = obligationValue(record, flavour, (code, message) => bad('value', code, message), present);
      if (obligation !== undefined && periodEnd !== undefined && value !== undefined)
        fact = { ...base, type, obligation, periodEnd, value };
      break;
    }
    case 'project-selected':
    case 'project-funded': {
      const project = text('project', true);
      const dateField = type === 'project-selected' ? 'selected' : 'funded';
      const when = date(dateField, true);
      const amount = usd('amount', false);
      if (project !== undefined && when !== undefined)
        fact =
          type === 'project-selected'
            ? { ...base, type, project, selected: when, ...(amount !== undefined && { amount }) }
            : { ...base, type, project, funded: when, ...(amount !== undefined && { amount }) };
      break;
    }
    case 'waiver': {
      const milestone = text('milestone', true);
      const approvedBy = list('approvedBy');
      if (present('approvedBy') === false) bad('approvedBy', 'missing-field', 'approvedBy is required');
      const extendTo = date('extendTo', false);
      const reason = text('reason', true);
      if (milestone !== undefined && reason !== undefined && approvedBy.length > 0)
        fact = { ...base, type, milestone, approvedBy, reason, ...(extendTo !== undefined && { extendTo }) };
      break;
    }
    case 'breach': {
      const eventText = text('event', true);
      const event = BREACH_EVENTS.find((e) => e === eventText);
      if (eventText !== undefined && event === undefined)
        bad('event', 'invalid-field', `event "${eventText}" is not one of ${BREACH_EVENTS.join(', ')}`);
      const commitment = text('commitment', false);
      const when = date('date', true);
      const note = text('note', false);
      if (event !== undefined && when !== undefined)
        fact = {
          ...base,
          type,
          event,
          date: when,
          ...(commitment !== undefined && { commitment }),
          ...(note !== undefined && { note }),
        };
      break;
    }
    case 'snap-back-decision': {
      const track = text('track', true);
      const effective = date('effective', true);
      const by = text('by', true);
      const rate = share('rate', false);
      const reason = text('reason', true);
      if (track !== undefined && effective !== undefined && by !== undefined && reason !== undefined)
        fact = { ...base, type, track, effective, by, reason, ...(rate !== undefined && { rate }) };
      break;
    }
    case 'relief-granted': {
      const track = text('track', true);
      const periodEnd = date('periodEnd', true);
      const amount = usd('amount', true);
      if (track !== undefined && periodEnd !== undefined && amount !== undefined)
        fact = { ...base, type, track, periodEnd, amount };
      break;
    }
    case 'dispute': {
      const subject = text('subject', true);
      const raisedBy = text('raisedBy', true);
      const grounds = text('grounds', true);
      const about = text('about', false);
      if (subject !== undefined && raisedBy !== undefined && grounds !== undefined)
        fact = { ...base, type, subject, raisedBy, grounds, ...(about !== undefined && { about }) };
      break;
    }
    case 'dispute-resolution': {
      const dispute = text('dispute', true);
      const outcomeText = text('outcome', true);
      const outcome = OUTCOMES.find((o) => o === outcomeText);
      if (outcomeText !== undefined && outcome === undefined)
        bad('outcome', 'invalid-field', `outcome "${outcomeText}" is not one of ${OUTCOMES.join(', ')}`);
      const by = list('by');
      if (!present('by'))
        bad('by', 'missing-field', 'by is required: the parties that decided, or who withdrew');
      const reason = text('reason', true);
      if (dispute !== undefined && outcome !== undefined && reason !== undefined && by.length > 0)
        fact = { ...base, type, dispute, outcome, by, reason };
      break;
    }
  }
  if (fact) checkRecordedAfter(fact, (field, message) => bad(field, 'recorded-before-date', message));
  return problems.length === 0 && fact ? { fact, problems } : { problems };
}

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

/** A short rendering of an offending value for messages. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
