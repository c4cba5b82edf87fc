/**
 * The dashboard pages read right in a real browser (playwright-core driving Debian's chromium, the server
 * seeded with the demo log): the ledger and milestones pages agree on which facts count; the timeline shows
 * Honda's relieved share as `accord schedule` prints it; the overview writes each track's steps from the
 * agreement file; and the charts are laid out so they can be read — measured in the page, not by looking:
 * labels do not overlap, stay inside their SVG, y axes reach above the highest line, a legend has an entry per
 * visible line, fan bands of different terms do not overlap, and a chart of 130 layers stays one screen tall.
 * Skips with a message when /usr/bin/chromium is absent.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generate } from '../bench/assess/generate.js';
import { type RunningServer, startServer } from '../src/server/server.js';
import { haveChromium, launchChromium } from './helpers/browser.js';
import { accord, ROOT } from './helpers/cli.js';

const chromiumHere = haveChromium('browser layout tests');

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
}

/** Whether two boxes share any area (touching edges do not count). */
function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Pairs of boxes in `boxes` that overlap, by their text, for a readable failure. */
function overlapping(boxes: readonly Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++)
      if (overlap(boxes[i]!, boxes[j]!)) out.push(`${boxes[i]!.text} × ${boxes[j]!.text}`);
  return out;
}

/** The boxes of every element `locator` matches, in page pixels. */
async function boxesOf(locator: Locator): Promise<Box[]> {
  return locator.evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height, text: e.textContent ?? '' };
    }),
  );
}

/** Texts of a chart figure that reach outside its outermost SVG (one pixel of tolerance for antialiasing). */
async function textsOutside(fig: Locator): Promise<string[]> {
  return fig.evaluate((f) => {
    const svg = f.querySelector('svg:not(svg svg):not([class$="-swatch"] svg)')!;
    const outer = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')]
      .filter((t) => (t.textContent ?? '').trim() !== '')
      .filter((t) => {
        const r = t.getBoundingClientRect();
        return (
          r.left < outer.left - 1 ||
          r.right > outer.right + 1 ||
          r.top < outer.top - 1 ||
          r.bottom > outer.bottom + 1
        );
      })
      .map((t) => t.textContent ?? '');
  });
}

/** The (x, y) vertices of a path drawn with M and L commands (Plot's linear lines). */
function vertices(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe.skipIf(!chromiumHere)('dashboard layout and consistency in chromium', () => {
  let dir: string;
  let db: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-browser-layout-'));
    db = join(dir, 'accord.sqlite');
    server = await startServer({ db, port: 0, rateLimit: false });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(new URL(path, server.url).toString());
    expect(res?.status(), path).toBe(200);
    return { page, errors };
  }

  /** The ledger table's rows on the page holding entry `start`: index → status badge text. */
  async function ledgerRows(
    page: Page,
  ): Promise<Map<number, { badge: string; about: string; type: string }>> {
    const rows = await page
      .locator('table.data tbody tr:has(a[href^="/ledger/entries/"])')
      .evaluateAll((trs) =>
        trs
          .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''))
          .filter((cells) => cells.length === 6 && /^\d+$/.test(cells[0]!)),
      );
    return new Map(rows.map((c) => [Number(c[0]), { type: c[1]!, about: c[4]!, badge: c[5]! }]));
  }

  it('the ledger marks no entry as counting that the milestones page lists as a fact that did not count', async () => {
    const { page } = await open('/milestones');
    const notCounted = await page.locator('main').evaluate((main) => {
      const h = [...main.querySelectorAll('h2')].find((e) => e.textContent === 'Facts that did not count');
      let table = h?.nextElementSibling;
      while (table && table.tagName !== 'TABLE' && table.tagName !== 'H2') table = table.nextElementSibling;
      return table?.tagName === 'TABLE'
        ? [...table.querySelectorAll('tbody tr td:first-child')].map((td) => td.textContent?.trim() ?? '')
        : [];
    });
    await page.close();
    const logged = notCounted.filter((id) => /^log-\d+$/.test(id));
    // The seeded demo has reports that keep the log's rules but lack their auditors' quorum.
    expect(logged.length).toBeGreaterThan(0);
    for (const id of logged) {
      const index = Number(id.slice(4));
      const { page: ledger } = await open(`/ledger?start=${index}`);
      const row = (await ledgerRows(ledger)).get(index);
      await ledger.close();
      expect(row, `entry ${index} on the ledger page`).toBeDefined();
      expect(row!.badge, `entry ${index}: the milestones page says fact ${id} did not count`).not.toBe(
        'counts',
      );
    }
  });

  it('ledger pages cover every entry once, newest page first, and write money as $1,234.56', async () => {
    const seen: number[] = [];
    const moneyCells: string[] = [];
    const reports: number[] = [];
    let path: string | undefined = '/ledger';
    const visited = new Set<string>();
    while (path && !visited.has(path)) {
      visited.add(path);
      const { page } = await open(path);
      const rows = await ledgerRows(page);
      seen.push(...rows.keys());
      for (const [index, r] of rows)
        if (r.type === 'investment-report') {
          moneyCells.push(r.about);
          reports.push(index);
        }
      const prev = page.locator('p a', { hasText: '←' });
      path = (await prev.count()) > 0 ? ((await prev.first().getAttribute('href')) ?? undefined) : undefined;
      await page.close();
    }
    const sorted = [...seen].sort((a, b) => a - b);
    expect(new Set(seen).size, 'an entry shown on two pages').toBe(seen.length);
    expect(sorted).toEqual(sorted.map((_, i) => i));
    expect(moneyCells.length).toBeGreaterThan(0);
    for (const text of moneyCells) expect(text).toMatch(/\$\d{1,3}(,\d{3})*\.\d\d disbursed/);
    // An entry's own page says what the statement is about in the same words, above the signed JSON.
    const { page } = await open(`/ledger/entries/${reports[0]}`);
    expect(await page.locator('#entry-about').textContent()).toMatch(
      /^investment-report by .+: .+: \$\d{1,3}(,\d{3})*\.\d\d disbursed by \d{4}-\d\d-\d\d$/,
    );
    await page.close();
  });

  it('the timeline shows Honda’s relieved share as `accord schedule` prints it, on a chart that rises', async () => {
    const cli = accord(['schedule', 'examples/us-japan-milestones/agreement.yaml', '--ledger', db]);
    expect(cli.status, cli.stderr).toBe(0);
    const printed = [
      ...cli.stdout.matchAll(
        /from (\d{4}-\d\d-\d\d): ([\d.]+)% of the importer's entries relieved \[([^\]]*)\]/g,
      ),
    ].map((m) => ({ from: m[1], share: `${m[2]}%`, facts: m[3] }));
    expect(printed.length).toBeGreaterThan(1);
    expect(printed.map((p) => p.share)).toContain('72.5%');

    const { page, errors } = await open('/timeline');
    const section = await page.locator('main').evaluate((main) => {
      const h = [...main.querySelectorAll('h2')].find((e) => /importers honda/.test(e.textContent ?? ''));
      const out = {
        heading: h?.textContent ?? '',
        rows: [] as string[][],
        labels: [] as string[],
        dotYs: [] as number[],
      };
      for (let e = h?.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) {
        if (e.matches('table.relief'))
          out.rows = [...e.querySelectorAll('tbody tr')].map((tr) =>
            [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''),
          );
        if (e.matches('figure.chart')) {
          out.labels = [...e.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent ?? '');
          out.dotYs = [...e.querySelectorAll('g[aria-label="dot"] circle')].map(
            (c) => c.getBoundingClientRect().y,
          );
        }
      }
      return out;
    });
    expect(section.heading).toMatch(/Honda/);
    expect(section.rows).toEqual(printed.map((p) => [p.from, p.share, p.facts]));
    for (const p of printed) expect(section.labels).toContain(p.share);
    // A flat line at 0% has one height; the relieved share steps up as investment is verified.
    expect(new Set(section.dotYs.map((y) => Math.round(y))).size).toBeGreaterThan(printed.length - 1);
    const fig = page.locator('h2:has-text("importers honda") ~ figure.chart').first();
    expect(await textsOutside(fig)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the overview writes each track’s steps from the agreement file', async () => {
    const file = parse(readFileSync(join(ROOT, 'examples/us-japan-milestones/agreement.yaml'), 'utf8')) as {
      id: string;
      tracks: { id: string; steps?: { rate: string }[] }[];
    };
    const words = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
    const { page } = await open('/');
    const card = page.locator('.card', { has: page.locator(`a[href="/timeline?agreement=${file.id}"]`) });
    for (const t of file.tracks) {
      const steps = (t.steps ?? []).map((s) => s.rate);
      if (steps.length === 0) continue;
      const text = (await card.locator(`ul.track-steps li[data-track="${t.id}"]`).textContent()) ?? '';
      const [, count, list] = text.match(/(\w+) steps: (.*)$/) ?? [];
      expect(count, text).toBe(words[steps.length]);
      expect(list?.match(/[\d.]+%/g)).toEqual(steps);
    }
    // Any prose on the card that counts steps and lists their rates agrees with some track of the file.
    const prose = (await card.textContent()) ?? '';
    const claims = [...prose.matchAll(/\b(\w+) steps — ((?:[\d.]+%(?:, then | then | and |, )?)+)/g)];
    for (const m of claims) {
      const rates = m[2]!.match(/[\d.]+%/g)!;
      expect(
        file.tracks.some((t) => (t.steps ?? []).map((s) => s.rate).join() === rates.join()),
        `"${m[0]}" matches no track of the file`,
      ).toBe(true);
      expect(words.indexOf(m[1]!.toLowerCase())).toBe(rates.length);
    }
    await page.close();
  });

  it('a bulk result over 100+ layers charts the top layers and "other", one screen tall, labels apart', async () => {
    const file = join(dir, 'entries-4k.csv');
    generate(4_000, file);
    const { page, errors } = await open('/assess');
    await page.setInputFiles('input[type=file]', file);
    await page.click('#assess-form button[type=submit]');
    await page.waitForSelector('#assess-summary', { timeout: 120_000 });
    const fig = page.locator('#assess-result figure.chart').first();
    // One screen tall: the top layers and "other", not a bar for each of 130 layers.
    const svg = await fig.locator('svg').first().boundingBox();
    expect(svg!.height).toBeLessThanOrEqual(600);
    const yLabels = await fig.locator('g[aria-label="y-axis tick label"] text').allTextContents();
    expect(yLabels.length).toBeLessThanOrEqual(16);
    // Every layer is still listed, in the table under the chart.
    const layers = await page.locator('#assess-layers tbody tr').count();
    expect(layers).toBeGreaterThan(100);
    expect(yLabels[yLabels.length - 1]).toBe(`other (${layers - yLabels.length + 1} layers)`);
    const xLabels = await boxesOf(fig.locator('g[aria-label="x-axis tick label"] text'));
    expect(xLabels.length).toBeGreaterThan(2);
    for (const l of xLabels) expect(l.text).toMatch(/^\$[\d.]+( k| M| bn)?$/);
    expect(overlapping(xLabels)).toEqual([]);
    expect(overlapping(await boxesOf(fig.locator('g[aria-label="y-axis tick label"] text')))).toEqual([]);
    expect(await textsOutside(fig)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('simulator charts: captions complete, y axes above the lines, a legend entry per visible line, fans apart', async () => {
    const { page, errors } = await open('/simulate');
    await page.selectOption('select[name=model]', 'all');
    await page.fill('input[name=runs]', '40');
    await page.click('#sim-form button[type=submit]');
    await page.waitForSelector('#sim-summary', { timeout: 120_000 });
    const figs = page.locator('#sim-result figure.chart');
    const n = await figs.count();
    expect(n).toBe(5); // revenue, jobs, and a fan chart per model
    for (let i = 0; i < n; i++) {
      const fig = figs.nth(i);
      const caption = (await fig.locator('figcaption').textContent()) ?? '';
      expect(caption, 'a caption with an empty list').not.toMatch(/:\s*\.|:\s*;|,\s*\./);
      expect(await textsOutside(fig), `chart ${i}: texts outside the SVG`).toEqual([]);
    }
    for (const i of [0, 1]) {
      const fig = figs.nth(i);
      const lines = fig.locator('g[aria-label="line"] path');
      const tops = await boxesOf(lines);
      const ticks = await boxesOf(fig.locator('g[aria-label="y-axis tick label"] text'));
      const topTick = Math.min(...ticks.map((t) => t.y + t.height / 2));
      // No line runs above the highest labelled tick (the axis is not cut below its top lines).
      expect(Math.min(...tops.map((t) => t.y))).toBeGreaterThanOrEqual(topTick - 1);
      // One legend entry per distinct drawn line: coinciding series are drawn, and named, once.
      const drawn = new Set(await lines.evaluateAll((ps) => ps.map((p) => p.getAttribute('d'))));
      const swatches = await fig.locator('[class$="-swatch"]').count();
      expect(swatches, `chart ${i}: legend entries vs visible lines`).toBe(drawn.size);
    }
    // Fan charts: bands of different terms never lie on one another (they would mix into a third colour),
    // and every band is light (translucent), so the median line reads over it.
    for (let i = 2; i < n; i++) {
      const bands = await figs
        .nth(i)
        .locator('g[aria-label="area"]')
        .evaluateAll((gs) =>
          gs.flatMap((g) =>
            [...g.querySelectorAll('path')].map((p) => {
              const r = p.getBoundingClientRect();
              return {
                fill: p.getAttribute('fill') ?? g.getAttribute('fill') ?? '',
                opacity: Number(p.ownerDocument.defaultView!.getComputedStyle(p).fillOpacity),
                box: { x: r.x, y: r.y, width: r.width, height: r.height, text: p.getAttribute('fill') ?? '' },
              };
            }),
          ),
        );
      expect(new Set(bands.map((b) => b.fill)).size).toBeGreaterThan(1);
      for (const b of bands) expect(b.opacity).toBeLessThanOrEqual(0.5);
      for (const a of bands)
        for (const b of bands)
          if (a.fill !== b.fill) expect(overlap(a.box, b.box), `${a.fill} band over ${b.fill}`).toBe(false);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('negotiation: solution labels apart and inside the chart; offers over time one line per side and proposer', async () => {
    const { page, errors } = await open('/negotiation');
    const frontier = page.locator('figure.chart').first();
    const labels = (await boxesOf(frontier.locator('g[aria-label="text"] text'))).filter((b) =>
      /Nash|Kalai|no deal/.test(b.text),
    );
    expect(labels.map((l) => l.text)).toEqual(expect.arrayContaining(['Nash', 'Kalai–Smorodinsky']));
    expect(overlapping(labels)).toEqual([]);
    expect(await textsOutside(frontier)).toEqual([]);
    // Nor do the labels sit on the frontier line (its vertices, and points 2 px apart between them).
    const [line] = await frontier.locator('g[aria-label="line"] path').evaluateAll((ps) =>
      ps.map((p) => {
        const path = p as unknown as {
          getTotalLength(): number;
          getPointAtLength(l: number): { x: number; y: number };
          getScreenCTM(): { a: number; b: number; c: number; d: number; e: number; f: number };
        };
        const m = path.getScreenCTM();
        const out: { x: number; y: number }[] = [];
        for (let l = 0; l <= path.getTotalLength(); l += 2) {
          const q = path.getPointAtLength(l);
          out.push({ x: m.a * q.x + m.c * q.y + m.e, y: m.b * q.x + m.d * q.y + m.f });
        }
        return out;
      }),
    );
    expect(line!.length).toBeGreaterThan(10);
    for (const l of labels.filter((b) => /Nash|Kalai/.test(b.text)))
      expect(
        line!.filter((q) => q.x > l.x && q.x < l.x + l.width && q.y > l.y && q.y < l.y + l.height),
        `${l.text} over the frontier`,
      ).toEqual([]);

    await page.click('#agents-form button[type=submit]');
    await page.waitForSelector('#agent-trace figure.chart', { timeout: 60_000 });
    const trace = page.locator('#agent-trace figure.chart').first();
    const paths = await trace
      .locator('g[aria-label="line"] path')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
    // Two proposers × the utility of each offer to each side.
    expect(paths).toHaveLength(4);
    for (const d of paths) {
      const xs = vertices(d).map(([x]) => x);
      expect(xs.length).toBeGreaterThan(1);
      // Over time: each line runs left to right, never doubling back as a path through utility space does.
      for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    }
    expect(await textsOutside(trace)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('the duty form charges HMF on ocean shipments only and labels an agreement’s result hypothetical', async () => {
    const { page, errors } = await open('/duty');
    const compute = async (transport: string, overlay: string) => {
      await page.fill('input[name=hts]', '8703.23.01');
      await page.fill('input[name=origin]', 'JP');
      await page.fill('input[name=date]', '2025-10-01');
      await page.fill('input[name=value]', '40000');
      await page.selectOption('select[name=transport]', transport);
      await page.selectOption('select[name=overlay]', overlay);
      // The answer is replaced, not added to: wait for the new one, not the last one.
      await page.locator('#duty-result').evaluate((r) => r.querySelector('#duty-answer')?.remove());
      await page.click('#duty-form button[type=submit]');
      await page.waitForSelector('#duty-answer', { timeout: 15_000 });
    };
    await compute('ocean', '');
    // 19 CFR 24.24: 0.125% of the value of commercial cargo unloaded from a vessel.
    expect(await page.locator('#hmf').textContent()).toBe('$50.00');
    expect(await page.locator('#hypothetical').count()).toBe(0);
    await compute('air', '');
    expect(await page.locator('#hmf').textContent()).toBe('$0.00');

    await compute('ocean', 'us-japan-milestones');
    const badge = page.locator('#hypothetical');
    await expect.poll(() => badge.isVisible()).toBe(true);
    expect(await badge.textContent()).toBe('hypothetical');
    const [total] = await boxesOf(page.locator('#total-duty'));
    const [label] = await boxesOf(badge);
    // Beside the number: on its line, within a few characters of it.
    expect(label!.y).toBeLessThan(total!.y + total!.height);
    expect(label!.y + label!.height).toBeGreaterThan(total!.y);
    expect(label!.x - (total!.x + total!.width)).toBeLessThan(40);
    expect(label!.x).toBeGreaterThan(total!.x);
    // Explanations speak of the agreement's tracks, not the code's type names.
    const text = (await page.locator('#duty-answer').textContent()) ?? '';
    expect(text).toContain('agreement track');
    expect(text).not.toMatch(/\((?:[A-Z][a-z]+){2,}[,)]/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('no page explains itself with the code’s type names', async () => {
    for (const path of ['/', '/timeline', '/milestones', '/ledger']) {
      const { page } = await open(path);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text.match(/\((?:[A-Z][a-z]+){2,}[,)]/g), path).toBeNull();
      await page.close();
    }
  });

  it('fact ids on the milestones page are in numeric order wherever several are listed', async () => {
    const { page } = await open('/milestones');
    const lists = await page
      .locator('td, p')
      .evaluateAll((els) =>
        els
          .map((e) => [...e.querySelectorAll(':scope > a > code')].map((c) => c.textContent ?? ''))
          .filter((ids) => ids.length > 1 && ids.every((id) => /^log-\d+$/.test(id))),
      );
    expect(lists.length).toBeGreaterThan(0);
    for (const ids of lists) {
      const n = ids.map((id) => Number(id.slice(4)));
      expect(n).toEqual([...n].sort((a, b) => a - b));
    }
    await page.close();
  });
});
