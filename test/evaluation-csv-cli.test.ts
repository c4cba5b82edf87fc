/**
 * CSV facts through the real CLI: the milestone example's facts, rewritten as CSV with the documented
 * columns (src/evaluation/FACTS.md), must give the same milestones, schedule and counted facts as the JSON.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FactType } from '../src/evaluation/facts.js';
import { CSV_GENERIC } from '../src/evaluation/parse-facts-csv.js';
import { accord, ROOT } from './helpers/cli.js';

const AGREEMENT = 'examples/us-japan-milestones/agreement.yaml';
const FACTS = 'examples/us-japan-milestones/facts.json';

function quote(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rewrite a JSON facts file as CSV: generic columns for subject/date/value, the rest by name. */
function toCsv(json: { facts: Record<string, unknown>[] }): string {
  const columns = new Set(['id', 'type', 'subject', 'date', 'value', 'evidence', 'attestations', 'recorded']);
  const rows = json.facts.map((fact) => {
    const generic = CSV_GENERIC[fact.type as FactType];
    const row: Record<string, string> = {};
    for (const [key, value] of Object.entries(fact)) {
      const column =
        (Object.entries(generic).find(([, field]) => field === key)?.[0] as string | undefined) ?? key;
      columns.add(column);
      row[column] = Array.isArray(value) ? value.join(';') : String(value);
    }
    return row;
  });
  const header = [...columns];
  return [header.join(','), ...rows.map((r) => header.map((c) => quote(r[c] ?? '')).join(','))].join('\r\n');
}

describe('accord schedule with CSV facts', () => {
  it('gives the same evaluation as the JSON facts it was written from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-csv-'));
    const csv = join(dir, 'facts.csv');
    writeFileSync(csv, toCsv(JSON.parse(readFileSync(join(ROOT, FACTS), 'utf8'))));
    const fromJson = accord(['schedule', AGREEMENT, '--facts', FACTS, '--as-of', '2027-01-01', '--json']);
    const fromCsv = accord(['schedule', AGREEMENT, '--facts', csv, '--as-of', '2027-01-01', '--json']);
    expect(fromJson.status).toBe(0);
    expect(fromCsv.stderr).toBe('');
    expect(fromCsv.status).toBe(0);
    const a = JSON.parse(fromJson.stdout);
    const b = JSON.parse(fromCsv.stdout);
    expect(b.milestones).toEqual(a.milestones);
    expect(b.tracks).toEqual(a.tracks);
    expect(b.facts.counted).toEqual(a.facts.counted);
    expect(b.facts.rejected.map((r: { id: string }) => r.id)).toEqual(
      a.facts.rejected.map((r: { id: string }) => r.id),
    );
  });

  it('reports a bad CSV row by file and row, exit 1, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'accord-csv-'));
    const csv = join(dir, 'facts.csv');
    writeFileSync(
      csv,
      'id,type,subject,date,value,recorded\ne1,employment,honda-ohio,2026-02-30,100,2026-03-01\n',
    );
    const r = accord(['schedule', AGREEMENT, '--facts', csv]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('facts.csv:row 1');
    expect(r.stderr).toContain('invalid-date');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
