/**
 * @module tariff/assess/totals
 * The summary of a bulk assessment: lines, value, duty, MPF and HMF, exact in cents whatever the number of
 * lines, and the same by Chapter 99 heading, origin and importer. Groups are found by key bytes
 * ({@link GroupTotals}), origins by their two letters: no string per line on either row path.
 */
import { type Cents, formatCents, formatPercent, ratioPpm } from '../../_lib/money.js';
import { GroupTotals } from '../group-totals.js';
import type { EntryMpf } from './entry-mpf.js';
import { Sum } from './numbers.js';

/** Duty and value totals of a group. */
export interface GroupTotal {
  key: string;
  lines: number;
  value: Cents;
  duty: Cents;
  effectiveRate: number;
}

/** What {@link assessEntries} returns. */
export interface AssessSummary {
  lines: number;
  badRows: number;
  entries: number;
  value: Cents;
  duty: Cents;
  mpf: Cents;
  hmf: Cents;
  effectiveRate: number;
  byLayer: { heading: string; lines: number; duty: Cents }[];
  byOrigin: GroupTotal[];
  byImporter: GroupTotal[];
}

/** Running totals of the lines assessed. */
export class AssessTotals {
  lines = 0;
  readonly value = new Sum();
  readonly duty = new Sum();
  readonly hmf = new Sum();
  /** Lines and duty per Chapter 99 heading (and column-1 line); plans keep each heading's id as its slot. */
  readonly byLayer = new GroupTotals();
  readonly byOrigin = new GroupTotals();
  readonly byImporter = new GroupTotals();
  /** Origin group ids by the origin's 26 × 26 slot, −1 until met. */
  readonly originIds = new Int32Array(26 * 26).fill(-1);

  /** The group id of the origin whose letters are o0 o1 (A–Z). */
  originId(o0: number, o1: number): number {
    const slot = (o0 - 65) * 26 + (o1 - 65);
    let id = this.originIds[slot]!;
    if (id < 0) {
      id = this.byOrigin.idOf(Buffer.from([o0, o1]), 0, 2);
      this.originIds[slot] = id;
    }
    return id;
  }

  /** Count a line (its importer is added by the caller, who has it as bytes or text). */
  addLine(value: number, duty: number, hmf: number, o0: number, o1: number): void {
    this.lines++;
    this.value.add(value);
    this.duty.add(duty);
    this.hmf.add(hmf);
    const originSlot = this.originIds[(o0 - 65) * 26 + (o1 - 65)]!;
    this.byOrigin.add(originSlot >= 0 ? originSlot : this.originId(o0, o1), value, duty);
  }

  /** The summary, groups sorted by duty (largest first), then by key. */
  summary(badRows: number, entries: EntryMpf): AssessSummary {
    const group = (totals: GroupTotals): GroupTotal[] =>
      totals
        .totals()
        .map(({ key, lines, value, duty }) => ({
          key,
          lines,
          value,
          duty,
          effectiveRate: value > 0n ? ratioPpm(duty, value) : 0,
        }))
        .sort((a, b) => (b.duty > a.duty ? 1 : b.duty < a.duty ? -1 : a.key.localeCompare(b.key)));
    const value = this.value.value;
    const duty = this.duty.value;
    return {
      lines: this.lines,
      badRows,
      entries: entries.count,
      value,
      duty,
      mpf: entries.total.value,
      hmf: this.hmf.value,
      effectiveRate: value > 0n ? ratioPpm(duty, value) : 0,
      byLayer: this.byLayer
        .totals()
        .map(({ key, lines, duty }) => ({ heading: key, lines, duty }))
        .sort((a, b) => (b.duty > a.duty ? 1 : b.duty < a.duty ? -1 : a.heading.localeCompare(b.heading))),
      byOrigin: group(this.byOrigin),
      byImporter: group(this.byImporter),
    };
  }
}

/** The summary with money as decimal strings and rates as percent strings, as JSON outputs carry them. */
export function summaryToJson(s: AssessSummary) {
  const g = (t: GroupTotal) => ({
    key: t.key,
    lines: t.lines,
    value: formatCents(t.value),
    duty: formatCents(t.duty),
    effectiveRate: formatPercent(t.effectiveRate),
  });
  return {
    lines: s.lines,
    badRows: s.badRows,
    entries: s.entries,
    value: formatCents(s.value),
    duty: formatCents(s.duty),
    mpf: formatCents(s.mpf),
    hmf: formatCents(s.hmf),
    effectiveRate: formatPercent(s.effectiveRate),
    byLayer: s.byLayer.map((l) => ({ heading: l.heading, lines: l.lines, duty: formatCents(l.duty) })),
    byOrigin: s.byOrigin.map(g),
    byImporter: s.byImporter.map(g),
  };
}
