import { createHash, randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { Browser } from 'playwright-core';
import { accessibilityViolations, browserAvailable, keepScreenshot } from '../support/browser';
import { startWebAppInBrowser, type WebAppInBrowser } from '../support/web-app';

const describeInBrowser = browserAvailable() ? describe : describe.skip;
const CLIENT_ID = 'amtsweg-web';

/**
 * A minimal identity provider: authorization code flow for one public client, PKCE S256 enforced,
 * each code usable once. It stands in for the municipality's provider (e.g. Keycloak).
 */
async function startIdentityProvider() {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256', use: 'sig' };
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const exchanges = { verified: 0, refused: 0 };
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  app.get('/.well-known/openid-configuration', (_request, response) => {
    response.json({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` });
  });
  app.get('/jwks', (_request, response) => void response.json({ keys: [jwk] }));
  app.get('/authorize', (request, response) => {
    const { client_id, redirect_uri, state, code_challenge, code_challenge_method, response_type } = request.query as Record<
      string,
      string
    >;
    if (client_id !== CLIENT_ID || response_type !== 'code' || code_challenge_method !== 'S256' || !code_challenge)
      return void response.status(400).send('bad request');
    const code = randomBytes(16).toString('hex');
    codes.set(code, { challenge: code_challenge, redirectUri: redirect_uri });
    response.redirect(`${redirect_uri}?${new URLSearchParams({ code, state })}`);
  });
  app.post('/token', express.urlencoded({ extended: false }), async (request, response) => {
    response.set('access-control-allow-origin', String(request.headers.origin ?? '*'));
    const { code, code_verifier, redirect_uri, client_id } = request.body as Record<string, string>;
    const pending = codes.get(code);
    codes.delete(code);
    const challenge = createHash('sha256')
      .update(code_verifier ?? '')
      .digest('base64url');
    if (!pending || client_id !== CLIENT_ID || pending.redirectUri !== redirect_uri || pending.challenge !== challenge) {
      exchanges.refused++;
      return void response.status(400).json({ error: 'invalid_grant' });
    }
    exchanges.verified++;
    const token = await new SignJWT({ tenant: 'demo', roles: ['staff', 'it-admin'], email: 'petra@demo.example', name: 'Petra Pkce' })
      .setProtectedHeader({ alg: 'ES256', kid: 'test' })
      .setIssuer(issuer)
      .setAudience('amtsweg')
      .setSubject('0190a000-0000-7000-8000-0000000009aa')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    response.json({ access_token: token, token_type: 'Bearer', expires_in: 600 });
  });
  return { issuer, exchanges, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describeInBrowser('staff sign-in at an identity provider (authorization code flow with PKCE)', () => {
  let provider: Awaited<ReturnType<typeof startIdentityProvider>>;
  let web: WebAppInBrowser;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    provider = await startIdentityProvider();
    // The gateway alone: every service is "elsewhere", so this start is quick and needs no database of theirs.
    const elsewhere = 'http://127.0.0.1:9';
    web = await startWebAppInBrowser('oidc', {
      gateway: {
        APPOINTMENTS_URL: elsewhere,
        MESSAGING_URL: elsewhere,
        SIGNATURES_URL: elsewhere,
        DEVICES_URL: elsewhere,
        OIDC_CLIENT_ID: CLIENT_ID,
      },
      platform: { OIDC_ISSUER: provider.issuer, OIDC_JWKS_URL: `${provider.issuer}/jwks` },
    });
    ({ browser, origin } = web);
  }, 120_000);

  afterAll(async () => {
    await web?.close();
    await provider?.close();
  });

  it('signs in through the provider with a PKCE-verified code and lands in the workspace', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`${origin}/anmelden`);
    await page.getByRole('heading', { name: 'Anmelden' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Mit dem Konto Ihrer Kommune anmelden' }).click();
    await page.getByRole('heading', { name: 'Arbeitsplatz' }).waitFor();
    expect(await page.getByText('Angemeldet als Petra Pkce (demo).').count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/arbeitsplatz');
    expect(provider.exchanges).toEqual({ verified: 1, refused: 0 });
    await keepScreenshot(page, 'oidc-workspace');
  }, 60_000);

  it('refuses a callback this tab did not start (forged state), and the demo sign-in is off', async () => {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(`${origin}/anmelden/rueckruf?code=stolen&state=forged`);
    await page.getByText('Die Anmeldung hat nicht geklappt. Bitte versuchen Sie es noch einmal.').waitFor();
    expect(provider.exchanges.verified).toBe(1);
    const demo = await fetch(`${origin}/api/v1/dev/users`);
    expect(demo.status).toBe(404);
  }, 60_000);
});
