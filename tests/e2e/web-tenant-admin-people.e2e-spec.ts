import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

interface AdminPerson {
  id: string;
  email: string;
  name: string;
  roles: string[];
  active: boolean;
}

/** The workspace pages of a municipality's administration beyond appointments (issue 16): people, retention, draws, statistics, profiles. */
describeInBrowser('the people, retention, draw, statistics and provisioning profile pages in Chromium', () => {
  let web: WebAppInBrowser;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    web = await startWebAppInBrowser('tenant-admin-people');
    ({ browser, origin } = web);
  }, 120_000);
  afterAll(() => web?.close());

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await settled(page);
    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, name);
    expect(violations).toEqual([]);
  }

  async function bearer(email: string): Promise<string> {
    const response = await fetch(`${origin}/api/v1/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    return `Bearer ${((await response.json()) as { access_token: string }).access_token}`;
  }

  async function apiJson<T>(path: string, email = 'admin@demo.example'): Promise<T> {
    const response = await fetch(`${origin}/api/v1/tenants/demo${path}`, { headers: { authorization: await bearer(email) } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  }

  async function signedIn(name: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${origin}/anmelden`);
    await page
      .getByRole('button', { name: `Als ${name} anmelden` })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    return page;
  }

  async function openTask(page: Page, task: string): Promise<void> {
    await page.getByRole('link', { name: 'Arbeitsplatz', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    await page.getByRole('list', { name: 'Ihre Aufgaben' }).getByRole('link', { name: task, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: task, exact: true }).waitFor();
  }

  it('a tenant admin adds a person, gives a role, deactivates them after the warning and imports a 3-row CSV', async () => {
    const page = await signedIn('Ada Verwaltung');
    await openTask(page, 'Personen');
    expect(await page.getByRole('row', { name: /Clara Bürgerbüro/ }).textContent()).toContain('clerk@demo.example');
    await expectAccessible(page, 'people-1-list');

    // Adding: sent empty, every field is named; then filled.
    await page.getByRole('link', { name: 'Person hinzufügen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Person hinzufügen' }).waitFor();
    await page.getByRole('button', { name: 'Person hinzufügen' }).click();
    await page.getByText('Bitte prüfen Sie die markierten Felder.').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Bitte wählen Sie mindestens eine Rolle.').waitFor();
    await expectAccessible(page, 'people-2-new-errors');
    await page.getByLabel('Name', { exact: true }).fill('Nora Neu');
    await page.getByLabel('E-Mail-Adresse').fill('nora.neu@demo.example');
    await page.getByLabel('Bürgerbüro (clerk)').check();
    await page.getByRole('button', { name: 'Person hinzufügen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personen' }).waitFor();
    await page.getByText('„Nora Neu“ ist hinzugefügt und bekommt eine Einladung per E-Mail.').waitFor();
    expect(await page.getByRole('row', { name: /Nora Neu/ }).textContent()).toContain('Bürgerbüro');
    await expectAccessible(page, 'people-3-added');
    const added = (await apiJson<AdminPerson[]>('/people?view=admin')).find((person) => person.email === 'nora.neu@demo.example')!;
    expect(added).toMatchObject({ name: 'Nora Neu', roles: ['clerk'], active: true });

    // The same address twice: refused with the problem's text.
    await page.getByRole('link', { name: 'Person hinzufügen' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Nora Doppelt');
    await page.getByLabel('E-Mail-Adresse').fill('NORA.NEU@demo.example');
    await page.getByLabel('Mitarbeitende (staff)').check();
    await page.getByRole('button', { name: 'Person hinzufügen' }).click();
    await page
      .getByRole('alert')
      .getByText('Eine Person mit dieser E-Mail-Adresse gibt es in dieser Kommune schon.', { exact: false })
      .waitFor();
    expect(await page.getByLabel('E-Mail-Adresse').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'people-4-email-taken');

    // A role more.
    await page.getByRole('link', { name: 'Zurück zu den Personen' }).click();
    await page.getByRole('link', { name: 'Nora Neu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Person: Nora Neu' }).waitFor();
    await expectAccessible(page, 'people-5-person');
    await page.getByLabel('Mitarbeitende (staff)').check();
    await page.getByRole('button', { name: 'Rollen speichern' }).click();
    await page.getByText('Die Rollen von „Nora Neu“ sind gespeichert.').waitFor();
    expect((await apiJson<AdminPerson[]>('/people?view=admin')).find((person) => person.id === added.id)!.roles.sort()).toEqual([
      'clerk',
      'staff',
    ]);
    const noraToken = await bearer('nora.neu@demo.example');
    const asNora = () => fetch(`${origin}/api/v1/tenants/demo/people`, { headers: { authorization: noraToken } });
    expect((await asNora()).status).toBe(200);

    // Deactivating: the page says what it does, nothing happens on "No", it happens on "Yes".
    await page.getByRole('button', { name: 'Deaktivieren' }).click();
    const question = page.getByRole('group', { name: /wirklich deaktivieren/ });
    await question.waitFor();
    const warning = (await question.textContent()) ?? '';
    expect(warning).toContain('Ihre Anmeldungen enden sofort');
    expect(warning).toContain('nicht mehr als Unterzeichnerin oder Unterzeichner, als Mitglied einer Unterhaltung oder als Empfängerin');
    await expectAccessible(page, 'people-6-deactivate-confirm');
    await page.getByRole('button', { name: 'Nein, behalten' }).click();
    expect(await question.count()).toBe(0);
    expect((await apiJson<AdminPerson[]>('/people?view=admin')).find((person) => person.id === added.id)!.active).toBe(true);
    await page.getByRole('button', { name: 'Deaktivieren' }).click();
    await page.getByRole('button', { name: 'Ja, deaktivieren' }).click();
    await page.getByText('„Nora Neu“ ist deaktiviert. Ihre Anmeldungen gelten nicht mehr.').waitFor();
    expect((await apiJson<AdminPerson[]>('/people?view=admin')).find((person) => person.id === added.id)!.active).toBe(false);
    // Her token issued before stops working at once.
    expect((await asNora()).status).toBe(401);
    await page.getByRole('button', { name: 'Wieder aktivieren' }).waitFor();
    await expectAccessible(page, 'people-7-deactivated');

    // The import: one new, one known with other roles, one refused.
    await page.getByRole('link', { name: 'Zurück zu den Personen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personen' }).waitFor();
    expect(await page.getByRole('row', { name: /Nora Neu/ }).textContent()).toContain('deaktiviert');
    const csv =
      'name,email,roles\nPaul Import,paul.import@demo.example,clerk staff\nNora Neu,nora.neu@demo.example,it-admin\nKein Name,keine-adresse,staff\n';
    await page
      .getByLabel('CSV-Datei', { exact: true })
      .setInputFiles({ name: 'personen.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Importieren' }).click();
    await page.getByText('Neu: 1, geändert: 1, unverändert: 0, abgelehnt: 1.').waitFor();
    const refused = page.getByRole('table', { name: 'Abgelehnte Zeilen' });
    expect(await refused.locator('tbody tr').count()).toBe(1);
    expect(await refused.locator('tbody td').first().textContent()).toBe('4');
    await expectAccessible(page, 'people-8-import-report');
    const people = await apiJson<AdminPerson[]>('/people?view=admin');
    expect(people.find((person) => person.email === 'paul.import@demo.example')).toMatchObject({ name: 'Paul Import', active: true });
    // A deactivated person stays deactivated; the row gave her other roles.
    expect(people.find((person) => person.id === added.id)).toMatchObject({ roles: ['it-admin'], active: false });

    // Locking oneself out is refused, in the page's words (PERSON.OWN_ACCESS), and nothing changes.
    await page.getByRole('link', { name: 'Ada Verwaltung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Person: Ada Verwaltung' }).waitFor();
    await page.getByRole('button', { name: 'Deaktivieren' }).click();
    await page.getByRole('button', { name: 'Ja, deaktivieren' }).click();
    await page.getByRole('alert').getByText('Sie können sich nicht selbst deaktivieren', { exact: false }).waitFor();
    expect((await apiJson<AdminPerson[]>('/people?view=admin')).find((person) => person.email === 'admin@demo.example')!.active).toBe(true);
    await expectAccessible(page, 'people-9-own-access');
    await page.getByRole('link', { name: 'Zurück zu den Personen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personen' }).waitFor();

    // In English.
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await page.getByRole('columnheader', { name: 'Access' }).waitFor();
    await expectAccessible(page, 'people-10-english');
  }, 180_000);

  it('a tenant admin sets the message retention, announces a draw and reads the statistics; an IT admin creates a provisioning profile', async () => {
    const page = await signedIn('Ada Verwaltung');
    await openTask(page, 'Aufbewahrung von Nachrichten');
    expect(await page.getByLabel('Nachrichten aufbewahren (Tage)').inputValue()).toBe('365');
    await page.getByLabel('Nachrichten aufbewahren (Tage)').fill('0');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Bitte geben Sie eine ganze Zahl von 1 bis 3650 ein.').waitFor();
    await expectAccessible(page, 'retention-1-error');
    await page.getByLabel('Nachrichten aufbewahren (Tage)').fill('90');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Nachrichten werden jetzt 90 Tage aufbewahrt.').waitFor();
    expect(await apiJson<{ messageRetentionDays: number }>('/messaging-settings')).toEqual({ messageRetentionDays: 90 });
    await expectAccessible(page, 'retention-2-saved');

    // A draw: the slots from three days ahead for a week, requests until the day after tomorrow at 10:00 (office time).
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await openTask(page, 'Verlosungen');
    await page.getByText('Es gibt keine laufende oder kürzlich ausgeloste Verlosung.').waitFor();
    await expectAccessible(page, 'releases-1-empty');
    await page.getByLabel('Erster Tag der verlosten Termine').fill(day(3));
    await page.getByLabel('Letzter Tag der verlosten Termine').fill(day(9));
    await page.getByLabel('Anfrageschluss').fill(`${day(2)}T10:00`);
    const service = await page.getByLabel('Anliegen').locator('option:checked').textContent();
    await page.getByRole('button', { name: 'Verlosung ankündigen' }).click();
    await page.getByText('Die Verlosung ist angekündigt.').waitFor();
    const releases = await apiJson<Array<{ slotsFrom: string; slotsTo: string; requestsUntil: string; status: string }>>('/releases');
    expect(releases).toHaveLength(1);
    expect(releases[0].status).toBe('collecting');
    expect(releases[0].slotsFrom).toMatch(new RegExp(`^${day(3)}T00:00:00\\+0[12]:00$`));
    expect(releases[0].slotsTo).toMatch(new RegExp(`^${day(10)}T00:00:00\\+0[12]:00$`));
    expect(releases[0].requestsUntil).toMatch(new RegExp(`^${day(2)}T10:00:00\\+0[12]:00$`));
    const row = page.getByRole('table', { name: 'Laufende und kürzlich ausgeloste Verlosungen' }).getByRole('row', { name: service! });
    expect(await row.textContent()).toContain('sammelt Anfragen');
    const german = (iso: string) => iso.split('-').reverse().join('.');
    expect(await row.textContent()).toContain(`${german(day(3))} – ${german(day(9))}`);
    await expectAccessible(page, 'releases-2-announced');

    await openTask(page, 'Statistik');
    const offices = await apiJson<Array<{ name: string }>>('/offices');
    for (const office of offices) await page.getByRole('table', { name: `${office.name}: Termine je Woche` }).waitFor();
    await expectAccessible(page, 'statistics-1');
    // More than 26 weeks: the API's refusal in the page's words.
    await page.getByLabel('Von', { exact: true }).fill('2026-01-05');
    await page.getByLabel('Bis', { exact: true }).fill('2026-12-28');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.getByText('Dieser Zeitraum ist zu lang. Bitte wählen Sie einen kürzeren.', { exact: false }).waitFor();
    expect(new URL(page.url()).search).toBe('?von=2026-01-05&bis=2026-12-28');
    await expectAccessible(page, 'statistics-2-too-long');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Statistics' }).waitFor();
    await expectAccessible(page, 'statistics-3-english');

    // Provisioning profiles are the IT admins' (as the devices service allows).
    const it = await signedIn('Ivo IT-Betrieb');
    await openTask(it, 'Einrichtungsprofile');
    await expectAccessible(it, 'profiles-1-list');
    await it.getByRole('link', { name: 'Neues Einrichtungsprofil anlegen' }).click();
    await it.getByRole('heading', { level: 1, name: 'Neues Einrichtungsprofil anlegen' }).waitFor();
    await it.getByLabel('Name', { exact: true }).fill('Außenstelle');
    await it.getByLabel('Netzwerkname (SSID, freiwillig)').fill('Aussenstelle');
    await it.getByLabel('Verschlüsselung').selectOption('WPA2-PSK');
    await it.getByLabel('Passwort des WLANs').fill('kurz');
    await it.getByLabel('VPN-Art').selectOption('wireguard');
    await it.getByLabel('Server').first().fill('vpn.demo.example');
    await it.getByLabel('Apps').fill('de.bund.ausweisapp2\ncom.microsoft.teams');
    await it.getByRole('button', { name: 'Profil anlegen' }).click();
    await it.getByText('Bitte geben Sie ein Passwort mit 8 bis 63 Zeichen ein.').waitFor();
    await expectAccessible(it, 'profiles-2-errors');
    await it.getByLabel('Passwort des WLANs').fill('geheim-genug');
    await it.getByRole('button', { name: 'Profil anlegen' }).click();
    await it.getByText('Das Profil „Außenstelle“ ist angelegt.').waitFor();
    const listed = await it.getByRole('row', { name: /Außenstelle/ }).textContent();
    expect(listed).toContain('Aussenstelle (WPA2-PSK)');
    expect(listed).toContain('wireguard: vpn.demo.example');
    expect(listed).not.toContain('geheim-genug');
    await expectAccessible(it, 'profiles-3-created');
    const profiles = await apiJson<Array<{ name: string; configuration: unknown }>>('/provisioning-profiles', 'it-admin@demo.example');
    expect(profiles.find((profile) => profile.name === 'Außenstelle')!.configuration).toEqual({
      wifi: [{ ssid: 'Aussenstelle', security: 'WPA2-PSK', passphrase: 'geheim-genug' }],
      vpn: { type: 'wireguard', server: 'vpn.demo.example' },
      mail: null,
      apps: ['de.bund.ausweisapp2', 'com.microsoft.teams'],
    });
  }, 180_000);
});
