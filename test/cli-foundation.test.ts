import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accord } from './helpers/cli.js';

const MILESTONES = 'examples/us-japan-milestones/agreement.yaml';
const MILESTONE_FACTS = 'examples/us-japan-milestones/facts.json';
const ENACTED = 'examples/us-japan-2025/agreement.yaml';

function scratch(name: string, text: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'accord-cli-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('accord validate', () => {
  it('accepts both shipped examples and exits 0', () => {
    const r = accord(['validate', ENACTED, MILESTONES]);
    expect(
      r.stderr
        .split('\n')
        .filter((l) => l.includes(': error') || (/:\d+:\d+: [a-z-]+: /.test(l) && !l.includes('warning'))),
    ).toEqual([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`${ENACTED}: valid`);
    expect(r.stdout).toContain(`${MILESTONES}: valid`);
  });

  it('prints one positioned line per problem and exits 1', () => {
    const file = scratch('bad.yaml', 'accord: 1\nid: x\ntitle: t\nstatus: enacted\nsigned: 2025-02-30\n');
    const r = accord(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:9: [a-z-]+: .*2025-02-30`),
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a missing file without a stack trace', () => {
    const r = accord(['validate', 'no/such/file.yaml']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('no/such/file.yaml: no such file');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects binary garbage as not text', () => {
    const file = scratch('garbage.yaml', new Uint8Array([0x00, 0xff, 0xfe, 0x13, 0x37, 0x00, 0x80]));
    const r = accord(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('not-text');
  });

  it('exits 2 when no file is named', () => {
    const r = accord(['validate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("missing required argument 'files'");
  });
});

describe('accord schema', () => {
  it('prints a JSON Schema that describes the agreement file', () => {
    const r = accord(['schema']);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['parties', 'tracks', 'milestones', 'commitments']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['accord', 'id', 'tracks']));
  });
});

describe('accord schedule', () => {
  it('shows which steps are reached, which are not, and why (--json)', () => {
    const r = accord(['schedule', MILESTONES, '--facts', MILESTONE_FACTS, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const e = JSON.parse(r.stdout) as {
      asOf: string;
      milestones: { id: string; status: string; decidedBy: string[] }[];
      tracks: {
        track: string;
        inForce: { rate: string; from: string }[];
        planned: { stepId: string; reached: boolean; why: string }[];
      }[];
      facts: { rejected: { id: string }[] };
    };
    expect(e.asOf).toBe('2026-11-20');
    const status = Object.fromEntries(e.milestones.map((m) => [m.id, m.status]));
    expect(status).toEqual({ m1: 'met', m2: 'missed', m3: 'pending', m4: 'pending' });
    const autos = e.tracks.find((t) => t.track === 'autos')!;
    expect(autos.inForce.map((s) => s.rate)).toEqual(['25', '20']);
    const planned = Object.fromEntries(autos.planned.map((p) => [p.stepId, p.reached]));
    expect(planned).toEqual({ 'autos-20': true, 'autos-15': false, 'autos-10': false, 'autos-0': false });
    expect(autos.planned.find((p) => p.stepId === 'autos-15')!.why).toMatch(/m2/);
    expect(e.facts.rejected.map((f) => f.id).sort()).toEqual(['emp-renew-2026-10', 'emp-texas-2026-10-self']);
  });

  it('prints a readable report by default', () => {
    const r = accord(['schedule', MILESTONES, '--facts', MILESTONE_FACTS]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Milestones');
    expect(r.stdout).toContain('Tariff schedule');
    expect(r.stdout).toMatch(/m2\s+MISSED/);
  });

  it('refuses an unknown variant with exit 2 and names the variants', () => {
    const r = accord(['schedule', MILESTONES, '--facts', MILESTONE_FACTS, '--variant', 'ten-years']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('japan-7y');
  });

  it('refuses a bad --as-of with exit 2', () => {
    const r = accord(['schedule', MILESTONES, '--facts', MILESTONE_FACTS, '--as-of', '2026-13-01']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('YYYY-MM-DD');
  });

  it('reports a broken facts file with positions and evaluates nothing', () => {
    const facts = scratch(
      'facts.json',
      '{ "accordFacts": 1, "agreement": "us-japan-milestones", "facts": [ { "id": "x", "type": "capital" } ] }',
    );
    const r = accord(['schedule', MILESTONES, '--facts', facts]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/facts\.json:1:\d+: /);
    expect(r.stdout).toBe('');
  });

  it('refuses facts written for another agreement', () => {
    const facts = scratch('facts.json', '{ "accordFacts": 1, "agreement": "some-other-deal", "facts": [] }');
    const r = accord(['schedule', MILESTONES, '--facts', facts]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('facts-for-another-agreement');
  });
});

describe('accord demo', () => {
  it('evaluates the milestone compromise and compares the 7- and 15-year variants', () => {
    const r = accord(['demo']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('hypothetical');
    expect(r.stdout).toContain('japan-7y');
    expect(r.stdout).toContain('us-15y');
    expect(r.stdout).toContain('Tariff schedule');
  });
});
