import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { finishSignIn, startSignIn, type OidcSettings } from '../oidc.js';
import { navigate } from '../router.js';
import { signIn } from '../session.js';
import { alertBox, describeFailure, showLoading, showPage } from '../ui.js';

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
  if (config.signIn === 'oidc') {
    const button = h('button', { type: 'button' }, t('login.oidc'));
    button.addEventListener('click', () => void startSignIn(config));
    showPage(main, t('login.title'), h('p', {}, t('login.oidcIntro')), button);
    return;
  }
  if (config.signIn === 'unavailable') {
    showPage(main, t('login.title'), alertBox(t('login.unavailable')));
    return;
  }
  await demoSignIn(main);
}

/** Back from the identity provider: the code becomes the session's token. */
export async function loginCallbackPage(main: HTMLElement, query: URLSearchParams): Promise<void> {
  showLoading(main, t('login.title'));
  const token = await finishSignIn(query).catch(() => undefined);
  if (!token) {
    showPage(main, t('login.title'), alertBox(t('login.failed')), h('p', {}, h('a', { href: '/anmelden' }, t('login.title'))));
    return;
  }
  signIn(token);
  history.replaceState(null, '', '/arbeitsplatz');
  navigate('/arbeitsplatz');
}

/** Development sign-in: one button per demo person. */
async function demoSignIn(main: HTMLElement): Promise<void> {
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
  );
}

function personButton(user: DemoUser, failure: HTMLElement): HTMLElement {
  const button = h('button', { type: 'button', 'aria-describedby': `roles-${user.email}` }, t('login.as', { name: user.name }));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const { access_token } = await api<{ access_token: string }>('/api/v1/dev/token', { method: 'POST', body: { email: user.email } });
      signIn(access_token);
      navigate('/arbeitsplatz');
    } catch (error) {
      button.disabled = false;
      failure.replaceChildren(alertBox(describeFailure(error)));
    }
  });
  return h(
    'div',
    { class: 'person' },
    button,
    h('p', { id: `roles-${user.email}`, class: 'hint' }, t('login.roles', { roles: user.roles.join(', ') })),
  );
}
