/**
 * @module negotiation/us-japan-utilities
 * The US–Japan investment-for-tariff-relief case as a negotiation domain: its issues, cited facts, the
 * judgement calls in {@link US_JAPAN_ASSUMPTIONS}, the gain functions and the profile derivation, which take
 * any `DealEconomicsModel`. The example (domain.yaml) passes the simulator adapter
 * (`simulator-economics.ts`); {@link usJapanEconomics}, a small transparent formula, remains the default
 * here as a cross-check that needs no data files.
 *
 * The formula, per outcome with commitment term T years, `steps` annual steps from the status-quo rate τ0
 * to the final rate f, J verified new jobs required per step and investment I ($bn), over a fixed
 * evaluation horizon of H = 15 years (the US's demanded term; relief is assumed to persist after T):
 * - direct jobs D = I · jobsPerBn; steps earned k = min(steps, ⌊D / J⌋), one per year;
 * - jobs guaranteed by the milestones E = min(D, k·J), for T years;
 * - rate in year y: τ_y = τ0 − min(y, k)·(τ0 − f)/steps;
 * - imports M(τ) = M0·(1 + εφ·(τ − τMFN)) with εφ = −1 (USTR 2025 formula), M0 = 2024 HS 8703 imports from Japan;
 * - duty saved by exporters Σ_y (τ0 − τ_y)·M(τ_y)·(1 − pMiss·σ) (σ = snap-back severity);
 * - US revenue forgone Σ_y [τ0·M(τ0) − τ_y·M(τ_y)];
 * - US job-years = E·T·credibility(verification)·retention(σ) + [(D − E)·T + D·(H − T)]·r, r = retention of
 *   jobs nobody guarantees;
 * - Japan's investment cost = I·(capitalCostPerYear·T + complianceCost(verification)) + E·T·guaranteeCost.
 * US gain = job-years · compensation per job − revenue forgone; Japan gain = duty saved − investment cost.
 */
import type { DealEconomicsModel, DealQuantities } from './economics.js';
import { type AdditiveGain, additiveError, additiveGain } from './economics.js';
import type { Domain, Outcome } from './model.js';
import { issueValues } from './model.js';

/**
 * The 2025 news report the case is modelled on. The text carries no outlet or publication date, so none is
 * given; its figures are reported positions, not confirmed by a primary source.
 */
export const US_JAPAN_ARTICLE =
  '"Investment Over Tariffs: Japan\'s Bold Strategy in Crucial U.S. Trade Negotiations" (news report on the third round of US–Japan talks, 2025; outlet and date not stated)';

/** Cited constants; each source names the primary document, release or study the figure comes from. */
export const US_JAPAN_FACTS = {
  /** US imports of HS 8703 from Japan, 2024, $bn (UN Comtrade-derived $40.77 bn; gtaic 18.6% × $219.5 bn). */
  importsHs8703Bn: {
    value: 40.8,
    source:
      'UN Comtrade, US imports of HS 8703 from Japan, 2024: $40.77 bn (as compiled in GitHub chaossora/asia, newdata/output/auto_imports_partner_cmd_annual.csv); agrees with gtaic.ai "Cars market in USA 2025" (Japan 18.6% of $219.5 bn); not checked against USITC DataWeb',
  },
  /** Status-quo duty on a Japanese car: 25% §232 + 2.5% MFN. */
  statusQuoRate: {
    value: 0.275,
    source:
      'HTSUS 8703 column 1 general 2.5% + Section 232 autos 25% (Proclamation 10908, 90 FR 14705; heading 9903.94.01, entries from 2025-04-03); replaced from 2025-09-16 by the inclusive 15% of EO 14345 (90 FR 43535; heading 9903.94.40, Commerce notice 90 FR 44638)',
  },
  /** MFN column-1 rate for HS 8703. */
  mfnRate: {
    value: 0.025,
    source: 'HTSUS 2025 Revision 7, chapter 87, heading 8703 subheadings, column 1 general rate',
  },
  /** Import elasticity × pass-through in the USTR 2025 formula (ε = −4, φ = 0.25). */
  elasticityTimesPassThrough: {
    value: -1,
    source:
      'USTR, "Reciprocal Tariff Calculations" (April 2025): import-demand elasticity −4 × tariff pass-through 0.25',
  },
  /** Direct jobs per $bn: (5,100 + 2,200 + 6,000) jobs / ($13.9 + $3.5 + $65) bn for Toyota NC, Honda–LGES Ohio, TSMC Arizona. */
  jobsPerBn: {
    value: 13_300 / 82.4,
    source:
      'announced projects: Toyota Battery Manufacturing North Carolina, $13.9 bn and up to 5,100 jobs (Toyota announcements 2021–2025, reported by IndustryWeek); L-H Battery (Honda–LG Energy Solution), Fayette County, Ohio, $3.5 bn committed and 2,200 jobs (2022 announcement, reported by The Columbus Dispatch); TSMC Arizona, $65 bn and about 6,000 direct manufacturing jobs (US Department of Commerce CHIPS Act award release, 2024-11-15)',
  },
  /** Compensation per job-year, $bn: Prusa/JAMA $197 bn over > 2.29 M jobs (2022). */
  compensationPerJobYearBn: {
    value: 197 / 2_290_000,
    source:
      'Thomas J. Prusa (Rutgers University), economic-contribution study for the Japan Automobile Manufacturers Association (JAMA), 2022 figures published on jama.org: over 2.29 M US jobs (direct, supplier, spin-off and dealer) and $197 bn compensation; industry-sponsored',
  },
  /** Japan's positions: 7-year terms; US: 15-year minimum; Japan demands full removal of the 25% duty. */
  positions: {
    value: 'Japan 7 years, US 15 years; full removal demanded',
    source: `${US_JAPAN_ARTICLE}; the terms are attributed to unnamed Trade Ministry insiders; not confirmed by a primary source`,
  },
  /** Japan's defense spending, 2024: 2.3% of GDP. */
  defense2024: {
    value: 0.023,
    source: `${US_JAPAN_ARTICLE}; not confirmed by a primary source`,
  },
} as const;

/** Judgement calls (not from a source), stated so they can be challenged. */
export const US_JAPAN_ASSUMPTIONS = {
  /** Share of claimed jobs the US credits as real, by verification regime. */
  credibility: {
    'self-certification': 0.7,
    'one auditor, payroll': 0.85,
    'two of three auditors, payroll + QCEW': 0.95,
    'three auditors, payroll + QCEW + site visits': 0.98,
  } as Record<string, number>,
  /** Japan's compliance cost as a share of the investment, by verification regime. */
  complianceCost: {
    'self-certification': 0,
    'one auditor, payroll': 0.002,
    'two of three auditors, payroll + QCEW': 0.005,
    'three auditors, payroll + QCEW + site visits': 0.01,
  } as Record<string, number>,
  /** Snap-back severity σ: share of the relief withdrawn when a milestone is missed. */
  snapBack: { none: 0, 'partial (half the relief)': 0.5, 'full (back to 27.5%)': 1 } as Record<
    string,
    number
  >,
  /** Chance that some milestone is missed during the term (a downturn, a cancelled plant). */
  missProbability: 0.15,
  /** Share of guaranteed jobs kept over the term without any snap-back threat; a full snap-back keeps them all. */
  retentionWithoutSnapBack: 0.75,
  /** Share of jobs nobody guarantees (beyond the milestones, or after the term) that the US can still count on. */
  unguaranteedRetention: 0.35,
  /** Japan's yearly net cost of committed capital, as a share of the investment (JBIC/NEXI loans rather than equity). */
  capitalCostPerYear: 0.004,
  /** Japan's cost ($bn) of guaranteeing one job for one year that business needs alone would not keep ($25,000). */
  guaranteeCostPerJobYearBn: 25_000 / 1e9,
  /** Evaluation horizon in years for duty flows and job-years. */
  horizonYears: 15,
  /** Weight of the economic block in each government's utility; the rest is defense and technology. */
  economicWeight: { 'United States': 0.75, Japan: 0.8 },
  /** Stated weights and evaluations for the non-economic issues. */
  nonEconomic: {
    'United States': {
      weights: { 'defense-gdp': 0.15, 'tech-sharing': 0.1 },
      'defense-gdp': { '2.0%': 0, '2.3%': 0.3, '2.5%': 0.55, '3.0%': 1 },
      'tech-sharing': { none: 0, '5G only': 0.5, '5G + quantum': 1 },
    },
    Japan: {
      weights: { 'defense-gdp': 0.12, 'tech-sharing': 0.08 },
      'defense-gdp': { '2.0%': 0.6, '2.3%': 1, '2.5%': 0.7, '3.0%': 0 },
      'tech-sharing': { none: 0.3, '5G only': 1, '5G + quantum': 0.6 },
    },
  },
  /**
   * A middle-of-the-range package, the default point to linearise around. The example linearises around the
   * exact-model Nash package instead (see us-japan-scenario.ts), where the approximation matters most.
   */
  reference: {
    'term-years': 11,
    'phase-steps': '2 steps',
    'final-rate': '10%',
    'jobs-per-step': '10,000',
    verification: 'two of three auditors, payroll + QCEW',
    'snap-back': 'partial (half the relief)',
    'investment-usd-bn': '400',
    'defense-gdp': '2.5%',
    'tech-sharing': '5G only',
  } as Outcome,
} as const;

/** The negotiated issues. */
export const US_JAPAN_DOMAIN: Domain = {
  name: 'us-japan-investment-for-tariff-relief',
  issues: [
    { kind: 'integer', name: 'term-years', min: 7, max: 15 },
    { kind: 'discrete', name: 'phase-steps', values: ['1 step', '2 steps', '3 steps', '4 steps'] },
    { kind: 'discrete', name: 'final-rate', values: ['20%', '15%', '10%', '5%', '2.5% (full removal)'] },
    { kind: 'discrete', name: 'jobs-per-step', values: ['2,500', '5,000', '10,000', '20,000'] },
    {
      kind: 'discrete',
      name: 'verification',
      values: [
        'self-certification',
        'one auditor, payroll',
        'two of three auditors, payroll + QCEW',
        'three auditors, payroll + QCEW + site visits',
      ],
    },
    {
      kind: 'discrete',
      name: 'snap-back',
      values: ['none', 'partial (half the relief)', 'full (back to 27.5%)'],
    },
    { kind: 'discrete', name: 'investment-usd-bn', values: ['100', '200', '400', '550'] },
    { kind: 'discrete', name: 'defense-gdp', values: ['2.0%', '2.3%', '2.5%', '3.0%'] },
    { kind: 'discrete', name: 'tech-sharing', values: ['none', '5G only', '5G + quantum'] },
  ],
};

/** Issues whose utility comes from the economic formula. */
export const ECONOMIC_ISSUES = [
  'term-years',
  'phase-steps',
  'final-rate',
  'jobs-per-step',
  'verification',
  'snap-back',
  'investment-usd-bn',
] as const;

function num(label: unknown): number {
  return Number(String(label).replace(/[,%]/g, '').split(' ')[0]);
}

/** Import value ($bn) at total rate τ under the linear USTR response. */
export function importsAt(rate: number): number {
  const f = US_JAPAN_FACTS;
  return f.importsHs8703Bn.value * (1 + f.elasticityTimesPassThrough.value * (rate - f.mfnRate.value));
}

/** The transparent formula of this module as a {@link DealEconomicsModel}. */
export const usJapanEconomics: DealEconomicsModel = {
  name: 'accord us-japan linear import response (negotiation/us-japan-utilities.ts)',
  quantities(o: Outcome): DealQuantities {
    const f = US_JAPAN_FACTS;
    const a = US_JAPAN_ASSUMPTIONS;
    const term = Number(o['term-years']);
    const steps = num(o['phase-steps']);
    const finalRate = num(o['final-rate']) / 100;
    const jobsPerStep = num(o['jobs-per-step']);
    const investment = num(o['investment-usd-bn']);
    const verification = String(o.verification);
    const sigma = a.snapBack[String(o['snap-back'])] ?? 0;
    const tau0 = f.statusQuoRate.value;
    const horizon = a.horizonYears;
    const jobs = investment * f.jobsPerBn.value;
    const earned = Math.min(steps, Math.floor(jobs / jobsPerStep));
    const guaranteed = Math.min(jobs, earned * jobsPerStep);
    const stepSize = (tau0 - finalRate) / steps;
    let saved = 0;
    let forgone = 0;
    const baseRevenue = tau0 * importsAt(tau0);
    for (let y = 1; y <= horizon; y++) {
      const rate = tau0 - Math.min(y, earned) * stepSize;
      const m = importsAt(rate);
      saved += (tau0 - rate) * m;
      forgone += baseRevenue - rate * m;
    }
    const retention = a.retentionWithoutSnapBack + (1 - a.retentionWithoutSnapBack) * sigma;
    const credited = guaranteed * term * (a.credibility[verification] ?? 0) * retention;
    const unguaranteed =
      ((jobs - guaranteed) * term + jobs * Math.max(0, horizon - term)) * a.unguaranteedRetention;
    return {
      usJobYears: credited + unguaranteed,
      dutyRevenueForgone: forgone,
      dutySaved: saved * (1 - a.missProbability * sigma),
      investmentCost:
        investment * (a.capitalCostPerYear * term + (a.complianceCost[verification] ?? 0)) +
        guaranteed * term * a.guaranteeCostPerJobYearBn,
    };
  },
};

/** US economic gain ($bn): job-years valued at compensation, minus duty revenue forgone. */
export function usGain(q: DealQuantities): number {
  return q.usJobYears * US_JAPAN_FACTS.compensationPerJobYearBn.value - q.dutyRevenueForgone;
}

/** Japan's economic gain ($bn): duty saved by its exporters minus the investment cost. */
export function japanGain(q: DealQuantities): number {
  return q.dutySaved - q.investmentCost;
}

/** One party's derived linear-additive profile, with the numbers it came from. */
export interface DerivedProfile {
  name: string;
  weights: Record<string, number>;
  utilities: Record<string, Record<string, number>>;
  /** Utility of no deal (gain 0, status-quo defense and technology). */
  reservation: number;
  additive: AdditiveGain;
  /** Worst and best additive economic gain over the domain, $bn. */
  gainRange: [number, number];
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * Derive a government's profile: economic issue weights are proportional to how much each issue can move
 * its gain (range of its additive contribution), scaled to the economic block weight; evaluations are the
 * contributions rescaled to [0, 1]; non-economic issues use the stated weights and evaluations.
 */
export function deriveProfile(
  party: 'United States' | 'Japan',
  model: DealEconomicsModel = usJapanEconomics,
  reference: Outcome = US_JAPAN_ASSUMPTIONS.reference,
): DerivedProfile {
  const a = US_JAPAN_ASSUMPTIONS;
  const gainOf = party === 'United States' ? usGain : japanGain;
  const gain = (o: Outcome) => gainOf(model.quantities(o));
  const add = additiveGain(US_JAPAN_DOMAIN, reference, gain, ECONOMIC_ISSUES);
  const ranges: Record<string, [number, number]> = {};
  let total = 0;
  let lo = add.reference;
  let hi = add.reference;
  for (const name of ECONOMIC_ISSUES) {
    const vals = Object.values(add.deltas[name]!);
    const r: [number, number] = [Math.min(...vals), Math.max(...vals)];
    ranges[name] = r;
    total += r[1] - r[0];
    lo += r[0];
    hi += r[1];
  }
  const econ = a.economicWeight[party];
  const weights: Record<string, number> = {};
  const utilities: Record<string, Record<string, number>> = {};
  for (const name of ECONOMIC_ISSUES) {
    const [mn, mx] = ranges[name]!;
    weights[name] = round6(total > 0 ? (econ * (mx - mn)) / total : 0);
    utilities[name] = Object.fromEntries(
      Object.entries(add.deltas[name]!).map(([v, d]) => [v, round6(mx > mn ? (d - mn) / (mx - mn) : 0)]),
    );
  }
  const non = a.nonEconomic[party];
  for (const [name, w] of Object.entries(non.weights)) {
    weights[name] = w;
    utilities[name] = { ...(non[name as 'defense-gdp' | 'tech-sharing'] as Record<string, number>) };
  }
  // Make the rounded weights sum to exactly one by adjusting the largest economic weight.
  const sum = Object.values(weights).reduce((s, w) => s + w, 0);
  const largest = ECONOMIC_ISSUES.reduce((b, n) => (weights[n]! > weights[b]! ? n : b), ECONOMIC_ISSUES[0]);
  weights[largest] = round6(weights[largest]! + 1 - sum);
  // No deal: economic gain 0 on the additive scale, defense stays at the 2024 level, no technology protocol.
  const econAtZero = hi > lo ? Math.min(1, Math.max(0, (0 - lo) / (hi - lo))) : 0;
  const reservation =
    econ * econAtZero +
    non.weights['defense-gdp'] * (non['defense-gdp'] as Record<string, number>)['2.3%']! +
    non.weights['tech-sharing'] * (non['tech-sharing'] as Record<string, number>).none!;
  return {
    name: party,
    weights,
    utilities,
    reservation: round6(reservation),
    additive: add,
    gainRange: [lo, hi],
  };
}

/** Every outcome of the economic issues (others at the reference), for measuring the additive error. */
export function* economicOutcomes(reference: Outcome = US_JAPAN_ASSUMPTIONS.reference): Generator<Outcome> {
  const lists = ECONOMIC_ISSUES.map((n) => issueValues(US_JAPAN_DOMAIN.issues.find((i) => i.name === n)!));
  const idx = lists.map(() => 0);
  for (;;) {
    const o: Outcome = { ...reference };
    ECONOMIC_ISSUES.forEach((n, i) => {
      o[n] = lists[i]![idx[i]!]!;
    });
    yield o;
    let i = lists.length - 1;
    while (i >= 0 && ++idx[i]! >= lists[i]!.length) idx[i--] = 0;
    if (i < 0) return;
  }
}

/** Largest gap ($bn) between a party's exact economic gain and its additive approximation. */
export function approximationError(
  party: 'United States' | 'Japan',
  model: DealEconomicsModel = usJapanEconomics,
  reference: Outcome = US_JAPAN_ASSUMPTIONS.reference,
): number {
  const d = deriveProfile(party, model, reference);
  const gainOf = party === 'United States' ? usGain : japanGain;
  return additiveError(d.additive, economicOutcomes(reference), (o) => gainOf(model.quantities(o)));
}
