/**
 * `accord assess` (one process) over every 10-digit line of chapters 1–97 of the shipped schedule (2026
 * Revision 10, data/tariff/hts/) × five origins × four entry dates, and over a sample of the lines × every
 * origin accord knows × two dates, answers every line: a duty, or a problem
 * that says what the line needs — the quantity its rate is charged on (`--qty KEY=N` / `qty_KEY`) or, for a
 * rate set by reference to another ("The rate applicable to …"), the rate itself (the `mfn` column). No code is
 * refused as unknown, and the column-1 amount of every line whose general rate is a plain percent (or Free)
 * is that percent of the value, to the cent — checked against the USITC export read here, not through
 * accord's parser.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { COUNTRY_NAMES } from '../src/tariff/countries.js';
import { COLUMN_2_COUNTRIES } from '../src/tariff/engine.js';
import { accord, ROOT } from './helpers/cli.js';

const ORIGINS = ['JP', 'CN', 'DE', 'MX', 'GB'];
const DATES = ['2025-01-01', '2025-06-01', '2026-03-01', new Date().toISOString().slice(0, 10)];

interface Line {
  code: string;
  general: string;
  /** Column 2, paid by the products of the countries of general note 3(b) (and Russia and Belarus). */
  other: string;
}

/** Every 10-digit line of chapters 01–97 with its general and column-2 rates (its own, or its 8-digit parent's). */
function linesOfExport(): Line[] {
  const rows = JSON.parse(
    gunzipSync(readFileSync(join(ROOT, 'data/tariff/hts/hts_2026_rev_10.json.gz'))).toString('utf8'),
  ) as { htsno: string; general: string; other: string }[];
  const general8 = new Map<string, string>();
  const other8 = new Map<string, string>();
  const out: Line[] = [];
  for (const r of rows) {
    const digits = r.htsno.replace(/\./g, '');
    if (digits.length === 8) {
      general8.set(digits, r.general.trim());
      other8.set(digits, (r.other ?? '').trim());
    }
    if (digits.length !== 10 || Number(digits.slice(0, 2)) > 97) continue;
    const general = r.general.trim() || general8.get(digits.slice(0, 8)) || '';
    const other = (r.other ?? '').trim() || other8.get(digits.slice(0, 8)) || '';
    out.push({ code: r.htsno, general, other });
  }
  return out;
}

/** Cents of a percent (or Free) of a value in cents, half up; undefined when the rate is not a plain percent. */
function adValoremCents(general: string, cents: bigint): bigint | undefined {
  if (/^free$/i.test(general)) return 0n;
  const m = /^(\d+)(?:\.(\d{1,4}))?%$/.exec(general);
  if (!m) return undefined;
  const ppm = BigInt(m[1]!) * 10_000n + BigInt((m[2] ?? '').padEnd(4, '0'));
  return (cents * ppm * 2n + 1_000_000n) / 2_000_000n;
}

/**
 * Assess `lines` × `origins` × `dates` in one `accord assess` process and check that every row is answered (a
 * duty, or a problem saying what to give) and that each plain-percent line's column-1 amount is exact: the general
 * rate, or column 2 for the origins that pay it. Returns how many amounts were checked, and how many rows had a
 * plain-percent rate.
 */
function assessEvery(
  dir: string,
  lines: Line[],
  origins: readonly string[],
  dates: readonly string[],
): { checked: number; plain: number } {
  const input = join(dir, 'every-line.csv');
  const rows: string[] = ['entry_id,line,hts,origin,entry_date,value'];
  const expected = new Map<string, { line: Line; cents: bigint; rate: string }>();
  let n = 0;
  let plain = 0;
  for (const line of lines) {
    for (const origin of origins) {
      for (const date of dates) {
        n++;
        const cents = BigInt(10_000 + ((n * 7919) % 9_990_000));
        const id = `E${n}`;
        rows.push(
          `${id},1,${line.code},${origin},${date},${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`,
        );
        const rate = COLUMN_2_COUNTRIES.has(origin) ? line.other : line.general;
        if (adValoremCents(rate, 100n) !== undefined) plain++;
        expected.set(id, { line, cents, rate });
      }
    }
  }
  writeFileSync(input, `${rows.join('\n')}\n`);
  const out = join(dir, 'duties.csv');
  const problemsFile = join(dir, 'problems.csv');
  const r = accord(['assess', input, '--out', out, '--problems', problemsFile, '--summary-json']);
  expect(r.status, r.stderr).toBe(0);
  const summary = JSON.parse(r.stdout);

  // Problems: each says what to give; none is an unknown code or origin.
  const problems = readFileSync(problemsFile, 'utf8').trim().split('\n').slice(1);
  const byCode = new Map<string, number>();
  for (const p of problems) {
    const m = /^(\d+),([a-z0-9-]+),"(.*)"$/.exec(p);
    expect(m, p).not.toBeNull();
    const [, row, code, quoted] = m!;
    const message = quoted!.replaceAll('""', '"');
    byCode.set(code!, (byCode.get(code!) ?? 0) + 1);
    // Rows are counted from the first data row: row k is entry Ek.
    const { rate } = expected.get(`E${row}`)!;
    // A plain-percent line is never a problem.
    expect(adValoremCents(rate, 100n), message).toBeUndefined();
    if (code === 'mfn-needs-input') {
      // Names each quantity with the option and the column that give it.
      expect(message).toMatch(
        /is charged on .*(--weight-kg N \(CSV column weight_kg\)|--qty [a-z0-9_]+=N \(CSV column qty_[a-z0-9_]+\))/,
      );
      expect(message).toContain(`the rate "${rate.replace(/\s+/g, ' ')}"`);
    } else {
      expect(code, message).toBe('hts-rate-unreadable');
      expect(message).toMatch(/give the rate in the row's mfn column/);
    }
  }
  expect([...byCode.keys()].sort()).toEqual(['hts-rate-unreadable', 'mfn-needs-input']);
  expect(summary.badRows).toBe(problems.length);
  expect(summary.lines + summary.badRows).toBe(n);

  // Results: every other line, and the column-1 amount of each plain-percent line.
  const results = readFileSync(out, 'utf8').trim().split('\n');
  expect(results[0]).toBe(
    'entry_id,line,importer,hts,origin,entry_date,value,duty,effective_rate,mpf,hmf,layers',
  );
  expect(results.length - 1).toBe(summary.lines);
  let checked = 0;
  for (const row of results.slice(1)) {
    const cells = row.split(',');
    const { line, cents, rate } = expected.get(cells[0]!)!;
    // The layers cell is last; it is quoted when a heading holds a comma.
    const layers = row.endsWith('"') ? row.slice(row.lastIndexOf(',"') + 2, -1) : cells.at(-1)!;
    const column1 = layers.split('|').at(-1)!;
    expect(column1.startsWith(`${line.code}:`), row).toBe(true);
    const want = adValoremCents(rate, cents);
    if (want === undefined) continue;
    const got = column1.slice(line.code.length + 1);
    expect(got, `${line.code} ${rate} on ${cells[6]} from ${cells[4]}`).toBe(
      `${want / 100n}.${String(want % 100n).padStart(2, '0')}`,
    );
    checked++;
  }
  return { checked, plain };
}

describe('every line of the schedule answered (accord assess, one process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accord-every-line-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const lines = linesOfExport();

  it('gives each HTS10 line of chapters 1–97 × JP, CN, DE, MX, GB × four dates a duty or says what it needs', () => {
    expect(lines.length).toBe(19_738);
    // 17,546 of the 19,738 lines are a plain percent or Free: all of those are checked, on every origin and date.
    expect(assessEvery(dir, lines, ORIGINS, DATES).checked).toBe(17_546 * ORIGINS.length * DATES.length);
  }, 600_000);

  it('answers a sample of the lines for every origin accord knows, before and after the 2026 regimes', () => {
    // Every 97th line (a spread over all chapters) × every ISO 3166-1 country × a 2025 and a 2026 date: no origin
    // is refused, and the column-1 amount is the general rate's, or column 2's for Cuba, North Korea, Russia and
    // Belarus.
    const sample = lines.filter((_, i) => i % 97 === 0);
    const origins = Object.keys(COUNTRY_NAMES);
    expect(origins.length).toBeGreaterThan(240);
    const { checked, plain } = assessEvery(dir, sample, origins, ['2025-09-01', '2026-05-01']);
    expect(checked).toBe(plain);
    expect(plain).toBeGreaterThan(sample.length * origins.length);
  }, 600_000);
});
