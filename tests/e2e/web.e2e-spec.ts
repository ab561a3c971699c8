import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { createServiceApp, loadConfig } from '@amtsweg/platform';
import { gatewayProcess } from '../../apps/gateway/src/gateway.process';
import { accessibilityViolations, browserAvailable, keepScreenshot, launchChromium, tabToAndPress } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

/** The all-in-one start (embedded database and bus) with the built web client, in a real Chromium. */
describeInBrowser('the web pages in Chromium', () => {
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  const webRoot = mkdtempSync(join(tmpdir(), 'amtsweg-web-'));

  beforeAll(async () => {
    execFileSync('npx', ['swc', 'src', '-d', webRoot, '--strip-leading-paths', '--quiet', '--config-file', '../../../.swcrc', '-C', 'module.type=es6'], {
      cwd: join(__dirname, '../../apps/gateway/web'),
    });
    execFileSync('cp', ['-r', 'public/.', webRoot], { cwd: join(__dirname, '../../apps/gateway/web') });
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsweg-web-data-')) });
    app = await createServiceApp(gatewayProcess({ WEB_ROOT: webRoot }), config);
    await app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    return context.newPage();
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await keepScreenshot(page, name);
    expect(await accessibilityViolations(page)).toEqual([]);
  }

  it('a citizen books by clicking, gets the confirmation with reference and manage link, and cancels', async () => {
    const page = await newPage();
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { level: 1, name: 'Termin im Bürgerbüro buchen' }).waitFor();
    await expectAccessible(page, 'citizen-1-start');

    await page.getByRole('link', { name: /Stadt Demo/ }).click();
    await page.getByRole('heading', { name: 'Welches Anliegen haben Sie?' }).waitFor();
    await expectAccessible(page, 'citizen-2-service');
    await page.getByRole('link', { name: /Meldebescheinigung/ }).click();

    await page.getByRole('heading', { name: 'In welchem Bürgerbüro?' }).waitFor();
    await expectAccessible(page, 'citizen-3-office');
    await page.getByRole('link', { name: /Bürgerbüro Mitte/ }).click();

    await page.getByRole('heading', { name: 'An welchem Tag?' }).waitFor();
    await expectAccessible(page, 'citizen-4-day');
    await page.getByRole('list', { name: 'An welchem Tag?' }).getByRole('link').first().click();

    await page.getByRole('heading', { name: 'Um wie viel Uhr?' }).waitFor();
    await expectAccessible(page, 'citizen-5-time');
    await page.getByRole('list', { name: 'Um wie viel Uhr?' }).getByRole('link').first().click();

    await page.getByRole('heading', { name: 'Ihre Angaben' }).waitFor();
    await page.getByRole('button', { name: 'Verbindlich buchen' }).click();
    // Empty fields are named, tied to their inputs, and nothing is sent.
    expect(await page.getByLabel('Vor- und Nachname').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'citizen-6-details-errors');
    await page.getByLabel('Vor- und Nachname').fill('Erika Mustermann');
    await page.getByLabel('E-Mail-Adresse').fill(`web-${Date.now()}@example.org`);
    await page.getByRole('button', { name: 'Verbindlich buchen' }).click();

    await page.getByRole('heading', { name: /Ihr Termin ist (gebucht|vorgemerkt)/ }).waitFor();
    await expectAccessible(page, 'citizen-7-confirmation');
    const reference = (await page.locator('.reference').textContent())?.trim() ?? '';
    expect(reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const calendarLink = page.getByRole('link', { name: /Kalender/ });
    expect(await calendarLink.getAttribute('href')).toContain(`/bookings/${reference}/calendar.ics?token=`);
    // The address bar now holds the manage link: a reload shows the booking, not the form.
    expect(new URL(page.url()).pathname).toBe(`/demo/buchung/${reference}`);

    await page.getByRole('link', { name: /Termin verwalten/ }).click();
    await page.getByRole('heading', { name: 'Ihr Termin' }).waitFor();
    await expectAccessible(page, 'citizen-8-manage');
    await page.getByRole('button', { name: 'Termin absagen' }).click();
    await page.getByRole('button', { name: 'Ja, absagen' }).click();
    await page.getByText('Ihr Termin ist abgesagt.').waitFor();
    expect(await page.locator('.details').textContent()).toContain('abgesagt');
    await expectAccessible(page, 'citizen-9-cancelled');
  }, 120_000);

  it('the booking flow works with the keyboard alone', async () => {
    const page = await newPage();
    await page.goto(`${origin}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await tabToAndPress(page, 'Stadt Demo');
    await page.getByRole('heading', { name: 'Welches Anliegen haben Sie?' }).waitFor();
    await tabToAndPress(page, 'Reisepass');
    await page.getByRole('heading', { name: 'In welchem Bürgerbüro?' }).waitFor();
    await tabToAndPress(page, 'Bürgerbüro Nord');
    await page.getByRole('heading', { name: 'An welchem Tag?' }).waitFor();
    await tabToAndPress(page, /freie Zeiten/);
    await page.getByRole('heading', { name: 'Um wie viel Uhr?' }).waitFor();
    await tabToAndPress(page, /^\d\d:\d\d$/);
    await page.getByRole('heading', { name: 'Ihre Angaben' }).waitFor();
    await tabToAndPress(page, ''); // the first control after the heading: the name field
    await page.keyboard.type('Max Mustermann');
    await page.keyboard.press('Tab');
    await page.keyboard.type(`keyboard-${Date.now()}@example.org`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Ihr Termin ist (gebucht|vorgemerkt)/ }).waitFor();
    await keepScreenshot(page, 'keyboard-confirmation');
  }, 120_000);

  it('switches to English and back', async () => {
    const page = await newPage();
    await page.goto(`${origin}/demo/termin`);
    await page.getByRole('heading', { name: 'Welches Anliegen haben Sie?' }).waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { name: 'What do you need?' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expectAccessible(page, 'english-service');
    await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
    await page.getByRole('heading', { name: 'Welches Anliegen haben Sie?' }).waitFor();
  }, 60_000);

  it('a clerk signs in as a demo user and sees the day list of an office', async () => {
    const page = await newPage();
    await page.goto(`${origin}/anmelden`);
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    await expectAccessible(page, 'clerk-1-sign-in');
    await page.getByRole('button', { name: /Als Clara Bürgerbüro anmelden/ }).first().click();
    await page.getByRole('heading', { name: 'Arbeitsplatz' }).waitFor();
    await page.getByRole('heading', { name: 'Termine des Tages' }).waitFor();
    expect(await page.getByLabel('Bürgerbüro').isVisible()).toBe(true);
    await expectAccessible(page, 'clerk-2-day');
  }, 60_000);
});
