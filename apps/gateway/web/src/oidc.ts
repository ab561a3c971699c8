/** Sign-in with the municipality's identity provider: OAuth 2.0 authorization code flow with PKCE (RFC 7636), a public client. */
export interface OidcSettings {
  clientId: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  scope: string;
}

const PENDING_KEY = 'amtsweg.oidc.pending';
export const CALLBACK_PATH = '/anmelden/rueckruf';

/** What the way back yields: the access token, the ID token if the provider sent one, and the municipality of its own issuer. */
export interface SignInResult {
  accessToken: string;
  idToken?: string;
  /** Set when the person chose their municipality's own identity provider. */
  tenant?: string;
}

/**
 * Sends the browser to the provider; verifier and state wait in sessionStorage for the way back.
 * `tenant`: a municipality's own identity provider (`…/identity/sign-in`), not the platform's.
 */
export async function startSignIn(settings: OidcSettings, tenant?: string): Promise<void> {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, settings, tenant }));
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const url = new URL(settings.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: location.origin + CALLBACK_PATH,
    scope: settings.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/**
 * The way back: checks the state (against forged callbacks), trades the code and the verifier for
 * the access token. Answers undefined when the callback is not one this tab started.
 */
export async function finishSignIn(query: URLSearchParams): Promise<SignInResult | undefined> {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!stored) return undefined;
  const pending = JSON.parse(stored) as { verifier: string; state: string; settings: OidcSettings; tenant?: string };
  const code = query.get('code');
  if (!code || query.get('state') !== pending.state) return undefined;
  const response = await fetch(pending.settings.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: location.origin + CALLBACK_PATH,
      client_id: pending.settings.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) return undefined;
  const { access_token: token, id_token: idToken } = (await response.json()) as { access_token?: unknown; id_token?: unknown };
  if (typeof token !== 'string') return undefined;
  return { accessToken: token, ...(typeof idToken === 'string' ? { idToken } : {}), ...(pending.tenant ? { tenant: pending.tenant } : {}) };
}

/**
 * A municipality's identity provider: its sign-in endpoints from its discovery document, read by the
 * browser (the provider must allow this origin). The client is public; PKCE stands in for a secret.
 */
export async function tenantOidcSettings(issuer: string, clientId: string): Promise<OidcSettings | undefined> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`).catch(() => undefined);
  if (!response?.ok) return undefined;
  const document = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  const { authorization_endpoint: authorizationEndpoint, token_endpoint: tokenEndpoint } = document;
  if (typeof authorizationEndpoint !== 'string' || typeof tokenEndpoint !== 'string') return undefined;
  return { clientId, authorizationEndpoint, tokenEndpoint, scope: 'openid email profile' };
}

function randomString(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
