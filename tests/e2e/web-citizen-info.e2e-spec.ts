import type { Browser, Page } from 'playwright-core';
import { dataSourceToken } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEMO_IDS } from '../../apps/appointments/src/seed/demo-data';
import { accessibilityViolations, browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;
const MITTE = DEMO_IDS.offices.demoMitte;
const AUSWEIS = DEMO_IDS.services.demoPersonalausweis;
const NORD = DEMO_IDS.offices.demoNord;

/** What citizens learn on the booking page before they book (issue 17, "Citizens"). */
describeInBrowser('what the booking page tells a citizen, in Chromium', () => {
  let web: WebAppInBrowser;
  let browser: Browser;
  let origin: string;
  let appointments: DataSource;

  beforeAll(async () => {
    web = await startWebAppInBrowser('citizen-info');
    ({ browser, origin } = web);
    appointments = web.app.get<DataSource>(dataSourceToken('appointments'));
    await appointments.query(
      `UPDATE appointments.service SET description = $2, documents = $3, fee_amount_cents = 3780, fee_note = $4 WHERE id = $1`,
      [AUSWEIS, 'Der Ausweis gilt zehn Jahre.', ['Altes Ausweisdokument', 'Biometrisches Passfoto'], 'unter 24 Jahren 22,80 €'],
    );
    await appointments.query(`UPDATE appointments.office SET phone = $2, accessibility = $3 WHERE id = $1`, [
      MITTE,
      '+49 2345 67-0',
      'Stufenloser Eingang, Induktionsschleife am Schalter 1',
    ]);
  }, 120_000);

  afterAll(() => web?.close());

  async function officeStep(width: number): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${origin}/demo/termin?${new URLSearchParams({ dienst: AUSWEIS })}`);
    await page.getByRole('heading', { level: 1, name: 'In welchem Bürgerbüro?' }).waitFor();
    await settled(page);
    return page;
  }

  it('once a service is chosen: its description, duration, fee and documents; per office address with map link, access, phone and hours', async () => {
    const page = await officeStep(390);
    const service = page.getByRole('region', { name: 'Personalausweis beantragen' });
    await expect(service.textContent()).resolves.toContain('Der Ausweis gilt zehn Jahre.');
    await expect(service.textContent()).resolves.toContain('Dauer');
    await expect(service.textContent()).resolves.toMatch(/37,80\s€ \(unter 24 Jahren 22,80 €\)/);
    expect(await service.getByRole('listitem').allTextContents()).toEqual(['Altes Ausweisdokument', 'Biometrisches Passfoto']);

    const mitte = page.getByRole('region', { name: 'Bürgerbüro Mitte' });
    const map = mitte.getByRole('link', { name: 'Auf der Karte zeigen (OpenStreetMap)' });
    expect(await map.getAttribute('href')).toBe('https://www.openstreetmap.org/search?query=Marktplatz+1%2C+12345+Demostadt');
    const text = (await mitte.textContent()) ?? '';
    expect(text).toContain('Stufenloser Eingang, Induktionsschleife am Schalter 1');
    expect(await mitte.getByRole('link', { name: '+49 2345 67-0' }).getAttribute('href')).toBe('tel:+492345670');
    expect(text).toContain('Heute geöffnet');
    const week = await mitte.locator('ul.opening-hours li').allTextContents();
    expect(week).toHaveLength(7);
    expect(week[0]).toMatch(/^Montag: (\d\d:\d\d–\d\d:\d\d(, )?)+$/);
    expect(week[6]).toBe('Sonntag: geschlossen');
    // Nothing on the page is loaded from a third party: the map is a link only.
    expect(await page.locator('iframe, img[src^="http"]').count()).toBe(0);

    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, 'citizen-info-1-office-step-390');
    expect(violations).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
    await keepScreenshot(page, 'citizen-info-1-office-step-1280');
  }, 120_000);

  async function expectAxeClean(page: Page, screenshot: string): Promise<void> {
    await settled(page);
    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, screenshot);
    expect(violations).toEqual([]);
  }

  async function bookByApi(start: string, officeId: string, email: string): Promise<Response> {
    return fetch(`${origin}/api/v1/tenants/demo/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ officeId, serviceId: AUSWEIS, start, citizen: { name: 'Erika Mustermann', email } }),
    });
  }

  it('"any office": the times of every office, each naming its office; a summary at every step; the chosen day named; typed details kept when the time is taken', async () => {
    const page = await officeStep(390);
    await page.getByRole('link', { name: /Beliebiger Standort/ }).click();
    await page.getByRole('heading', { level: 1, name: 'An welchem Tag?' }).waitFor();
    const summary = page.getByRole('region', { name: 'Ihre Auswahl' });
    expect(await summary.textContent()).toContain('Personalausweis beantragen');
    expect(await summary.textContent()).toContain('Beliebiger Standort');
    await expectAxeClean(page, 'citizen-info-2-any-office-days');

    await page.getByRole('list', { name: 'An welchem Tag?' }).getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: 'Um wie viel Uhr?' }).waitFor();
    const day = new URL(page.url()).searchParams.get('tag')!;
    const dayName = new Intl.DateTimeFormat('de-DE', {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${day}T12:00:00Z`));
    expect(await page.getByText(`Freie Zeiten am ${dayName}:`).count()).toBe(1);
    expect(await summary.textContent()).toContain(dayName);
    const times = page.getByRole('list', { name: 'Um wie viel Uhr?' }).getByRole('link');
    const offices = new Set((await times.locator('.choice-hint').allTextContents()).map((name) => name.trim()));
    expect([...offices].every((name) => ['Bürgerbüro Mitte', 'Bürgerbüro Nord'].includes(name))).toBe(true);
    // Sorted by time across offices.
    const hrefs = await times.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    const starts = hrefs.map((href) => Date.parse(new URL(href, origin).searchParams.get('zeit')!));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    await expectAxeClean(page, 'citizen-info-3-any-office-times');

    await times.first().click();
    await page.getByRole('heading', { level: 1, name: 'Ihre Angaben' }).waitFor();
    const chosen = new URL(page.url()).searchParams;
    expect([MITTE, NORD]).toContain(chosen.get('standort'));
    expect(await summary.textContent()).toMatch(/Uhrzeit\d\d:\d\d–\d\d:\d\d/);
    await expectAxeClean(page, 'citizen-info-4-details-summary');

    await page.getByLabel('Vor- und Nachname').fill('Max Mustermann');
    await page.getByLabel('E-Mail-Adresse').fill('max@example.org');
    // Meanwhile others take every counter of that time.
    for (let i = 0; i < 6; i++) {
      const response = await bookByApi(chosen.get('zeit')!, chosen.get('standort')!, `other${i}@example.org`);
      if (response.status === 409) break;
      expect(response.status).toBe(201);
    }
    await page.getByRole('button', { name: 'Verbindlich buchen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Um wie viel Uhr?' }).waitFor();
    await page.getByRole('list', { name: 'Um wie viel Uhr?' }).getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: 'Ihre Angaben' }).waitFor();
    expect(await page.getByLabel('Vor- und Nachname').inputValue()).toBe('Max Mustermann');
    expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe('max@example.org');
  }, 120_000);

  it('moving shows the old and the new time; after cancelling, "Neuen Termin buchen" is right there', async () => {
    const slots = (await (
      await fetch(`${origin}/api/v1/tenants/demo/slots?${new URLSearchParams({ officeId: MITTE, serviceId: AUSWEIS })}`)
    ).json()) as Array<{ start: string }>;
    const response = await bookByApi(slots[slots.length - 1].start, MITTE, 'move@example.org');
    expect(response.status).toBe(201);
    const booking = (await response.json()) as { reference: string; manageToken: string };
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const manage = `${origin}/demo/buchung/${booking.reference}?${new URLSearchParams({ token: booking.manageToken })}`;
    await page.goto(`${manage}&verschieben=1`);
    await page.getByRole('list', { name: 'An welchem Tag?' }).getByRole('link').first().click();
    await page.getByRole('list', { name: 'Um wie viel Uhr?' }).getByRole('link').first().click();
    await page.getByText(/^Bisheriger Termin: /).waitFor();
    expect(await page.getByText(/^Neuer Termin: /).count()).toBe(1);
    await expectAxeClean(page, 'citizen-info-5-move-old-and-new');

    await page.goto(manage);
    await page.getByRole('button', { name: 'Termin absagen' }).click();
    await page.getByRole('button', { name: 'Ja, absagen' }).click();
    const again = page.getByRole('link', { name: 'Neuen Termin buchen' });
    await again.waitFor();
    expect(new URL((await again.getAttribute('href'))!, origin).pathname).toBe('/demo/termin');
    await expectAxeClean(page, 'citizen-info-6-cancelled-book-again');
  }, 120_000);
});
