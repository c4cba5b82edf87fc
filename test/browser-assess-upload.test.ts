/**
 * A 55 MB, 1 M-line entry file uploaded through the real dashboard (playwright-core driving Debian's
 * chromium, `accord serve` as a process): the page shows the server's progress (bytes received, lines
 * assessed) on the way, ends at 100 % with the summary, and the results download from the page. Skips with a
 * message when /usr/bin/chromium is absent.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../bench/assess/generate.js';
import { haveChromium, launchChromium } from './helpers/browser.js';
import { freePort, type Served, serve } from './helpers/serve.js';

const chromiumHere = haveChromium('browser upload test');

/** Newlines in a file, counted as it streams. */
async function countLines(path: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>)
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

describe.skipIf(!chromiumHere)('a 55 MB upload through the dashboard in chromium', () => {
  let dir: string;
  let file: string;
  let server: Served;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-big-upload-'));
    file = join(dir, 'entries-1m.csv');
    generate(1_000_000, file);
    server = await serve(await freePort(), ['--db', join(dir, 'accord.sqlite')]);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes with its download, the page showing the server-side progress on the way', async () => {
    expect(statSync(file).size).toBeGreaterThan(55_000_000);
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    expect((await page.goto(`${server.base}/assess`))?.status()).toBe(200);
    // Every text the progress line shows, as it changes.
    // (A script as text: this project's TypeScript has no DOM types.)
    await page.evaluate(`(() => {
      window.seen = [];
      const t = document.getElementById('assess-progress-text');
      new MutationObserver(() => window.seen.push(t.textContent)).observe(t, { childList: true, characterData: true, subtree: true });
    })()`);
    await page.setInputFiles('input[type=file]', file);
    await page.click('#assess-form button[type=submit]');
    await page.waitForSelector('#assess-summary', { timeout: 240_000 });

    expect(await page.locator('#assess-summary h2').textContent()).toMatch(
      /^1,000,000 lines in [\d,]+ entries/,
    );
    expect(await page.locator('#assess-progress-text').textContent()).toBe('done: 1,000,000 lines assessed');
    expect(await page.locator('#assess-progress').evaluate((p) => (p as { value: number }).value)).toBe(100);
    const seen = (await page.evaluate('window.seen')) as string[];
    // The server's own count, part-way: some bytes received and some lines assessed, fewer than all.
    const partWay = seen
      .map((s) => /^received ([\d.]+) MB of ([\d.]+) MB · ([\d,]+) lines assessed/.exec(s))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ mb: Number(m[1]), lines: Number(m[3]!.replace(/,/g, '')) }));
    expect(partWay.some((p) => p.mb > 0 && p.lines > 0 && p.lines < 1_000_000)).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#assess-download')]);
    const saved = await download.path();
    expect(await countLines(saved)).toBe(1_000_001);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);
});
