import type { Browser, Page } from 'playwright-core';
import { dataSourceToken } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { DEMO_IDS } from '../../apps/appointments/src/seed/demo-data';
import { accessibilityViolations, browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;
const MITTE = DEMO_IDS.offices.demoMitte;
const AUSWEIS = DEMO_IDS.services.demoPersonalausweis;

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
    const map = mitte.getByRole('link', { name: 'Bürgerbüro Mitte auf der Karte (OpenStreetMap)' });
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
});
