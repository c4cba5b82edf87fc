/**
 * Take the README's screenshots of each dashboard page with Debian's chromium (playwright-core), after
 * doing what a person would do on the page (compute a duty, run a simulation, verify a proof, upload a
 * file, run agents). Writes docs/screenshots/<page>.png.
 *
 *   npx tsx scripts/screenshots.ts
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startServer } from '../src/server/server.js';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing; install it with apt-get install -y chromium`);
  process.exit(1);
}
const out = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'accord-shots-'));
const server = await startServer({ db: join(dir, 'accord.sqlite'), port: 0, rateLimit: false });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const csv = join(dir, 'entries.csv');
writeFileSync(csv, 'entry_id,line,hts,origin,entry_date,value\nE1,1,8703.23.01,JP,2025-10-01,40000\nE1,2,8708.29.50,JP,2025-10-01,1200\nE2,1,8703.23.01,DE,2025-10-01,52000\nE3,1,8703.80.00,KR,2025-10-01,61000\n');

const shots: [string, string, ((p: Page) => Promise<void>)?][] = [
  ['overview', '/'],
  ['timeline', '/timeline?variant=japan-7y'],
  ['milestones', '/milestones'],
  ['ledger', '/ledger'],
  [
    'ledger-proof',
    '/ledger/entries/12',
    async (p) => {
      await p.click('#verify');
      await p.waitForSelector('#verify-result[data-verified]');
    },
  ],
  [
    'duty',
    '/duty',
    async (p) => {
      await p.click('#duty-form button[type=submit]');
      await p.waitForSelector('#duty-answer');
    },
  ],
  [
    'assess',
    '/assess',
    async (p) => {
      await p.setInputFiles('input[type=file]', csv);
      await p.click('#assess-form button[type=submit]');
      await p.waitForSelector('#assess-summary');
    },
  ],
  [
    'simulate',
    '/simulate',
    async (p) => {
      await p.fill('input[name=runs]', '100');
      await p.click('#sim-form button[type=submit]');
      await p.waitForSelector('#sim-summary', { timeout: 120_000 });
    },
  ],
  ['negotiation', '/negotiation'],
];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const [name, path, act] of shots) {
    await page.goto(new URL(path, server.url).toString());
    if (act) await act(page);
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`docs/screenshots/${name}.png`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
