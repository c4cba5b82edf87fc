/**
 * @module cli/commands/negotiate
 * `accord negotiate analyze|run|export`: the Pareto frontier, bargaining solutions, the record of offers and
 * a recommended package for a scenario (accord YAML, Genius XML or GeniusWeb JSON); a run between two
 * agents with its trace; conversion between the formats. Each subcommand is a module under negotiate/.
 */
import type { Command } from '@commander-js/extra-typings';
import { registerNegotiateAnalyze } from './negotiate/analyze.js';
import { registerNegotiateExport } from './negotiate/export.js';
import { registerNegotiateRun } from './negotiate/run.js';

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
  registerNegotiateAnalyze(negotiateCmd);
  registerNegotiateRun(negotiateCmd);
  registerNegotiateExport(negotiateCmd);
}
