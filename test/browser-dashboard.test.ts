/**
 * The dashboard in a real browser (playwright-core driving Debian's chromium): every page loads without
 * console errors; the duty calculator computes, and sends a declared fact; a simulation runs; an inclusion
 * proof verifies in the browser with WebCrypto; a good upload gives a downloadable result and a bad upload
 * shows a clear error in place. Skips with a message when /usr/bin/chromium is absent.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server.js';
import { haveChromium, launchChromium } from './helpers/browser.js';

const chromiumHere = haveChromium('browser tests');

/** Every dashboard page. */
export const PAGES = [
  '/',
  '/timeline',
  '/timeline?agreement=us-japan-2025',
  '/milestones',
  '/ledger',
  '/ledger/entries/12',
  '/duty',
  '/assess',
  '/simulate',
  '/negotiation',
  '/docs',
];

describe.skipIf(!chromiumHere)('dashboard in chromium', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-browser-'));
    server = await startServer({ db: join(dir, 'accord.sqlite'), port: 0, rateLimit: false });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    const res = await page.goto(new URL(path, server.url).toString());
    expect(res?.status(), path).toBe(200);
    return { page, errors };
  }

  for (const path of PAGES) {
    it(`${path} loads without console errors, with htmx from this server`, async () => {
      const { page, errors } = await open(path);
      expect(await page.evaluate(() => typeof (globalThis as unknown as { htmx?: unknown }).htmx)).toBe(
        'object',
      );
      expect(await page.locator('h1').first().textContent()).toBeTruthy();
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('charts carry a title, units and a source', async () => {
    const { page } = await open('/timeline');
    const figs = page.locator('figure.chart');
    expect(await figs.count()).toBeGreaterThan(0);
    const caption = await figs.first().locator('figcaption').textContent();
    expect(caption).toMatch(/Units: .+ Source: .+/);
    expect(await figs.first().locator('svg').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('the duty calculator computes the layers for a Japanese car', async () => {
    const { page, errors } = await open('/duty');
    await page.fill('input[name=hts]', '8703.23.01');
    await page.fill('input[name=date]', '2025-10-01');
    await page.fill('input[name=value]', '40000');
    await page.click('#duty-form button[type=submit]');
    await page.waitForSelector('#duty-answer', { timeout: 15_000 });
    expect(await page.locator('#total-duty').textContent()).toMatch(/^\$[\d,]+\.\d\d$/);
    expect(await page.locator('#duty-answer table tbody tr').count()).toBeGreaterThan(1);
    expect(await page.locator('#duty-result figure.chart svg').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the duty calculator sends a declared fact: USMCA claimed on a Mexican car drops column 1', async () => {
    const { page, errors } = await open('/duty');
    await page.fill('input[name=hts]', '8703.23.01');
    await page.fill('input[name=origin]', 'MX');
    await page.fill('input[name=date]', '2025-05-01');
    await page.fill('input[name=value]', '40000');
    await page.click('#duty-form button[type=submit]');
    await page.waitForSelector('#duty-answer', { timeout: 15_000 });
    expect(await page.locator('#total-duty').textContent()).toBe('$11,000.00');
    expect(await page.locator('#assumptions').textContent()).toContain('usmca');
    await page.selectOption('select[name=usmca]', 'true');
    await page.click('#duty-form button[type=submit]');
    await expect
      .poll(() => page.locator('#total-duty').textContent(), { timeout: 15_000 })
      .toBe('$10,000.00');
    expect(await page.locator('#assumptions').textContent()).not.toContain('usmca');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the duty calculator sends an auto-part certification: a certified Chinese valve files 9903.94.07', async () => {
    const { page, errors } = await open('/duty');
    await page.fill('input[name=hts]', '8481.80.90.50');
    await page.fill('input[name=origin]', 'CN');
    await page.fill('input[name=date]', '2025-12-01');
    await page.fill('input[name=value]', '10000');
    await page.click('#duty-form button[type=submit]');
    await page.waitForSelector('#duty-answer', { timeout: 15_000 });
    expect(await page.locator('#total-duty').textContent()).toBe('$4,700.00');
    expect(await page.locator('#assumptions').textContent()).toContain('auto-part-use');
    await page.selectOption('select[name=autoPartUse]', 'us-production-repair');
    await page.click('#duty-form button[type=submit]');
    await expect.poll(() => page.locator('#total-duty').textContent(), { timeout: 15_000 }).toBe('$6,200.00');
    expect(await page.locator('#assumptions').textContent()).not.toContain('auto-part-use');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a bad duty input is shown in place as a problem', async () => {
    const { page } = await open('/duty');
    await page.fill('input[name=origin]', 'Japan');
    await page.click('#duty-form button[type=submit]');
    await page.waitForSelector('#duty-result .problem', { timeout: 15_000 });
    expect(await page.locator('#duty-result .problem').textContent()).toContain('ISO 3166');
    await page.close();
  });

  it('a simulation runs and draws the 7- vs 15-year paths and fan charts', async () => {
    const { page, errors } = await open('/simulate');
    await page.selectOption('select[name=model]', 'smart');
    await page.fill('input[name=runs]', '40');
    await page.click('#sim-form button[type=submit]');
    await page.waitForSelector('#sim-summary', { timeout: 60_000 });
    expect(await page.locator('#sim-summary tbody tr').count()).toBe(2);
    expect(await page.locator('#sim-result figure.chart').count()).toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('the milestones page shows the open dispute and the joint waiver with its verified signers', async () => {
    const { page, errors } = await open('/milestones');
    const dispute = page.locator('#disputes + table tbody tr').first();
    expect(await dispute.textContent()).toMatch(/aud-jp.*2026-11-24/s);
    expect(await dispute.locator('.badge').textContent()).toBe('open');
    expect(await dispute.textContent()).toMatch(/from 2026-11-24 until 2027-02-22/);
    const waiver = page.locator('tr[id^="decision-"]', { hasText: 'waiver' });
    expect(await waiver.count()).toBe(1);
    expect(await waiver.textContent()).toMatch(/in force since 2026-11-27/);
    expect(await waiver.textContent()).toMatch(/JP — jp-gov.*US — us-gov/s);
    // The signer links lead to the entries that carry the signatures.
    const links = await waiver
      .locator('td:last-child a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toHaveLength(2);
    expect(await page.locator('#milestone-m3').textContent()).toMatch(/Deadline 2028-12-31/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('an inclusion proof verifies in the browser with WebCrypto', async () => {
    const { page, errors } = await open('/ledger/entries/12');
    await page.click('#verify');
    await page.waitForSelector('#verify-result[data-verified]', { timeout: 15_000 });
    expect(await page.getAttribute('#verify-result', 'data-verified')).toBe('true');
    expect(await page.locator('#verify-result').textContent()).toContain('verified in this browser');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the browser check fails when the proof does not match', async () => {
    const { page } = await open('/ledger/entries/12');
    // Tamper with the API answer on its way to the page: one byte of the entry changes.
    await page.route('**/api/ledger/proofs/inclusion*', async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      const bytes = Buffer.from(body.entry, 'base64');
      bytes[10] = bytes[10]! ^ 1;
      body.entry = bytes.toString('base64');
      await route.fulfill({ response: res, json: body });
    });
    await page.click('#verify');
    await page.waitForSelector('#verify-result[data-verified]', { timeout: 15_000 });
    expect(await page.getAttribute('#verify-result', 'data-verified')).toBe('false');
    await page.close();
  });

  it('a good upload is assessed with a downloadable result', async () => {
    const file = join(dir, 'entries.csv');
    writeFileSync(
      file,
      'entry_id,line,hts,origin,entry_date,value\nE1,1,8703.23.01,JP,2025-10-01,40000\nE1,2,8708.29.51,JP,2025-10-01,1200\nE2,1,8703.23.01,DE,2025-10-01,52000\n',
    );
    const { page, errors } = await open('/assess');
    await page.setInputFiles('input[type=file]', file);
    await page.click('#assess-form button[type=submit]');
    await page.waitForSelector('#assess-summary', { timeout: 30_000 });
    expect(await page.locator('#assess-summary h2').textContent()).toContain('3 lines in 2 entries');
    const href = await page.getAttribute('#assess-download', 'href');
    const csv = await (await fetch(new URL(href!, server.url))).text();
    expect(csv.split('\n')[0]).toContain('entry_id');
    expect(csv.trim().split('\n')).toHaveLength(4);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a bad upload shows a clear error in place', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'id,code,country\n1,8703,JP\n');
    const { page } = await open('/assess');
    await page.setInputFiles('input[type=file]', file);
    await page.click('#assess-form button[type=submit]');
    await page.waitForSelector('#assess-result .problem', { timeout: 30_000 });
    const text = (await page.locator('#assess-result .problem').textContent()) ?? '';
    expect(text).toMatch(/entry_id|column/i);
    await page.close();
  });

  it('an agent trace runs on the negotiation page', async () => {
    const { page, errors } = await open('/negotiation');
    await page.click('#agents-form button[type=submit]');
    await page.waitForSelector('#agent-trace table', { timeout: 30_000 });
    expect(await page.locator('#agent-trace tbody tr').count()).toBeGreaterThan(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
