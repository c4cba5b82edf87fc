/**
 * `accord data import-hts` as a process: a newer revision, built here from the shipped 2026 Revision 10 export
 * with one statistical line removed, one added, one general rate changed and one Chapter 99 heading added, is
 * installed into a directory; the report names exactly those changes and the heading accord does not know;
 * `accord duty --hts-dir` then uses the new rate from the revision's effective date and the shipped one before it,
 * and `accord data headings --hts-dir` says where the new heading stands.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { accord, ROOT } from './helpers/cli.js';

interface Row {
  htsno: string;
  indent: string;
  description: string;
  general: string;
  [key: string]: unknown;
}

describe('accord data import-hts (the process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-import-hts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rows = JSON.parse(
    gunzipSync(readFileSync(join(ROOT, 'data/tariff/hts/hts_2026_rev_10.json.gz'))).toString('utf8'),
  ) as Row[];
  const modified: Row[] = [];
  for (const r of rows) {
    if (r.htsno === '8708.29.51.25') continue; // removed: truck caps
    if (r.htsno === '0101.30.00.00') {
      modified.push({ ...r, general: '5%' }); // asses: 6.8% → 5%
      continue;
    }
    modified.push(r);
    if (r.htsno === '8708.29.51.10')
      modified.push({ ...r, htsno: '8708.29.51.15', description: 'Bumper stampings' }); // added
    if (r.htsno === '9903.96.03')
      modified.push({ ...r, htsno: '9903.96.04', description: 'Articles of a later action' }); // a new heading
  }
  // Named as USITC names its exports, so that the revision is read from the name.
  const file = join(dir, 'hts_2026_rev_11.json');
  writeFileSync(file, JSON.stringify(modified));

  it('installs the revision and reports the lines added, removed and with a changed general rate', () => {
    const installed = join(dir, 'text');
    const r = accord(['data', 'import-hts', file, '--effective', '2026-07-01', '--dir', installed]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        `installed HTS 2026 Revision 11 (in force from 2026-07-01) in ${installed}: 34,692 lines`,
        'against 2026 Revision 10:',
        '  codes added: 2',
        '    8708.29.51.15',
        '    9903.96.04',
        '  codes removed: 1',
        '    8708.29.51.25',
        '  general rates changed: 2',
        '    0101.30.00: 6.8% → 5%',
        '    0101.30.00.00: 6.8% → 5%',
        'Chapter 99 headings accord does not know (it charges no duty they may impose; see accord data headings): 1',
        '    9903.96.04 Articles of a later action',
        '',
      ].join('\n'),
    );
    const headings = accord(['data', 'headings', '9903.96', '--hts-dir', installed]);
    expect(headings.status).toBe(0);
    expect(headings.stdout).toMatch(
      /^HTS 2026 Revision 11: 502 headings of subchapter III .* 1 unaccounted\n/,
    );
    expect(headings.stdout).toContain('9903.96.03  charged      by aircraft-tw');
    expect(headings.stdout).toContain(
      '9903.96.04  unaccounted  not known to accord: Articles of a later action',
    );
    expect(readdirSync(installed).sort()).toEqual([
      'hts_2026_rev_11.index',
      'hts_2026_rev_11.json.gz',
      'revisions.json',
    ]);
    const manifest = JSON.parse(readFileSync(join(installed, 'revisions.json'), 'utf8'));
    expect(manifest.revisions).toEqual([
      expect.objectContaining({ label: '2026 Revision 11', effective: '2026-07-01' }),
    ]);
    expect(manifest.revisions[0].sha256).toMatch(/^[0-9a-f]{64}$/);

    // duty uses the installed revision from its effective date, the shipped one before it.
    const dutyArgs = (date: string) => [
      'duty',
      '--hts',
      '0101.30.00.00',
      '--origin',
      'DE',
      '--date',
      date,
      '--value',
      '1000',
      '--hts-dir',
      installed,
    ];
    const asses = (date: string) => JSON.parse(accord([...dutyArgs(date), '--json']).stdout).lines.at(-1);
    expect(asses('2026-07-01')).toMatchObject({ rate: '5', duty: '50.00' });
    expect(asses('2026-07-01').source).toContain('HTSUS 2026 Revision 11');
    expect(asses('2026-06-30')).toMatchObject({ rate: '6.8', duty: '68.00' });

    // An index an earlier accord wrote (one compressed JSON document) is refused with the command that
    // installs the revision again from the export kept beside it; that command works as given.
    writeFileSync(join(installed, 'hts_2026_rev_11.index'), gzipSync('{"format":"accord-hts-index/2"}'));
    const old = accord(dutyArgs('2026-07-01'));
    expect(old.status).toBe(1);
    const command = /install the revision again with (accord data import-hts .*)$/m.exec(old.stderr)?.[1];
    expect(command).toBe(
      `accord data import-hts ${join(installed, 'hts_2026_rev_11.json.gz')} --effective 2026-07-01 --revision "2026 Revision 11" --dir ${installed}`,
    );
    const again = accord([
      'data',
      'import-hts',
      join(installed, 'hts_2026_rev_11.json.gz'),
      '--effective',
      '2026-07-01',
      '--revision',
      '2026 Revision 11',
      '--dir',
      installed,
    ]);
    expect(again.stderr).toBe('');
    expect(asses('2026-07-01')).toMatchObject({ rate: '5', duty: '50.00' });
  });

  it('lists every change in --json, uses an export directly with --hts-file, and refuses a file that is not the export with its position', () => {
    const r = accord([
      'data',
      'import-hts',
      file,
      '--effective',
      '2026-07-01',
      '--dir',
      join(dir, 'json'),
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      revision: '2026 Revision 11',
      effective: '2026-07-01',
      dir: join(dir, 'json'),
      lines: 34_692,
      comparedWith: '2026 Revision 10',
      added: ['8708.29.51.15', '9903.96.04'],
      removed: ['8708.29.51.25'],
      rateChanged: [
        { hts: '0101.30.00', from: '6.8%', to: '5%' },
        { hts: '0101.30.00.00', from: '6.8%', to: '5%' },
      ],
      unaccountedHeadings: [{ heading: '9903.96.04', description: 'Articles of a later action' }],
    });
    // --hts-file uses an export as given, on every date, without installing it.
    const direct = accord([
      'duty',
      '--hts',
      '0101.30.00.00',
      '--origin',
      'DE',
      '--date',
      '2025-06-01',
      '--value',
      '1000',
      '--hts-file',
      file,
      '--json',
    ]);
    expect(direct.stderr).toBe('');
    const doc = JSON.parse(direct.stdout);
    expect(doc.htsRevision).toBe('2026 Revision 11');
    expect(doc.lines.at(-1)).toMatchObject({ rate: '5', duty: '50.00' });
    expect(doc.assumptions.map((a: { fact: string }) => a.fact)).not.toContain('hts-revision');
    const bad = join(dir, 'hts_2026_rev_12.json');
    writeFileSync(bad, JSON.stringify([{ htsno: '0101.21.00', general: 'Free' }, { htsno: '01.01.x' }]));
    const b = accord(['data', 'import-hts', bad, '--effective', '2026-08-01', '--dir', join(dir, 'bad')]);
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/hts_2026_rev_12\.json.*\/1\/htsno.*"01\.01\.x" is not an HTS number/s);
    expect(b.stderr).not.toMatch(/\n\s+at /);
  });
});
