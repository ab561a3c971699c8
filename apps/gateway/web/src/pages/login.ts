import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { signIn } from '../session.js';
import { alertBox, describeFailure, loading, showPage } from '../ui.js';

interface DemoUser {
  email: string;
  name: string;
  tenant: string;
  roles: string[];
}

/**
 * Development sign-in: one button per demo person. Where the development issuer is switched off
 * (production) the list is not served and the page says so.
 */
export async function loginPage(main: HTMLElement): Promise<void> {
  showPage(main, t('login.title'), loading());
  let users: DemoUser[];
  try {
    users = await api<DemoUser[]>('/api/v1/dev/users');
  } catch (error) {
    showPage(
      main,
      t('login.title'),
      alertBox(error instanceof ApiError && error.status === 404 ? t('login.unavailable') : describeFailure(error)),
    );
    return;
  }
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
