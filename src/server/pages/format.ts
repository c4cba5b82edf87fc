/**
 * @module server/pages/format
 * How the dashboard writes numbers and ids for people: money from the decimal strings statements carry,
 * compact dollar amounts for chart axes, fact ids in their natural order, and the tariff steps of a track
 * in words, generated from the agreement file so the text can never disagree with it.
 */
import { type Cents, formatPercent, formatUsd, parseUsd } from '../../_lib/money.js';
import type { Agreement } from '../../agreement/index.js';

/**
 * Fact and entry ids in natural order: the numbers inside compare as numbers, so `log-8` comes before
 * `log-10` (a plain sort puts `log-10` first).
 *
 * @example
 * ['log-10', 'log-8'].sort(compareIds) // ['log-8', 'log-10']
 */
export function compareIds(a: string, b: string): number {
  return COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

const COLLATOR = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** A copy of `ids` in natural order (see {@link compareIds}). */
export function sortIds(ids: readonly string[]): string[] {
  return [...ids].sort(compareIds);
}

/**
 * A money amount as statements carry it (a decimal string such as `"1600000000.00"`), written for people;
 * text that is not an amount is shown as it is.
 *
 * @example
 * usdText('1600000000.00') // '$1,600,000,000.00'
 */
export function usdText(text: unknown): string {
  const cents = typeof text === 'string' || typeof text === 'number' ? parseUsd(text) : undefined;
  return cents === undefined ? String(text) : formatUsd(cents);
}

/**
 * A dollar amount for an axis or a bar label: three significant figures with k, M or bn.
 *
 * @example
 * compactUsd(30_346_730) // '$30.3 M'
 * compactUsd(0)          // '$0'
 */
export function compactUsd(dollars: number): string {
  const abs = Math.abs(dollars);
  const sign = dollars < 0 ? '-' : '';
  const units: [number, string][] = [
    [1e9, ' bn'],
    [1e6, ' M'],
    [1e3, ' k'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) return `${sign}$${trimZeros((abs / size).toPrecision(3))}${suffix}`;
  }
  return `${sign}$${trimZeros(abs.toPrecision(3))}`;
}

function trimZeros(text: string): string {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

/** Cents as US$ (a number) for charts, where exactness is not needed. */
export function centsToDollars(cents: Cents): number {
  return Number(cents) / 100;
}

/**
 * Each tariff track's steps in words, from the agreement file: the start rate, then every step with its
 * gate (`20% after m1, 15% after m2, …`). The overview shows this instead of trusting the prose summary.
 *
 * @example
 * trackStepsText(agreement)[0] // 'autos: 25% additional from 2025-07-01, then 4 steps: 20% after m1, …'
 */
export function trackStepsText(agreement: {
  tracks: readonly TrackForText[];
}): { track: string; title: string; text: string }[] {
  return agreement.tracks.map((t) => {
    const mode = t.mode === 'inclusive' ? 'all-in' : 'additional';
    const start = `${formatPercent(t.start.rate)}% ${mode} from ${t.start.from}`;
    const steps = t.steps.map((s) => `${formatPercent(s.rate)}%${gateText(s) ? ` ${gateText(s)}` : ''}`);
    const count = steps.length === 1 ? 'one step' : `${numberWord(steps.length)} steps`;
    const end = t.end ? `, ending ${t.end.on}` : '';
    const text = t.exemptShare
      ? `for ${(t.lines.importers ?? []).join(', ')}: the share of its entries relieved follows the capital verified as disbursed on ${t.exemptShare.commitment}; that share pays ${start}${end}`
      : `${start}${steps.length > 0 ? `, then ${count}: ${steps.join(', ')}` : ''}${end}`;
    return { track: t.id, title: t.title ?? t.id, text };
  });
}

type Track = Agreement['tracks'][number];
type Step = Track['steps'][number];

/** The parts of a track its steps are written from. */
export type TrackForText = Pick<
  Track,
  'id' | 'title' | 'mode' | 'start' | 'steps' | 'end' | 'exemptShare'
> & {
  lines: Pick<Track['lines'], 'importers'>;
};

function gateText(s: Step): string {
  const mode = s.mode ? ` ${s.mode === 'inclusive' ? 'all-in' : 'additional'}` : '';
  const after = s.after;
  const gate =
    after === undefined
      ? s.on
        ? `from ${s.on}`
        : ''
      : typeof after === 'string'
        ? `after ${after}`
        : 'all' in after
          ? `after ${after.all.join(' and ')}`
          : `after ${after.any.join(' or ')}`;
  return `${mode}${gate ? ` ${gate}` : ''}${s.until ? ` until ${s.until}` : ''}`.trimStart();
}

function numberWord(n: number): string {
  return (
    ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][n] ?? String(n)
  );
}
