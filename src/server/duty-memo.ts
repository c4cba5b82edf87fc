/**
 * @module server/duty-memo
 * Duty answers remembered as the JSON text sent: a duty answer is a pure function of the line, the rule base
 * and, with an overlay read from the log, the log size, and repeated lookups of the same line are the common
 * case for brokers and dashboards.
 */
import type { EvaluationService } from './evaluations.js';
import type { LedgerService } from './ledger-service.js';

/** Bounded: answers are ~6 KB each, and a big memo costs more in garbage collection than it saves. */
const MAX_ENTRIES = 4096;

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
