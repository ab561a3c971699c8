import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); a browser is never downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'browser');

/** Builds the web client as `npm run build:web` does, into a directory of this run's own (WEB_ROOT). */
export function buildWebClient(): string {
  const webRoot = mkdtempSync(join(tmpdir(), 'amtsweg-web-'));
  const source = join(__dirname, '..', '..', 'apps', 'gateway', 'web');
  execFileSync(
    'npx',
    ['swc', 'src', '-d', webRoot, '--strip-leading-paths', '--quiet', '--config-file', '../../../.swcrc', '-C', 'module.type=es6'],
    { cwd: source },
  );
  execFileSync('cp', ['-r', 'public/.', webRoot], { cwd: source });
  return webRoot;
}

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
  return result.violations.map(
    (violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}

/**
 * Presses Tab until the focused element's text or label contains `name`, then Enter: proves the
 * control is reachable and operable by keyboard alone. Fails after `limit` presses.
 */
export async function tabToAndPress(page: Page, name: string | RegExp, limit = 60): Promise<void> {
  await tabTo(
    page,
    async (focus) => {
      const focused = `${(await focus.getAttribute('aria-label')) ?? ''} ${await focus.innerText()}`.trim();
      return typeof name === 'string' ? focused.includes(name) : name.test(focused);
    },
    `a control named ${String(name)}`,
    limit,
  );
  await page.keyboard.press('Enter');
}

/** Presses Tab until the focused element has the id `id` (a form field, reached by keyboard). */
export async function tabToField(page: Page, id: string, limit = 60): Promise<void> {
  await tabTo(page, async (focus) => (await focus.getAttribute('id')) === id, `the field #${id}`, limit);
}

async function tabTo(page: Page, wanted: (focus: Locator) => Promise<boolean>, what: string, limit: number): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    const focus = page.locator(':focus');
    if ((await focus.count()) > 0 && (await wanted(focus))) return;
  }
  throw new Error(`No ${what} within ${limit} Tab presses`);
}

/** A full-page screenshot kept as a test artefact (test-artifacts/browser/<name>.png). */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
