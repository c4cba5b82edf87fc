/**
 * @module server/duty-memo
 * Duty answers remembered as the JSON text sent: a duty answer is a pure function of the line, the rule base
 * and, with an overlay read from the log, the log size, and repeated lookups of the same line are the common
 * case for brokers and dashboards.
 */
import type { DutyInput } from '../tariff/index.js';
import type { EvaluationService } from './evaluations.js';
import type { LedgerService } from './ledger-service.js';

/** Bounded: answers are ~6 KB each, and a big memo costs more in garbage collection than it saves. */
const MAX_ENTRIES = 4096;

/**
 * The memo key of an entry line: every field of the engine's input (declared facts included), with object keys
 * sorted so that the order the user gave quantities in does not matter. Two lines share a key only when the
 * engine reads them alike.
 *
 * @example
 * lineKey({ hts: '8703.23.01', origin: 'MX', date, value: 4_000_000n, usmca: true })
 * // '{"date":"2025-05-01","hts":"8703.23.01","origin":"MX","usmca":true,"value":"4000000n"}'
 */
export function lineKey(input: DutyInput): string {
  return JSON.stringify(input, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    // fromEntries keeps a quantity named __proto__ as a key of its own.
    return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** Remembered duty answers, keyed by the line and the log size an overlay depends on. */
export class DutyMemo {
  private readonly answers = new Map<string, string>();

  constructor(
    private readonly evaluations: EvaluationService,
    private readonly ledger: LedgerService,
  ) {}

  /** The log size a duty answer with this overlay depends on (0 when it depends on none). */
  dependency(overlay: string | undefined): number {
    return overlay && this.evaluations.agreement(overlay).factsFrom === 'ledger'
      ? this.ledger.replay.size
      : 0;
  }

  /** The remembered answer for a line, or `compute`'s, remembered. */
  async get(key: string, overlay: string | undefined, compute: () => Promise<string>): Promise<string> {
    const k = `${overlay ?? ''}|${this.dependency(overlay)}|${key}`;
    const hit = this.answers.get(k);
    if (hit !== undefined) return hit;
    const value = await compute();
    if (this.answers.size >= MAX_ENTRIES) this.answers.clear();
    this.answers.set(k, value);
    return value;
  }
}
