import { api, ApiError, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { finishSignIn, startSignIn, tenantOidcSettings, type OidcSettings, type SignInResult } from '../oidc.js';
import { navigate } from '../router.js';
import { signIn, signOut, type Session } from '../session.js';
import { alertBox, describeFailure, showLoading, showPage } from '../ui.js';
import { formField } from '../admin-forms.js';
import { isProviderAdmin, PROVIDER_PAGE } from './provider.js';

interface DemoUser {
  email: string;
  name: string;
  tenant: string;
  roles: string[];
}

type WebConfig = { signIn: 'demo' | 'unavailable' } | ({ signIn: 'oidc' } & OidcSettings);

/** Staff sign-in: the identity provider (production) or a demo person (development), as the gateway says. */
export async function loginPage(main: HTMLElement): Promise<void> {
  showLoading(main, t('login.title'));
  let config: WebConfig;
  try {
    config = await api<WebConfig>('/api/v1/web-config');
  } catch (error) {
    showPage(main, t('login.title'), alertBox(describeFailure(error)));
    return;
  }
  const ownProvider = await tenantProviderSection();
  if (config.signIn === 'oidc') {
    const button = h('button', { type: 'button' }, t('login.oidc'));
    button.addEventListener('click', () => void startSignIn(config));
    showPage(main, t('login.title'), h('p', {}, t('login.oidcIntro')), button, ownProvider);
    return;
  }
  if (config.signIn === 'unavailable') {
    showPage(main, t('login.title'), ownProvider ? null : alertBox(t('login.unavailable')), ownProvider);
    return;
  }
  await demoSignIn(main, ownProvider);
}

/**
 * Sign-in with the municipality's own identity provider, where one is configured: choose the
 * municipality, and the page sends the person to its issuer (authorization code + PKCE).
 */
async function tenantProviderSection(): Promise<HTMLElement | null> {
  const tenants = await api<Array<{ slug: string; name: string }>>('/api/v1/tenants').catch(() => []);
  if (tenants.length === 0) return null;
  const select = h(
    'select',
    { id: 'login-tenant', name: 'tenant', 'aria-describedby': 'login-tenant-hint' },
    ...tenants.map((tenant) => h('option', { value: tenant.slug }, tenant.name)),
  );
  const button = h('button', { type: 'submit' }, t('login.tenantProvider'));
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {},
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'login-tenant' }, t('login.tenant')),
      h('p', { id: 'login-tenant-hint', class: 'hint' }, t('login.tenantHint')),
      select,
    ),
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    outcome.replaceChildren();
    void (async () => {
      try {
        const { issuer, clientId } = await api<{ issuer: string; clientId: string }>(tenantPath(select.value, '/identity/sign-in'));
        const settings = await tenantOidcSettings(issuer, clientId);
        if (!settings) throw new Error(t('login.tenantProviderUnreachable'));
        await startSignIn(settings, select.value);
      } catch (error) {
        button.disabled = false;
        const none = error instanceof ApiError && error.code === 'IDENTITY.NOT_CONFIGURED';
        outcome.replaceChildren(alertBox(none ? t('login.tenantProviderNone') : describeFailure(error)));
      }
    })();
  });
  return h(
    'section',
    { 'aria-labelledby': 'login-tenant-title' },
    h('h2', { id: 'login-tenant-title' }, t('login.tenantProviderTitle')),
    form,
    outcome,
  );
}

/** Back from the identity provider: the code becomes the session's token. */
export async function loginCallbackPage(main: HTMLElement, query: URLSearchParams): Promise<void> {
  showLoading(main, t('login.title'));
  const result = await finishSignIn(query).catch(() => undefined);
  const session = result && (result.tenant ? await signInAtMunicipality(result, result.tenant) : signIn(result.accessToken));
  if (!session) {
    showPage(main, t('login.title'), alertBox(t('login.failed')), h('p', {}, h('a', { href: '/anmelden' }, t('login.title'))));
    return;
  }
  const start = startPage(session);
  history.replaceState(null, '', start);
  navigate(start);
}

/** Where a signed-in person starts: the workspace of their municipality, or the provider's page for a provider-admin. */
function startPage(session: Session): string {
  return isProviderAdmin(session) ? PROVIDER_PAGE : '/arbeitsplatz';
}

/**
 * A token of the municipality's own issuer names neither our tenant, our person nor our roles: the
 * first call goes to messaging (`…/people/me`), which knows the person — and creates them at their
 * first sign-in — before any other service is asked. The access token is tried first; an issuer
 * whose access token is meant for another API (Entra without an exposed API) is tried with its ID token.
 */
async function signInAtMunicipality(result: SignInResult, tenant: string): Promise<Session | undefined> {
  for (const token of [result.accessToken, result.idToken]) {
    if (!token) continue;
    const response = await fetch(tenantPath(tenant, '/people/me'), {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    }).catch(() => undefined);
    if (!response?.ok) continue;
    const me = (await response.json()) as { id: string; name: string; roles: string[] };
    return signIn(token, { userId: me.id, name: me.name, tenant, roles: me.roles });
  }
  signOut();
  return undefined;
}

/** The provider's demo operator (a provider-admin of no tenant), offered beside the demo people. */
const DEMO_PROVIDER_ADMIN = { email: 'betrieb@amtsweg.example', name: 'Betrieb Amtsweg', tenant: '', roles: ['provider-admin'] };

/**
 * Development sign-in: one button per demo person, the provider's operator, and any active person of
 * the directory by address; below, the municipalities' own identity providers.
 */
async function demoSignIn(main: HTMLElement, ownProvider: HTMLElement | null): Promise<void> {
  const users = await api<DemoUser[]>('/api/v1/dev/users');
  const failure = h('div', {});
  const tenants = [...new Set(users.map((user) => user.tenant))];
  showPage(
    main,
    t('login.title'),
    h('p', {}, t('login.intro')),
    failure,
    ...tenants.map((tenant) =>
      h(
        'section',
        { 'aria-labelledby': `tenant-${tenant}` },
        h('h2', { id: `tenant-${tenant}` }, tenant),
        h(
          'ul',
          { class: 'people' },
          ...users.filter((user) => user.tenant === tenant).map((user) => h('li', {}, personButton(user, failure))),
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'tenant-provider' },
      h('h2', { id: 'tenant-provider' }, t('login.providerTitle')),
      h('ul', { class: 'people' }, h('li', {}, personButton(DEMO_PROVIDER_ADMIN, failure))),
    ),
    emailSignIn(failure),
    ownProvider,
  );
}

/** A development token for an address: someone the directory got after the start (a municipality's newly named administrator). */
function emailSignIn(failure: HTMLElement): HTMLElement {
  const email = formField(
    h('input', { id: 'login-email', name: 'email', type: 'email', required: true, autocomplete: 'email' }),
    t('login.email'),
  );
  const submit = h('button', { type: 'submit' }, t('login.byEmail'));
  const form = h('form', { novalidate: true }, email.wrapper, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const address = email.input.value.trim();
    email.setError(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address) ? undefined : t('admin.emailInvalid'));
    if (email.input.hasAttribute('aria-invalid')) {
      email.input.focus();
      return;
    }
    void devSignIn(address, submit, failure);
  });
  return h(
    'section',
    { 'aria-labelledby': 'login-email-title' },
    h('h2', { id: 'login-email-title' }, t('login.byEmailTitle')),
    h('p', { class: 'hint' }, t('login.byEmailIntro')),
    form,
  );
}

async function devSignIn(email: string, button: HTMLButtonElement, failure: HTMLElement): Promise<void> {
  button.disabled = true;
  try {
    const { access_token } = await api<{ access_token: string }>('/api/v1/dev/token', { method: 'POST', body: { email } });
    navigate(startPage(signIn(access_token)));
  } catch (error) {
    button.disabled = false;
    failure.replaceChildren(alertBox(describeFailure(error)));
  }
}

function personButton(user: DemoUser, failure: HTMLElement): HTMLElement {
  const button = h('button', { type: 'button', 'aria-describedby': `roles-${user.email}` }, t('login.as', { name: user.name }));
  button.addEventListener('click', () => void devSignIn(user.email, button, failure));
  return h(
    'div',
    { class: 'person' },
    button,
    h('p', { id: `roles-${user.email}`, class: 'hint' }, t('login.roles', { roles: user.roles.join(', ') })),
  );
}
