/** Sign-in with the municipality's identity provider: OAuth 2.0 authorization code flow with PKCE (RFC 7636), a public client. */
export interface OidcSettings {
  clientId: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  scope: string;
}

const PENDING_KEY = 'amtsweg.oidc.pending';
export const CALLBACK_PATH = '/anmelden/rueckruf';

/** Sends the browser to the provider; verifier and state wait in sessionStorage for the way back. */
export async function startSignIn(settings: OidcSettings): Promise<void> {
  const verifier = randomString();
  const state = randomString();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, settings }));
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
export async function finishSignIn(query: URLSearchParams): Promise<string | undefined> {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!stored) return undefined;
  const pending = JSON.parse(stored) as { verifier: string; state: string; settings: OidcSettings };
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
  const { access_token: token } = (await response.json()) as { access_token?: unknown };
  return typeof token === 'string' ? token : undefined;
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
