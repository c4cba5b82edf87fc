/**
 * One party cannot change an outcome alone — tried as an attacker would, with the seeded demo actors' own
 * tokens and keys, through the HTTP API of a seeded server and through `accord ledger append` and
 * `accord audit` on a file store. A firm's dispute of another firm's report, one government's "joint"
 * waiver and a report on another firm's commitment change nothing, and are shown for what they are.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Statement, signStatement } from '../src/ledger/index.js';
import { canonicalBytes, statementMessage } from '../src/ledger/statement.js';
import { SEED_ORIGIN } from '../src/server/seed.js';
import { prepareStore, type RunningServer, startServer } from '../src/server/server.js';
import { readState } from '../src/server/state.js';
import type { SignerKey } from '../src/tlog/index.js';
import { ed25519Sign } from '../src/tlog/keys.js';
import { accord, ROOT } from './helpers/cli.js';
import { demoSecrets } from './helpers/serve.js';

const AGREEMENT = join(ROOT, 'examples/us-japan-milestones/agreement.yaml');
const base = { v: 2 as const, log: SEED_ORIGIN };

interface Listed {
  index: number;
  leafHash: string;
  statement: Record<string, string> & { type: string; actor: string };
}
/** The seeded entries the attacks aim at: Honda's Q1 employment report and Texas's Q3 one. */
function targets(entries: Listed[]) {
  const emp = entries.filter((e) => e.statement.type === 'employment-report');
  return {
    hondaQ1: emp.find((e) => e.statement.actor === 'honda')!,
    texasQ3: emp.find((e) => e.statement.actor === 'tx-semi')!,
  };
}

describe('over HTTP, on a seeded server', () => {
  let dir: string;
  let server: RunningServer;
  let keys: Record<string, SignerKey>;
  let tokens: Record<string, string>;
  let entries: Listed[];
  /** Sign without validating first, as an attacker's own tooling would. */
  const forge = (s: Record<string, unknown>, key: SignerKey) =>
    canonicalBytes({
      statement: s,
      signature: {
        key: `${key.name}+${key.keyId.toString(16).padStart(8, '0')}`,
        sig: ed25519Sign(key.privateKey, statementMessage(s as Statement)).toString('base64'),
      },
    });
  const post = async (actor: string, s: Statement | Record<string, unknown>) => {
    const res = await fetch(new URL('/api/ledger/statements', server.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[actor]}`, 'content-type': 'application/json' },
      body: 'approvedBy' in s ? forge(s, keys[actor]!) : signStatement(s as Statement, keys[actor]!).entry,
    });
    return {
      status: res.status,
      body: (await res.json()) as Record<string, unknown> & { problems: { params?: { rule?: string } }[] },
    };
  };
  const evaluation = async () =>
    (await (await fetch(new URL('/api/agreements/us-japan-milestones/evaluation', server.url))).json()) as {
      milestones: { id: string; status: string; decidedOn?: string }[];
      tracks: { track: string; inForce: { from: string; rate: string }[] }[];
      ledger: {
        size: number;
        decisions: {
          index: number;
          kind: string;
          status: string;
          awaiting: string[];
          approvals: { party: string; actor: string }[];
        }[];
      };
    };
  const autos = (ev: Awaited<ReturnType<typeof evaluation>>) =>
    ev.tracks.find((t) => t.track === 'autos')!.inForce.map((s) => `${s.from} ${s.rate}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-trust-'));
    server = await startServer({ db: join(dir, 'accord.sqlite'), port: 0, rateLimit: false });
    ({ keys, tokens } = demoSecrets(dir));
    entries = (
      (await (await fetch(new URL('/api/ledger/entries?limit=1000', server.url))).json()) as {
        entries: Listed[];
      }
    ).entries;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a firm cannot dispute another firm’s attested report (finding 1): 422 under R7, and nothing changes', async () => {
    const before = await evaluation();
    const { hondaQ1, texasQ3 } = targets(entries);
    const a = await post('mw-renew', {
      ...base,
      type: 'dispute',
      actor: 'mw-renew',
      issued: '2026-11-28',
      subject: hondaQ1.leafHash,
      reason: 'we say so',
    });
    expect(a.status).toBe(422);
    expect(a.body).toMatchObject({ code: 'dispute-outside-sphere' });
    expect(a.body.problems[0]?.params?.rule).toBe('R7');
    const b = await post('honda', {
      ...base,
      type: 'dispute',
      actor: 'honda',
      issued: '2026-11-28',
      subject: texasQ3.leafHash,
      reason: 'competitor',
    });
    expect(b.status).toBe(422);
    const after = await evaluation();
    expect(after.milestones.find((m) => m.id === 'm1')).toMatchObject({
      status: 'met',
      decidedOn: '2026-04-20',
    });
    expect(autos(after)).toContain('2026-05-05 20');
    expect(autos(after)).toEqual(autos(before));
  });

  it('one government alone cannot record a joint waiver (finding 2): it waits for the other’s signature', async () => {
    // The old attack: a waiver that claims both governments approved it. The field no longer exists.
    const attack: Record<string, unknown> = {
      ...base,
      type: 'waiver',
      actor: 'jp-gov',
      issued: '2026-11-28',
      milestone: 'm2',
      approvedBy: ['US', 'JP'],
      reason: 'x',
    };
    const claimed = await post('jp-gov', attack);
    expect(claimed.status).toBe(422);
    expect(claimed.body).toMatchObject({ code: 'statement-unknown-field' });
    const waiver = {
      ...base,
      type: 'waiver' as const,
      actor: 'jp-gov',
      issued: '2026-11-28',
      milestone: 'm2',
      reason: 'force majeure',
    };
    const w = await post('jp-gov', waiver);
    expect(w.status).toBe(201);
    expect(w.body).toMatchObject({ status: 'pending' });
    let ev = await evaluation();
    expect(ev.milestones.find((m) => m.id === 'm2')!.status).toBe('missed');
    expect(autos(ev).some((s) => s.endsWith(' 15'))).toBe(false);
    expect(ev.ledger.decisions.find((d) => d.index === w.body.index)).toMatchObject({
      kind: 'waiver',
      status: 'pending',
      awaiting: ['US'],
      approvals: [{ party: 'JP', actor: 'jp-gov' }],
    });
    // With the US's verified signature it counts, and the approvers are the signers.
    const ok = await post('us-gov', {
      ...base,
      type: 'approval',
      actor: 'us-gov',
      issued: '2026-11-30',
      subject: w.body.leafHash as string,
    });
    expect(ok.status).toBe(201);
    ev = await evaluation();
    expect(ev.milestones.find((m) => m.id === 'm2')!.status).toBe('waived');
    expect(ev.ledger.decisions.find((d) => d.index === w.body.index)).toMatchObject({
      status: 'in-force',
      approvals: [
        { party: 'JP', actor: 'jp-gov' },
        { party: 'US', actor: 'us-gov' },
      ],
    });
  });

  it('a firm reports only on its own commitment, whatever its account says (finding 4)', async () => {
    const r = await post('honda', {
      ...base,
      type: 'investment-report',
      actor: 'honda',
      issued: '2026-11-28',
      commitment: 'texas-semiconductors',
      asOf: '2026-10-31',
      disbursed: '9000000000.00',
      evidence: [{ kind: 'cpa-attestation', sha256: 'd'.repeat(64) }],
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'not-own-commitment' });
  });

  it('every answer that reads the log names the tree size it was computed at', async () => {
    const ev = await evaluation();
    const schedule = (await (
      await fetch(new URL('/api/agreements/us-japan-milestones/schedule', server.url))
    ).json()) as {
      ledger: { size: number };
    };
    const listed = (await (await fetch(new URL('/api/ledger/entries?limit=1', server.url))).json()) as {
      size: number;
    };
    const duty = (await (
      await fetch(
        new URL(
          '/api/duty?hts=8703.23.01&origin=JP&date=2026-12-01&value=40000&overlay=us-japan-milestones',
          server.url,
        ),
      )
    ).json()) as { overlay: { agreement: string; ledgerSize: number } };
    expect(schedule.ledger.size).toBe(ev.ledger.size);
    expect(listed.size).toBe(ev.ledger.size);
    expect(duty.overlay).toEqual({
      agreement: 'us-japan-milestones',
      status: 'hypothetical',
      enacted: false,
      ledgerSize: ev.ledger.size,
    });
  });

  it('the milestones page shows the disputes and the joint decisions with their verified signers', async () => {
    const page = await (await fetch(new URL('/milestones', server.url))).text();
    expect(page).toContain('id="disputes"');
    expect(page).toMatch(/aud-jp<\/td>/);
    expect(page).toMatch(/<span class="badge s-pending">open<\/span>/);
    expect(page).toContain('id="decisions"');
    expect(page).toMatch(/JP — <code>jp-gov<\/code>/);
    expect(page).toMatch(/US — <code>us-gov<\/code>/);
  });
});

describe('with `accord ledger append` and `accord audit` on a file store', () => {
  let dir: string;
  let db: string;
  let keys: Record<string, SignerKey>;
  const file = (name: string, s: Omit<Statement, 'log'> | Record<string, unknown>) => {
    writeFileSync(join(dir, name), JSON.stringify(s));
    return join(dir, name);
  };
  const cli = (args: string[]) => accord(args);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-trust-cli-'));
    db = join(dir, 'accord.sqlite');
    await prepareStore({ db });
    ({ keys } = demoSecrets(dir));
    writeFileSync(join(dir, 'policy.txt'), readState(join(dir, 'accord.server.json')).policyText);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs what an attacker appends, and the audit and the schedule show it does not count', async () => {
    const list = JSON.parse(accord(['schedule', AGREEMENT, '--ledger', db, '--json']).stdout) as {
      milestones: { id: string; status: string }[];
      ledger: { size: number };
    };
    expect(list.milestones.map((m) => m.status)).toEqual(['met', 'missed', 'pending', 'pending']);
    const seededSize = list.ledger.size;
    void keys;
    const { SqliteLedgerStore } = await import('../src/store/sqlite-ledger.js');
    const store = SqliteLedgerStore.open(db);
    const seeded = await store.entries(0, seededSize);
    await store.close();
    const leaf = (i: number) =>
      (JSON.parse(seeded[i]!.toString()) as { statement: { type: string; actor: string } }).statement;
    const { statementHash } = await import('../src/ledger/index.js');
    const hondaQ1 = seeded.findIndex(
      (_, i) => leaf(i).type === 'employment-report' && leaf(i).actor === 'honda',
    );
    const dispute = file('dispute.json', {
      v: 2,
      type: 'dispute',
      actor: 'mw-renew',
      issued: '2026-11-28',
      subject: statementHash(seeded[hondaQ1]!),
      reason: 'we say so',
    });
    const waiver = file('waiver.json', {
      v: 2,
      type: 'waiver',
      actor: 'jp-gov',
      issued: '2026-11-28',
      milestone: 'm2',
      reason: 'force majeure',
    });
    const other = file('other.json', {
      v: 2,
      type: 'investment-report',
      actor: 'honda',
      issued: '2026-11-28',
      commitment: 'texas-semiconductors',
      asOf: '2026-10-31',
      disbursed: '9000000000.00',
      evidence: [{ kind: 'cpa-attestation', sha256: 'd'.repeat(64) }],
    });

    // With the agreement, append refuses what would not count, pointing into the file.
    const refused = cli([
      'ledger',
      'append',
      db,
      dispute,
      '--key',
      join(dir, 'keys/mw-renew.key'),
      '--agreement',
      AGREEMENT,
    ]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/dispute\.json#\/statement\/subject: dispute-outside-sphere: .*\(R7\)/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    // Without it, the statements are logged as they are; the replay decides.
    for (const [f, k] of [
      [dispute, 'mw-renew'],
      [waiver, 'jp-gov'],
      [other, 'honda'],
    ] as const)
      expect(cli(['ledger', 'append', db, f, '--key', join(dir, `keys/${k}.key`)]).status).toBe(0);

    const audit = cli(['audit', db, '--policy', join(dir, 'policy.txt'), '--agreement', AGREEMENT]);
    expect(audit.status).toBe(0);
    expect(audit.stdout).toMatch(new RegExp(`entry ${seededSize}.*dispute-outside-sphere`));
    expect(audit.stdout).toMatch(new RegExp(`entry ${seededSize + 2}.*not-own-commitment`));
    expect(audit.stdout).toMatch(/rules of us-japan-milestones \(R1–R9\): 2 do not count/);
    expect(audit.stdout).toMatch(
      new RegExp(`entry ${seededSize + 1}: waiver by jp-gov awaits the signature of US \\(R6\\)`),
    );
    expect(audit.stdout).toMatch(/audit: no differences; 2 statements in the log do not count/);
    const json = JSON.parse(
      cli(['audit', db, '--policy', join(dir, 'policy.txt'), '--agreement', AGREEMENT, '--json']).stdout,
    ) as {
      notCounted: { index: number; rule: string; actor: string }[];
      decisions: { index: number; status: string; awaiting: string[] }[];
    };
    expect(json.notCounted.map((n) => [n.index, n.rule, n.actor])).toEqual([
      [seededSize, 'R7', 'mw-renew'],
      [seededSize + 2, 'R5', 'honda'],
    ]);
    expect(json.decisions.find((d) => d.index === seededSize + 1)).toMatchObject({
      status: 'pending',
      awaiting: ['US'],
    });

    const after = cli(['schedule', AGREEMENT, '--ledger', db]);
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/m1 {5}MET on 2026-04-20/);
    expect(after.stdout).toMatch(/m2 {5}MISSED/);
    expect(after.stdout).toMatch(/waiver by jp-gov: AWAITING US/);
    expect(after.stdout).toMatch(/Statements that do not count: 2/);
    expect(after.stdout).toMatch(/Disputes \(R7–R9\)\n {2}log-\d+ +OPEN — aud-jp disputed/);
  }, 240_000);
});
