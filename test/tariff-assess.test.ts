import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accord } from './helpers/cli.js';

const HEADER = 'entry_id,line,importer,hts,origin,entry_date,value,transport,metal_content_usd';

describe('accord assess (the process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-assess-'));

  it('assesses a file, reports bad rows by row number, writes CSV results and a summary', () => {
    const input = join(dir, 'entries.csv');
    writeFileSync(
      input,
      Buffer.concat([
        Buffer.from(
          `${HEADER}\nE1,1,toyota,8703.23.01,JP,2025-09-16,40000,ocean,\nE1,2,toyota,1234.56.78,JP,2025-09-16,10,ocean,\nE2,1,acme,7326.90.86,DE,2025-07-01,10000,air,4000\nE3,1,acme,8703.23.01,JP,`,
        ),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(',5,air,\n'),
      ]),
    );
    const out = join(dir, 'duties.csv');
    const r = accord(['assess', input, '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('entries.csv:row 2: hts-unknown');
    expect(r.stderr).toContain('entries.csv:row 4: assess-bad-bytes');
    expect(r.stdout).toMatch(/2 lines assessed in 2 entries; 2 bad rows/);
    expect(r.stdout).toMatch(/duty \$8,890\.00 · effective rate 17\.78%/);
    expect(r.stdout).toContain('By importer');
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain(',6000.00,15,138.56,50.00,9903.94.41:5000.00|8703.23.01:1000.00');
  });

  it('writes JSON results and a JSON summary', () => {
    const input = join(dir, 'one.csv');
    writeFileSync(input, `${HEADER}\nE1,1,t,8703.23.01,JP,2025-09-16,40000,ocean,\n`);
    const out = join(dir, 'duties.json');
    const r = accord(['assess', input, '--out', out, '--summary-json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ lines: 1, duty: '6000.00', effectiveRate: '15' });
    expect(JSON.parse(readFileSync(out, 'utf8')).lines[0]).toMatchObject({
      totalDuty: '6000.00',
      mpf: '138.56',
    });
  });

  it("splits a line by its importer's localized relief (importer column with --agreement, --facts)", () => {
    const input = join(dir, 'honda.csv');
    writeFileSync(
      input,
      `${HEADER}\nH1,1,honda,8703.23.01,JP,2026-05-04,40000,air,\nH2,1,honda,8703.23.01,JP,2026-05-05,40000,air,\nH2,2,honda,8703.23.01,JP,2026-11-14,400.01,air,\nT1,1,toyota,8703.23.01,JP,2026-11-14,40000,air,\n`,
    );
    const out = join(dir, 'honda-duties.csv');
    const r = accord([
      'assess',
      input,
      '--out',
      out,
      ...['--agreement', 'examples/us-japan-milestones/agreement.yaml'],
      ...['--facts', 'examples/us-japan-milestones/facts.json', '--as-of', '2026-11-27'],
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
    // Before any share: the general track's 25%. From 2026-05-05, 40% relieved at 0% and the rest at 20%;
    // from 2026-11-14, 72.5% (of $400.01: $290.01 half up, leaving $110.00 at 20% = $22.00).
    expect(rows.map((l) => l.split(',').slice(7, 9).concat(l.split(',').at(-1)!))).toEqual([
      ['11000.00', '27.5', '9903.94.01:10000.00|8703.23.01:1000.00'],
      ['5800.00', '14.5', '9903.94.01:0.00|9903.94.01:4800.00|8703.23.01:1000.00'],
      ['32.00', '7.9998', '9903.94.01:0.00|9903.94.01:22.00|8703.23.01:10.00'],
      ['9000.00', '22.5', '9903.94.01:8000.00|8703.23.01:1000.00'],
    ]);
  });

  it('stops with exit 1 when required columns are missing, and exit 2 on a bad --out', () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'entry_id,hts\nE1,8703.23.01\n');
    const r = accord(['assess', input]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/row 0: assess-missing-columns/);
    expect(accord(['assess', input, '--out', join(dir, 'x.txt')]).status).toBe(2);
    expect(accord(['assess', join(dir, 'missing.csv')]).status).toBe(1);
  });
});
