/**
 * @module cli/commands/negotiate/analyze
 * `accord negotiate analyze`: the Pareto frontier and bargaining solutions of a scenario, how its recorded
 * rounds stood against the frontier, a focus issue, a proposal, and a recommended package.
 */
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../../_lib/problem.js';
import { plural } from '../../../_lib/words.js';
import {
  analyzeHistory,
  analyzePrepared,
  analyzeProposal,
  focusIssue,
  type LoadedScenario,
  type PreparedScenario,
  recommend,
  validateOutcome,
} from '../../../negotiation/index.js';
import { wrapLines } from '../../fit-width.js';
import { analysisText, f3, focusText, historyText, outcomeText, pointText } from './analysis-text.js';
import { type InputOptions, inputOptions, loadInput } from './input.js';

/** Register `accord negotiate analyze`. */
export function registerNegotiateAnalyze(negotiateCmd: Command): void {
  inputOptions(
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
    .action(analyze);
}

interface AnalyzeOptions extends InputOptions {
  focus?: string;
  proposal?: string;
}

/** Analyse the scenario and print the analysis, as text or JSON. */
function analyze(file: string | undefined, opts: AnalyzeOptions): void {
  const { scenario, prep } = loadInput(file, opts);
  const analysis = analyzePrepared(prep);
  const history = analyzeHistory(prep, (scenario as LoadedScenario).history);
  const recommendation = recommend(prep, analysis, (scenario as LoadedScenario).history);
  const focusName = opts.focus ?? (scenario as LoadedScenario).focus;
  const focus = focusName ? { issue: focusName, rows: focusIssue(prep, focusName) } : null;
  const proposal = opts.proposal === undefined ? null : proposalAnalysis(prep, opts.proposal);
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
}

/** `--proposal`: a JSON outcome with a value for every issue, analysed against the frontier. */
function proposalAnalysis(prep: PreparedScenario, json: string): ReturnType<typeof analyzeProposal> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new AccordError(
      'negotiation-usage',
      '--proposal must be a JSON object with a value for every issue, e.g. \'{"term-years": 11, "phase-steps": "2 steps", …}\'',
      {
        exitCode: 2,
      },
    );
  }
  return analyzeProposal(prep, validateOutcome(prep.domain, raw, '--proposal'));
}
