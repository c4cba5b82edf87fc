/**
 * Every public ANAC domain in ../shared/conformance/negotiation (Genius XML and GeniusWeb JSON) loads, and
 * accord's analysis under both conventions matches an exact brute force written here: the files are read by
 * a minimal parser of this file's own (not accord's loaders), every outcome is enumerated, utilities are
 * exact rationals (BigInt), and the Pareto frontier, the Nash, Kalai–Smorodinsky, egalitarian and
 * maximum-welfare points with all their ties, the opposition level and the reservation values follow from
 * their definitions (docs/negotiation.md) by exhaustive search. Only the final comparison with accord's
 * floating-point answers uses a tolerance.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile } from '../src/_lib/read-file.js';
import {
  type Analysis,
  analyzeScenario,
  CONVENTIONS,
  type Convention,
  loadScenario,
  type Outcome,
  outcomeCount,
} from '../src/negotiation/index.js';
import { ROOT } from './helpers/cli.js';

const DIR = join(ROOT, '../shared/conformance/negotiation');
const present = existsSync(DIR);
if (!present)
  console.warn(`skipped negotiation conformance tests: ${DIR} is absent (needs the shared conformance data)`);

/** Per-issue option counts read from the domain files by hand; outcomes are their product. */
const CASES = [
  {
    name: 'Camera',
    format: 'genius' as const,
    files: ['camera_domain.xml', 'camera_buyer_utility.xml', 'camera_seller_utility.xml'],
    issues: 6,
    outcomes: 5 * 4 * 3 * 3 * 5 * 4,
  },
  {
    name: 'EnglandZimbabwe',
    format: 'genius' as const,
    files: ['EnglandZimbabwe_domain.xml', 'England.xml', 'Zimbabwe.xml'],
    issues: 5,
    outcomes: 4 * 4 * 3 * 3 * 4,
  },
  {
    name: 'Fifty2013',
    format: 'genius' as const,
    files: ['FiftyFifty2013_domain.xml', 'FiftyFifty2013_prof1.xml', 'FiftyFifty2013_prof2.xml'],
    issues: 1,
    outcomes: 11,
  },
  {
    name: 'ItexvsCypress',
    format: 'genius' as const,
    files: ['ItexvsCypress_domain.xml', 'ItexvsCypress_Itex.xml', 'ItexvsCypress_Cypress.xml'],
    issues: 4,
    outcomes: 180,
  },
  {
    name: 'Laptop',
    format: 'genius' as const,
    files: ['laptop_domain.xml', 'laptop_buyer_utility.xml', 'laptop_seller_utility.xml'],
    issues: 3,
    outcomes: 27,
  },
  {
    name: 'Party',
    format: 'genius' as const,
    files: ['party_domain.xml', 'party1_utility.xml', 'party2_utility.xml', 'party3_utility.xml'],
    issues: 6,
    outcomes: 3072,
  },
  {
    name: 'Fitness',
    format: 'geniusweb' as const,
    files: ['fitness.json', 'fitness1.json', 'fitness2.json'],
    issues: 5,
    outcomes: 1280,
  },
];
type Case = (typeof CASES)[number];

// ---------------------------------------------------------------------------------------------------------
// Exact rationals. Denominators stay positive and every value is reduced.

interface Q {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function q(n: bigint, d = 1n): Q {
  if (d === 0n) throw new Error('division by zero');
  const s = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (s * n) / g, d: (s * d) / g };
}

const ZERO = q(0n);
const ONE = q(1n);
const add = (a: Q, b: Q) => q(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const div = (a: Q, b: Q) => q(a.n * b.d, a.d * b.n);
const cmp = (a: Q, b: Q) => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
const minQ = (a: Q, b: Q) => (cmp(a, b) <= 0 ? a : b);
/** Nearest double, computed with 30 spare decimal digits so large numerators and denominators stay exact enough. */
const toNumber = (a: Q) => Number((a.n * 10n ** 30n) / a.d) / 1e30;

/** A decimal literal as written in the file ("0.4452125771655631", "320", "1.0", "1e-3"), exactly. */
function decimal(text: string): Q {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal number: "${text}"`);
  const digits = `${m[2]}${m[3] ?? ''}` || '0';
  const exp = Number(m[4] ?? 0) - (m[3] ?? '').length;
  const n = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  return exp >= 0 ? q(n * 10n ** BigInt(exp)) : q(n, 10n ** BigInt(-exp));
}

// ---------------------------------------------------------------------------------------------------------
// A minimal reader for the two formats, written for these files: discrete issues only.

interface RefIssue {
  name: string;
  values: string[];
}
/** One party: for each issue (domain order), each value's weighted utility under each convention. */
interface RefParty {
  utility: Record<Convention, Q[][]>;
  reservation: Q;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeEntities = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);

/** Start tags in document order with their attributes (XML declarations and comments skipped). */
function startTags(xml: string): { name: string; attrs: Record<string, string> }[] {
  const out: { name: string; attrs: Record<string, string> }[] = [];
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of text.matchAll(/<([A-Za-z_][\w.-]*)([^>]*)>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g))
      attrs[a[1]!] = decodeEntities(a[2]!);
    out.push({ name: m[1]!, attrs });
  }
  return out;
}

function discreteOnly(attrs: Record<string, string>) {
  const type = attrs.etype ?? attrs.type ?? 'discrete';
  if (type !== 'discrete') throw new Error(`the reference reader handles discrete issues only, not ${type}`);
}

function refGeniusDomain(xml: string): RefIssue[] {
  const issues: RefIssue[] = [];
  for (const t of startTags(xml)) {
    if (t.name === 'issue') {
      discreteOnly(t.attrs);
      issues.push({ name: t.attrs.name!, values: [] });
    } else if (t.name === 'item') issues.at(-1)!.values.push(t.attrs.value!);
  }
  return issues;
}

function refGeniusParty(xml: string, issues: RefIssue[]): RefParty {
  const evals = new Map<string, Map<string, Q>>();
  const indexOf = new Map<string, string>();
  const weights = new Map<string, Q>();
  let reservation = ZERO; // Genius: no <reservation> means 0
  let current = '';
  for (const t of startTags(xml)) {
    if (t.name === 'issue') {
      current = t.attrs.name!;
      indexOf.set(current, t.attrs.index!);
      evals.set(current, new Map());
    } else if (t.name === 'item') evals.get(current)!.set(t.attrs.value!, decimal(t.attrs.evaluation!));
    else if (t.name === 'weight') weights.set(t.attrs.index!, decimal(t.attrs.value!));
    else if (t.name === 'reservation') reservation = decimal(t.attrs.value!);
  }
  const genius: Q[][] = [];
  const raw: Q[][] = [];
  for (const issue of issues) {
    const e = evals.get(issue.name)!;
    const w = weights.get(indexOf.get(issue.name)!)!;
    // Genius's EvaluatorDiscrete: evaluation / the issue's largest evaluation.
    const max = [...e.values()].reduce((a, b) => (cmp(a, b) >= 0 ? a : b));
    genius.push(issue.values.map((v) => mul(w, div(e.get(v)!, max))));
    raw.push(issue.values.map((v) => mul(w, e.get(v)!)));
  }
  return { utility: { genius, raw }, reservation };
}

/** JSON.parse loses the decimal text; re-read each number from the source so "0.15" stays 3/20. */
function exactJson(text: string): unknown {
  const quoted = text.replace(/("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, (m, str: string) =>
    str !== undefined ? str : JSON.stringify(`#num:${m}`),
  );
  return JSON.parse(quoted);
}
const num = (v: unknown) => decimal(String(v).replace(/^#num:/, ''));

function refGeniusWebDomain(json: string): RefIssue[] {
  const d = exactJson(json) as { issuesValues: Record<string, { values: string[] }> };
  return Object.entries(d.issuesValues).map(([name, spec]) => {
    if (!Array.isArray(spec.values)) throw new Error('the reference reader handles discrete issues only');
    return { name, values: spec.values };
  });
}

function refGeniusWebParty(json: string, issues: RefIssue[]): RefParty {
  const p = (
    exactJson(json) as {
      LinearAdditiveUtilitySpace: {
        issueUtilities: Record<string, { discreteutils: { valueUtilities: Record<string, unknown> } }>;
        issueWeights: Record<string, unknown>;
        reservationBid?: { issuevalues: Record<string, string> };
      };
    }
  ).LinearAdditiveUtilitySpace;
  // GeniusWeb uses value utilities as given, under either convention.
  const table = issues.map((issue) => {
    const vu = p.issueUtilities[issue.name]!.discreteutils.valueUtilities;
    const w = num(p.issueWeights[issue.name]);
    return issue.values.map((v) => (vu[v] === undefined ? ZERO : mul(w, num(vu[v]))));
  });
  let reservation = ZERO;
  const bid = p.reservationBid?.issuevalues;
  if (bid) {
    issues.forEach((issue, i) => {
      reservation = add(reservation, table[i]![issue.values.indexOf(bid[issue.name]!)]!);
    });
  }
  return { utility: { genius: table, raw: table }, reservation };
}

function refLoad(c: Case): { issues: RefIssue[]; parties: RefParty[] } {
  const text = c.files.map((f) => readFileSync(join(DIR, c.name, f), 'utf8'));
  const issues = c.format === 'genius' ? refGeniusDomain(text[0]!) : refGeniusWebDomain(text[0]!);
  const parties = text
    .slice(1)
    .map((t) => (c.format === 'genius' ? refGeniusParty(t, issues) : refGeniusWebParty(t, issues)));
  return { issues, parties };
}

// ---------------------------------------------------------------------------------------------------------
// The brute force: every outcome, exact utilities, definitions applied literally.

interface RefPoint {
  key: string;
  u: [Q, Q];
}
interface RefSolution {
  utilities: [number, number];
  ties: string[];
}
interface RefAnalysis {
  frontier: RefPoint[];
  disagreement: [Q, Q];
  ideal: [Q, Q] | null;
  nash: RefSolution | null;
  kalaiSmorodinsky: RefSolution | null;
  egalitarian: RefSolution | null;
  maxWelfare: RefSolution | null;
  /** Squared opposition: min over outcomes of (1 − uA/bestA)² + (1 − uB/bestB)². */
  opposition2: Q;
  /** The same after min–max rescaling. */
  oppositionMinMax2: Q;
}

const keyOf = (issues: RefIssue[], values: readonly string[]) =>
  issues.map((i, k) => `${i.name}=${values[k]}`).join('; ');

function bruteForce(issues: RefIssue[], a: RefParty, b: RefParty, convention: Convention): RefAnalysis {
  const outcomes: RefPoint[] = [];
  const walk = (i: number, values: string[], ua: Q, ub: Q) => {
    if (i === issues.length) {
      outcomes.push({ key: keyOf(issues, values), u: [ua, ub] });
      return;
    }
    issues[i]!.values.forEach((v, k) => {
      walk(
        i + 1,
        [...values, v],
        add(ua, a.utility[convention][i]![k]!),
        add(ub, b.utility[convention][i]![k]!),
      );
    });
  };
  walk(0, [], ZERO, ZERO);

  // Pareto: an outcome is efficient when no outcome is ≥ for both and > for one. Comparing numerators over
  // one common denominator per party keeps the O(n²) check fast without leaving exact arithmetic.
  const common = (k: 0 | 1) => outcomes.reduce((l, o) => (l * o.u[k].d) / gcd(l, o.u[k].d), 1n);
  const [la, lb] = [common(0), common(1)];
  const na = outcomes.map((o) => (o.u[0].n * la) / o.u[0].d);
  const nb = outcomes.map((o) => (o.u[1].n * lb) / o.u[1].d);
  const byWelfare = outcomes
    .map((_, i) => i)
    .sort((x, y) => cmp(welfare(outcomes[y]!), welfare(outcomes[x]!)));
  const frontier = outcomes.filter(
    (_, i) =>
      !byWelfare.some((j) => na[j]! >= na[i]! && nb[j]! >= nb[i]! && (na[j]! > na[i]! || nb[j]! > nb[i]!)),
  );

  const d: [Q, Q] = [a.reservation, b.reservation];
  const rational = frontier.filter((p) => cmp(p.u[0], d[0]) >= 0 && cmp(p.u[1], d[1]) >= 0);
  const best = (score: (p: RefPoint) => Q): RefSolution | null => {
    if (rational.length === 0) return null;
    const scores = rational.map(score);
    const top = scores.reduce((x, y) => (cmp(x, y) >= 0 ? x : y));
    const ties = rational.filter((_, i) => cmp(scores[i]!, top) === 0);
    return { utilities: [toNumber(ties[0]!.u[0]), toNumber(ties[0]!.u[1])], ties: ties.map((t) => t.key) };
  };
  const ideal: [Q, Q] | null =
    rational.length === 0
      ? null
      : ([0, 1].map((k) => rational.map((p) => p.u[k]!).reduce((x, y) => (cmp(x, y) >= 0 ? x : y))) as [
          Q,
          Q,
        ]);
  const share = (k: 0 | 1, p: RefPoint) => {
    const gap = sub(ideal![k], d[k]);
    return cmp(gap, ZERO) > 0 ? div(sub(p.u[k], d[k]), gap) : ONE;
  };

  const extreme = (k: 0 | 1, sign: 1 | -1) =>
    outcomes.map((o) => o.u[k]).reduce((x, y) => (cmp(x, y) * sign >= 0 ? x : y));
  const [bestA, bestB, worstA, worstB] = [extreme(0, 1), extreme(1, 1), extreme(0, -1), extreme(1, -1)];
  const sq = (x: Q) => mul(x, x);
  const opposition2 = outcomes
    .map((o) => add(sq(sub(ONE, div(o.u[0], bestA))), sq(sub(ONE, div(o.u[1], bestB)))))
    .reduce(minQ);
  const oppositionMinMax2 = outcomes
    .map((o) =>
      add(
        sq(sub(ONE, div(sub(o.u[0], worstA), sub(bestA, worstA)))),
        sq(sub(ONE, div(sub(o.u[1], worstB), sub(bestB, worstB)))),
      ),
    )
    .reduce(minQ);

  return {
    frontier,
    disagreement: d,
    ideal,
    nash: best((p) => mul(sub(p.u[0], d[0]), sub(p.u[1], d[1]))),
    kalaiSmorodinsky: best((p) => minQ(share(0, p), share(1, p))),
    egalitarian: best((p) => minQ(sub(p.u[0], d[0]), sub(p.u[1], d[1]))),
    maxWelfare: best(welfare),
    opposition2,
    oppositionMinMax2,
  };
}

function welfare(p: RefPoint): Q {
  return add(p.u[0], p.u[1]);
}

// ---------------------------------------------------------------------------------------------------------
// Comparison with accord.

/** accord's floating-point utilities against the exact ones: 1e-9 relative to the magnitude (raw Camera reaches 300). */
function close(actual: number, exact: Q | number, label: string) {
  const e = typeof exact === 'number' ? exact : toNumber(exact);
  expect(Math.abs(actual - e), `${label}: ${actual} vs exact ${e}`).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(e)),
  );
}

function accordKey(issues: RefIssue[], o: Outcome): string {
  return keyOf(
    issues,
    issues.map((i) => String(o[i.name])),
  );
}

/** Which pairs of parties to check: the default pair, and for three-party Party every pair. */
const pairsOf = (c: Case): [number, number][] =>
  c.files.length === 4
    ? [
        [0, 1],
        [0, 2],
        [1, 2],
      ]
    : [[0, 1]];

const loadCase = (c: Case) =>
  loadScenario(
    c.format,
    c.files.map((f) => join(DIR, c.name, f)),
    readTextFile,
  );

const SOLUTIONS = ['nash', 'kalaiSmorodinsky', 'egalitarian', 'maxWelfare'] as const;

describe.skipIf(!present)('ANAC conformance domains', () => {
  it.each(CASES)('$name loads with $issues issues and $outcomes outcomes and no warnings', (c) => {
    const s = loadCase(c);
    expect(s.domain.issues.length).toBe(c.issues);
    expect(outcomeCount(s.domain)).toBe(c.outcomes);
    expect(s.profiles.length).toBe(c.files.length - 1);
    // Laptop's weights sum to 1.00005: within the Genius reader's 0.001, so no warning.
    expect(s.warnings).toEqual([]);
  });

  const grid = CASES.flatMap((c) =>
    CONVENTIONS.flatMap((convention) =>
      pairsOf(c).map((pair) => ({
        c,
        convention,
        pair,
        label: `${c.name} ${convention} ${pair.map((p) => p + 1).join(',')}`,
      })),
    ),
  );

  // describe.each runs its body while collecting, even when skipped: read the files only when they exist.
  describe.each(present ? grid : [])('$label matches the exact brute force', ({ c, convention, pair }) => {
    const ref = refLoad(c);
    const exact = bruteForce(ref.issues, ref.parties[pair[0]]!, ref.parties[pair[1]]!, convention);
    const a: Analysis = analyzeScenario(loadCase(c), convention, pair);

    it('Pareto frontier: the same outcomes, with the same utilities', () => {
      expect(a.pareto.map((p) => accordKey(ref.issues, p.outcome)).sort()).toEqual(
        exact.frontier.map((p) => p.key).sort(),
      );
      const byKey = new Map(exact.frontier.map((p) => [p.key, p]));
      for (const p of a.pareto) {
        const e = byKey.get(accordKey(ref.issues, p.outcome))!;
        close(p.utilities[0], e.u[0], 'u(A)');
        close(p.utilities[1], e.u[1], 'u(B)');
      }
    });

    it('reservation values (the disagreement point) and the ideal point', () => {
      close(a.disagreement[0], exact.disagreement[0], 'd(A)');
      close(a.disagreement[1], exact.disagreement[1], 'd(B)');
      expect(a.ideal === null).toBe(exact.ideal === null);
      if (exact.ideal) {
        close(a.ideal![0], exact.ideal[0], 'ideal(A)');
        close(a.ideal![1], exact.ideal[1], 'ideal(B)');
      }
    });

    it.each(SOLUTIONS)('%s: the same point and every outcome tied with it', (name) => {
      const got = a[name];
      const want = exact[name];
      expect(got === null).toBe(want === null);
      if (!got || !want) return;
      expect(got.ties.map((t) => accordKey(ref.issues, t.outcome)).sort()).toEqual([...want.ties].sort());
      expect(got.tied).toBe(want.ties.length);
      expect(want.ties).toContain(accordKey(ref.issues, got.outcome));
      close(got.utilities[0], want.utilities[0], `${name} u(A)`);
      close(got.utilities[1], want.utilities[1], `${name} u(B)`);
    });

    it('opposition (each utility divided by its best) and its min–max variant', () => {
      expect(Math.abs(a.opposition - Math.sqrt(toNumber(exact.opposition2)))).toBeLessThan(1e-12);
      expect(Math.abs(a.oppositionMinMax - Math.sqrt(toNumber(exact.oppositionMinMax2)))).toBeLessThan(1e-12);
    });
  });

  // The figures issue 14 reported, pinned so a regression names the finding it reopens.
  const analysisOf = (name: string, convention: Convention) =>
    analyzeScenario(loadCase(CASES.find((c) => c.name === name)!), convention);

  it('GeniusWeb utilities are used as given under the default convention: Fitness has 17 efficient outcomes', () => {
    const genius = analysisOf('Fitness', 'genius');
    const raw = analysisOf('Fitness', 'raw');
    expect(genius.pareto.length).toBe(17);
    expect(genius.nash!.utilities.map((u) => +u.toFixed(12))).toEqual([0.75, 0.865]);
    // running 0.2·0.15 + 3 hours 0.22·0.05 + 40 km 0.25·0.3 + bootcamp 0.14·0.3 + $50 0.2·0.2, as written
    expect(genius.disagreement[0]).toBeCloseTo(0.198, 12);
    expect(genius.pareto).toEqual(raw.pareto);
    expect(genius.disagreement).toEqual(raw.disagreement);
  });

  it('opposition is the literature measure: Camera 0.2197, EnglandZimbabwe 0.2721, Fifty2013 √2/2', () => {
    expect(analysisOf('Camera', 'genius').opposition).toBeCloseTo(0.2197, 4);
    expect(analysisOf('EnglandZimbabwe', 'genius').opposition).toBeCloseTo(0.2721, 4);
    expect(analysisOf('Fifty2013', 'genius').opposition).toBeCloseTo(Math.SQRT1_2, 9);
    expect(analysisOf('Camera', 'genius').oppositionMeasure).toContain('divided by its best');
  });

  it('Fifty2013 under raw reports all nine outcomes tied at welfare 1,000, not one arbitrary point', () => {
    const a = analysisOf('Fifty2013', 'raw');
    expect(a.maxWelfare!.tied).toBe(9);
    expect(a.maxWelfare!.ties.map((t) => t.outcome.Fifty_Fifty)).toEqual([
      '90_10',
      '80_20',
      '70_30',
      '60_40',
      '50_50',
      '40_60',
      '30_70',
      '20_80',
      '10_90',
    ]);
    for (const t of a.maxWelfare!.ties) expect(t.utilities[0] + t.utilities[1]).toBe(1000);
    expect(a.nash!.tied).toBe(1);
  });

  it('Genius and raw conventions give different frontiers on ItexvsCypress', () => {
    const key = (a: Analysis) => a.pareto.map((p) => JSON.stringify(p.outcome)).sort();
    expect(key(analysisOf('ItexvsCypress', 'genius'))).not.toEqual(key(analysisOf('ItexvsCypress', 'raw')));
  });

  it('Genius normalisation puts the best outcome at the sum of weights (Laptop sums to 1.00005)', () => {
    expect(analysisOf('Laptop', 'genius').ranges[0][1]).toBeCloseTo(1.0000518, 6);
  });

  it('lists every conformance folder in the table above', () => {
    expect(readdirSync(DIR).sort()).toEqual(CASES.map((c) => c.name).sort());
  });
});
