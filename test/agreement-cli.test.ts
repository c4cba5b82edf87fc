/**
 * The agreement loader through the real `accord validate` process: hostile and broken files give
 * positioned one-line problems and exit 1, never a stack trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accord, ROOT } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'accord-agreement-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const minimal = readFileSync(join(ROOT, 'src/agreement/fixtures/minimal.yaml'), 'utf8');

function write(name: string, content: string | Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('accord validate on hostile and broken agreement files', () => {
  it('refuses a 50 MB file with file-too-large, exit 1', () => {
    const file = write('big.yaml', Buffer.alloc(50 * 1024 * 1024, 'a'));
    const r = accord(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:1:1: file-too-large: the file is 52,428,800 bytes`);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses an alias bomb and deep nesting with positioned problems', () => {
    let bomb = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 9; i++)
      bomb += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const deep = `accord: 1\nsummary: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const r = accord(['validate', write('bomb.yaml', bomb), write('deep.yaml', deep)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bomb\.yaml:2:10: too-many-aliases: /);
    expect(r.stderr).toMatch(/deep\.yaml:2:\d+: too-deep: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints schema and consistency problems sorted by line, one per line', () => {
    const broken = minimal
      .replace('status: proposal', 'status: proposl')
      .replace('{ after: m2, rate: "10%" }', '{ after: m9, rate: "10%" }')
      .replace('{ milestone: m1 }', '{ milestone: m2 }');
    const file = write('broken.yaml', broken);
    const r = accord(['validate', file]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith(file));
    expect(lines).toEqual([
      `${file}:4:9: invalid-value: expected one of enacted, proposal, hypothetical, got the text "proposl" — did you mean "proposal"?`,
    ]);
    // Consistency is checked once the shape is right.
    const r2 = accord([
      'validate',
      write('broken2.yaml', broken.replace('status: proposl', 'status: proposal')),
    ]);
    expect(r2.status).toBe(1);
    expect(r2.stderr.split('\n').filter((l) => l.includes('broken2.yaml:'))).toEqual([
      expect.stringMatching(/broken2\.yaml:25:32: circular-condition: .*m2 → m2/),
      expect.stringMatching(/broken2\.yaml:35:18: unknown-reference: milestone "m9" is not defined/),
    ]);
  });
});
