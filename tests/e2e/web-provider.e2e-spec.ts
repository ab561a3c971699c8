import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

interface ProviderTenant {
  slug: string;
  name: string;
  federalState: string;
  timeZone: string;
  suspended: boolean;
  counts: { offices: number; services: number; people: number };
}

/** The IT service provider's page (/betrieb, issue 16): municipalities listed, created, renamed, suspended, their first tenant-admin named. */
describeInBrowser('the provider page /betrieb and the SCIM tokens block in Chromium', () => {
  let web: WebAppInBrowser;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    web = await startWebAppInBrowser('provider');
    ({ browser, origin } = web);
  }, 120_000);
  afterAll(() => web?.close());

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await settled(page);
    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, name);
    expect(violations).toEqual([]);
  }

  async function providerTenants(): Promise<ProviderTenant[]> {
    const token = await fetch(`${origin}/api/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'betrieb@amtsweg.example' }),
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const response = await fetch(`${origin}/api/v1/tenants?all=true`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as ProviderTenant[];
  }

  async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    return context.newPage();
  }

  it('signs the provider in to /betrieb, creates a municipality (refusing a reserved slug), names its admin, renames, suspends and reactivates it', async () => {
    const page = await newPage();
    await page.goto(`${origin}/anmelden`);
    await page.getByRole('region', { name: 'Betrieb (IT-Dienstleister)' }).waitFor();
    await expectAccessible(page, 'provider-0-sign-in');
    await page.getByRole('button', { name: 'Als Betrieb Amtsweg anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Betrieb: Kommunen' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/betrieb');
    const demo = page.getByRole('row', { name: /Stadt Demo/ });
    expect(await demo.textContent()).toContain('Nordrhein-Westfalen');
    // The demo people reached appointments' count through the directory's events.
    expect(await demo.textContent()).toMatch(/2 Bürgerbüros, 3 Anliegen, [1-9]\d* Personen/);
    await expectAccessible(page, 'provider-1-list');

    // Sent empty: every field is named.
    await page.getByRole('button', { name: 'Kommune anlegen' }).click();
    await page.getByText('Bitte prüfen Sie die markierten Felder.').waitFor();
    expect(await page.getByLabel('Kurzname').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Bundesland').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'provider-2-errors');

    // A reserved slug: the API's refusal, in the page's words, at the field.
    await page.getByLabel('Kurzname').fill('betrieb');
    await page.getByLabel('Name', { exact: true }).fill('Betriebsstadt');
    await page.getByLabel('Bundesland').selectOption('BY');
    await page.getByRole('button', { name: 'Kommune anlegen' }).click();
    await page.getByText('Dieser Kurzname ist für Seiten des Systems vergeben.', { exact: false }).first().waitFor();
    expect(await page.getByLabel('Kurzname').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'provider-3-reserved');

    await page.getByLabel('Kurzname').fill('seestadt');
    await page.getByLabel('Name', { exact: true }).fill('Stadt Seestadt');
    await page.getByRole('button', { name: 'Kommune anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kommune: Stadt Seestadt' }).waitFor();
    await page.getByText('„Stadt Seestadt“ ist angelegt.', { exact: false }).waitFor();
    await expectAccessible(page, 'provider-4-tenant');
    expect((await providerTenants()).find((tenant) => tenant.slug === 'seestadt')).toMatchObject({
      name: 'Stadt Seestadt',
      federalState: 'BY',
      timeZone: 'Europe/Berlin',
      suspended: false,
    });

    // The first tenant-admin.
    await page.getByLabel('Name', { exact: true }).first().fill('Sina See');
    await page.getByLabel('E-Mail-Adresse').fill('sina.see@seestadt.example');
    await page.getByRole('button', { name: 'Verwaltung benennen' }).click();
    await page.getByText('„Sina See“ (sina.see@seestadt.example) verwaltet jetzt die Kommune', { exact: false }).waitFor();
    // Counted once the person event reached appointments.
    await until(async () => (await providerTenants()).find((tenant) => tenant.slug === 'seestadt')?.counts.people === 1);

    // The same address again: refused with the problem's text, at the field.
    await page.getByLabel('Name', { exact: true }).first().fill('Sina Doppelt');
    await page.getByLabel('E-Mail-Adresse').fill('SINA.SEE@seestadt.example');
    await page.getByRole('button', { name: 'Verwaltung benennen' }).click();
    await page
      .getByRole('alert')
      .getByText('Eine Person mit dieser E-Mail-Adresse gibt es in dieser Kommune schon.', { exact: false })
      .waitFor();
    expect(await page.getByLabel('E-Mail-Adresse').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'provider-5-admin-taken');

    // Renaming.
    await page.getByRole('textbox', { name: 'Name', exact: true }).last().fill('Seestadt am Meer');
    await page.getByRole('button', { name: 'Namen speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kommune: Seestadt am Meer' }).waitFor();

    // Suspending asks first; reactivating does not.
    await page.getByRole('button', { name: 'Kommune sperren' }).click();
    await page.getByRole('group', { name: /wirklich sperren/ }).waitFor();
    await expectAccessible(page, 'provider-6-suspend-question');
    await page.getByRole('button', { name: 'Ja, sperren' }).click();
    await page.getByText('„Seestadt am Meer“ ist gesperrt.').waitFor();
    expect((await providerTenants()).find((tenant) => tenant.slug === 'seestadt')?.suspended).toBe(true);
    await page.getByRole('button', { name: 'Wieder freigeben' }).click();
    await page.getByText('„Seestadt am Meer“ ist wieder freigegeben.').waitFor();
    expect((await providerTenants()).find((tenant) => tenant.slug === 'seestadt')?.suspended).toBe(false);

    await page.getByRole('link', { name: 'Zurück zu den Kommunen' }).click();
    expect(await page.getByRole('row', { name: /Seestadt am Meer/ }).textContent()).toContain('aktiv');
    await expectAccessible(page, 'provider-7-list-after');

    // The named admin signs in by address (development) and lands in their municipality's workspace.
    const admin = await newPage();
    await admin.goto(`${origin}/anmelden`);
    await admin.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill('sina.see@seestadt.example');
    await admin.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    await admin.getByText('Angemeldet als Sina See (seestadt).').waitFor();
  }, 120_000);

  it('keeps the provider out of the workspace, and everyone else out of /betrieb', async () => {
    const provider = await newPage();
    await provider.goto(`${origin}/anmelden`);
    await provider.getByRole('button', { name: 'Als Betrieb Amtsweg anmelden' }).click();
    await provider.getByRole('heading', { level: 1, name: 'Betrieb: Kommunen' }).waitFor();
    await provider.goto(`${origin}/arbeitsplatz`);
    await provider.getByRole('heading', { level: 1, name: 'Betrieb: Kommunen' }).waitFor();
    expect(await provider.getByRole('link', { name: 'Betrieb', exact: true }).count()).toBe(1);

    const staff = await newPage();
    await staff.goto(`${origin}/anmelden`);
    await staff.getByRole('button', { name: 'Als Ada Verwaltung anmelden' }).first().click();
    await staff.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    await staff.goto(`${origin}/betrieb`);
    await staff.getByText('Diese Seite ist für den Betrieb des IT-Dienstleisters (Rolle provider-admin).').waitFor();
    await expectAccessible(staff, 'provider-8-not-yours');
  }, 60_000);
  it('lets a tenant-admin create a SCIM token (shown once), see its last use, and revoke it (asked first) on the people page', async () => {
    const page = await newPage();
    await page.goto(`${origin}/anmelden`);
    await page.getByRole('button', { name: 'Als Ada Verwaltung anmelden' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    await page.goto(`${origin}/arbeitsplatz/personen`);
    await page.getByRole('heading', { level: 1, name: 'Personen' }).waitFor();
    const block = page.getByRole('region', { name: 'Anbindung an Ihr Verzeichnis (SCIM)' });
    await block.getByText('Es gibt noch kein SCIM-Token.').waitFor();

    await block.getByRole('button', { name: 'SCIM-Token erstellen' }).click();
    const token = await block.getByLabel('Token', { exact: true }).inputValue();
    expect(token.length).toBeGreaterThan(20);
    expect(await block.getByLabel('SCIM-Adresse (Mandanten-URL)').inputValue()).toBe(`${origin}/api/v1/tenants/demo/scim/v2`);
    await block.getByText('Es wird nur dieses eine Mal angezeigt.', { exact: false }).waitFor();
    const row = block.getByRole('row', { name: /Ada Verwaltung/ });
    expect(await row.textContent()).toContain('noch nie');
    await expectAccessible(page, 'scim-1-created');

    const scim = () => fetch(`${origin}/api/v1/tenants/demo/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${token}` } });
    expect((await scim()).status).toBe(200);
    // Shown once: after a reload the token is gone, its last use is listed.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Personen' }).waitFor();
    await block.getByRole('row', { name: /Ada Verwaltung/ }).waitFor();
    expect(await block.getByLabel('Token', { exact: true }).count()).toBe(0);
    expect(await block.getByRole('row', { name: /Ada Verwaltung/ }).textContent()).not.toContain('noch nie');

    await block
      .getByRole('button', { name: /widerrufen/ })
      .first()
      .click();
    await block.getByRole('group', { name: /wirklich widerrufen/ }).waitFor();
    await expectAccessible(page, 'scim-2-revoke-question');
    await block.getByRole('button', { name: 'Ja, widerrufen' }).click();
    await block.getByText('Das Token ist widerrufen.').waitFor();
    await block.getByText('Es gibt noch kein SCIM-Token.').waitFor();
    expect((await scim()).status).toBe(401);
  }, 90_000);
});
