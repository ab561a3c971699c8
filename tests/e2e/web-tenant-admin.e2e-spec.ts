import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { dataSourceToken } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { accessibilityViolations, browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

interface Office {
  id: string;
  name: string;
  counters: number;
  slotGridMinutes: number;
  timeZone: string;
  openingHours: Array<{ weekday: number; opens: string; closes: string }>;
}

/** A tenant admin sets up appointments in the browser: offices, services, booking rules (issue 16), in a real Chromium. */
describeInBrowser('the tenant admin pages in Chromium', () => {
  let web: WebAppInBrowser;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    web = await startWebAppInBrowser('tenant-admin');
    ({ app, browser, origin } = web);
  }, 120_000);
  afterAll(() => web?.close());

  async function expectAccessible(page: Page, name: string): Promise<void> {
    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, name);
    expect(violations).toEqual([]);
  }

  async function adminBearer(): Promise<string> {
    const response = await fetch(`${origin}/api/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.example' }),
    });
    return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
  }

  async function apiJson<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const response = await fetch(`${origin}/api/v1/tenants/demo${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: await adminBearer(), 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    expect(response.status).toBeLessThan(300);
    return (await response.json()) as T;
  }

  async function signedInAdmin(): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${origin}/anmelden`);
    await page.getByRole('button', { name: 'Als Ada Verwaltung anmelden' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    return page;
  }

  it('walks from the workspace to an office (Mon–Fri 08:00–16:00, 2 counters), a 15-minute service there and a changed booking rule', async () => {
    /** What the walk costs a person: every page they see, the fields shown there and the ones they fill. */
    const walk: Array<{ page: string; shown: number; filled: number }> = [];
    const arrive = async (page: Page, heading: string | RegExp) => {
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      await settled(page);
      walk.push({
        page: new URL(page.url()).pathname,
        shown: await page.locator('main').locator('input, textarea, select').count(),
        filled: 0,
      });
    };
    const filled = (count = 1) => (walk[walk.length - 1].filled += count);

    const page = await signedInAdmin();
    walk.push({ page: '/anmelden', shown: 0, filled: 0 });
    await arrive(page, 'Arbeitsplatz');
    const tasks = page.getByRole('list', { name: 'Ihre Aufgaben' });
    for (const view of ['Bürgerbüros', 'Anliegen', 'Buchungsregeln']) expect(await tasks.getByRole('link', { name: view }).count()).toBe(1);

    // The office.
    await tasks.getByRole('link', { name: 'Bürgerbüros' }).click();
    await arrive(page, 'Bürgerbüros');
    await expectAccessible(page, 'tenant-admin-1-offices');
    await page.getByRole('link', { name: 'Neues Bürgerbüro anlegen' }).click();
    await arrive(page, 'Neues Bürgerbüro anlegen');
    await expectAccessible(page, 'tenant-admin-2-new-office');
    // Sent empty: every missing field is named at the field, nothing is sent.
    await page.getByRole('button', { name: 'Bürgerbüro anlegen' }).click();
    await page.getByText('Bitte prüfen Sie die markierten Felder.').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'tenant-admin-3-new-office-errors');
    await page.getByLabel('Name', { exact: true }).fill('Bürgerbüro Beispiel');
    await page.getByLabel('Straße und Hausnummer').fill('Rathausplatz 1');
    await page.getByLabel('Postleitzahl').fill('44135');
    await page.getByLabel('Ort', { exact: true }).fill('Beispielstadt');
    await page.getByLabel('Schalter', { exact: true }).fill('2');
    filled(5);
    // Mon–Fri 08:00–16:00: typed once (loosely: 8:00-16:00) and copied to Tuesday–Friday.
    await page.getByLabel('Montag').fill('8:00-16:00');
    await page.getByRole('button', { name: 'Montag für Dienstag bis Freitag übernehmen' }).click();
    filled(1);
    expect(await page.getByLabel('Freitag').inputValue()).toBe('8:00-16:00');
    await page.getByRole('button', { name: 'Bürgerbüro anlegen' }).click();
    await arrive(page, 'Bürgerbüros');
    await page.getByText('„Bürgerbüro Beispiel“ ist gespeichert.').waitFor();
    expect(await page.getByRole('row', { name: /Bürgerbüro Beispiel/ }).textContent()).toContain('Mo 08:00–16:00 · Di 08:00–16:00');
    await expectAccessible(page, 'tenant-admin-4-office-saved');
    const office = (await apiJson<Office[]>('/offices')).find((candidate) => candidate.name === 'Bürgerbüro Beispiel')!;
    expect(office).toMatchObject({ counters: 2, slotGridMinutes: 15, timeZone: 'Europe/Berlin' });
    expect(office.openingHours).toEqual([1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '16:00' })));

    // The service, offered there.
    await page.getByRole('link', { name: 'Arbeitsplatz' }).click();
    await arrive(page, 'Arbeitsplatz');
    await tasks.getByRole('link', { name: 'Anliegen' }).click();
    await arrive(page, 'Anliegen');
    await expectAccessible(page, 'tenant-admin-5-services');
    await page.getByRole('link', { name: 'Neues Anliegen anlegen' }).click();
    await arrive(page, 'Neues Anliegen anlegen');
    await page.getByLabel('Name', { exact: true }).fill('Wohnsitz anmelden');
    await page.getByLabel('Dauer in Minuten').fill('15');
    await page.getByLabel(/^Bürgerbüro Beispiel/).check();
    await page.getByLabel('Bitte mitbringen (freiwillig)').fill('Personalausweis\nWohnungsgeberbestätigung');
    await page.getByLabel('Betrag in Euro (freiwillig)').fill('12,50');
    await page.getByLabel('Hinweis zur Gebühr').fill('für die Meldebescheinigung');
    filled(6);
    await expectAccessible(page, 'tenant-admin-6-new-service');
    await page.getByRole('button', { name: 'Anliegen anlegen' }).click();
    await arrive(page, 'Anliegen');
    await page.getByText('„Wohnsitz anmelden“ ist gespeichert.').waitFor();
    expect(await page.getByRole('row', { name: /Wohnsitz anmelden/ }).textContent()).toContain('12,50');
    await expectAccessible(page, 'tenant-admin-7-service-saved');
    const service = (
      await apiJson<Array<{ name: string; durationMinutes: number; officeIds: string[]; documents: string[]; fee: unknown }>>('/services')
    ).find((candidate) => candidate.name === 'Wohnsitz anmelden')!;
    expect(service).toMatchObject({
      durationMinutes: 15,
      officeIds: [office.id],
      documents: ['Personalausweis', 'Wohnungsgeberbestätigung'],
      fee: { amountCents: 1250, note: 'für die Meldebescheinigung' },
    });

    // A booking rule.
    await page.getByRole('link', { name: 'Arbeitsplatz' }).click();
    await arrive(page, 'Arbeitsplatz');
    await tasks.getByRole('link', { name: 'Buchungsregeln' }).click();
    await arrive(page, 'Buchungsregeln');
    await expectAccessible(page, 'tenant-admin-8-booking-rules');
    await page.getByLabel('Buchbar im Voraus (Tage)').fill('90');
    filled(1);
    await page.getByRole('button', { name: 'Speichern' }).click();
    await arrive(page, 'Buchungsregeln');
    await page.getByText('Die Buchungsregeln sind gespeichert.').waitFor();
    expect(await page.getByLabel('Buchbar im Voraus (Tage)').inputValue()).toBe('90');
    await expectAccessible(page, 'tenant-admin-9-booking-rules-saved');
    expect(await apiJson<{ bookingWindowDays: number }>('/booking-settings')).toMatchObject({ bookingWindowDays: 90 });

    const pages = walk.length;
    const shown = walk.reduce((sum, step) => sum + step.shown, 0);
    const typed = walk.reduce((sum, step) => sum + step.filled, 0);
    console.log(
      `Tenant admin walk (office, service, booking rule): ${pages} pages, ${typed} fields filled of ${shown} shown\n` +
        walk.map((step) => `  ${step.page}: ${step.shown} fields shown, ${step.filled} filled`).join('\n'),
    );
    expect(typed).toBe(13);
  }, 180_000);

  it('a closure or a change of hours that would drop a booking lists it with its local time and cancels it only when told; the preview shows the week', async () => {
    const office = await apiJson<Office>('/offices', {
      method: 'POST',
      body: {
        name: 'Bürgerbüro Hafen',
        address: { street: 'Nordstraße 2', postalCode: '44137', city: 'Beispielstadt' },
        slotGridMinutes: 15,
        counters: 1,
        openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '08:00', closes: '16:00' })),
      },
    });
    const service = await apiJson<{ id: string }>('/services', {
      method: 'POST',
      body: { name: 'Führungszeugnis', durationMinutes: 15, officeIds: [office.id] },
    });
    const [slot] = await apiJson<Array<{ start: string }>>(`/slots?${new URLSearchParams({ officeId: office.id, serviceId: service.id })}`);
    const booking = await apiJson<{ reference: string }>('/bookings', {
      method: 'POST',
      body: {
        officeId: office.id,
        serviceId: service.id,
        start: slot.start,
        citizen: { name: 'Erika Muster', email: 'closure@example.org' },
      },
    });
    const day = slot.start.slice(0, 10);

    const page = await signedInAdmin();
    await page.goto(`${origin}/arbeitsplatz/buergerbueros/${office.id}`);
    await page.getByRole('heading', { level: 1, name: 'Bürgerbüro bearbeiten: Bürgerbüro Hafen' }).waitFor();
    const preview = page.getByRole('table', { name: 'Vorschau: freie Zeiten der nächsten 7 Tage' });
    await preview.waitFor();
    expect(await preview.locator('tbody tr').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'tenant-admin-10-office-preview');

    await page.getByLabel('Erster geschlossener Tag').fill(day);
    await page.getByLabel('Letzter geschlossener Tag').fill(day);
    await page.getByLabel('Grund', { exact: true }).fill('Betriebsausflug');
    await page.getByRole('button', { name: 'Schließung eintragen' }).click();
    const affected = page.getByRole('list', { name: 'Betroffene Termine (1)' });
    await affected.waitFor();
    const [year, month, date] = day.split('-');
    expect(await affected.textContent()).toBe(`${booking.reference} – ${date}.${month}.${year}, ${slot.start.slice(11, 16)}`);
    await expectAccessible(page, 'tenant-admin-11-closure-affected');
    const appointments = app.get<DataSource>(dataSourceToken('appointments'));
    const status = async () =>
      (
        (await appointments.query(`SELECT status FROM appointments.booking WHERE reference = $1`, [booking.reference])) as Array<{
          status: string;
        }>
      )[0].status;
    expect(await status()).toBe('confirmed');

    await page.getByRole('button', { name: 'Trotzdem schließen und diese Termine absagen' }).click();
    await page.getByText(`Geschlossen vom ${date}.${month}.${year} bis ${date}.${month}.${year}. Abgesagte Termine: 1.`).waitFor();
    expect(await status()).toBe('cancelled');
    await expectAccessible(page, 'tenant-admin-12-closure-done');

    // Changing the hours so that another booking no longer fits: listed, and changed only on "Trotzdem ändern …".
    const [later] = await apiJson<Array<{ start: string }>>(
      `/slots?${new URLSearchParams({ officeId: office.id, serviceId: service.id })}`,
    );
    const second = await apiJson<{ reference: string }>('/bookings', {
      method: 'POST',
      body: { officeId: office.id, serviceId: service.id, start: later.start, citizen: { name: 'Max Muster', email: 'hours@example.org' } },
    });
    const weekday = ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'][
      new Date(`${later.start.slice(0, 10)}T12:00:00Z`).getUTCDay()
    ];
    await page.getByLabel(weekday, { exact: true }).fill('');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('list', { name: 'Betroffene Termine (1)' }).getByText(second.reference).waitFor();
    expect((await apiJson<Office[]>('/offices')).find((candidate) => candidate.id === office.id)!.openingHours).toHaveLength(5);
    await expectAccessible(page, 'tenant-admin-13-hours-affected');
    await page.getByRole('button', { name: 'Trotzdem ändern und diese Termine absagen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bürgerbüros', exact: true }).waitFor();
    await page.getByText('„Bürgerbüro Hafen“ ist gespeichert. Abgesagte Termine: 1.').waitFor();
    expect((await apiJson<Office[]>('/offices')).find((candidate) => candidate.id === office.id)!.openingHours).toHaveLength(4);
    expect(
      (
        (await appointments.query(`SELECT status FROM appointments.booking WHERE reference = $1`, [second.reference])) as Array<{
          status: string;
        }>
      )[0].status,
    ).toBe('cancelled');

    // The office's page in English.
    await page.getByRole('link', { name: 'Bürgerbüro Hafen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bürgerbüro bearbeiten: Bürgerbüro Hafen' }).waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit office: Bürgerbüro Hafen' }).waitFor();
    await page.getByLabel('Slot grid in minutes').waitFor();
    await expectAccessible(page, 'tenant-admin-14-office-english');
  }, 180_000);
});
