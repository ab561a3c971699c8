import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { waitFor } from '@amtsweg/eventing/testing';
import { dataSourceToken } from '@amtsweg/platform';
import type { DataSource } from 'typeorm';
import { authenticatorCode } from '../../apps/signatures/test/enrolled-signer';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';
import { accessibilityViolations, browserAvailable, keepScreenshot, tabToAndPress, tabToField } from '../support/browser';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

/** The all-in-one start (embedded database and bus) with the built web client, in a real Chromium. */
describeInBrowser('the web pages in Chromium', () => {
  let web: WebAppInBrowser;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    web = await startWebAppInBrowser('web');
    ({ app, browser, origin } = web);
  }, 120_000);
  afterAll(() => web?.close());

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    return context.newPage();
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, name);
    expect(violations).toEqual([]);
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

  it('where the municipality holds bookings behind a proof of work, the page solves it and the citizen confirms through the mailed link', async () => {
    const appointments = app.get<DataSource>(dataSourceToken('appointments'));
    await appointments.query(`UPDATE appointments.tenant SET hold_minutes = 15, proof_of_work_max_number = 20000 WHERE slug = 'muster'`);
    try {
      const email = `held-${Date.now()}@example.org`;
      const page = await newPage();
      await page.goto(`${origin}/muster/termin`);
      // The page says how appointments are given out here.
      await page.getByRole('heading', { name: 'So vergeben wir Termine' }).waitFor();
      expect(await page.locator('.policy').textContent()).toMatch(/innerhalb von 15 Minuten.*rechnet Ihr Browser/s);
      for (const question of ['Welches Anliegen haben Sie?', 'In welchem Bürgerbüro?', 'An welchem Tag?', 'Um wie viel Uhr?']) {
        await page.getByRole('heading', { name: question }).waitFor();
        await page.getByRole('list', { name: question }).getByRole('link').first().click();
      }
      await page.getByLabel('Vor- und Nachname').fill('Erika Mustermann');
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByRole('button', { name: 'Verbindlich buchen' }).click();
      await page.getByRole('heading', { name: 'Ihr Termin ist vorgemerkt' }).waitFor();
      expect(await page.getByRole('link', { name: /Termin verwalten/ }).count()).toBe(0);
      await expectAccessible(page, 'held-1-reserved');

      const mails = await waitFor(
        'the mail with the confirmation link',
        async () =>
          (await (await fetch(`${origin}/api/v1/dev/mailbox?${new URLSearchParams({ to: email })}`)).json()) as Array<{ text: string }>,
        (found) => found.some((mail) => /\/muster\/buchung\//.test(mail.text)),
        { timeoutMs: 20_000 },
      );
      const link = new URL(/https?:\/\/\S+\/muster\/buchung\/\S+/.exec(mails.map((mail) => mail.text).join('\n'))![0]);
      await page.goto(`${origin}${link.pathname}${link.search}`);
      await page.getByRole('heading', { name: 'Ihr Termin' }).waitFor();
      expect(await page.locator('.details').textContent()).toContain('vorgemerkt');
      await expectAccessible(page, 'held-2-confirm');
      await page.getByRole('button', { name: 'Termin bestätigen' }).click();
      await page.getByText('Ihr Termin ist bestätigt.').waitFor();
      expect(await page.locator('.details').textContent()).toContain('gebucht');
    } finally {
      await appointments.query(`UPDATE appointments.tenant SET hold_minutes = NULL, proof_of_work_max_number = NULL WHERE slug = 'muster'`);
    }
  }, 120_000);

  it('a citizen joins the waiting list for a service and the offices that suit', async () => {
    const page = await newPage();
    await page.goto(`${origin}/demo/termin`);
    await page.getByRole('link', { name: /Reisepass/ }).click();
    await page.getByRole('link', { name: /Bürgerbüro Mitte/ }).click();
    await page.getByRole('heading', { name: 'An welchem Tag?' }).waitFor();
    await page.getByRole('link', { name: 'Auf die Warteliste setzen' }).click();
    await page.getByRole('heading', { name: 'Warteliste: Reisepass beantragen' }).waitFor();
    expect(await page.getByLabel('Bürgerbüro Mitte').isChecked()).toBe(true);
    await page.getByLabel('Vor- und Nachname').fill('Max Mustermann');
    await page.getByLabel('E-Mail-Adresse').fill(`waiting-${Date.now()}@example.org`);
    await expectAccessible(page, 'waiting-1-form');
    await page.getByRole('button', { name: 'Auf die Warteliste' }).click();
    await page.getByText('Sie stehen auf der Warteliste.', { exact: false }).waitFor();
  }, 60_000);

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
    await tabToField(page, 'name');
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
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(page, 'english-service');
    await page.getByRole('button', { name: 'Auf Deutsch umschalten' }).click();
    await page.getByRole('heading', { name: 'Welches Anliegen haben Sie?' }).waitFor();
  }, 60_000);

  it('a clerk signs in as a demo user and sees the day list of an office', async () => {
    const page = await signedIn('Clara Bürgerbüro', 'clerk-1-sign-in');
    await page.getByRole('link', { name: 'Termine des Tages' }).click();
    await page.getByRole('heading', { name: 'Termine des Tages' }).waitFor();
    await page.getByLabel('Bürgerbüro', { exact: true }).waitFor();
    await expectAccessible(page, 'clerk-2-day');
  }, 60_000);

  it('a clerk is notified, opens the document from the notification, sets up a second factor and signs; the requester sees the news at once', async () => {
    const requester = await signedIn('Sam Sachbearbeitung');
    const notificationsLink = requester.getByRole('link', { name: /^Mitteilungen/ });
    const unreadBefore = unreadIn((await notificationsLink.getAttribute('aria-label')) ?? '');

    const title = `Dienstvereinbarung ${Date.now()}`;
    const form = new FormData();
    form.set('title', title);
    form.set('steps', JSON.stringify([['clerk@demo.example']]));
    form.set('dueAt', new Date(Date.now() + 7 * 86_400_000).toISOString());
    form.set('file', new Blob([new Uint8Array(await onePagePdf(title))], { type: 'application/pdf' }), 'dv.pdf');
    const created = await fetch(`${origin}/api/v1/tenants/demo/signature-requests`, {
      method: 'POST',
      headers: { authorization: await bearer('staff@demo.example') },
      body: form,
    });
    expect(created.status).toBe(201);

    // The notification travels as an event from signatures to messaging: wait until it is there.
    const clerkToken = await bearer('clerk@demo.example');
    await waitFor(
      "the clerk's notification",
      async () =>
        (await (await fetch(`${origin}/api/v1/tenants/demo/notifications`, { headers: { authorization: clerkToken } })).json()) as {
          items: Array<{ title: string }>;
        },
      (page) => page.items.some((n) => n.title.includes(title)),
      { timeoutMs: 20_000 },
    );
    const page = await signedIn('Clara Bürgerbüro');
    await page.getByRole('link', { name: /^Mitteilungen, \d+ ungelesen$/ }).waitFor();
    await page.getByRole('link', { name: /^Mitteilungen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Mitteilungen' }).waitFor();
    await expectAccessible(page, 'clerk-3-notifications');
    const notification = page.locator('article', { hasText: title });
    await notification.getByRole('link', { name: 'Öffnen' }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    await page.locator('iframe.document-preview').waitFor();
    await expectAccessible(page, 'clerk-4-document');
    const documentUrl = page.url();

    // No second factor yet (the municipality requires one): the page leads to the set-up.
    await page.getByText('Zum Unterschreiben brauchen Sie einen zweiten Faktor').waitFor();
    // The keyboard, not the mouse, while the preview's PDF viewer starts (see below).
    await page.getByRole('link', { name: 'Zweiten Faktor einrichten' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Zweiter Faktor zum Unterschreiben' }).waitFor();
    await page.getByRole('button', { name: 'Einrichtung beginnen' }).click();
    await page.getByRole('img', { name: 'QR-Code für die Authenticator-App' }).waitFor();
    await expectAccessible(page, 'clerk-4a-factor-qr');
    // The person's phone app reads the same secret from the QR code; the test types the key shown beside it.
    const secret = (await page.locator('#factor-secret').textContent()) ?? '';
    await page.getByLabel('Code aus Ihrer Authenticator-App').fill('000000' === authenticatorCode(secret) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.getByText('Der Code stimmt nicht oder ist abgelaufen.').waitFor();
    await page.getByLabel('Code aus Ihrer Authenticator-App').fill(authenticatorCode(secret));
    await page.getByRole('button', { name: 'Bestätigen' }).click();
    await page.getByText('Ihr zweiter Faktor ist eingerichtet.').waitFor();
    await expectAccessible(page, 'clerk-4b-factor-done');

    await page.goto(documentUrl);
    await page.getByRole('heading', { name: title }).waitFor();
    // The code of the next time step: the one shown now was spent confirming.
    await page.getByLabel('Code aus Ihrer Authenticator-App').fill(authenticatorCode(secret, new Date(), 1));
    // Headless Chromium sometimes loses a mouse click while its PDF viewer (a separate process)
    // starts in the preview; the keyboard reaches the button regardless, as it does for people.
    await page.getByRole('button', { name: 'Unterschreiben' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Sie haben unterschrieben.').waitFor({ timeout: 60_000 });
    expect(await page.locator('.details').textContent()).toContain('abgeschlossen');
    await keepScreenshot(page, 'clerk-5-signed');

    // The requester's open page learns of the completion through the live stream, without a reload.
    await waitFor(
      'the live unread badge',
      () => notificationsLink.getAttribute('aria-label'),
      (label) => unreadIn(label ?? '') > unreadBefore,
      { timeoutMs: 20_000 },
    );
    await keepScreenshot(requester, 'staff-0-live-badge');
  }, 150_000);

  it('two colleagues write to each other and each sees the other’s message at once', async () => {
    const sam = await signedIn('Sam Sachbearbeitung');
    await sam.getByRole('link', { name: 'Nachrichten' }).first().click();
    await sam.getByRole('heading', { level: 1, name: 'Nachrichten' }).waitFor();
    await sam.getByLabel('Mit', { exact: true }).selectOption({ label: 'Clara Bürgerbüro' });
    await sam.getByRole('button', { name: 'Unterhaltung beginnen' }).click();
    await sam.getByRole('heading', { level: 1, name: 'Mit Clara Bürgerbüro' }).waitFor();
    const first = `Hallo Clara, ${Date.now()}`;
    await sam.getByLabel('Nachricht').fill(first);
    await sam.getByRole('button', { name: 'Senden' }).click();
    await sam.getByRole('log').getByText(first).waitFor();

    const clara = await signedIn('Clara Bürgerbüro');
    await clara.getByRole('link', { name: 'Nachrichten' }).first().click();
    await clara.getByRole('link', { name: /Mit Sam Sachbearbeitung/ }).click();
    await clara.getByRole('log').getByText(first).waitFor();
    await expectAccessible(clara, 'staff-2-conversation');

    // Both pages stay open: each new message arrives over the live stream, without a reload.
    const second = `Noch eine Frage, ${Date.now()}`;
    await sam.getByLabel('Nachricht').fill(second);
    await sam.getByRole('button', { name: 'Senden' }).click();
    await clara.getByRole('log').getByText(second).waitFor({ timeout: 15_000 });
    const reply = `Gern, ${Date.now()}`;
    await clara.getByLabel('Nachricht').fill(reply);
    await clara.getByRole('button', { name: 'Senden' }).click();
    await sam.getByRole('log').getByText(reply).waitFor({ timeout: 15_000 });
    await keepScreenshot(sam, 'staff-3-conversation-live');
  }, 120_000);

  it('a member of staff asks for a laptop and the IT admin approves it', async () => {
    const serial = `WEB${Date.now()}`;
    const registered = await fetch(`${origin}/api/v1/tenants/demo/devices`, {
      method: 'POST',
      headers: { authorization: await bearer('it-admin@demo.example'), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'laptop', model: 'ThinkPad T14', serial }),
    });
    expect(registered.status).toBe(201);

    const staff = await signedIn('Sam Sachbearbeitung');
    await staff.getByRole('link', { name: 'Meine Geräteanträge' }).click();
    await staff.getByRole('heading', { name: 'Meine Geräteanträge' }).waitFor();
    await staff.getByLabel('Anzahl Laptop').fill('1');
    const justification = `Neue Stelle ${serial}`;
    await staff.getByLabel('Begründung').fill(justification);
    await staff.getByLabel('Benötigt bis').fill('2027-01-15');
    await staff.getByRole('button', { name: 'Antrag stellen' }).click();
    await staff.getByText('Ihr Antrag ist eingegangen.').waitFor();
    await expectAccessible(staff, 'staff-1-requested');

    const admin = await signedIn('Ivo IT-Betrieb');
    await admin.getByRole('link', { name: 'Geräteanträge entscheiden' }).click();
    await admin.getByRole('heading', { name: 'Geräteanträge entscheiden' }).waitFor();
    const card = admin.locator('.card', { hasText: justification });
    await expectAccessible(admin, 'it-admin-1-queue');
    await card.getByRole('button', { name: /Genehmigen/ }).click();
    await admin.getByText('Antrag genehmigt; die Geräte sind reserviert.').waitFor();
    expect(await admin.locator('.card', { hasText: justification }).count()).toBe(0);

    await staff.reload();
    await staff.getByRole('heading', { name: 'Meine Geräteanträge' }).waitFor();
    expect(await staff.locator('tr', { hasText: '2027-01-15' }).last().textContent()).toMatch(/genehmigt|Übergabe angefordert/);

    // The approved kit's laptop is reserved: the IT admin provisions it and gets its QR code to print.
    const profile = await fetch(`${origin}/api/v1/tenants/demo/provisioning-profiles`, {
      method: 'POST',
      headers: { authorization: await bearer('it-admin@demo.example'), 'content-type': 'application/json' },
      body: JSON.stringify({
        name: `Verwaltung ${serial}`,
        wifi: [{ ssid: 'Verwaltung', security: 'WPA3-Enterprise' }],
        apps: ['de.bund.ausweisapp2'],
      }),
    });
    expect(profile.status).toBe(201);
    await admin.getByRole('link', { name: 'Arbeitsplatz' }).click();
    await admin.getByRole('link', { name: 'Geräte einrichten' }).click();
    await admin.getByRole('heading', { name: 'Geräte einrichten' }).waitFor();
    await admin.getByLabel('Profil').selectOption({ label: `Verwaltung ${serial}` });
    await admin.getByLabel(new RegExp(`^${serial}`)).check();
    await expectAccessible(admin, 'it-admin-5-provision');
    await admin.getByRole('button', { name: 'Ausgewählte Geräte einrichten' }).click();
    await admin.getByRole('heading', { name: 'QR-Codes zum Ausdrucken' }).waitFor();
    expect(await admin.getByText('1 von 1 eingerichtet, 0 fehlgeschlagen').count()).toBe(1);
    const qr = admin.getByRole('img', { name: `QR-Code des Einrichtungslinks für ${serial}` });
    expect(await qr.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await admin.locator('.qr-link').first().textContent()).toContain('/api/v1/enroll/');
    await expectAccessible(admin, 'it-admin-6-qr-codes');
  }, 120_000);

  it('an IT admin imports a CSV with the per-line report, finds the devices and sees the rollout', async () => {
    const stamp = Date.now();
    const csv = [
      'type,model,serial,imei',
      `laptop,ThinkPad T14,CSV${stamp}A,`,
      `phone,Pixel 8,CSV${stamp}B,490154203237518`,
      `phone,Pixel 8,CSV${stamp}C,490154203237519`,
    ].join('\n');
    const admin = await signedIn('Ivo IT-Betrieb');
    await admin.getByRole('link', { name: 'Geräte importieren (CSV)' }).click();
    await admin.getByRole('heading', { name: 'Geräte importieren (CSV)' }).waitFor();
    await admin.getByLabel('CSV-Datei').setInputFiles({ name: 'lieferung.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await admin.getByRole('button', { name: 'Importieren' }).click();
    await admin.getByText('2 importiert, 0 unverändert, 1 fehlerhaft.').waitFor();
    const failures = admin.getByRole('table', { name: 'Fehlerhafte Zeilen' });
    expect(await failures.locator('tbody tr').count()).toBe(1);
    expect(await failures.locator('tbody td').first().textContent()).toBe('4');
    await expectAccessible(admin, 'it-admin-2-import');

    await admin.getByRole('link', { name: 'Arbeitsplatz' }).click();
    await admin.getByRole('link', { name: 'Inventar' }).click();
    await admin.getByRole('heading', { name: 'Inventar' }).waitFor();
    await admin.getByLabel(/^Suche/).fill(`CSV${stamp}`);
    await admin.getByRole('button', { name: 'Filtern' }).click();
    await admin.getByText('2 Geräte angezeigt').waitFor();
    await expectAccessible(admin, 'it-admin-3-inventory');

    await admin.getByRole('link', { name: 'Arbeitsplatz' }).click();
    await admin.getByRole('link', { name: 'Stand des Rollouts' }).click();
    await admin.getByRole('img', { name: /Geräte nach Status/ }).waitFor();
    const byStatus = admin.getByRole('table', { name: 'Geräte nach Status' });
    // One row per lifecycle status: the seven of the rollout, lost and in repair.
    expect(await byStatus.locator('tbody tr').count()).toBe(9);
    // The two imported devices (and any earlier test's) are counted in stock.
    expect(Number(await byStatus.locator('tr', { hasText: 'im Lager' }).locator('td').textContent())).toBeGreaterThanOrEqual(2);
    await expectAccessible(admin, 'it-admin-4-rollout');
  }, 120_000);

  it.each(['Sam Sachbearbeitung', 'Clara Bürgerbüro', 'Ivo IT-Betrieb', 'Ada Verwaltung'])(
    'every workspace page %s can open has no WCAG 2.1 AA violation',
    async (name) => {
      const page = await signedIn(name);
      await expectAccessible(page, `sweep-${name.split(' ')[0]}-workspace`);
      const views = await page.getByRole('list', { name: 'Ihre Aufgaben' }).getByRole('link').all();
      const targets = await Promise.all(
        views.map(async (link) => ({ href: (await link.getAttribute('href')) ?? '', text: (await link.innerText()).trim() })),
      );
      expect(targets.length).toBeGreaterThan(0);
      for (const target of [...targets, { href: '/arbeitsplatz/mitteilungen', text: 'Mitteilungen' }]) {
        await page.goto(`${origin}${target.href}`);
        await page.getByRole('heading', { level: 1, name: target.text }).waitFor();
        await expectAccessible(page, `sweep-${name.split(' ')[0]}-${target.href.split('/').pop()}`);
      }
    },
    180_000,
  );

  /** A new browser context signed in through the demo sign-in page as `name`. */
  async function signedIn(name: string, screenshot?: string): Promise<Page> {
    const page = await newPage();
    await page.goto(`${origin}/anmelden`);
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    if (screenshot) await expectAccessible(page, screenshot);
    await page
      .getByRole('button', { name: `Als ${name} anmelden` })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Arbeitsplatz' }).waitFor();
    return page;
  }

  async function bearer(email: string): Promise<string> {
    const response = await fetch(`${origin}/api/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
  }
});

function unreadIn(label: string): number {
  return Number(/(\d+) ungelesen/.exec(label)?.[1] ?? 0);
}

async function onePagePdf(title: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  document.addPage().drawText(title, { x: 50, y: 700, font, size: 14 });
  return Buffer.from(await document.save());
}
