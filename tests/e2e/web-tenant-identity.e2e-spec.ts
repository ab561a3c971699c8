import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, browserAvailable, keepScreenshot, settled } from '../support/browser';
import { startLocalOidcServer, type LocalOidcIssuer } from '../support/local-oidc-issuer';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;

/**
 * OIDC per tenant in the browser: the tenant-admin configures the municipality's own identity
 * provider on the people page; a person unknown to the directory then signs in there (authorization
 * code + PKCE at a local issuer) and lands in the workspace as a new person of that municipality.
 */
describeInBrowser("sign-in with the municipality's own identity provider in Chromium", () => {
  let oidc: Awaited<ReturnType<typeof startLocalOidcServer>>;
  let keycloak: LocalOidcIssuer;
  let web: WebAppInBrowser;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    oidc = await startLocalOidcServer();
    keycloak = await oidc.realm('beispiel');
    web = await startWebAppInBrowser('tenant-identity', { gateway: { OIDC_TENANT_ISSUER_ORIGINS: oidc.origin } });
    ({ browser, origin } = web);
  }, 120_000);
  afterAll(async () => {
    await web?.close();
    await oidc?.close();
  });

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await settled(page);
    const violations = await accessibilityViolations(page);
    await keepScreenshot(page, name);
    expect(violations).toEqual([]);
  }

  it('a tenant admin configures the identity provider; a new colleague signs in there and is created with the mapped role', async () => {
    const admin = await (await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } })).newPage();
    await admin.goto(`${origin}/anmelden`);
    await admin.getByRole('button', { name: 'Als Ada Verwaltung anmelden' }).first().click();
    await admin.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    await admin.getByRole('list', { name: 'Ihre Aufgaben' }).getByRole('link', { name: 'Personen', exact: true }).click();
    await admin.getByRole('heading', { level: 2, name: 'Identitätsanbieter' }).waitFor();

    // Sent without an issuer: the field is named.
    await admin.getByRole('button', { name: 'Identitätsanbieter speichern' }).click();
    expect(await admin.getByLabel('Aussteller (Issuer)').getAttribute('aria-invalid')).toBe('true');
    await admin.getByLabel('Aussteller (Issuer)').fill(keycloak.issuer);
    await admin.getByLabel('Client-ID').fill('amtsweg-web');
    await admin.getByLabel('Werte für die Rolle „Bürgerbüro“').fill('amtsweg-clerk, sachbearbeitung');
    await admin.getByRole('button', { name: 'Identitätsanbieter speichern' }).click();
    await admin.getByText('Der Identitätsanbieter ist gespeichert.').waitFor();
    await expectAccessible(admin, 'identity-provider-1-saved');

    const configured = await fetch(`${origin}/api/v1/tenants/demo/identity/sign-in`);
    expect(await configured.json()).toEqual({ issuer: keycloak.issuer, clientId: 'amtsweg-web' });

    keycloak.nextSignIn = {
      sub: 'kc-jana',
      email: 'jana.just@demo.example',
      email_verified: true,
      name: 'Jana Just',
      realm_access: { roles: ['sachbearbeitung', 'offline_access'] },
    };
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`${origin}/anmelden`);
    await page.getByRole('heading', { level: 2, name: 'Mit dem Identitätsanbieter Ihrer Kommune' }).waitFor();
    await expectAccessible(page, 'identity-provider-2-sign-in');
    await page.getByLabel('Kommune', { exact: true }).selectOption('demo');
    await page.getByRole('button', { name: 'Beim Identitätsanbieter der Kommune anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    expect(await page.getByText('Angemeldet als Jana Just (demo).').count()).toBe(1);
    expect(keycloak.requests.codes).toBe(1);

    // She is a person of demo now, with the mapped role, created once.
    await admin.reload();
    await admin.getByRole('heading', { level: 2, name: 'Identitätsanbieter' }).waitFor();
    const row = admin.getByRole('row', { name: /Jana Just/ });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('jana.just@demo.example');
    expect(await row.textContent()).toContain('Bürgerbüro');

    // Removed: the municipality's issuer no longer signs anyone in, and the page says so at the sign-in.
    await admin.getByRole('button', { name: 'Identitätsanbieter entfernen' }).click();
    await admin.getByText('Der Identitätsanbieter ist entfernt. Seine Anmeldungen gelten nicht mehr.').waitFor();
    const again = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await again.goto(`${origin}/anmelden`);
    await again.getByLabel('Kommune', { exact: true }).selectOption('demo');
    await again.getByRole('button', { name: 'Beim Identitätsanbieter der Kommune anmelden' }).click();
    await again.getByText('Diese Kommune hat keinen eigenen Identitätsanbieter eingerichtet.').waitFor();
  }, 120_000);
});
