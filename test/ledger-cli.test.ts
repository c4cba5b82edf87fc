import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accord, ROOT } from './helpers/cli.js';

const ORIGIN = 'ledger.example/us-jp-autos-2025';
const AGREEMENT = join(ROOT, 'examples/us-japan-milestones/agreement.yaml');
let dir: string;
const p = (f: string) => join(dir, f);

// The CLI runs from the repository (tsx resolves from there); files in the scratch directory get absolute paths.
const FILE = /\.(key|pub|db|json|txt|tlog-proof)$|^public$/;
const run = (args: string[]) => accord(args.map((a) => (FILE.test(a) && !a.startsWith('/') ? p(a) : a)));

function ok(args: string[]) {
  const r = run(args);
  if (r.status !== 0) throw new Error(`accord ${args.join(' ')} → ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function statement(name: string, value: unknown) {
  writeFileSync(p(name), JSON.stringify(value, null, 2));
  return name;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-ledger-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accord ledger and accord audit, end to end', () => {
  const vkeys: Record<string, string> = {};

  it('a firm report, two attestations and a milestone evaluation go through the log; both witnesses cosign', () => {
    vkeys.log = ok(['ledger', 'keygen', ORIGIN, '--out', 'log.key']).trim();
    for (const a of ['us-gov', 'jp-gov', 'honda', 'aud-us', 'aud-jp'])
      vkeys[a] = ok(['ledger', 'keygen', a, '--out', `${a}.key`]).trim();
    vkeys.us = ok(['ledger', 'keygen', 'witness.us.example', '--witness', '--out', 'us-w.key']).trim();
    vkeys.jp = ok(['ledger', 'keygen', 'witness.jp.example', '--witness', '--out', 'jp-w.key']).trim();
    expect(readFileSync(p('log.key'), 'utf8')).toMatch(
      /^PRIVATE\+KEY\+ledger\.example\/us-jp-autos-2025\+[0-9a-f]{8}\+/,
    );
    writeFileSync(
      p('policy.txt'),
      `log ${vkeys.log}\nwitness US ${vkeys.us}\nwitness JP ${vkeys.jp}\ngroup BOTH all US JP\nquorum BOTH\n`,
    );
    ok(['ledger', 'init', 'log.db', '--origin', ORIGIN]);
    const reg = (actor: string, subject: string, role: string) =>
      statement(`reg-${subject}.json`, {
        v: 2,
        type: 'key-registration',
        actor,
        issued: '2025-08-01',
        subject,
        role,
        key: vkeys[subject],
      });
    // Statements leave out "log": `ledger append` fills in the log's origin before signing (R1).
    const usRegs = JSON.parse(
      ok([
        'ledger',
        'append',
        'log.db',
        reg('us-gov', 'us-gov', 'government'),
        reg('us-gov', 'honda', 'firm'),
        reg('us-gov', 'aud-us', 'auditor'),
        '--key',
        'us-gov.key',
        '--agreement',
        AGREEMENT,
        '--json',
      ]),
    ) as { leafHash: string; status: string }[];
    // Honda's registration is a joint decision of both governments (R4, R6): pending until Japan approves.
    expect(usRegs.map((r) => r.status)).toEqual(['counts', 'pending', 'counts']);
    const approval = statement('approve-honda.json', {
      v: 2,
      type: 'approval',
      actor: 'jp-gov',
      issued: '2025-08-01',
      subject: usRegs[1]!.leafHash,
    });
    ok([
      'ledger',
      'append',
      'log.db',
      reg('jp-gov', 'jp-gov', 'government'),
      reg('jp-gov', 'aud-jp', 'auditor'),
      approval,
      '--key',
      'jp-gov.key',
      '--agreement',
      AGREEMENT,
    ]);
    const report = statement('report.json', {
      v: 2,
      type: 'employment-report',
      actor: 'honda',
      issued: '2026-07-15',
      commitment: 'honda-ohio-ev',
      site: 'US-OH',
      periodStart: '2025-07-01',
      periodEnd: '2026-06-30',
      paidHours: 2_496_000,
      relocatedHours: 0,
      wages: { total: '84000000.00' },
      healthPlan: { offered: true, employerSharePctSingle: 85 },
      evidence: [{ kind: 'ui-wage-records', sha256: 'c'.repeat(64) }],
    });
    const appended = JSON.parse(
      ok(['ledger', 'append', 'log.db', report, '--key', 'honda.key', '--json']),
    ) as { index: number; leafHash: string }[];
    expect(appended[0]!.index).toBe(6);
    // Appending the same statement again is idempotent (Ed25519 signatures are deterministic).
    expect(ok(['ledger', 'append', 'log.db', report, '--key', 'honda.key'])).toContain('(already logged)');
    for (const a of ['aud-us', 'aud-jp']) {
      ok([
        'ledger',
        'append',
        'log.db',
        statement(`att-${a}.json`, {
          v: 2,
          type: 'attestation',
          actor: a,
          issued: '2026-08-01',
          subject: appended[0]!.leafHash,
          evidenceChecked: ['cpa-attestation', 'ui-wage-records'],
          result: 'confirmed',
        }),
        '--key',
        `${a}.key`,
      ]);
    }
    expect(ok(['ledger', 'checkpoint', 'log.db', '--key', 'log.key'])).toMatch(
      new RegExp(`^${ORIGIN}\\n9\\n`),
    );
    expect(
      run([
        'ledger',
        'evaluate',
        'log.db',
        '--agreement',
        AGREEMENT,
        '--policy',
        'policy.txt',
        '--as-of',
        '2026-09-01',
      ]).stderr,
    ).toMatch(/no checkpoint of this log satisfies/);
    for (const w of ['us', 'jp'])
      ok([
        'ledger',
        'cosign',
        'log.db',
        '--key',
        `${w}-w.key`,
        '--state',
        `${w}-w.db`,
        '--log-key',
        'log.key.pub',
      ]);
    const evaluated = ok([
      'ledger',
      'evaluate',
      'log.db',
      '--agreement',
      AGREEMENT,
      '--policy',
      'policy.txt',
      '--as-of',
      '2026-09-01',
      '--statement',
      'eval.json',
      '--actor',
      'us-gov',
    ]);
    expect(evaluated).toMatch(/checkpoint ledger\.example\/us-jp-autos-2025 size 9 .*cosigned by US, JP/);
    const evalStatement = JSON.parse(readFileSync(p('eval.json'), 'utf8'));
    expect(evalStatement).toMatchObject({
      type: 'milestone-evaluation',
      checkpoint: { origin: ORIGIN, size: 9 },
    });
    ok(['ledger', 'append', 'log.db', 'eval.json', '--key', 'us-gov.key']);
    ok(['ledger', 'checkpoint', 'log.db', '--key', 'log.key']);
    for (const w of ['us', 'jp'])
      ok([
        'ledger',
        'cosign',
        'log.db',
        '--key',
        `${w}-w.key`,
        '--state',
        `${w}-w.db`,
        '--log-key',
        'log.key.pub',
      ]);
    // A witness asked again with nothing new cosigns the same size; one with a stale view is refused.
    ok(['ledger', 'cosign', 'log.db', '--key', 'us-w.key', '--state', 'us-w.db', '--log-key', 'log.key.pub']);
  }, 300_000); // about 26 CLI processes on a shared 2-core machine

  it('a receipt verifies offline with only the policy, and fails for other bytes', () => {
    ok(['ledger', 'receipt', 'log.db', '--index', '6', '--out', 'r6.tlog-proof']);
    expect(readFileSync(p('r6.tlog-proof'), 'utf8')).toMatch(/^c2sp\.org\/tlog-proof@v1\nextra /);
    expect(ok(['ledger', 'verify', '--policy', 'policy.txt', '--receipt', 'r6.tlog-proof'])).toMatch(
      /^ok: entry 6 .* size 10, cosigned by US, JP/,
    );
    writeFileSync(p('other.txt'), '{"not":"it"}');
    const bad = run([
      'ledger',
      'verify',
      '--policy',
      'policy.txt',
      '--receipt',
      'r6.tlog-proof',
      '--statement',
      'other.txt',
    ]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/inclusion/);
    expect(ok(['ledger', 'prove', 'log.db', '--index', '6']).trim().split('\n')).toHaveLength(4);
  });

  it('audit reproduces the evaluation from the store and from exported tiles', () => {
    const a = run(['audit', 'log.db', '--policy', 'policy.txt', '--agreement', AGREEMENT]);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/evaluation at entry 9 \(as of 2026-09-01, checkpoint 9\): reproduced/);
    expect(a.stdout).toMatch(/audit: no differences/);
    ok(['ledger', 'export-tiles', 'log.db', 'public']);
    expect(existsSync(p('public/tile/0/000.p/10'))).toBe(true);
    expect(existsSync(p('public/tile/entries/000.p/10'))).toBe(true);
    const t = run([
      'audit',
      '--tiles',
      'public',
      '--policy',
      'policy.txt',
      '--agreement',
      AGREEMENT,
      '--json',
    ]);
    expect(t.status).toBe(0);
    expect(JSON.parse(t.stdout)).toMatchObject({ size: 10, evaluations: [{ index: 9, reproduced: true }] });
  });

  it('audit exits 1 and names the entry when a stored report is changed', () => {
    const db = new Database(p('log.db'));
    const row = db.prepare('SELECT data FROM entries WHERE idx = 6').pluck().get() as Buffer;
    db.prepare('UPDATE entries SET data = ? WHERE idx = 6').run(
      Buffer.from(row.toString().replace('2496000', '2496999')),
    );
    db.close();
    const a = run(['audit', 'log.db', '--policy', 'policy.txt']);
    expect(a.status).toBe(1);
    expect(a.stdout).toMatch(/entry 6: entry-leaf-hash-mismatch/);
    expect(a.stdout).toMatch(/checkpoint 9:3:1: checkpoint-root-mismatch/);
  });

  it('reports bad input with its position and no stack trace', () => {
    writeFileSync(p('bad.json'), '{\n  "v": 1,\n  "type": "employment-report",\n  "actor": "honda"\n');
    const r1 = run(['ledger', 'append', 'log.db', 'bad.json', '--key', 'honda.key']);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toMatch(/bad\.json:5:1: statement-not-json/);
    writeFileSync(
      p('bad2.json'),
      JSON.stringify({
        v: 2,
        type: 'investment-report',
        actor: 'honda',
        issued: '2026-13-01',
        commitment: 'c',
        asOf: '2026-01-01',
        disbursed: '5',
        evidence: [],
      }),
    );
    const r2 = run(['ledger', 'append', 'log.db', 'bad2.json', '--key', 'honda.key']);
    expect(r2.stderr).toMatch(/bad2\.json#\/issued: statement-invalid/);
    expect(r2.stderr).toMatch(/bad2\.json#\/disbursed: statement-invalid/);
    expect(r2.stderr).not.toMatch(/ at .*\.ts:/);
    writeFileSync(p('bad-policy.txt'), `log ${vkeys.log}\nquorum NOPE\n`);
    const r3 = run(['audit', 'log.db', '--policy', 'bad-policy.txt']);
    expect(r3.status).toBe(1);
    expect(r3.stderr).toMatch(/bad-policy\.txt:2:8: policy-unknown-member/);
    const r4 = run(['ledger', 'append', 'log.db', 'report.json', '--key', 'aud-us.key']);
    expect(r4.stderr).toMatch(/actor is honda but the key is aud-us/);
    expect(run(['ledger', 'prove', 'log.db']).status).toBe(2);
    expect(run(['ledger', 'init', 'log.db', '--origin', ORIGIN]).stderr).toMatch(/already holds/);
    expect(run(['audit', 'missing.db', '--policy', 'policy.txt']).stderr).toMatch(/no log at .*missing\.db/);
  });

  it('shows examples in --help', () => {
    expect(run(['ledger', '--help']).stdout).toMatch(/Examples:\n {2}accord ledger keygen/);
    expect(run(['audit', '--help']).stdout).toMatch(/accord audit --tiles public\//);
  });
});
