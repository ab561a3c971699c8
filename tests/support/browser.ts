import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); a browser is never downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'browser');

/** Outside CI a machine without Chromium skips the browser suites; in CI their absence fails. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs it with apt-get install chromium`);
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM}`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** Waits until the page has shown its content (the client marks <main> busy while data loads). */
export async function settled(page: Page): Promise<void> {
  await page.locator('#main[aria-busy="false"]').waitFor();
}

/** WCAG 2.1 A and AA rules (what BITV 2.0 requires): the page's violations, each with the elements it names. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await settled(page);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/**
 * Presses Tab until the focused element's text or label contains `name`, then Enter: proves the
 * control is reachable and operable by keyboard alone. Fails after `limit` presses.
 */
export async function tabToAndPress(page: Page, name: string | RegExp, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    const focus = page.locator(':focus');
    if ((await focus.count()) === 0) continue;
    const focused = `${(await focus.getAttribute('aria-label')) ?? ''} ${await focus.innerText()}`.trim();
    if (typeof name === 'string' ? focused.includes(name) : name.test(focused)) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`No control named ${String(name)} within ${limit} Tab presses`);
}

/** A full-page screenshot kept as a test artefact (test-artifacts/browser/<name>.png). */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
