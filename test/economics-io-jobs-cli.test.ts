/**
 * Issue 14, economics: investment → jobs runs Leontief on BEA's 2024 input–output table by default, says
 * so next to the jobs, and keeps the flat multipliers as a labelled alternative — through the real CLI.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accord, ROOT } from './helpers/cli.js';

const SCENARIO = 'examples/us-japan-milestones/scenario.yaml';

interface Block {
  variant: { id: string };
  model: string;
  assumptions: string[];
  citations: string[];
  years: { jobs: { verifiedDirect: number; modelledSupplier: number; modelledInduced: number } }[];
  totals: { constructionJobYears: number };
}

/** The scenario with one assumption added, written next to a copy-free reference to the example agreement. */
function scenarioWith(line: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-io-'));
  const text = readFileSync(join(ROOT, SCENARIO), 'utf8')
    .replace(
      'agreement: agreement.yaml',
      `agreement: ${join(ROOT, 'examples/us-japan-milestones/agreement.yaml')}`,
    )
    .replace('assumptions:\n', `assumptions:\n  ${line}\n`);
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

function run(file: string): Block {
  const r = accord(['simulate', file, '--runs', '0', '--model', 'smart', '--json']);
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { results: Block[] };
  return out.results.find((b) => b.variant.id === 'japan-7y')!;
}

describe('accord simulate: jobs from the BEA input–output table', () => {
  it('uses Leontief on BEA 2024 by default, names it, and differs from the flat multipliers', () => {
    const leontief = run(SCENARIO);
    const words = leontief.assumptions.join('\n');
    expect(words).toContain('jobs model: Leontief (I − A)⁻¹ on BEA’s 2024 summary input–output table');
    // The Honda plant (NAICS 3361) maps to BEA's motor-vehicle industry; its multiplier comes from the table.
    expect(words).toMatch(/honda-ohio-ev NAICS 3361 → 3361MV \(2\.2\d supplier jobs per direct job\)/);
    expect(leontief.citations.join('\n')).toContain(
      'BEA Input-Output Accounts, summary level (71 industries), 2024',
    );
    expect(leontief.citations.join('\n')).toContain('CES3133600101');

    const flat = run(scenarioWith('jobsModel: flat'));
    expect(flat.assumptions.join('\n')).toContain(
      'jobs model: flat cited multipliers (data/economics/multipliers.csv',
    );
    const last = (b: Block) => b.years.at(-1)!.jobs;
    // Direct jobs are the commitments' own; only the modelled boundary moves.
    expect(last(flat).verifiedDirect).toBe(last(leontief).verifiedDirect);
    expect(last(leontief).modelledSupplier).not.toBeCloseTo(last(flat).modelledSupplier, 0);
    expect(leontief.totals.constructionJobYears).not.toBeCloseTo(flat.totals.constructionJobYears, 0);
  });

  it('prints the jobs model in the text report', () => {
    const r = accord(['simulate', SCENARIO, '--runs', '0', '--model', 'smart']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('jobs model: Leontief');
    expect(r.stdout).toContain('the flat multipliers are the alternative (assumptions.jobsModel: flat)');
    const help = accord(['simulate', '--help']);
    expect(help.stdout).toMatch(/Leontief inverse of BEA's 2024 input–output table; "jobsModel: flat"/);
  });

  it('rejects an unknown jobs model with its position in the scenario', () => {
    const file = scenarioWith('jobsModel: rims');
    const r = accord(['simulate', file, '--runs', '0']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/scenario\.yaml:\d+:\d+/);
    expect(r.stderr).toMatch(/jobsModel/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
