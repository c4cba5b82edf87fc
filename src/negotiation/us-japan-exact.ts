/**
 * @module negotiation/us-japan-exact
 * The US–Japan case without the additive approximation: every package's economic gain is computed
 * exactly from a {@link DealEconomicsModel}, rescaled to [0, 1] over all packages, and combined with the
 * stated non-economic terms; the frontier is then found on the enumerated utilities with the exact
 * two-party sweep. Use it to check how far the linear-additive profiles in `domain.yaml` move the answer
 * (pass the same model the file was derived with: `usJapanSimulator()` for the example).
 */
import type { DealEconomicsModel } from './economics.js';
import { indicesOfNumber, issueValues, type Outcome, outcomeAt, outcomeCount } from './model.js';
import { paretoIndices2 } from './pareto.js';
import { kalaiSmorodinskyPoint, nashPoint, type UtilityPair } from './solutions.js';
import {
  ECONOMIC_ISSUES,
  japanGain,
  US_JAPAN_ASSUMPTIONS,
  US_JAPAN_DOMAIN,
  usGain,
  usJapanEconomics,
} from './us-japan-utilities.js';

/** The exact analysis: frontier size, disagreement point and the two bargaining packages. */
export interface ExactUsJapanAnalysis {
  model: string;
  outcomes: number;
  frontierSize: number;
  disagreement: [number, number];
  /** Exact economic gain range over all packages, $bn, per government. */
  gainRange: { 'United States': [number, number]; Japan: [number, number] };
  nash: { outcome: Outcome; utilities: [number, number]; gainsBn: [number, number] } | null;
  kalaiSmorodinsky: { outcome: Outcome; utilities: [number, number]; gainsBn: [number, number] } | null;
}

/** Enumerate every package with exact economic gains and analyse the two-party problem. */
export function exactUsJapanAnalysis(model: DealEconomicsModel = usJapanEconomics): ExactUsJapanAnalysis {
  const domain = US_JAPAN_DOMAIN;
  const n = outcomeCount(domain);
  const econIdx = ECONOMIC_ISSUES.map((name) => domain.issues.findIndex((i) => i.name === name));
  // The economic gain depends only on the economic issues: compute it once per combination of those.
  const cache = new Map<string, [number, number]>();
  const gains = (idx: readonly number[]): [number, number] => {
    const key = econIdx.map((i) => idx[i]).join(',');
    let g = cache.get(key);
    if (!g) {
      const q = model.quantities(outcomeAt(domain, idx));
      g = [usGain(q), japanGain(q)];
      cache.set(key, g);
    }
    return g;
  };
  const gUS = new Float64Array(n);
  const gJP = new Float64Array(n);
  const nonEcon = (party: 'United States' | 'Japan', idx: readonly number[]) => {
    const spec = US_JAPAN_ASSUMPTIONS.nonEconomic[party];
    let u = 0;
    for (const name of ['defense-gdp', 'tech-sharing'] as const) {
      const i = domain.issues.findIndex((x) => x.name === name);
      const value = String(issueValues(domain.issues[i]!)[idx[i]!]);
      u += spec.weights[name] * ((spec[name] as Record<string, number>)[value] ?? 0);
    }
    return u;
  };
  let loUS = Number.POSITIVE_INFINITY;
  let hiUS = Number.NEGATIVE_INFINITY;
  let loJP = Number.POSITIVE_INFINITY;
  let hiJP = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const [a, b] = gains(indicesOfNumber(domain, k));
    gUS[k] = a;
    gJP[k] = b;
    loUS = Math.min(loUS, a);
    hiUS = Math.max(hiUS, a);
    loJP = Math.min(loJP, b);
    hiJP = Math.max(hiJP, b);
  }
  const wUS = US_JAPAN_ASSUMPTIONS.economicWeight['United States'];
  const wJP = US_JAPAN_ASSUMPTIONS.economicWeight.Japan;
  const uA = new Float64Array(n);
  const uB = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const idx = indicesOfNumber(domain, k);
    uA[k] = (wUS * (gUS[k]! - loUS)) / (hiUS - loUS) + nonEcon('United States', idx);
    uB[k] = (wJP * (gJP[k]! - loJP)) / (hiJP - loJP) + nonEcon('Japan', idx);
  }
  // No deal: gain 0, defense at the 2024 level (2.3%), no technology protocol.
  const statusQuo = (party: 'United States' | 'Japan') => {
    const spec = US_JAPAN_ASSUMPTIONS.nonEconomic[party];
    return (
      spec.weights['defense-gdp'] * spec['defense-gdp']['2.3%'] +
      spec.weights['tech-sharing'] * spec['tech-sharing'].none
    );
  };
  const d: UtilityPair = [
    wUS * Math.min(1, Math.max(0, -loUS / (hiUS - loUS))) + statusQuo('United States'),
    wJP * Math.min(1, Math.max(0, -loJP / (hiJP - loJP))) + statusQuo('Japan'),
  ];
  const front = Array.from(paretoIndices2(uA, uB));
  const points: UtilityPair[] = front.map((k) => [uA[k]!, uB[k]!]);
  const pick = (p: ReturnType<typeof nashPoint>) => {
    if (!p) return null;
    const k = front[p.index]!;
    return {
      outcome: outcomeAt(domain, indicesOfNumber(domain, k)),
      utilities: p.utilities,
      gainsBn: [gUS[k]!, gJP[k]!] as [number, number],
    };
  };
  return {
    model: model.name,
    outcomes: n,
    frontierSize: front.length,
    disagreement: [d[0], d[1]],
    gainRange: { 'United States': [loUS, hiUS], Japan: [loJP, hiJP] },
    nash: pick(nashPoint(points, d)),
    kalaiSmorodinsky: pick(kalaiSmorodinskyPoint(points, d)),
  };
}
