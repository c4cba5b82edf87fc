/**
 * @module negotiation/recommend
 * A recommended package and its reasons in plain words: the Nash bargaining point (it maximises the
 * product of both sides' gains over no deal and does not depend on how either side scales its utility),
 * with each side's share of its possible gain, the issue-by-issue trade (who gets which issue, and the
 * weights that make the trade worth it), and how it compares with the Kalai–Smorodinsky package and the
 * offers on record.
 */
import { type Analysis, type PreparedScenario, type ScoredOutcome, utilitiesOf } from './analyze.js';
import { issueValues, outcomeIndices } from './model.js';
import { dominates } from './pareto.js';

/** Where one issue lands in the package, for each side. */
export interface IssueSplit {
  issue: string;
  value: string;
  /** Each side's utility for this value, rescaled to [0, 1] within the issue (1 = its best option). */
  satisfaction: [number, number];
  /** Each side's weight on the issue (its share of the side's total utility range). */
  weight: [number, number];
  /** Which side the value favours: 'A', 'B' or 'split'. */
  favours: 'A' | 'B' | 'split';
}

/** The recommendation. */
export interface Recommendation {
  basis: 'nash';
  package: ScoredOutcome;
  /** Share of each side's possible gain (ideal − disagreement) the package delivers. */
  gainShare: [number, number];
  splits: IssueSplit[];
  /** Issues on which the Kalai–Smorodinsky package differs. */
  differsFromKalaiSmorodinsky: string[];
  reasons: string[];
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** Recommend the Nash package with reasons; null when no package beats no deal for both. */
export function recommend(
  prep: PreparedScenario,
  analysis: Analysis,
  offers: readonly { label: string; party: string; outcome: Record<string, string | number> }[] = [],
): Recommendation | null {
  const nash = analysis.nash;
  if (!nash || !analysis.ideal) return null;
  const [nameA, nameB] = analysis.parties;
  const d = analysis.disagreement;
  const ideal = analysis.ideal;
  const gainShare: [number, number] = [
    ideal[0] > d[0] ? (nash.utilities[0] - d[0]) / (ideal[0] - d[0]) : 1,
    ideal[1] > d[1] ? (nash.utilities[1] - d[1]) / (ideal[1] - d[1]) : 1,
  ];
  const idx = outcomeIndices(prep.domain, nash.outcome);
  const spans = prep.parties.map((p) =>
    p.tables.reduce((s, t) => s + (t.length ? Math.max(...t) - Math.min(...t) : 0), 0),
  );
  const splits: IssueSplit[] = prep.domain.issues.map((issue, i) => {
    const sat = prep.parties.map((p) => {
      const t = p.tables[i]!;
      const lo = Math.min(...t);
      const hi = Math.max(...t);
      return hi > lo ? (t[idx[i]!]! - lo) / (hi - lo) : 1;
    }) as [number, number];
    const weight = prep.parties.map((p, k) => {
      const t = p.tables[i]!;
      return spans[k]! > 0 ? (Math.max(...t) - Math.min(...t)) / spans[k]! : 0;
    }) as [number, number];
    const favours = sat[0] - sat[1] > 0.25 ? 'A' : sat[1] - sat[0] > 0.25 ? 'B' : 'split';
    return {
      issue: issue.name,
      value: String(issueValues(issue)[idx[i]!]),
      satisfaction: sat,
      weight,
      favours,
    };
  });
  const ks = analysis.kalaiSmorodinsky;
  const differs = ks
    ? prep.domain.issues
        .filter((i) => String(ks.outcome[i.name]) !== String(nash.outcome[i.name]))
        .map((i) => i.name)
    : [];
  const reasons: string[] = [];
  // The text output shows only the reasons, so the source of the utilities is stated here first.
  if (prep.utilitiesFrom !== undefined) reasons.push(`Utilities derived from: ${prep.utilitiesFrom}.`);
  reasons.push(
    `It maximises the product of both gains over no deal (Nash): ${nameA} ${nash.utilities[0].toFixed(3)} vs ${d[0].toFixed(3)} without a deal, ${nameB} ${nash.utilities[1].toFixed(3)} vs ${d[1].toFixed(3)}.`,
  );
  reasons.push(
    `${nameA} gets ${pct(gainShare[0])} and ${nameB} ${pct(gainShare[1])} of the most each could gain; it is on the Pareto frontier, so no package is better for one side without being worse for the other.`,
  );
  const toA = splits.filter((s) => s.favours === 'A');
  const toB = splits.filter((s) => s.favours === 'B');
  const mid = splits.filter((s) => s.favours === 'split');
  const describe = (s: IssueSplit) =>
    `${s.issue} = ${s.value} (weights ${pct(s.weight[0])} / ${pct(s.weight[1])})`;
  if (toA.length) reasons.push(`${nameA} gets its way on ${toA.map(describe).join('; ')}.`);
  if (toB.length) reasons.push(`${nameB} gets its way on ${toB.map(describe).join('; ')}.`);
  if (mid.length) reasons.push(`Split down the middle: ${mid.map(describe).join('; ')}.`);
  const tradeA = toA.filter((s) => s.weight[0] > s.weight[1]).length;
  const tradeB = toB.filter((s) => s.weight[1] > s.weight[0]).length;
  if (tradeA + tradeB > 0) {
    reasons.push(
      `Linkage creates the value: ${tradeA + tradeB} of ${toA.length + toB.length} one-sided issues go to the side that weights them more.`,
    );
  }
  reasons.push(
    differs.length === 0
      ? 'The Kalai–Smorodinsky package (equal shares of possible gain) is the same package.'
      : `The Kalai–Smorodinsky package differs only on ${differs.join(', ')} (utilities ${ks!.utilities.map((u) => u.toFixed(3)).join(' / ')}).`,
  );
  for (const offer of offers) {
    const u = utilitiesOf(prep, offer.outcome);
    if (dominates(nash.utilities, u)) {
      reasons.push(
        `It is better for both sides than "${offer.label}" (${offer.party}): +${(nash.utilities[0] - u[0]).toFixed(3)} for ${nameA}, +${(nash.utilities[1] - u[1]).toFixed(3)} for ${nameB}.`,
      );
    }
  }
  return {
    basis: 'nash',
    package: { outcome: nash.outcome, utilities: nash.utilities },
    gainShare,
    splits,
    differsFromKalaiSmorodinsky: differs,
    reasons,
  };
}
