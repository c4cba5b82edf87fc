/**
 * `accord new` (the process): a statement skeleton with what the agreement decides filled in, the values
 * only the actor knows left as null and listed, and the agreement's rules applied before anything exists.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateStatement } from '../src/ledger/index.js';
import { accord } from './helpers/cli.js';

const AGREEMENT = 'examples/us-japan-milestones/agreement.yaml';
const dir = mkdtempSync(join(tmpdir(), 'accord-new-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accord new', () => {
  it('writes an employment report for the firm’s own commitment that is valid once its nulls are filled', () => {
    const out = join(dir, 'r.json');
    const r = accord([
      'new',
      'report',
      '--agreement',
      AGREEMENT,
      '--actor',
      'honda',
      '--from',
      '2026-01-01',
      '--to',
      '2026-03-31',
      '--out',
      out,
    ]);
    expect(r.status).toBe(0);
    const listed = [...r.stderr.matchAll(/^ {2}(\/\S+):/gm)].map((m) => m[1]);
    expect(listed).toEqual([
      '/paidHours',
      '/relocatedHours',
      '/wages/total',
      '/healthPlan/offered',
      '/evidence/0/sha256',
    ]);
    const skeleton = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(skeleton).toMatchObject({
      actor: 'honda',
      commitment: 'honda-ohio-ev',
      site: 'US-OH',
      periodStart: '2026-01-01',
    });
    // As written it is not a statement: each null is refused where it is.
    const unfilled = validateStatement({ ...skeleton, log: 'l.example/x', issued: '2026-04-20' }, 'r.json');
    expect(unfilled.ok).toBe(false);
    if (!unfilled.ok) expect(unfilled.problems.map((p) => p.where?.pointer)).toContain('/paidHours');
    const filled = {
      ...skeleton,
      log: 'l.example/x',
      issued: '2026-04-20',
      paidHours: 520_000,
      wages: { total: '13000000.00' },
      healthPlan: { offered: true },
      evidence: [{ kind: 'ui-wage-records', sha256: 'a'.repeat(64) }],
    };
    const v = validateStatement(filled, 'r.json');
    expect(v.ok ? [] : v.problems).toEqual([]);
  });

  it('applies the agreement’s rules and refuses what would not count, with exit codes', () => {
    const theirs = accord([
      'new',
      'report',
      '--agreement',
      AGREEMENT,
      '--actor',
      'honda',
      '--commitment',
      'texas-semiconductors',
    ]);
    expect(theirs.status).toBe(1);
    expect(theirs.stderr).toMatch(/reported on by tx-semi .* would not count \(R5\)/);
    const none = accord(['new', 'report', '--agreement', AGREEMENT, '--actor', 'us-gov']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/assigns us-gov no commitment/);
    const milestone = accord([
      'new',
      'waiver',
      '--agreement',
      AGREEMENT,
      '--actor',
      'us-gov',
      '--milestone',
      'm9',
    ]);
    expect(milestone.status).toBe(2);
    expect(milestone.stderr).toMatch(/no milestone m9; it has m1, m2, m3, m4/);
    const kind = accord(['new', 'memo', '--agreement', AGREEMENT, '--actor', 'honda']);
    expect(kind.status).toBe(2);
    expect(kind.stderr).toMatch(/use one of report, investment, attestation, dispute, waiver/);
    for (const r of [theirs, none, milestone, kind]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
