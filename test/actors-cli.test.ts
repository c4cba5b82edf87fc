/**
 * The actors' CLI against a running server, as processes: a firm submits a report, an auditor attests it,
 * both governments make a joint decision, witnesses (on the network) cosign the checkpoint, and each keeps a
 * receipt that verifies offline. A missing or exposed token, a key that is not the session's, a role that
 * may not act and a bad statement are all refused before anything is signed or stored.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server.js';
import { type RunningWitness, startWitnessServer } from '../src/server/witness-http.js';
import { MemoryWitnessState, parseSignerKey, parseVerifierKey, Witness } from '../src/tlog/index.js';
import { accordAsync as accord } from './helpers/cli.js';

let dir: string;
let server: RunningServer;
let tokens: Record<string, string>;
const witnesses: RunningWitness[] = [];

/** Run accord as `actor` (its token in ACCORD_TOKEN) against the server, in the test folder. */
const as = (actor: string | undefined, args: string[]) =>
  accord([...args, '--server', server.url], {
    cwd: dir,
    env: { ACCORD_TOKEN: actor ? tokens[actor]! : '', HOME: dir, ACCORD_SERVER: '' },
  });
const size = async () =>
  ((await (await fetch(new URL('/api/ledger', server.url))).json()) as { size: number }).size;
const indexIn = (stdout: string) => Number(/entry (\d+)/.exec(stdout)![1]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-actors-'));
  // First start seeds the store and writes the demo secrets and keys; read the log key and witness keys.
  const seeded = await startServer({ db: join(dir, 'accord.sqlite'), port: 0, rateLimit: false });
  const policy = ((await (await fetch(new URL('/api/ledger', seeded.url))).json()) as { policy: string })
    .policy;
  await seeded.close();
  writeFileSync(join(dir, 'policy.txt'), policy);
  const logKey = parseVerifierKey(/^log (\S+)/m.exec(policy)![1]!);
  if (!logKey.ok) throw new Error(logKey.message);
  const urls = new Map<string, string>();
  for (const [name, file] of [
    ['US', 'witness.us.example'],
    ['JP', 'witness.jp.example'],
  ] as const) {
    const key = parseSignerKey(readFileSync(join(dir, 'keys', `${file}.key`), 'utf8'));
    if (!key.ok) throw new Error(key.message);
    const w = await startWitnessServer({
      witness: new Witness({
        key: key.key,
        logs: new Map([[logKey.key.name, [logKey.key]]]),
        state: new MemoryWitnessState(),
      }),
      host: '127.0.0.1',
      port: 0,
    });
    witnesses.push(w);
    urls.set(name, w.url);
  }
  server = await startServer({
    db: join(dir, 'accord.sqlite'),
    port: 0,
    rateLimit: false,
    witnessUrls: urls,
  });
  tokens = JSON.parse(readFileSync(join(dir, 'tokens.json'), 'utf8')) as Record<string, string>;
  writeFileSync(
    join(dir, 'report.json'),
    JSON.stringify({
      type: 'investment-report',
      commitment: 'honda-ohio-ev',
      asOf: '2026-12-31',
      disbursed: '4300000000.00',
      evidence: [{ kind: 'cpa-attestation', sha256: 'e'.repeat(64) }],
    }),
  );
}, 120_000);

afterAll(async () => {
  await server?.close();
  for (const w of witnesses) await w.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('refused before anything is signed or stored', () => {
  it('without a token, with an exposed credentials file, with another actor’s key', async () => {
    const before = await size();
    const none = await as(undefined, ['submit', 'report.json', '--key', 'keys/honda.key']);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no API token: set ACCORD_TOKEN/);
    writeFileSync(join(dir, 'token'), `${tokens.honda}\n`);
    chmodSync(join(dir, 'token'), 0o644);
    const exposed = await as(undefined, [
      'submit',
      'report.json',
      '--key',
      'keys/honda.key',
      '--credentials',
      'token',
    ]);
    expect(exposed.status).toBe(1);
    expect(exposed.stderr).toMatch(/can be read by other users .*chmod 600/);
    const wrongKey = await as('honda', ['submit', 'report.json', '--key', 'keys/tx-semi.key']);
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stderr).toMatch(/tx-semi's key, but the token is honda's/);
    const badToken = await accord(
      ['submit', 'report.json', '--key', 'keys/honda.key', '--server', server.url],
      {
        cwd: dir,
        env: { ACCORD_TOKEN: 'acc_not-a-token', HOME: dir },
      },
    );
    expect(badToken.status).toBe(1);
    expect(badToken.stderr).not.toMatch(/\n\s+at /);
    const firmAttests = await as('honda', [
      'attest',
      '0',
      '--result',
      'confirmed',
      '--checked',
      'x',
      '--key',
      'keys/honda.key',
    ]);
    expect(firmAttests.status).toBe(1);
    expect(firmAttests.stderr).toMatch(/honda is a firm; only auditor accounts attest reports/);
    const firmCheckpoints = await as('honda', ['checkpoint']);
    expect(firmCheckpoints.status).toBe(1);
    expect(firmCheckpoints.stderr).toMatch(/honda is a firm; only government accounts sign checkpoints/);
    expect(await size()).toBe(before);
  });

  it('points at the field of a bad statement file, and at the rule the server says it breaks', async () => {
    const before = await size();
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ type: 'investment-report', commitment: 'honda-ohio-ev' }),
    );
    const bad = await as('honda', ['submit', 'bad.json', '--key', 'keys/honda.key']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json.*\/asOf|\/asOf.*bad\.json/s);
    writeFileSync(
      join(dir, 'theirs.json'),
      JSON.stringify({
        type: 'investment-report',
        commitment: 'texas-semiconductors',
        asOf: '2026-12-31',
        disbursed: '1.00',
        evidence: [{ kind: 'cpa-attestation', sha256: 'f'.repeat(64) }],
      }),
    );
    const theirs = await as('honda', ['submit', 'theirs.json', '--key', 'keys/honda.key']);
    expect(theirs.status).toBe(1);
    expect(theirs.stderr).toMatch(/texas-semiconductors/);
    expect(await size()).toBe(before);
  });
});

describe('one quarter’s cycle from the CLI', () => {
  it('a report, its attestation and a joint decision, each with a receipt that verifies offline', async () => {
    const report = await as('honda', ['submit', 'report.json', '--key', 'keys/honda.key']);
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    expect(report.stdout).toMatch(/report\.json: entry \d+, leaf [0-9a-f]{64} — counts/);
    // No checkpoint covers it yet: the firm is told how to fetch the receipt later.
    expect(report.stdout).toMatch(/no receipt yet.*accord receipts fetch/);
    const reportIndex = indexIn(report.stdout);

    const attest = await as('aud-us', [
      'attest',
      String(reportIndex),
      '--result',
      'confirmed',
      '--checked',
      'cpa-attestation',
      '--key',
      'keys/aud-us.key',
    ]);
    expect(attest.stderr).toBe('');
    expect(attest.stdout).toMatch(/attestation of \d+: entry \d+, leaf [0-9a-f]{64} — counts/);

    writeFileSync(
      join(dir, 'waiver.json'),
      JSON.stringify({
        type: 'waiver',
        milestone: 'm2',
        extendTo: '2027-06-30',
        reason: 'grid connection delayed',
      }),
    );
    const waiver = await as('us-gov', ['submit', 'waiver.json', '--key', 'keys/us-gov.key']);
    expect(waiver.status).toBe(0);
    expect(waiver.stdout).toMatch(/waiver\.json: entry \d+, leaf [0-9a-f]{64} — pending/);
    const waiverIndex = indexIn(waiver.stdout);
    const approve = await as('jp-gov', ['approve', String(waiverIndex), '--key', 'keys/jp-gov.key']);
    expect(approve.stderr).toBe('');
    expect(approve.stdout).toMatch(/approval of \d+: entry \d+, .* — counts/);
    const entry = (await (
      await fetch(new URL(`/api/ledger/entries?start=${waiverIndex}&limit=1`, server.url))
    ).json()) as { entries: { status: string; approvals: string[] }[] };
    expect(entry.entries[0]!.status).toBe('counts');

    // Both witnesses cosign the next checkpoint over HTTP; then every receipt satisfies the policy.
    const cp = await as('us-gov', ['checkpoint']);
    expect(cp.stderr).toBe('');
    expect(cp.status).toBe(0);
    expect(cp.stdout).toMatch(
      /witness US: cosigned\n {2}witness JP: cosigned\nsatisfies the trust policy \(cosigned by US, JP\)/,
    );
    const fetched = await accord(
      [
        'receipts',
        'fetch',
        String(reportIndex),
        String(waiverIndex),
        '--server',
        server.url,
        '--out',
        'receipts',
      ],
      { cwd: dir },
    );
    expect(fetched.stderr).toBe('');
    expect(fetched.status).toBe(0);
    expect(fetched.stdout).toMatch(
      new RegExp(`entry ${reportIndex}: receipt receipts/entry-${reportIndex}.tlog-proof`),
    );
    const verified = await accord(
      ['verify', `receipts/entry-${reportIndex}.tlog-proof`, '--policy', 'policy.txt'],
      {
        cwd: dir,
      },
    );
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(new RegExp(`ok: entry ${reportIndex} .* cosigned by US, JP`));
    // A receipt whose index was changed no longer proves anything.
    const text = readFileSync(join(dir, `receipts/entry-${reportIndex}.tlog-proof`), 'utf8');
    writeFileSync(
      join(dir, 'tampered.tlog-proof'),
      text.replace(/index (\d+)/, (_, n) => `index ${Number(n) + 1}`),
    );
    const tampered = await accord(['verify', 'tampered.tlog-proof', '--policy', 'policy.txt'], { cwd: dir });
    expect(tampered.status).toBe(1);
  }, 120_000);
});
