/**
 * What the CLI prints for people and for programs: machine output carries numbers with their units, results
 * under an agreement that is not enacted say "hypothetical" where they are printed, the enacted deal's schedule
 * names its relief headings and snap-back caveat, help shows examples, and reports fit 100 columns.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accord } from './helpers/cli.js';

const MILESTONES = 'examples/us-japan-milestones/agreement.yaml';
const MILESTONE_FACTS = 'examples/us-japan-milestones/facts.json';
const ENACTED = 'examples/us-japan-2025/agreement.yaml';
const ENACTED_FACTS = 'examples/us-japan-2025/facts.json';
const DOMAIN = 'examples/us-japan-negotiation/domain.yaml';
// Each test starts several CLI processes; on a shared two-core machine one can take tens of seconds.
const PROCESS_TIMEOUT = 10 * 60_000;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface Condition {
  label: string;
  holds: boolean;
  value?: Json;
  target?: Json;
  unit?: string;
  valueText?: string;
  targetText?: string;
  children?: Condition[];
}

/** Every [JSON pointer, string] in a document that is not under one of the `prose` keys. */
function strings(value: Json, prose: Set<string>, path = ''): [string, string][] {
  if (typeof value === 'string') return path.split('/').some((k) => prose.has(k)) ? [] : [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, prose, `${path}/${i}`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, prose, `${path}/${k}`));
  return [];
}

function ok(args: string[]): string {
  const r = accord(args);
  if (r.status !== 0) throw new Error(`accord ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  return r.stdout;
}

describe('accord schedule --json', { timeout: PROCESS_TIMEOUT }, () => {
  it('gives measured values as numbers in their unit, and the words people read beside them', () => {
    const e = JSON.parse(ok(['schedule', MILESTONES, '--facts', MILESTONE_FACTS, '--json'])) as {
      hypothetical?: boolean;
      milestones: { id: string; condition: Condition }[];
    };
    expect(e.hypothetical).toBe(true);
    const m2 = e.milestones.find((m) => m.id === 'm2')!.condition.children!;
    expect(m2.find((c) => c.label.startsWith('netNewFte'))).toMatchObject({
      holds: false,
      value: 2300,
      target: 2500,
      unit: 'FTE',
      valueText: '2,300 FTE',
      targetText: '2,500 FTE',
    });
    expect(m2.find((c) => c.label.startsWith('capitalDisbursed'))).toMatchObject({
      holds: true,
      value: '6500000000.00',
      target: '6000000000.00',
      unit: 'USD',
      valueText: '$6,500,000,000.00',
    });
    expect(m2.find((c) => c.label === 'healthPlanOffered')).toMatchObject({
      value: true,
      target: true,
      unit: 'boolean',
    });
    // No value a program reads is a display string: no "$", no thousands separators, no unit glued on.
    const prose = new Set([
      'label',
      'title',
      'explanation',
      'because',
      'why',
      'message',
      'note',
      'uncertain',
      'valueText',
      'targetText',
      'gate',
      'notes',
    ]);
    const display = strings(e as unknown as Json, prose).filter(([, s]) =>
      /\$\d|\d,\d{3}|\d (FTE|%)/.test(s),
    );
    expect(display).toEqual([]);
  });

  it('says nothing of hypothesis for the enacted deal', () => {
    const e = JSON.parse(
      ok(['schedule', ENACTED, '--facts', ENACTED_FACTS, '--as-of', '2026-11-28', '--json']),
    ) as Record<string, unknown>;
    expect(e.hypothetical).toBeUndefined();
    expect((e.agreement as { status: string }).status).toBe('enacted');
  });
});

describe('results under an agreement that is not enacted are labelled where they are printed', {
  timeout: PROCESS_TIMEOUT,
}, () => {
  it('schedule: the tariff schedule of the milestone compromise is headed HYPOTHETICAL; the enacted one is not', () => {
    const hypothetical = ok(['schedule', MILESTONES, '--facts', MILESTONE_FACTS]);
    expect(hypothetical).toMatch(
      /\nTariff schedule — HYPOTHETICAL: agreement us-japan-milestones is not enacted \(rates it would set/,
    );
    const enacted = ok(['schedule', ENACTED, '--facts', ENACTED_FACTS, '--as-of', '2026-11-28']);
    expect(enacted).toContain('\nTariff schedule (rates in force;');
    expect(enacted).not.toMatch(/hypothetical/i);
  });

  it('duty: the total computed with the compromise overlaid says hypothetical beside it, in text and JSON', () => {
    const args = [
      'duty',
      '--hts',
      '8703.23.01',
      '--origin',
      'JP',
      '--date',
      '2026-06-01',
      '--value',
      '40000',
      '--agreement',
      MILESTONES,
      '--facts',
      MILESTONE_FACTS,
    ];
    expect(ok(args)).toMatch(
      /\nTotal duty \$[\d,.]+ — effective rate [\d.]+% \(hypothetical: [^\n]*not enacted\)/,
    );
    expect(JSON.parse(ok([...args, '--json']))).toMatchObject({ hypothetical: true });
    const enacted = ok([...args.slice(0, 9), '--agreement', ENACTED, '--facts', ENACTED_FACTS]);
    expect(enacted).not.toMatch(/hypothetical/i);
  });
});

describe('the enacted deal’s schedule', { timeout: PROCESS_TIMEOUT }, () => {
  it('names the 9903.94.40–.43 headings and repeats the snap-back caveat, as the README says', () => {
    const out = ok(['schedule', ENACTED, '--facts', ENACTED_FACTS, '--as-of', '2026-11-28']);
    expect(out).toContain('entries file under 9903.94.40, 9903.94.41');
    expect(out).toContain('entries file under 9903.94.42, 9903.94.43');
    expect(out).toMatch(
      /snap-back: on a government's decision, to 25% additional \(uncertain: [^\n]*President/,
    );
    expect(out).toMatch(/subject to refund processes still under way/);
  });
});

describe('help', { timeout: PROCESS_TIMEOUT }, () => {
  it('the top level, simulate, negotiate and its subcommands each show examples', () => {
    for (const args of [
      ['--help'],
      ['simulate', '--help'],
      ['negotiate', '--help'],
      ['negotiate', 'analyze', '--help'],
      ['negotiate', 'run', '--help'],
    ]) {
      const out = ok(args);
      expect(out, args.join(' ')).toMatch(/\nExamples:\n {2}accord /);
    }
  });
});

describe('reports fit 100 columns', { timeout: PROCESS_TIMEOUT }, () => {
  const width = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

  it('negotiate analyze, with the frontier, the rounds and --focus, stays within 100 columns', () => {
    const out = ok(['negotiate', 'analyze', DOMAIN, '--focus', 'term-years']);
    expect(out).toContain('Pareto frontier');
    expect(out).toContain('Where each value of term-years stands');
    expect(width(out)).toBeLessThanOrEqual(100);
  });

  it('negotiate run stays within 100 columns', () => {
    const out = ok(['negotiate', 'run', DOMAIN, '--agents', 'boulware,conceder', '--rounds', '20']);
    expect(out).toMatch(/┌/);
    expect(width(out)).toBeLessThanOrEqual(100);
  });
});

describe('counts agree with their nouns', { timeout: PROCESS_TIMEOUT }, () => {
  it('one fact short of the quorum has "1 attestation", never "attestation(s)"', () => {
    const out = ok(['schedule', MILESTONES, '--facts', MILESTONE_FACTS]);
    expect(out).toContain('has 1 attestation by registered auditors');
    expect(out).toContain('has 0 attestations by registered auditors');
    expect(out).not.toMatch(/\(s\)/);
  });

  it('validate says "1 of 1 file invalid"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-output-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'accord: 1\nid: x\n');
    const r = accord(['validate', file]);
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('1 of 1 file invalid');
  });
});
