/**
 * Issue 14, economics: what a simulation's numbers mean, as a user meets them.
 * - A central value shown with a band is that band's median, so it lies inside it; the expected path
 *   (deterministic) is labelled as such and never put in a banded cell (CLI text, JSON, the dashboard).
 * - Japan's gain is not zero by construction: its exporters' supply is finite (a cited pass-through),
 *   so every model gives Japan a producer surplus with a band.
 */
import { describe, expect, it } from 'vitest';
import type { ServerContext } from '../src/server/context.js';
import { dashboardRoutes } from '../src/server/pages/routes.js';
import { accord } from './helpers/cli.js';

const SCENARIO = 'examples/us-japan-milestones/scenario.yaml';

/** A number as the report prints it: "−$12.18 bn", "$424.0 k", "-0.65%", "5,546", "$0". */
function amount(text: string): number {
  const m = /([−-])?\$?([\d,]+(?:\.\d+)?)\s*(bn|M|k|%)?/.exec(text.trim());
  if (!m) throw new Error(`not a number: ${text}`);
  const scale = m[3] === 'bn' ? 1e9 : m[3] === 'M' ? 1e6 : m[3] === 'k' ? 1e3 : 1;
  return (m[1] ? -1 : 1) * Number(m[2]!.replace(/,/g, '')) * scale;
}

const VALUE = String.raw`[−-]?\$?[\d,]+(?:\.\d+)?(?: bn| M| k|%)?`;
const BANDED = new RegExp(`(${VALUE}) \\[(${VALUE}) – (${VALUE})\\]`, 'g');

/** Every "value [low – high]" in a text, as numbers. */
function bandedCells(text: string): { cell: string; value: number; low: number; high: number }[] {
  return [...text.matchAll(BANDED)].map((m) => ({
    cell: m[0],
    value: amount(m[1]!),
    low: amount(m[2]!),
    high: amount(m[3]!),
  }));
}

interface Band {
  p5: string | number;
  p50: string | number;
  p95: string | number;
}
interface Block {
  model: string;
  variant: { id: string };
  assumptions: string[];
  totals: { npv: { US: string; JP: string } };
  bands?: { totals: Record<string, Band>; perYear: Record<string, Band[]> };
}

describe('accord simulate: central values and their bands', () => {
  it('prints every banded cell as a median inside its own 5th–95th percentile, and the expected path apart', () => {
    const r = accord(['simulate', SCENARIO, '--runs', '400', '--seed', '11', '--workers', '0']);
    expect(r.status, r.stderr).toBe(0);
    const cells = bandedCells(r.stdout);
    // Rounding to the printed digits can put a value on its bound, never beyond it.
    for (const c of cells) {
      const slack = 0.006 * Math.max(Math.abs(c.low), Math.abs(c.high), 1);
      expect(c.value, c.cell).toBeGreaterThanOrEqual(c.low - slack);
      expect(c.value, c.cell).toBeLessThanOrEqual(c.high + slack);
    }
    // 12 totals × 2 variants × 3 models, plus a revenue band per year of the first model's two tables.
    expect(cells.length).toBeGreaterThanOrEqual(12 * 2 * 3 + 7 + 15);
    expect(r.stdout).toContain('each cell is the median of 400 Monte Carlo paths');
    expect(r.stdout).toMatch(/Term totals — model: GSIM .* — median \[5th – 95th percentile\] of 400 paths/);
    // The deterministic expected path has its own table, and the report says why it differs.
    expect(r.stdout).toContain('Expected path (deterministic; not a Monte Carlo statistic) — term totals');
    expect(r.stdout).toContain('the elasticity draws are skewed');
  });

  it('labels every value as the expected path when no Monte Carlo runs, with no brackets at all', () => {
    const r = accord(['simulate', SCENARIO, '--runs', '0', '--model', 'smart']);
    expect(r.status, r.stderr).toBe(0);
    expect(bandedCells(r.stdout)).toEqual([]);
    expect(r.stdout).toContain('Values: the expected path, one deterministic calculation');
    expect(r.stdout).toMatch(/Term totals — model: SMART .* — expected path \(deterministic\)/);
  });

  it('shows the year table’s revenue as the same median the fan chart draws', () => {
    const json = accord(['simulate', SCENARIO, '--runs', '300', '--seed', '5', '--workers', '0', '--json']);
    const text = accord(['simulate', SCENARIO, '--runs', '300', '--seed', '5', '--workers', '0']);
    expect(json.status, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout) as { definitions: Record<string, string>; results: Block[] };
    expect(out.definitions.expectedPath).toMatch(/deterministic/);
    expect(out.definitions.bands).toMatch(/p50 is the median/);
    const smart7 = out.results.find((b) => b.model === 'SMART' && b.variant.id === 'japan-7y')!;
    const year7 = smart7.bands!.perYear.revenueForgone![6]!;
    const table = text.stdout.split('Year by year — ')[1]!;
    const row = table.split('\n').find((l) => l.includes('│ 7 (2031-07-01)'))!;
    const cell = bandedCells(row)[0]!;
    expect(cell.value).toBeCloseTo(Number(year7.p50), -7);
    expect(cell.low).toBeCloseTo(Number(year7.p5), -7);
  });

  it('gives Japan a non-zero gain with a band under every model, from a cited finite export supply', () => {
    const r = accord(['simulate', SCENARIO, '--runs', '200', '--seed', '3', '--workers', '0', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { results: Block[] };
    expect(out.results).toHaveLength(6);
    for (const b of out.results) {
      const jp = b.bands!.totals.npvJapan!;
      expect(Number(b.totals.npv.JP), `${b.model} ${b.variant.id}`).toBeGreaterThan(1e9);
      expect(Number(jp.p50)).toBeGreaterThan(0);
      expect(Number(jp.p95)).toBeGreaterThan(Number(jp.p5));
      expect(b.assumptions.join('\n')).toMatch(
        /Japan’s export supply: HS 8703 Ex 2\.11 \(Monte Carlo 1\.41–4\.22\)/,
      );
      expect(b.assumptions.join('\n')).toContain('Feenstra 1989');
    }
  });
});

describe('dashboard simulator: the numbers shown with bands are medians, Japan included', () => {
  it('fills the comparison table with medians inside their bands and labels the lines', async () => {
    // The simulator page reads no agreement or ledger of the server's; its route answers in process.
    const res = await dashboardRoutes({} as ServerContext).request('/simulate/run', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'model=all&runs=200&seed=20250722',
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    const summary = page.slice(page.indexOf('id="sim-summary"'), page.indexOf('</table>'));
    expect(summary).toContain('median [5th – 95th percentile] of 200 Monte Carlo paths');
    const text = summary.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    const cells = bandedCells(text);
    // Revenue forgone, NPV US, NPV Japan and jobs for 2 variants × 3 models.
    expect(cells).toHaveLength(4 * 6);
    for (const c of cells) {
      const slack = 0.006 * Math.max(Math.abs(c.low), Math.abs(c.high), 1);
      expect(c.value, c.cell).toBeGreaterThanOrEqual(c.low - slack);
      expect(c.value, c.cell).toBeLessThanOrEqual(c.high + slack);
    }
    const japan = [...summary.matchAll(/data-npv-japan>([^<]+)</g)].map((m) => amount(m[1]!));
    expect(japan).toHaveLength(6);
    for (const v of japan) expect(v).toBeGreaterThan(0);
    expect(page).toContain('US$ bn per year (median of 200 Monte Carlo paths)');
  }, 120_000);
});
