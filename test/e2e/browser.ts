/**
 * Headless Chromium for end-to-end tests: Debian's `chromium` driven by playwright-core (no
 * browser download; playwright gives it a fresh profile). The flags keep it from reaching for the network at start, which on a closed
 * machine means many refused connections and failed lookups.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Where Chromium is; CHROMIUM_PATH overrides. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

/** Launches headless Chromium; throws with the install command when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    throw new Error('Chromium is not installed: `sudo apt-get install chromium` (or set CHROMIUM_PATH)');
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Folder for screenshots (kept as test artifacts). */
export const screenshotDir = path.resolve('test-artifacts/screenshots');

/** Saves a full-page screenshot named `name`.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
