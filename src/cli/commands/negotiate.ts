/**
 * @module cli/commands/negotiate
 * `accord negotiate analyze|run|export`: the Pareto frontier, bargaining solutions, the record of offers and
 * a recommended package for a scenario (accord YAML, Genius XML or GeniusWeb JSON); a run between two
 * agents with its trace; conversion between the formats.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { Option } from '@commander-js/extra-typings';
import { AccordError, formatProblem } from '../../_lib/problem.js';
import { ordinal, plural } from '../../_lib/words.js';
import {
  type Analysis,
  analyzeHistory,
  analyzePrepared,
  analyzeProposal,
  CONVENTIONS,
  type Convention,
  domainToGeniusWebJson,
  domainToGeniusXml,
  type FocusRow,
  focusIssue,
  type LoadedScenario,
  loadScenario,
  negotiate,
  prepareScenario,
  profileToGeniusWebJson,
  profileToGeniusXml,
  recommend,
  type ScenarioFormat,
  type ScoredOutcome,
  type SolutionOutcome,
  tabulateNumericTables,
  validateOutcome,
} from '../../negotiation/index.js';
import { type FittedRow, fittedTable, wrapLines } from '../fit-width.js';

interface InputOptions {
  genius?: string[];
  geniusweb?: string[];
  convention: string;
  parties?: string;
  json?: boolean;
}

function pickInput(
  file: string | undefined,
  opts: InputOptions,
): { format: ScenarioFormat; files: string[] } {
  const given = [file !== undefined, opts.genius !== undefined, opts.geniusweb !== undefined].filter(
    Boolean,
  ).length;
  if (given !== 1) {
    throw new AccordError(
      'negotiation-usage',
      'name exactly one input: DOMAIN.yaml, --genius DOMAIN.xml A.xml B.xml, or --geniusweb DOMAIN.json A.json B.json',
      { exitCode: 2 },
    );
  }
  if (opts.genius) return { format: 'genius', files: opts.genius };
  if (opts.geniusweb) return { format: 'geniusweb', files: opts.geniusweb };
  return { format: 'yaml', files: [file!] };
}

function parseConvention(value: string): Convention {
  if (!(CONVENTIONS as readonly string[]).includes(value)) {
    throw new AccordError(
      'negotiation-usage',
      `--convention must be one of ${CONVENTIONS.join(', ')}; got "${value}"`,
      {
        exitCode: 2,
      },
    );
  }
  return value as Convention;
}

function parseParties(value: string | undefined, count: number): [number, number] {
  if (value === undefined) return [0, 1];
  const m = /^(\d+),(\d+)$/.exec(value.trim());
  const pair = m ? ([Number(m[1]) - 1, Number(m[2]) - 1] as [number, number]) : null;
  if (!pair || pair[0] === pair[1] || pair.some((p) => p < 0 || p >= count)) {
    throw new AccordError(
      'negotiation-usage',
      `--parties takes two different numbers between 1 and ${count}, e.g. 1,2`,
      {
        exitCode: 2,
      },
    );
  }
  return pair;
}

function load(file: string | undefined, opts: InputOptions) {
  const { format, files } = pickInput(file, opts);
  const scenario = loadScenario(format, files);
  const convention = parseConvention(opts.convention);
  const parties = parseParties(opts.parties, scenario.profiles.length);
  // Warnings (e.g. Genius weights not summing to 1) do not stop the analysis, but the user must see them.
  for (const w of scenario.warnings) process.stderr.write(`${formatProblem(w)}\n`);
  return { scenario, convention, prep: prepareScenario(scenario, convention, parties) };
}

const f3 = (x: number) => (Object.is(x, -0) ? 0 : x).toFixed(3);

function outcomeText(o: Record<string, unknown>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('; ');
}

function pointText(label: string, p: ScoredOutcome | null): string {
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

function analysisText(a: Analysis, extra: string[]): string {
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

function historyText(h: ReturnType<typeof analyzeHistory>): string[] {
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

function focusText(issue: string, rows: FocusRow[]): string[] {
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

/** Register `accord negotiate`. */
export function registerNegotiate(program: Command): void {
  const negotiateCmd = program
    .command('negotiate')
    .description(
      'Negotiation analysis: Pareto frontier, bargaining solutions, agents, Genius/GeniusWeb interop.',
    )
    .addHelpText(
      'after',
      `
Conventions (details and sources: docs/negotiation.md):
  --convention genius  Genius XML (and accord YAML) evaluations are divided by their issue's best;
                       GeniusWeb valueUtilities are utilities already and are used as given.
  --convention raw     every evaluation as written; matches NegMAS for utilities and the Pareto
                       frontier only (NegMAS picks its Kalai–Smorodinsky point by another rule).
  Kalai–Smorodinsky    on a finite set, the outcome with the largest smaller normalised gain
                       (NegMAS: the frontier point nearest the KS line).
  Opposition           distance from (1, 1) to the nearest outcome, each utility divided by its best.
  Ties                 every solution lists all efficient outcomes that tie on its score ("one of N").
  Agents               boulware, linear, conceder use Genius's e (0.2, 1, 2; time:E for any e). NegMAS's
                       presets of the same names are other curves (NegMAS exponents, = 1/e: boulware 4,
                       conceder 0.25, i.e. e = 0.25 and 4); time:0.25 and time:4 reproduce them.

Examples:
  accord negotiate analyze examples/us-japan-negotiation/domain.yaml --focus term-years
  accord negotiate analyze examples/us-japan-negotiation/domain.yaml --json > analysis.json
  accord negotiate analyze --genius domain.xml party1.xml party2.xml --convention raw
  accord negotiate run examples/us-japan-negotiation/domain.yaml --agents boulware,linear
  accord negotiate export examples/us-japan-negotiation/domain.yaml --to geniusweb --out exported/`,
    );

  const inputs = (cmd: Command<[string | undefined]>) =>
    cmd
      .option('--genius <files...>', 'Genius XML: DOMAIN.xml PROFILE_A.xml PROFILE_B.xml')
      .option('--geniusweb <files...>', 'GeniusWeb JSON: DOMAIN.json PROFILE_A.json PROFILE_B.json')
      .addOption(
        new Option(
          '--convention <name>',
          'utility convention: genius (per-issue normalised) or raw (NegMAS)',
        ).default('genius'),
      )
      .option('--parties <i,j>', 'which two profiles to use, 1-based (default 1,2)');

  inputs(
    negotiateCmd
      .command('analyze')
      .description(
        'Frontier, Nash, Kalai–Smorodinsky, egalitarian, max welfare, opposition; history and recommendation.',
      )
      .argument('[DOMAIN.yaml]', 'accord scenario file'),
  )
    .option('--focus <issue>', 'show, for each value of this issue, the best (Nash) package that uses it')
    .option('--proposal <json>', 'also analyse this outcome, given as a JSON object {"issue": value, …}')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  accord negotiate analyze examples/us-japan-negotiation/domain.yaml --focus term-years
  accord negotiate analyze examples/us-japan-negotiation/domain.yaml --json > analysis.json
  accord negotiate analyze --genius domain.xml party1.xml party2.xml --convention raw --json
  accord negotiate analyze --geniusweb domain.json profileA.json profileB.json`,
    )
    .action((file, opts) => {
      const { scenario, prep } = load(file, opts);
      const analysis = analyzePrepared(prep);
      const history = analyzeHistory(prep, (scenario as LoadedScenario).history);
      const recommendation = recommend(prep, analysis, (scenario as LoadedScenario).history);
      const focusName = opts.focus ?? (scenario as LoadedScenario).focus;
      const focus = focusName ? { issue: focusName, rows: focusIssue(prep, focusName) } : null;
      let proposal = null;
      if (opts.proposal !== undefined) {
        let raw: unknown;
        try {
          raw = JSON.parse(opts.proposal);
        } catch {
          throw new AccordError(
            'negotiation-usage',
            '--proposal must be a JSON object with a value for every issue, e.g. \'{"term-years": 11, "phase-steps": "2 steps", …}\'',
            {
              exitCode: 2,
            },
          );
        }
        proposal = analyzeProposal(prep, validateOutcome(prep.domain, raw, '--proposal'));
      }
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ ...analysis, history, focus, recommendation, proposal, warnings: scenario.warnings }, null, 2)}\n`,
        );
        return;
      }
      const extra = historyText(history);
      if (focus) extra.push(...focusText(focus.issue, focus.rows));
      if (proposal) {
        extra.push(
          '',
          `Proposal: (${f3(proposal.utilities[0])}, ${f3(proposal.utilities[1])}) ${outcomeText(proposal.outcome)}`,
        );
        extra.push(
          proposal.dominated
            ? `  dominated by ${plural(proposal.dominatedByCount, 'frontier outcome')}; distance to the frontier ${f3(proposal.distanceToFrontier)}; ${pointText('best Pareto improvement', proposal.bestImprovement)}`
            : '  on the Pareto frontier',
        );
      }
      if (recommendation) {
        extra.push(
          '',
          `Recommended package (${recommendation.basis}): ${outcomeText(recommendation.package.outcome)}`,
        );
        for (const r of recommendation.reasons) extra.push(`  - ${r}`);
      }
      process.stdout.write(`${wrapLines(analysisText(analysis, extra))}\n`);
    });

  inputs(
    negotiateCmd
      .command('run')
      .description('Run two agents under the alternating-offers protocol and print the trace.')
      .argument('[DOMAIN.yaml]', 'accord scenario file'),
  )
    .option(
      '--agents <a,b>',
      'strategies: boulware, linear, conceder, hardliner, tit-for-tat or time:E (Genius e)',
      'boulware,conceder',
    )
    .option('--rounds <n>', 'deadline in rounds (each round is one offer per side)', '60')
    .option(
      '--opponent-model',
      'agents pick, near their target, the bid a frequency model says the opponent likes most',
    )
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Examples:
  accord negotiate run examples/us-japan-negotiation/domain.yaml --agents boulware,conceder --rounds 30
  accord negotiate run examples/us-japan-negotiation/domain.yaml --agents time:0.5,tit-for-tat \\
    --opponent-model`,
    )
    .action((file, opts) => {
      const { prep } = load(file, opts);
      const strategies = opts.agents.split(',').map((s) => s.trim());
      if (strategies.length !== 2 || strategies.some((s) => s === '')) {
        throw new AccordError(
          'negotiation-usage',
          '--agents takes two strategies separated by a comma, e.g. boulware,conceder',
          {
            exitCode: 2,
          },
        );
      }
      // Decimal digits only: Number('0x10') is 16 and Number('1e3') is 1000.
      const rounds = /^\d{1,6}$/.test(opts.rounds) ? Number(opts.rounds) : Number.NaN;
      if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100_000) {
        throw new AccordError(
          'negotiation-usage',
          `--rounds must be an integer from 1 to 100000; got "${opts.rounds}"`,
          {
            exitCode: 2,
          },
        );
      }
      const run = negotiate(prep, strategies as [string, string], rounds, {
        opponentModel: opts.opponentModel === true,
      });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ convention: prep.convention, ...run }, null, 2)}\n`);
        return;
      }
      const lines = [
        `Agents: ${prep.parties[0].name} = ${run.agents[0]}, ${prep.parties[1].name} = ${run.agents[1]}; deadline ${rounds} rounds; convention ${prep.convention}`,
      ];
      const rows = run.trace.map((s) => [
        String(s.turn),
        s.t.toFixed(3),
        s.party,
        s.action,
        s.utilities ? f3(s.utilities[0]) : '—',
        s.utilities ? f3(s.utilities[1]) : '—',
        s.dominated === null ? '—' : s.dominated ? 'no' : 'yes',
        s.outcome ? outcomeText(s.outcome) : '—',
      ]);
      lines.push(
        fittedTable(['turn', 't', 'party', 'action', 'u(A)', 'u(B)', 'efficient?', 'outcome'], rows),
      );
      lines.push(
        run.agreement
          ? `Agreement at turn ${run.agreementTurn}: ${outcomeText(run.agreement)}; discounted utilities (${f3(run.utilities[0])}, ${f3(run.utilities[1])})`
          : `No agreement by the deadline; each side gets its reservation value (${f3(run.utilities[0])}, ${f3(run.utilities[1])})`,
      );
      process.stdout.write(`${wrapLines(lines.join('\n'))}\n`);
    });

  inputs(
    negotiateCmd
      .command('export')
      .description('Write the scenario as Genius XML or GeniusWeb JSON (domain plus one profile per party).')
      .argument('[DOMAIN.yaml]', 'accord scenario file'),
  )
    .requiredOption('--to <format>', 'genius or geniusweb')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .addHelpText(
      'after',
      `
Examples:
  accord negotiate export examples/us-japan-negotiation/domain.yaml --to genius --out exported/
  accord negotiate export examples/us-japan-negotiation/domain.yaml --to geniusweb --out exported/`,
    )
    .action((file, opts) => {
      const { format, files } = pickInput(file, opts);
      const scenario = tabulateNumericTables(loadScenario(format, files));
      if (opts.to !== 'genius' && opts.to !== 'geniusweb') {
        throw new AccordError('negotiation-usage', `--to must be genius or geniusweb; got "${opts.to}"`, {
          exitCode: 2,
        });
      }
      mkdirSync(opts.out, { recursive: true });
      const stem = basename(scenario.domain.name).replace(/[^A-Za-z0-9_.-]+/g, '-') || 'domain';
      const written: string[] = [];
      const write = (name: string, text: string) => {
        const path = join(opts.out, name);
        writeFileSync(path, text);
        written.push(path);
      };
      if (opts.to === 'geniusweb') {
        // GeniusWeb stores a BATNA only as a reservation bid, so a bare reservation value cannot travel.
        for (const p of scenario.profiles) {
          if (p.reservationValue !== undefined && p.reservationValue !== 0 && !p.reservationBid) {
            process.stderr.write(
              `warning: GeniusWeb has no reservation value; ${p.name}'s ${p.reservationValue} is not written (give it a reservationBid instead)\n`,
            );
          }
        }
      }
      const ext = opts.to === 'genius' ? 'xml' : 'json';
      write(
        `${stem}_domain.${ext}`,
        opts.to === 'genius' ? domainToGeniusXml(scenario.domain) : domainToGeniusWebJson(scenario.domain),
      );
      scenario.profiles.forEach((p, i) => {
        const name = `${stem}_party${i + 1}.${ext}`;
        write(
          name,
          opts.to === 'genius'
            ? profileToGeniusXml(scenario.domain, p)
            : profileToGeniusWebJson(scenario.domain, p),
        );
      });
      process.stdout.write(`${written.join('\n')}\n`);
    });
}
