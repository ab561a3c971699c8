import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
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

/** Today in Berlin, the Mitte office's calendar day. */
function berlinToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

/** The clerks' day list and the IT admins' pages in a real Chromium, in German, on a phone and a desktop. */
describeInBrowser('clerks and IT admins in Chromium', () => {
  let web: WebAppInBrowser;
  let browser: Browser;
  let origin: string;
  let appointments: DataSource;

  beforeAll(async () => {
    web = await startWebAppInBrowser('itadmin');
    ({ browser, origin } = web);
    appointments = web.app.get<DataSource>(dataSourceToken('appointments'));
  }, 120_000);

  afterAll(() => web?.close());

  /** A confirmed booking at the Mitte office today, written straight into the database. */
  async function bookToday(time: string, name: string): Promise<string> {
    const [{ id: counterId }] = (await appointments.query(
      `SELECT id FROM appointments.counter WHERE tenant = 'demo' AND office_id = $1 LIMIT 1`,
      [MITTE],
    )) as Array<{ id: string }>;
    const reference = newBookingReference();
    await appointments.query(
      `INSERT INTO appointments.booking (id, tenant, reference, manage_token_sha256, office_id, counter_id, service_id, start_at, end_at, status, citizen_name, citizen_email, revision, created_at, updated_at)
       VALUES ($1, 'demo', $2, $3, $4, $5, $6, $7::timestamptz, $7::timestamptz + interval '15 minutes', 'confirmed', $8, 'itadmin@example.org', 0, now(), now())`,
      [
        randomUUID(),
        reference,
        createHash('sha256').update(randomUUID(), 'utf8').digest('hex'),
        MITTE,
        counterId,
        MELDE,
        `${berlinToday()}T${time}:00+01:00`,
        name,
      ],
    );
    return reference;
  }

  async function tokenFor(email: string): Promise<string> {
    const response = await fetch(`${origin}/api/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
  }

  async function signedIn(button: string, width: number): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width, height: 844 } });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${origin}/anmelden`);
    await page.getByRole('button', { name: button }).first().click();
    await page.getByRole('heading', { name: 'Arbeitsplatz' }).waitFor();
    return page;
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, name);
    expect(violations).toEqual([]);
  }

  it('the day list shows the booking reference and the count, refreshes by itself, and its buttons fit a phone', async () => {
    const first = await bookToday('07:00', 'Dora Frühaufsteherin');
    const page = await signedIn('Als Clara Bürgerbüro anmelden', 390);
    await page.goto(`${origin}/arbeitsplatz/termine?${new URLSearchParams({ standort: MITTE })}`);
    await page.getByRole('heading', { level: 1, name: 'Termine des Tages' }).waitFor();
    await settled(page);
    const row = page.getByRole('row', { name: /Dora Frühaufsteherin/ });
    await row.getByText(first, { exact: true }).waitFor();
    expect(await page.getByRole('columnheader', { name: 'Buchungsnummer' }).count()).toBe(1);
    const rows = await page.locator('.clerk-day tbody tr').count();
    expect(await page.locator('.clerk-count').textContent()).toBe(rows === 1 ? '1 Termin an diesem Tag' : `${rows} Termine an diesem Tag`);

    // On a 390 px phone the row's buttons are on screen without scrolling sideways.
    const button = page.getByRole('button', { name: `Angekommen: ${first}` });
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'itadmin-1-clerk-day-390');

    // A booking made meanwhile appears after the refresh interval, with the count updated.
    const second = await bookToday('07:15', 'Emil Nachzügler');
    await page.clock.runFor(31_000);
    await page
      .getByRole('row', { name: /Emil Nachzügler/ })
      .getByText(second, { exact: true })
      .waitFor();
    expect(await page.locator('.clerk-count').textContent()).toBe(`${rows + 1} Termine an diesem Tag`);

    // Recording keeps working after the refresh; the next refresh does not undo what is shown.
    await page.getByRole('button', { name: `Angekommen: ${first}` }).click();
    await row.getByText('angekommen', { exact: true }).waitFor();
    await page.clock.runFor(31_000);
    await settled(page);
    expect(await page.getByRole('button', { name: `Erledigt: ${first}` }).count()).toBe(1);
    await expectAccessible(page, 'itadmin-2-clerk-day-refreshed-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    await keepScreenshot(page, 'itadmin-3-clerk-day-1280');
  }, 120_000);

  it('a signing page names the requester by name, not by e-mail address', async () => {
    const staff = await tokenFor('staff@demo.example');
    const pdf = await PDFDocument.create();
    pdf.addPage();
    const form = new FormData();
    form.set('title', 'Bescheid Namensprobe');
    form.set('steps', JSON.stringify([['clerk@demo.example']]));
    form.set('dueAt', new Date(Date.now() + 7 * 86_400_000).toISOString());
    form.set('file', new Blob([Buffer.from(await pdf.save())], { type: 'application/pdf' }), 'bescheid.pdf');
    const created = await fetch(`${origin}/api/v1/tenants/demo/signature-requests`, {
      method: 'POST',
      headers: { authorization: staff },
      body: form,
    });
    expect(created.status).toBe(201);
    const { id, requester } = (await created.json()) as { id: string; requester: { userId: string } };
    const people = (await (
      await fetch(`${origin}/api/v1/tenants/demo/people`, { headers: { authorization: await tokenFor('clerk@demo.example') } })
    ).json()) as Array<{ id: string; name: string }>;
    const name = people.find((person) => person.id === requester.userId)?.name;
    expect(name).toBeTruthy();

    const page = await signedIn('Als Clara Bürgerbüro anmelden', 1280);
    await page.goto(`${origin}/arbeitsplatz/unterschriften/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Bescheid Namensprobe' }).waitFor();
    await settled(page);
    const from = page.locator('dt', { hasText: 'Von' }).locator('xpath=following-sibling::dd[1]');
    expect(await from.textContent()).toBe(name);
    expect(await page.getByText('staff@demo.example').count()).toBe(0);
    await keepScreenshot(page, 'itadmin-4-signing-by-name-1280');
  }, 120_000);

  it('an inventory row links to the device page, which shows its history and takes the steps its status allows', async () => {
    const serial = `ITA-${Date.now()}`;
    const registered = await fetch(`${origin}/api/v1/tenants/demo/devices`, {
      method: 'POST',
      headers: { authorization: await tokenFor('it-admin@demo.example'), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'laptop', model: 'Testbook 14', serial, supplier: 'Systemhaus Nord GmbH' }),
    });
    expect(registered.status).toBe(201);
    const page = await signedIn('Als Ivo IT-Betrieb anmelden', 390);
    await page.goto(`${origin}/arbeitsplatz/inventar?${new URLSearchParams({ q: serial })}`);
    await page.getByRole('link', { name: serial }).click();
    await page.getByRole('heading', { level: 1, name: `Laptop ${serial}` }).waitFor();
    await settled(page);
    expect(await page.getByRole('table', { name: 'Verlauf' }).getByRole('row').count()).toBe(2);
    // In stock: retire, lost, repair — not the rollout's steps, not "returned".
    const options = await page.getByLabel('Neuer Status').locator('option').allTextContents();
    expect(options).toEqual(['ausgemustert', 'verloren', 'in Reparatur']);
    await expectAccessible(page, 'itadmin-5-device-390');

    // Repair without a reason: the API's refusal in German, nothing changed.
    await page.getByLabel('Neuer Status').selectOption('in_repair');
    await page.getByRole('button', { name: 'Übernehmen' }).click();
    await page.getByRole('alert').waitFor();
    await expectAccessible(page, 'itadmin-6-device-refused-390');
    await page.getByLabel('Grund', { exact: true }).fill('Display defekt');
    await page.getByRole('button', { name: 'Übernehmen' }).click();
    await page.getByText('Das Gerät ist jetzt: in Reparatur.').waitFor();
    await settled(page);
    const history = page.getByRole('table', { name: 'Verlauf' });
    expect(await history.getByRole('row').count()).toBe(3);
    await history
      .getByRole('row', { name: /Display defekt/ })
      .getByText('Ivo IT-Betrieb')
      .waitFor();
    expect(await page.getByLabel('Neuer Status').locator('option').allTextContents()).toEqual(['im Lager', 'ausgemustert', 'verloren']);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expectAccessible(page, 'itadmin-7-device-in-repair-1280');
  }, 120_000);

  it('the inventory downloads as CSV with the current filters, formulas neutralised', async () => {
    const admin = await tokenFor('it-admin@demo.example');
    const stamp = Date.now();
    for (const [serial, model] of [
      [`CSV-${stamp}-1`, '=HYPERLINK("http://evil.example")'],
      [`CSV-${stamp}-2`, 'Testbook 14'],
    ]) {
      const registered = await fetch(`${origin}/api/v1/tenants/demo/devices`, {
        method: 'POST',
        headers: { authorization: admin, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'laptop', model, serial }),
      });
      expect(registered.status).toBe(201);
    }
    const page = await signedIn('Als Ivo IT-Betrieb anmelden', 390);
    await page.goto(`${origin}/arbeitsplatz/inventar?${new URLSearchParams({ q: `CSV-${stamp}` })}`);
    await page.getByText('2 Geräte angezeigt').waitFor();
    await settled(page);
    await expectAccessible(page, 'itadmin-8-inventory-export-390');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Als CSV herunterladen (Excel)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('inventar.csv');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF"Seriennummer";')).toBe(true);
    const rows = csv.split('\r\n').filter((line) => line.startsWith('"CSV-'));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain(`"CSV-${stamp}-1";"laptop";"'=HYPERLINK(""http://evil.example"")"`);
  }, 120_000);

  it('a device request’s decision card names the employee, not their id', async () => {
    const justification = `Namensprobe ${Date.now()}`;
    const submitted = await fetch(`${origin}/api/v1/tenants/demo/device-requests`, {
      method: 'POST',
      headers: { authorization: await tokenFor('staff@demo.example'), 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [{ type: 'laptop', count: 1 }],
        justification,
        neededBy: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      }),
    });
    expect(submitted.status).toBe(201);
    const { requesterId } = (await submitted.json()) as { requesterId: string };
    const people = (await (
      await fetch(`${origin}/api/v1/tenants/demo/people`, { headers: { authorization: await tokenFor('it-admin@demo.example') } })
    ).json()) as Array<{ id: string; name: string }>;
    const name = people.find((person) => person.id === requesterId)?.name;
    expect(name).toBeTruthy();

    const page = await signedIn('Als Ivo IT-Betrieb anmelden', 390);
    await page.goto(`${origin}/arbeitsplatz/geraeteantraege`);
    const card = page.locator('section.card', { hasText: justification });
    await card.waitFor();
    await settled(page);
    expect(await card.locator('dt', { hasText: 'Beantragt von' }).locator('xpath=following-sibling::dd[1]').textContent()).toBe(name);
    expect(await card.getByText(requesterId).count()).toBe(0);
    await expectAccessible(page, 'itadmin-9-decide-by-name-390');
  }, 120_000);
});
