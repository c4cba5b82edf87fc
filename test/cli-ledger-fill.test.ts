/**
 * What the README's ledger walkthrough relies on beyond the plain commands: `accord ledger policy` writes a
 * trust policy from key files, and `accord ledger append` fills in a statement's subject (`--subject-entry`)
 * and registered key (`--registered-key`) — and refuses each where it does not apply, with exit 2 and a
 * message saying why, never a stack trace.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accord, ROOT } from './helpers/cli.js';

const STATEMENTS = join(ROOT, 'examples/us-japan-milestones/ledger');
const AGREEMENT = join(ROOT, 'examples/us-japan-milestones/agreement.yaml');
let dir: string;
const p = (f: string) => join(dir, f);

function ok(args: string[]): string {
  const r = accord(args);
  if (r.status !== 0) throw new Error(`accord ${args.join(' ')} → ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'accord-ledger-fill-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accord ledger policy', { timeout: 10 * 60_000 }, () => {
  it('writes a policy that names the log, each witness and the quorum, and refuses what cannot be one', () => {
    const log = ok(['ledger', 'keygen', 'ledger.example/fill', '--out', p('log.key')]).trim();
    const us = ok(['ledger', 'keygen', 'witness.us.example', '--witness', '--out', p('us-w.key')]).trim();
    ok([
      'ledger',
      'policy',
      '--log',
      p('log.key.pub'),
      '--witness',
      `US=${p('us-w.key.pub')}`,
      '--out',
      p('policy.txt'),
    ]);
    const lines = readFileSync(p('policy.txt'), 'utf8').split('\n');
    expect(lines.filter((l) => !l.startsWith('#'))).toEqual([
      `log ${log}`,
      `witness US ${us}`,
      'group WITNESSES all US',
      'quorum WITNESSES',
      '',
    ]);
    const tooMany = accord([
      'ledger',
      'policy',
      '--log',
      p('log.key.pub'),
      '--witness',
      `US=${p('us-w.key.pub')}`,
      '--quorum',
      '2',
    ]);
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr).toContain('--quorum must be all, any, none or a number from 1 to 1; got "2"');
    const unnamed = accord(['ledger', 'policy', '--log', p('log.key.pub'), '--witness', p('us-w.key.pub')]);
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr).toContain('write NAME=KEY');
    expect(unnamed.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('accord ledger append fills in what the statement file leaves out', { timeout: 10 * 60_000 }, () => {
  it('registers a government with its own key, a firm with --registered-key, and approves by --subject-entry', () => {
    for (const a of ['us-gov', 'jp-gov', 'honda']) ok(['ledger', 'keygen', a, '--out', p(`${a}.key`)]);
    ok(['ledger', 'init', p('log.db'), '--origin', 'ledger.example/fill']);
    const empty = accord([
      'ledger',
      'append',
      p('log.db'),
      join(STATEMENTS, 'approve-honda-registration.json'),
      '--key',
      p('jp-gov.key'),
      '--subject-entry',
      '0',
    ]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('--subject-entry 0: the log is empty');
    const append = (file: string, key: string, ...extra: string[]) =>
      (
        JSON.parse(
          ok([
            'ledger',
            'append',
            p('log.db'),
            join(STATEMENTS, file),
            '--key',
            p(key),
            '--agreement',
            AGREEMENT,
            '--json',
            ...extra,
          ]),
        ) as { index: number; status: string }[]
      )[0]!;
    // Each append replays the log under the agreement first: a statement whose filled-in key or subject were
    // wrong would not count and would be refused (exit 1), not appended.
    expect(append('register-us-gov.json', 'us-gov.key')).toMatchObject({ index: 0, status: 'counts' });
    expect(append('register-honda.json', 'us-gov.key', '--registered-key', p('honda.key.pub'))).toMatchObject(
      {
        index: 1,
        status: 'pending',
      },
    );
    expect(append('register-jp-gov.json', 'jp-gov.key')).toMatchObject({ index: 2, status: 'counts' });
    // Japan's approval names entry 1 by its leaf hash: Honda's registration now counts.
    expect(append('approve-honda-registration.json', 'jp-gov.key', '--subject-entry', '1')).toMatchObject({
      index: 3,
      status: 'counts',
    });
  });

  it('refuses a fill-in that does not apply to the statement, with exit 2 and the reason', () => {
    const wrongSubject = accord([
      'ledger',
      'append',
      p('log.db'),
      join(STATEMENTS, 'register-honda.json'),
      '--key',
      p('us-gov.key'),
      '--subject-entry',
      '0',
    ]);
    expect(wrongSubject.status).toBe(2);
    expect(wrongSubject.stderr).toContain(
      '--subject-entry names a logged entry, which key-registration statement',
    );
    const wrongKey = accord([
      'ledger',
      'append',
      p('log.db'),
      join(STATEMENTS, 'approve-honda-registration.json'),
      '--key',
      p('jp-gov.key'),
      '--registered-key',
      p('honda.key.pub'),
    ]);
    expect(wrongKey.status).toBe(2);
    expect(wrongKey.stderr).toContain(
      '--registered-key goes with a key-registration or key-rotation, not approval',
    );
    const beyond = accord([
      'ledger',
      'append',
      p('log.db'),
      join(STATEMENTS, 'approve-honda-registration.json'),
      '--key',
      p('jp-gov.key'),
      '--subject-entry',
      '9',
    ]);
    expect(beyond.status).toBe(2);
    expect(beyond.stderr).toContain('--subject-entry 9: the log has 4 entries (0 to 3)');
    for (const r of [wrongSubject, wrongKey, beyond]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
