/**
 * `accord negotiate` as a real process: analyze (YAML, Genius, GeniusWeb), run, export, and the errors a
 * user sees for bad files and bad usage.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accord, ROOT } from './helpers/cli.js';

const EXAMPLE = 'examples/us-japan-negotiation/domain.yaml';
const CONF = join(ROOT, '../shared/conformance/negotiation');
const hasConf = existsSync(CONF);
if (!hasConf)
  console.warn(`skipped Genius/GeniusWeb CLI tests: ${CONF} is absent (needs the shared conformance data)`);

const SMALL = `name: small
issues:
  - { name: term, type: integer, min: 7, max: 15 }
  - { name: rate, type: discrete, values: ["20%", "15%", "10%", "2.5%"] }
parties:
  - name: US
    weights: { term: 0.5, rate: 0.5 }
    utilities:
      term: { low: 7, lowUtility: 0, high: 15, highUtility: 1 }
      rate: { "20%": 1, "15%": 0.7, "10%": 0.4, "2.5%": 0 }
  - name: Japan
    weights: { term: 0.3, rate: 0.7 }
    utilities:
      term: { low: 7, lowUtility: 1, high: 15, highUtility: 0 }
      rate: { "20%": 0, "15%": 0.4, "10%": 0.7, "2.5%": 1 }
`;

const dir = mkdtempSync(join(tmpdir(), 'accord-negotiate-'));
const small = join(dir, 'small.yaml');
writeFileSync(small, SMALL);

describe('accord negotiate analyze', () => {
  it('prints the JSON keys the issue specifies for the US–Japan example', () => {
    const r = accord(['negotiate', 'analyze', EXAMPLE, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.outcomes).toBe(414_720);
    expect(j.pareto.length).toBeGreaterThan(10);
    expect(j.pareto[0]).toEqual({
      outcome: expect.any(Object),
      utilities: [expect.any(Number), expect.any(Number)],
    });
    for (const k of ['nash', 'kalaiSmorodinsky', 'egalitarian', 'maxWelfare']) {
      expect(j[k]).toEqual({
        outcome: expect.any(Object),
        utilities: [expect.any(Number), expect.any(Number)],
        tied: expect.any(Number),
        ties: expect.any(Array),
      });
      expect(j[k].ties[0]).toEqual({ outcome: j[k].outcome, utilities: j[k].utilities });
      expect(j[k].ties.length).toBe(j[k].tied);
    }
    expect(typeof j.opposition).toBe('number');
    expect(j.oppositionMeasure).toContain('divided by its best');
    expect(typeof j.oppositionMinMax).toBe('number');
    expect(j.warnings).toEqual([]);
    expect(j.convention).toBe('genius');
    expect(j.history.length).toBe(6);
    expect(j.focus.issue).toBe('term-years');
    expect(j.recommendation.reasons.length).toBeGreaterThan(2);
    // The utilities come from the economic simulator, and the output says which model.
    expect(j.utilitiesFrom).toMatch(/^economic simulator: SMART .*us-japan-autos-base-2024\.csv/);
    expect(j.recommendation.reasons[0]).toContain('Utilities derived from: economic simulator: SMART');
  });

  it('shows where 7 and 15 years stand, the rounds and a recommended package in text', () => {
    const r = accord(['negotiate', 'analyze', EXAMPLE]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Where each value of term-years stands');
    expect(r.stdout).toMatch(/│ 7\s+│/);
    expect(r.stdout).toMatch(/│ 15\s+│/);
    expect(r.stdout).toContain('third round');
    expect(r.stdout).toContain('Recommended package (nash)');
    expect(r.stdout).toContain('Utilities derived from: economic simulator: SMART');
  });

  it('analyses a proposal against the frontier', () => {
    const r = accord(['negotiate', 'analyze', small, '--json', '--proposal', '{"term": 15, "rate": "2.5%"}']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.outcomes).toBe(36);
    expect(j.proposal.utilities[0]).toBeCloseTo(0.5, 9);
    expect(j.proposal.utilities[1]).toBeCloseTo(0.7, 9);
  });

  it.skipIf(!hasConf)('reads Genius XML under the raw convention', () => {
    const d = join(CONF, 'ItexvsCypress');
    const r = accord([
      'negotiate',
      'analyze',
      '--genius',
      join(d, 'ItexvsCypress_domain.xml'),
      join(d, 'ItexvsCypress_Itex.xml'),
      join(d, 'ItexvsCypress_Cypress.xml'),
      '--convention',
      'raw',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.outcomes).toBe(180);
    expect(j.convention).toBe('raw');
  });

  it.skipIf(!hasConf)('reads GeniusWeb JSON', () => {
    const d = join(CONF, 'Fitness');
    const r = accord([
      'negotiate',
      'analyze',
      '--geniusweb',
      join(d, 'fitness.json'),
      join(d, 'fitness1.json'),
      join(d, 'fitness2.json'),
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).outcomes).toBe(1280);
  });

  it.skipIf(!hasConf)(
    'uses GeniusWeb utilities as given under the default convention (Fitness: 17 efficient)',
    () => {
      const d = join(CONF, 'Fitness');
      const args = [
        'negotiate',
        'analyze',
        '--geniusweb',
        ...['fitness.json', 'fitness1.json', 'fitness2.json'].map((f) => join(d, f)),
      ];
      const j = JSON.parse(accord([...args, '--json']).stdout);
      expect(j.convention).toBe('genius');
      expect(j.pareto.length).toBe(17);
      expect(j.disagreement[0]).toBeCloseTo(0.198, 12);
      expect(j.nash.utilities[0]).toBeCloseTo(0.75, 12);
      expect(j.nash.utilities[1]).toBeCloseTo(0.865, 12);
    },
  );

  it.skipIf(!hasConf)('prints the opposition with what it measures, and the min–max variant by name', () => {
    const d = join(CONF, 'Camera');
    const r = accord([
      'negotiate',
      'analyze',
      '--genius',
      ...['camera_domain.xml', 'camera_buyer_utility.xml', 'camera_seller_utility.xml'].map((f) =>
        join(d, f),
      ),
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Opposition: 0.2197 (distance from (1, 1), each utility divided by its best)');
    expect(r.stdout).toMatch(/min–max rescaled: 0\.\d{4}/);
  });

  it.skipIf(!hasConf)(
    'reports all nine tied maximum-welfare outcomes of Fifty2013 under raw, in text and JSON',
    () => {
      const d = join(CONF, 'Fifty2013');
      const args = [
        'negotiate',
        'analyze',
        '--genius',
        ...['FiftyFifty2013_domain.xml', 'FiftyFifty2013_prof1.xml', 'FiftyFifty2013_prof2.xml'].map((f) =>
          join(d, f),
        ),
        '--convention',
        'raw',
      ];
      const r = accord(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(
        'Max welfare: (900.000, 100.000)  Fifty_Fifty=90_10\n  one of 9 outcomes tied on this score',
      );
      expect(r.stdout).toContain('    (100.000, 900.000)  Fifty_Fifty=10_90');
      expect(r.stdout).not.toMatch(/Nash: [^\n]*\n {2}one of/);
      const j = JSON.parse(accord([...args, '--json']).stdout);
      expect(j.maxWelfare.tied).toBe(9);
      expect(
        j.maxWelfare.ties.map((t: { outcome: { Fifty_Fifty: string } }) => t.outcome.Fifty_Fifty),
      ).toEqual(['90_10', '80_20', '70_30', '60_40', '50_50', '40_60', '30_70', '20_80', '10_90']);
      expect(j.nash.tied).toBe(1);
    },
  );

  it.skipIf(!hasConf)(
    'warns with a position when Genius weights sum to 3, and still analyses (exit 0)',
    () => {
      const d = join(CONF, 'Laptop');
      const heavy = join(dir, 'laptop_heavy.xml');
      writeFileSync(
        heavy,
        readFileSync(join(d, 'laptop_buyer_utility.xml'), 'utf8').replace(
          /(<weight index="1" value=")[^"]*/,
          (_, start: string) => `${start}1.4452125771655631`,
        ),
      );
      const args = [
        'negotiate',
        'analyze',
        '--genius',
        join(d, 'laptop_domain.xml'),
        heavy,
        join(d, 'laptop_seller_utility.xml'),
      ];
      const r = accord(args);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(
        /laptop_heavy\.xml:\d+:\d+: warning: genius-weights-sum: the weights sum to 2\.00005\d*, not 1/,
      );
      const j = JSON.parse(accord([...args, '--json']).stdout);
      expect(j.warnings).toEqual([
        expect.objectContaining({ code: 'genius-weights-sum', severity: 'warning' }),
      ]);
    },
  );

  it.skipIf(!hasConf)('rejects a negative Genius evaluation with its position (exit 1)', () => {
    const d = join(CONF, 'Laptop');
    const bad = join(dir, 'laptop_negative.xml');
    const text = readFileSync(join(d, 'laptop_buyer_utility.xml'), 'utf8');
    writeFileSync(bad, text.replace(/evaluation="[^"]*"/, 'evaluation="-3"'));
    const r = accord([
      'negotiate',
      'analyze',
      '--genius',
      join(d, 'laptop_domain.xml'),
      bad,
      join(d, 'laptop_seller_utility.xml'),
    ]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /laptop_negative\.xml:\d+:\d+: genius-negative-evaluation: .*-3; Genius requires evaluations ≥ 0/,
    );
  });

  it('reports a bad value with file, line and column and no stack trace (exit 1)', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, SMALL.replace('"10%": 0.7', '"12%": 0.7'));
    const r = accord(['negotiate', 'analyze', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /bad\.yaml:15:\d+: scenario-unknown-value: "12%" is not a value of issue "rate"/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing file (exit 1) and usage mistakes (exit 2)', () => {
    const missing = accord(['negotiate', 'analyze', join(dir, 'nope.yaml')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no such file');
    const conv = accord(['negotiate', 'analyze', small, '--convention', 'negmas']);
    expect(conv.status).toBe(2);
    expect(conv.stderr).toContain('--convention must be one of genius, raw');
    const none = accord(['negotiate', 'analyze']);
    expect(none.status).toBe(2);
  });
});

describe('accord negotiate: the conventions are documented where users read them', () => {
  it('the help names each convention and links docs/negotiation.md', () => {
    const r = accord(['negotiate', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('docs/negotiation.md');
    expect(r.stdout).toContain('GeniusWeb valueUtilities are utilities already and are used as given');
    expect(r.stdout).toContain('matches NegMAS for utilities and the Pareto');
    expect(r.stdout).toContain('largest smaller normalised gain');
    expect(r.stdout).toContain('e (0.2, 1, 2');
    expect(r.stdout).toMatch(/boulware 4,\s+conceder 0\.25/);
    expect(r.stdout).toContain('time:0.25 and time:4 reproduce them');
  });
  it('README section 7 links docs/negotiation.md', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### 7.'), readme.indexOf('### 8.'));
    expect(section).toContain('(docs/negotiation.md)');
  });
  it('docs/negotiation.md states the rules for scaling, KS, opposition, ties, agents and what raw matches', () => {
    const doc = readFileSync(join(ROOT, 'docs/negotiation.md'), 'utf8');
    for (const needle of [
      'GeniusWeb',
      'divided by',
      'largest smaller normalised gain',
      'nearest the KS line',
      'Baarslag',
      'opposition_level',
      'one of N',
      'e = 0.2',
      'exponent 4',
      'utilities and the Pareto frontier only',
      'GENIUS_WEIGHT_SUM_TOLERANCE',
    ])
      expect(doc, needle).toContain(needle);
  });
});

describe('accord negotiate run', () => {
  it('runs two agents and prints the trace and the agreement', () => {
    const r = accord(['negotiate', 'run', small, '--agents', 'boulware,conceder', '--rounds', '20']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('US = boulware');
    expect(r.stdout).toMatch(/Agreement at turn \d+/);
  });
  it('returns the trace as JSON', () => {
    const r = accord([
      'negotiate',
      'run',
      small,
      '--agents',
      'hardliner,hardliner',
      '--rounds',
      '3',
      '--json',
    ]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.agreement).toBeNull();
    expect(j.trace.length).toBe(6);
  });
  it('rejects an unknown strategy with a usage error', () => {
    const r = accord(['negotiate', 'run', small, '--agents', 'boulware,stubborn']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown agent strategy "stubborn"');
  });
});

describe('accord negotiate export', () => {
  it('writes GeniusWeb files that analyse to the same frontier', () => {
    const out = join(dir, 'gw');
    const e = accord(['negotiate', 'export', small, '--to', 'geniusweb', '--out', out]);
    expect(e.status).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['small_domain.json', 'small_party1.json', 'small_party2.json']);
    const a = JSON.parse(accord(['negotiate', 'analyze', small, '--json', '--convention', 'raw']).stdout);
    const b = JSON.parse(
      accord([
        'negotiate',
        'analyze',
        '--geniusweb',
        ...files.map((f) => join(out, f)),
        '--json',
        '--convention',
        'raw',
      ]).stdout,
    );
    expect(b.pareto.map((p: { utilities: number[] }) => p.utilities)).toEqual(
      a.pareto.map((p: { utilities: number[] }) => p.utilities),
    );
  });

  it('writes the US–Japan example as Genius XML that analyses to the same frontier and Nash package', () => {
    const out = join(dir, 'gx');
    expect(accord(['negotiate', 'export', EXAMPLE, '--to', 'genius', '--out', out]).status).toBe(0);
    const files = readdirSync(out).sort();
    const domainFile = files.find((f) => f.endsWith('_domain.xml'))!;
    const parties = files.filter((f) => f !== domainFile);
    const a = JSON.parse(accord(['negotiate', 'analyze', EXAMPLE, '--json']).stdout);
    const b = JSON.parse(
      accord([
        'negotiate',
        'analyze',
        '--genius',
        join(out, domainFile),
        ...parties.map((f) => join(out, f)),
        '--json',
      ]).stdout,
    );
    expect(b.pareto.length).toBe(a.pareto.length);
    expect(b.nash.utilities[0]).toBeCloseTo(a.nash.utilities[0], 9);
    expect(b.nash.utilities[1]).toBeCloseTo(a.nash.utilities[1], 9);
    expect(b.disagreement).toEqual(a.disagreement);
  });
});
