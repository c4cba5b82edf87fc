/**
 * @module cli/commands/negotiate/analysis-text
 * The text `accord negotiate` prints: numbers to three places, outcomes as `issue=value` lists, and the
 * analysis, history and focus tables fitted to the terminal's width.
 */
import { ordinal } from '../../../_lib/words.js';
import type {
  Analysis,
  analyzeHistory,
  FocusRow,
  ScoredOutcome,
  SolutionOutcome,
} from '../../../negotiation/index.js';
import { type FittedRow, fittedTable, wrapLines } from '../../fit-width.js';

/** A utility to three places, never "-0.000". */
export const f3 = (x: number) => (Object.is(x, -0) ? 0 : x).toFixed(3);

/** An outcome as `issue=value; …`. */
export function outcomeText(o: Record<string, unknown>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('; ');
}

/** A labelled point: its two utilities and its outcome, or why there is none. */
export function pointText(label: string, p: ScoredOutcome | null): string {
  return p
    ? `${label}: (${f3(p.utilities[0])}, ${f3(p.utilities[1])})  ${outcomeText(p.outcome)}`
    : `${label}: none (no outcome beats disagreement for both)`;
}

/** A solution line, and when several efficient outcomes tie on its score, every one of them. */
function solutionText(label: string, p: SolutionOutcome | null, tolerance: number): string[] {
  const lines = [pointText(label, p)];
  if (!p || p.tied <= 1) return lines;
  const shown = 10;
  lines.push(`  one of ${p.tied} outcomes tied on this score (within a relative ${tolerance}):`);
  for (const t of p.ties.slice(0, shown))
    lines.push(`    (${f3(t.utilities[0])}, ${f3(t.utilities[1])})  ${outcomeText(t.outcome)}`);
  if (p.tied > shown) lines.push(`    … and ${p.tied - shown} more (all with --json)`);
  return lines;
}

/** The analysis: conventions, disagreement point, solutions and the frontier, then `extra` lines. */
export function analysisText(a: Analysis, extra: string[]): string {
  const lines: string[] = [];
  lines.push(`Convention: ${a.convention} — ${a.conventionNote}`);
  lines.push(`Parties: A = ${a.parties[0]}, B = ${a.parties[1]}`);
  lines.push(
    `Issues: ${a.issues}; outcomes: ${a.outcomes}; Pareto-efficient outcomes: ${a.pareto.length} (ties within ${a.tieTolerance}; ${a.method})`,
  );
  lines.push(
    `Disagreement point: (${f3(a.disagreement[0])}, ${f3(a.disagreement[1])}); ideal: ${a.ideal ? `(${f3(a.ideal[0])}, ${f3(a.ideal[1])})` : 'none'}`,
  );
  lines.push(
    `Opposition: ${a.opposition.toFixed(4)} (distance from (1, 1), each utility divided by its best)`,
    `  min–max rescaled: ${a.oppositionMinMax.toFixed(4)}`,
  );
  lines.push('');
  lines.push(...solutionText('Nash', a.nash, a.solutionTieTolerance));
  lines.push(...solutionText('Kalai–Smorodinsky', a.kalaiSmorodinsky, a.solutionTieTolerance));
  lines.push(...solutionText('Egalitarian', a.egalitarian, a.solutionTieTolerance));
  lines.push(...solutionText('Max welfare', a.maxWelfare, a.solutionTieTolerance));
  lines.push('');
  const every = Math.ceil(a.pareto.length / 30);
  const shown = a.pareto.length <= 30 ? a.pareto : a.pareto.filter((_, i) => i % every === 0);
  lines.push(
    a.pareto.length <= 30
      ? 'Pareto frontier (best for A first):'
      : `Pareto frontier, every ${ordinal(every)} of ${a.pareto.length} points (all with --json):`,
  );
  lines.push(
    fittedTable(
      ['u(A)', 'u(B)', 'outcome'],
      shown.map((p) => [f3(p.utilities[0]), f3(p.utilities[1]), outcomeText(p.outcome)]),
    ),
  );
  return wrapLines([...lines, ...extra].join('\n'));
}

/** The recorded rounds set against the frontier; nothing when the scenario has no history. */
export function historyText(h: ReturnType<typeof analyzeHistory>): string[] {
  if (h.length === 0) return [];
  const lines = [
    '',
    "Rounds against the frontier (concession = own utility given up since that side's previous offer):",
  ];
  // Party names can be long ("United States"): the utility columns are headed u(A) and u(B), as above.
  // What changed since the side's previous offer runs under its row, across the table, so it stays readable.
  const head = ['date', 'round', 'party', 'u(A)', 'u(B)', 'efficient?', 'distance', 'concession'];
  const rows = h.flatMap((s): FittedRow[] => [
    [
      s.date,
      String(s.round),
      s.party,
      f3(s.utilities[0]),
      f3(s.utilities[1]),
      s.dominated ? 'no' : 'yes',
      f3(s.distanceToFrontier),
      s.concession === null ? '—' : f3(s.concession),
    ],
    ...(s.changes.length > 0 ? [{ span: `changed: ${s.changes.join('; ')}` }] : []),
  ]);
  lines.push(fittedTable(head, rows));
  return lines;
}

/** For each value of the focus issue, the best Nash package that uses it. */
export function focusText(issue: string, rows: FocusRow[]): string[] {
  const lines = [
    '',
    `Where each value of ${issue} stands (best Nash package with that value; 100% = the overall Nash product):`,
  ];
  const body = rows.map((r) => {
    if (!r.nash) return [String(r.value), '—', '—', '—', 'no package with this value beats no deal for both'];
    const rest = Object.fromEntries(Object.entries(r.nash.outcome).filter(([k]) => k !== issue));
    return [
      String(r.value),
      f3(r.nash.utilities[0]),
      f3(r.nash.utilities[1]),
      r.relativeNashProduct === null ? '—' : `${Math.round(r.relativeNashProduct * 100)}%`,
      outcomeText(rest),
    ];
  });
  lines.push(fittedTable([issue, 'u(A)', 'u(B)', 'Nash product', 'rest of the package'], body));
  return lines;
}
