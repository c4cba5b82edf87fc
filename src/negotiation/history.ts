/**
 * @module negotiation/history
 * A dated record of the talks shown against the frontier: for each offer, each party's utility, whether it
 * was efficient (and if not, how far from the frontier and which package would have been better for
 * both), and what the offering party conceded relative to its own previous offer.
 */
import { analyzeProposal, type PreparedScenario, type ScoredOutcome } from './analyze.js';
import type { Outcome } from './model.js';
import type { HistoryEntry } from './yaml-scenario.js';

/** One offer of the record, analysed. */
export interface HistoryStep {
  date: string;
  round: string;
  party: string;
  label: string;
  outcome: Outcome;
  utilities: [number, number];
  dominated: boolean;
  distanceToFrontier: number;
  bestImprovement: ScoredOutcome | null;
  /** Own-utility given up since this party's previous offer (positive = conceded); null on its first offer. */
  concession: number | null;
  /** Issues whose value changed since this party's previous offer, as "issue: old → new". */
  changes: string[];
  source?: string;
  note?: string;
}

/** Analyse a record of offers against a prepared scenario. */
export function analyzeHistory(prep: PreparedScenario, history: readonly HistoryEntry[]): HistoryStep[] {
  const names = prep.parties.map((p) => p.name);
  const last = new Map<string, { outcome: Outcome; own: number }>();
  return history.map((entry) => {
    const p = analyzeProposal(prep, entry.outcome);
    const side = names.indexOf(entry.party);
    const own = side >= 0 ? p.utilities[side]! : Number.NaN;
    const prev = last.get(entry.party);
    const changes: string[] = [];
    if (prev) {
      for (const issue of prep.domain.issues) {
        const a = prev.outcome[issue.name];
        const b = entry.outcome[issue.name];
        if (a !== b) changes.push(`${issue.name}: ${String(a)} → ${String(b)}`);
      }
    }
    last.set(entry.party, { outcome: entry.outcome, own });
    const step: HistoryStep = {
      date: entry.date,
      round: entry.round,
      party: entry.party,
      label: entry.label,
      outcome: entry.outcome,
      utilities: p.utilities,
      dominated: p.dominated,
      distanceToFrontier: p.distanceToFrontier,
      bestImprovement: p.bestImprovement,
      concession: prev && side >= 0 ? prev.own - own : null,
      changes,
    };
    if (entry.source) step.source = entry.source;
    if (entry.note) step.note = entry.note;
    return step;
  });
}
