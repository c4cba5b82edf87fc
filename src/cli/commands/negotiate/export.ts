/**
 * @module cli/commands/negotiate/export
 * `accord negotiate export`: write a scenario as Genius XML or GeniusWeb JSON, a domain file and a profile
 * per party, so other negotiation tools can run it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { AccordError } from '../../../_lib/problem.js';
import { readTextFile } from '../../../_lib/read-file.js';
import {
  domainToGeniusWebJson,
  domainToGeniusXml,
  loadScenario,
  profileToGeniusWebJson,
  profileToGeniusXml,
  tabulateNumericTables,
} from '../../../negotiation/index.js';
import { type InputOptions, inputOptions, pickInput } from './input.js';

/** Register `accord negotiate export`. */
export function registerNegotiateExport(negotiateCmd: Command): void {
  inputOptions(
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
    .action(exportScenario);
}

interface ExportOptions extends InputOptions {
  to: string;
  out: string;
}

/** Write the domain and the profiles into `--out` and print the files written. */
function exportScenario(file: string | undefined, opts: ExportOptions): void {
  const { format, files } = pickInput(file, opts);
  const scenario = tabulateNumericTables(loadScenario(format, files, readTextFile));
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
}
