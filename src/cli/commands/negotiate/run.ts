/**
 * @module cli/commands/negotiate/run
 * `accord negotiate run`: two agents bargain under the alternating-offers protocol; the trace shows each
 * offer against the frontier and how the run ended.
 */
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../../_lib/problem.js';
import { negotiate } from '../../../negotiation/index.js';
import { fittedTable, wrapLines } from '../../fit-width.js';
import { f3, outcomeText } from './analysis-text.js';
import { type InputOptions, inputOptions, loadInput } from './input.js';

/** Register `accord negotiate run`. */
export function registerNegotiateRun(negotiateCmd: Command): void {
  inputOptions(
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
    .action(runAgents);
}

interface RunOptions extends InputOptions {
  agents: string;
  rounds: string;
  opponentModel?: boolean;
}

/** `--agents a,b`: exactly two strategy names. */
function parseAgents(value: string): [string, string] {
  const strategies = value.split(',').map((s) => s.trim());
  if (strategies.length !== 2 || strategies.some((s) => s === '')) {
    throw new AccordError(
      'negotiation-usage',
      '--agents takes two strategies separated by a comma, e.g. boulware,conceder',
      {
        exitCode: 2,
      },
    );
  }
  return strategies as [string, string];
}

/** `--rounds n`: a whole number of rounds from 1 to 100000. */
function parseRounds(value: string): number {
  // Decimal digits only: Number('0x10') is 16 and Number('1e3') is 1000.
  const rounds = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 100_000) {
    throw new AccordError(
      'negotiation-usage',
      `--rounds must be an integer from 1 to 100000; got "${value}"`,
      {
        exitCode: 2,
      },
    );
  }
  return rounds;
}

/** Run the two agents and print the trace, as a table or JSON. */
function runAgents(file: string | undefined, opts: RunOptions): void {
  const { prep } = loadInput(file, opts);
  const strategies = parseAgents(opts.agents);
  const rounds = parseRounds(opts.rounds);
  const run = negotiate(prep, strategies, rounds, {
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
  lines.push(fittedTable(['turn', 't', 'party', 'action', 'u(A)', 'u(B)', 'efficient?', 'outcome'], rows));
  lines.push(
    run.agreement
      ? `Agreement at turn ${run.agreementTurn}: ${outcomeText(run.agreement)}; discounted utilities (${f3(run.utilities[0])}, ${f3(run.utilities[1])})`
      : `No agreement by the deadline; each side gets its reservation value (${f3(run.utilities[0])}, ${f3(run.utilities[1])})`,
  );
  process.stdout.write(`${wrapLines(lines.join('\n'))}\n`);
}
