/**
 * Helpers shared by the tariff engine's tests: one engine on the shipped rule base, a one-line duty call with
 * dates as text, and short views of a result. Test-only (not exported by the package).
 */
import { readFileSync } from 'node:fs';
import { isoDate } from '../../_lib/date.js';
import { type Cents, formatCents } from '../../_lib/money.js';
import { diskSource } from '../../_lib/read-file.js';
import { createTariffEngine } from '../create-engine.js';
import { computeDuty, type DutyInput, type DutyResult } from '../engine.js';
import { filedLines } from '../filed-lines.js';

export const engine = createTariffEngine({}, diskSource);

/** Duty on one line with the shipped rule base. */
export function duty(
  hts: string,
  origin: string,
  date: string,
  value: Cents,
  extra: Partial<DutyInput> = {},
): DutyResult {
  return computeDuty(engine, { hts, origin, date: isoDate(date), value, ...extra });
}

export const total = (r: DutyResult) => formatCents(r.totalDuty);

/** The applied lines as `heading=duty`. */
export const appliedHeadings = (r: DutyResult) =>
  r.lines.filter((l) => l.applied).map((l) => `${l.heading}=${formatCents(l.duty)}`);

/**
 * The lines the entry files, as `heading=duty`: the applied lines and the $0.00 claim headings of exemptions
 * (see {@link filedLines}), in CBP order.
 */
export const filedHeadings = (r: DutyResult) =>
  filedLines(r).map((l) => `${l.heading}=${formatCents(l.duty)}`);

export const byLayer = (r: DutyResult, id: string) => r.lines.find((l) => l.layer === id);

/**
 * The rated lines of the shipped HTS extract that the shipped schedule has (`htsno` as written); with `adValoremOnly`, without the
 * specific and compound rates (those need a weight).
 */
export function extractCodes({ adValoremOnly = false } = {}): string[] {
  const extract = JSON.parse(
    readFileSync(new URL('../../../data/tariff/hts-extract.json', import.meta.url), 'utf8'),
  ) as { htsno: string; general: string }[];
  // Only lines of the shipped schedule: the extract predates it (its 8708.29.50 is 8708.29.51 there).
  const schedule = engine.hts.latest();
  return extract
    .filter((l) => l.general !== '' && !(adValoremOnly && l.general.includes('/')))
    .map((l) => l.htsno)
    .filter((code) => schedule.has(code.replace(/\./g, '')));
}
