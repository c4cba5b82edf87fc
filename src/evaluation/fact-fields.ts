/**
 * @module evaluation/fact-fields
 * Read typed fields out of one fact record. Every fact kind reads its fields the same way — text, dates,
 * quantities, dollars, shares, booleans, lists — and reports a wrong field at its location, so the readers
 * live here once rather than in each kind's builder.
 */
import { type IsoDate, parseIsoDate } from '../_lib/date.js';
import { type Cents, type Ppm, parseRate, parseUsd } from '../_lib/money.js';
import type { Location, Problem } from '../_lib/problem.js';

/** Where each field of the record is, for positioned problems. */
export type Locate = (field?: string) => Location;

/** Whether the record came from JSON (typed values) or CSV (all text; empty cells mean absent). */
export type RecordFlavour = 'json' | 'csv';

/** Readers over one record; each wrong field adds a problem to the shared list and reads as `undefined`. */
export interface FieldReader {
  record: Record<string, unknown>;
  flavour: RecordFlavour;
  bad: (field: string, code: string, message: string) => undefined;
  present: (field: string) => boolean;
  text: (field: string, required: boolean) => string | undefined;
  date: (field: string, required: boolean) => IsoDate | undefined;
  quantity: (field: string, required: boolean) => number | undefined;
  usd: (field: string, required: boolean) => Cents | undefined;
  share: (field: string, required: boolean) => Ppm | undefined;
  bool: (field: string) => boolean | undefined;
  list: (field: string) => string[];
}

/** Readers over `record` that push their problems onto `problems`. */
export function fieldReader(
  record: Record<string, unknown>,
  flavour: RecordFlavour,
  locate: Locate,
  problems: Problem[],
): FieldReader {
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
  return { record, flavour, bad, present, text, date, quantity, usd, share, bool, list };
}

/** A short rendering of an offending value for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
