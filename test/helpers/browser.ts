/**
 * Debian's chromium for the browser tests, driven by playwright-core (no browser download is possible
 * here). Tests skip, saying why, when it is not installed.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether chromium is installed; when not, warns once for `what` so the skip is visible. */
export function haveChromium(what: string): boolean {
  const have = existsSync(CHROMIUM);
  if (!have) console.warn(`${what} skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return have;
}

/** A headless chromium without background traffic (updates, sync, first-run pages). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
