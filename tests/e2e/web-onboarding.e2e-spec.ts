import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@amtsweg/eventing/testing';
import { browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

/**
 * What onboarding a municipality costs today, in the browser (issue 16: "from nothing to a
 * municipality taking bookings"): every page a person sees and every field they fill, counted and
 * held under a ceiling (today's path: 3 pages for the provider, 9 for the tenant-admin, 8 for the
 * citizen; 17 fields), so that a change that makes the path longer shows here.
 */
const MAX_PAGES = 20;
const MAX_FIELDS = 17;

interface Mail {
  subject: string;
  text: string;
}

describeInBrowser('onboarding a municipality in Chromium: provider, tenant-admin, first booking', () => {
  let web: WebAppInBrowser;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    web = await startWebAppInBrowser('onboarding');
    ({ browser, origin } = web);
  }, 120_000);
  afterAll(() => web?.close());

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    return context.newPage();
  }

  const mailsTo = async (to: string): Promise<Mail[]> =>
    (await (await fetch(`${origin}/api/v1/dev/mailbox?${new URLSearchParams({ to })}`)).json()) as Mail[];

  it('goes from the provider page to beispielstadt taking its first booking', async () => {
    const pages: string[] = [];
    let fields = 0;
    /** A page the walk arrives at: counted once it shows its heading. */
    const arrive = async (page: Page, heading: string | RegExp, level: 1 | 2 = 1) => {
      await page
        .getByRole('heading', { level, name: heading, exact: typeof heading === 'string' })
        .first()
        .waitFor();
      await settled(page);
      const url = new URL(page.url());
      pages.push(`${url.pathname}${url.search}`);
    };
    const fill = async (page: Page, label: string | RegExp, value: string, exact = true) => {
      await page.getByLabel(label, { exact }).first().fill(value);
      fields += 1;
    };

    // The provider: a municipality and its administrator.
    const provider = await newPage();
    await provider.goto(`${origin}/anmelden`);
    await arrive(provider, 'Anmelden');
    await provider.getByRole('button', { name: 'Als Betrieb Amtsweg anmelden' }).click();
    await arrive(provider, 'Betrieb: Kommunen');
    await fill(provider, 'Kurzname', 'beispielstadt');
    await fill(provider, 'Name', 'Stadt Beispielstadt');
    await provider.getByLabel('Bundesland').selectOption('NW');
    fields += 1;
    await provider.getByRole('button', { name: 'Kommune anlegen' }).click();
    await arrive(provider, 'Kommune: Stadt Beispielstadt');
    await fill(provider, 'Name', 'Berta Beispiel');
    await fill(provider, 'E-Mail-Adresse', 'berta.beispiel@beispielstadt.example');
    await provider.getByRole('button', { name: 'Verwaltung benennen' }).click();
    await provider
      .getByText('„Berta Beispiel“ (berta.beispiel@beispielstadt.example) verwaltet jetzt die Kommune', { exact: false })
      .waitFor();
    await keepScreenshot(provider, 'onboarding-1-provider');
    const invitation = await waitFor(
      'the invitation mail',
      () => mailsTo('berta.beispiel@beispielstadt.example'),
      (mails) => mails.some((mail) => mail.text.includes('/anmelden')),
      { timeoutMs: 20_000 },
    );
    expect(invitation.length).toBeGreaterThan(0);

    // The tenant-admin: signs in (development), an office Mon–Fri 08:00–16:00 with 2 counters, a 15-minute service there.
    const admin = await newPage();
    await admin.goto(`${origin}/anmelden`);
    await arrive(admin, 'Anmelden');
    await admin.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill('berta.beispiel@beispielstadt.example');
    fields += 1;
    await admin.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await arrive(admin, 'Arbeitsplatz');
    await admin.getByText('Angemeldet als Berta Beispiel (beispielstadt).').waitFor();
    const tasks = admin.getByRole('list', { name: 'Ihre Aufgaben' });
    await tasks.getByRole('link', { name: 'Bürgerbüros', exact: true }).click();
    await arrive(admin, 'Bürgerbüros');
    await admin.getByRole('link', { name: 'Neues Bürgerbüro anlegen' }).click();
    await arrive(admin, 'Neues Bürgerbüro anlegen');
    await fill(admin, 'Name', 'Bürgerbüro Rathaus');
    await fill(admin, 'Straße und Hausnummer', 'Rathausplatz 1');
    await fill(admin, 'Postleitzahl', '44135');
    await fill(admin, 'Ort', 'Beispielstadt');
    await fill(admin, 'Schalter', '2');
    await fill(admin, 'Montag', '8:00-16:00');
    await admin.getByRole('button', { name: 'Montag für Dienstag bis Freitag übernehmen' }).click();
    await admin.getByRole('button', { name: 'Bürgerbüro anlegen' }).click();
    await arrive(admin, 'Bürgerbüros');
    await admin.getByText('„Bürgerbüro Rathaus“ ist gespeichert.').waitFor();
    await admin.getByRole('link', { name: 'Arbeitsplatz' }).click();
    await arrive(admin, 'Arbeitsplatz');
    await tasks.getByRole('link', { name: 'Anliegen', exact: true }).click();
    await arrive(admin, 'Anliegen');
    await admin.getByRole('link', { name: 'Neues Anliegen anlegen' }).click();
    await arrive(admin, 'Neues Anliegen anlegen');
    await fill(admin, 'Name', 'Wohnsitz anmelden');
    await fill(admin, 'Dauer in Minuten', '15');
    await admin.getByLabel(/^Bürgerbüro Rathaus/).check();
    fields += 1;
    await admin.getByRole('button', { name: 'Anliegen anlegen' }).click();
    await arrive(admin, 'Anliegen');
    await admin.getByText('„Wohnsitz anmelden“ ist gespeichert.').waitFor();
    await keepScreenshot(admin, 'onboarding-2-tenant-admin');

    // A citizen books the first slot (the new municipality holds bookings until confirmed by mail, behind a proof of work).
    const email = `erste-buchung-${Date.now()}@example.org`;
    const citizen = await newPage();
    await citizen.goto(`${origin}/`);
    await arrive(citizen, 'Termin im Bürgerbüro buchen');
    await citizen.getByRole('link', { name: /Stadt Beispielstadt/ }).click();
    for (const question of ['Welches Anliegen haben Sie?', 'In welchem Bürgerbüro?', 'An welchem Tag?', 'Um wie viel Uhr?']) {
      await arrive(citizen, question);
      await citizen.getByRole('list', { name: question }).getByRole('link').first().click();
    }
    await arrive(citizen, 'Ihre Angaben');
    await fill(citizen, 'Vor- und Nachname', 'Erika Erstbuchung');
    await fill(citizen, 'E-Mail-Adresse', email);
    await citizen.getByRole('button', { name: 'Verbindlich buchen' }).click();
    await arrive(citizen, /Ihr Termin ist (gebucht|vorgemerkt)/);
    const mails = await waitFor(
      'the mail with the booking link',
      () => mailsTo(email),
      (found) => found.some((mail) => /\/beispielstadt\/buchung\//.test(mail.text)),
      { timeoutMs: 20_000 },
    );
    const link = new URL(/https?:\/\/\S+\/beispielstadt\/buchung\/\S+/.exec(mails.map((mail) => mail.text).join('\n'))![0]);
    await citizen.goto(`${origin}${link.pathname}${link.search}`);
    await arrive(citizen, 'Ihr Termin');
    const confirm = citizen.getByRole('button', { name: 'Termin bestätigen' });
    if ((await confirm.count()) > 0) {
      await confirm.click();
      await citizen.getByText('Ihr Termin ist bestätigt.').waitFor();
    }
    expect(await citizen.locator('.details').textContent()).toContain('gebucht');
    expect(await citizen.locator('.details').textContent()).toContain('Bürgerbüro Rathaus');
    await keepScreenshot(citizen, 'onboarding-3-citizen');

    console.log(`onboarding walkthrough: ${pages.length} pages, ${fields} fields`);
    console.log(pages.map((path) => `  ${path}`).join('\n'));
    expect(pages.length).toBeLessThanOrEqual(MAX_PAGES);
    expect(fields).toBeLessThanOrEqual(MAX_FIELDS);
  }, 240_000);
});
