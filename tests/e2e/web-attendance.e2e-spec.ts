import { createHash, randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { dataSourceToken } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { newBookingReference } from '../../apps/appointments/src/booking/booking-reference';
import { DEMO_IDS } from '../../apps/appointments/src/seed/demo-data';
import { accessibilityViolations, browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;
const MITTE = DEMO_IDS.offices.demoMitte;
const MELDE = DEMO_IDS.services.demoMeldebescheinigung;

/** The office's calendar day `days` from now, in Berlin. */
function berlinDay(days = 0): string {
  const at = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Attendance on the clerk's day page and what the citizen then sees, in German, in a real Chromium. */
describeInBrowser('attendance and problem texts in Chromium', () => {
  let web: WebAppInBrowser;
  let browser: Browser;
  let origin: string;
  let appointments: DataSource;

  beforeAll(async () => {
    web = await startWebAppInBrowser('attendance');
    ({ browser, origin } = web);
    appointments = web.app.get<DataSource>(dataSourceToken('appointments'));
  }, 120_000);

  afterAll(() => web?.close());

  /** A confirmed booking at the Mitte office, written straight into the database (any day, even a past hour). */
  async function booking(day: string, time: string, name: string): Promise<{ reference: string; token: string }> {
    const [{ id: counterId }] = (await appointments.query(
      `SELECT id FROM appointments.counter WHERE tenant = 'demo' AND office_id = $1 LIMIT 1`,
      [MITTE],
    )) as Array<{ id: string }>;
    const reference = newBookingReference();
    const token = randomUUID();
    await appointments.query(
      `INSERT INTO appointments.booking (id, tenant, reference, manage_token_sha256, office_id, counter_id, service_id, start_at, end_at, status, citizen_name, citizen_email, revision, created_at, updated_at)
       VALUES ($1, 'demo', $2, $3, $4, $5, $6, $7::timestamptz, $7::timestamptz + interval '15 minutes', 'confirmed', $8, 'attendance@example.org', 0, now(), now())`,
      [
        randomUUID(),
        reference,
        createHash('sha256').update(token, 'utf8').digest('hex'),
        MITTE,
        counterId,
        MELDE,
        `${day}T${time}:00+01:00`,
        name,
      ],
    );
    return { reference, token };
  }

  async function clerkDay(day?: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${origin}/anmelden`);
    await page.getByRole('button', { name: 'Als Clara Bürgerbüro anmelden' }).first().click();
    await page.getByRole('heading', { name: 'Arbeitsplatz' }).waitFor();
    await page.goto(`${origin}/arbeitsplatz/termine?${new URLSearchParams({ standort: MITTE, ...(day ? { tag: day } : {}) })}`);
    await page.getByRole('heading', { level: 1, name: 'Termine des Tages' }).waitFor();
    await settled(page);
    return page;
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, name);
    expect(violations).toEqual([]);
  }

  async function clerkToken(): Promise<string> {
    const response = await fetch(`${origin}/api/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'clerk@demo.example' }),
    });
    return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
  }

  it('a clerk marks a no-show on the day and undoes it; the citizen’s manage page explains a no-show and offers a new booking', async () => {
    const today = await booking(berlinDay(), '08:00', 'Anna Heute');
    const page = await clerkDay();
    const row = page.getByRole('row', { name: /Anna Heute/ });
    await page.getByRole('button', { name: `Nicht erschienen: ${today.reference}` }).click();
    await row.getByText('nicht erschienen').waitFor();
    await expectAccessible(page, 'attendance-1-no-show');
    await page.getByRole('button', { name: `Rückgängig: ${today.reference}` }).click();
    await row.getByText('gebucht').waitFor();
    expect(await page.getByRole('button', { name: `Angekommen: ${today.reference}` }).count()).toBe(1);
    await page.getByRole('button', { name: `Nicht erschienen: ${today.reference}` }).click();
    await row.getByText('nicht erschienen').waitFor();

    const citizen = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await citizen.goto(`${origin}/demo/buchung/${today.reference}?${new URLSearchParams({ token: today.token })}`);
    await citizen.getByRole('heading', { level: 1, name: 'Ihr Termin' }).waitFor();
    await citizen.getByText(/nicht gekommen sind/).waitFor();
    expect(await citizen.getByRole('link', { name: 'Neuen Termin buchen' }).getAttribute('href')).toBe('/demo/termin');
    await expectAccessible(citizen, 'attendance-2-manage-no-show');
  }, 120_000);

  it('offers no attendance buttons on another day than today', async () => {
    const tomorrow = await booking(berlinDay(1), '08:30', 'Bert Morgen');
    const page = await clerkDay(berlinDay(1));
    await page.getByRole('row', { name: /Bert Morgen/ }).waitFor();
    await page.getByText('nur am Tag des Termins').waitFor();
    expect(await page.getByRole('button', { name: new RegExp(tomorrow.reference) }).count()).toBe(0);
    await expectAccessible(page, 'attendance-3-other-day');
  }, 120_000);

  it('says what went wrong in German, not the API’s English detail', async () => {
    const today = await booking(berlinDay(), '08:30', 'Carla Gleichzeitig');
    const page = await clerkDay();
    // Another clerk marks the arrival first; this page still offers "Nicht erschienen".
    await fetch(`${origin}/api/v1/tenants/demo/bookings/${today.reference}/attendance`, {
      method: 'POST',
      headers: { authorization: await clerkToken(), 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'arrived' }),
    });
    await page.getByRole('button', { name: `Nicht erschienen: ${today.reference}` }).click();
    const status = page.locator('[role="status"]').filter({ hasText: 'nicht geklappt' });
    await status.waitFor({ state: 'attached' });
    expect(await status.textContent()).toBe('Das hat nicht geklappt: Das ist bei diesem Termin in seinem jetzigen Stand nicht möglich.');
  }, 120_000);
});
