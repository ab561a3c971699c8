import { h, replaceChildren } from './dom.js';
import { currentLanguage, setLanguage, t } from './i18n.js';
import { bookingPage } from './pages/booking.js';
import { clerkDayPage } from './pages/clerk-day.js';
import { decideRequestsPage } from './pages/decide-requests.js';
import { deviceRequestsPage } from './pages/device-requests.js';
import { homePage } from './pages/home.js';
import { loginPage } from './pages/login.js';
import { managePage } from './pages/manage.js';
import { signingInboxPage, signingRequestPage } from './pages/signing.js';
import { workspacePage } from './pages/workspace.js';
import { interceptLinks, navigate } from './router.js';
import { currentSession, signOut } from './session.js';
import { alertBox, describeFailure, showPage } from './ui.js';

const header = document.getElementById('header')!;
const main = document.getElementById('main')!;
const skip = document.getElementById('skip')!;

/** Path → page. Tenant pages carry the municipality as the first segment: /demo/termin. */
async function route(): Promise<void> {
  const path = decodeURIComponent(location.pathname).replace(/\/+$/, '') || '/';
  const query = new URLSearchParams(location.search);
  let match: RegExpMatchArray | null;
  if (path === '/') return homePage(main);
  if (path === '/anmelden') return loginPage(main);
  if (path === '/arbeitsplatz' || path.startsWith('/arbeitsplatz/')) return staffRoute(path, query);
  if ((match = path.match(/^\/([a-z0-9-]+)\/termin$/))) return bookingPage(main, match[1], query);
  if ((match = path.match(/^\/([a-z0-9-]+)\/buchung\/([^/]+)$/))) return managePage(main, match[1], match[2], query);
  showPage(main, t('app.notFound'), h('p', {}, h('a', { href: '/' }, t('app.home'))));
}

/** Staff pages need a sign-in; without one they lead to it. */
async function staffRoute(path: string, query: URLSearchParams): Promise<void> {
  const session = currentSession();
  if (!session) return navigate('/anmelden');
  let match: RegExpMatchArray | null;
  if (path === '/arbeitsplatz') return workspacePage(main, session);
  if (path === '/arbeitsplatz/termine') return clerkDayPage(main, session, query);
  if (path === '/arbeitsplatz/unterschriften') return signingInboxPage(main, session);
  if ((match = path.match(/^\/arbeitsplatz\/unterschriften\/([0-9a-f-]+)$/))) return signingRequestPage(main, session, match[1]);
  if (path === '/arbeitsplatz/geraete') return deviceRequestsPage(main, session);
  if (path === '/arbeitsplatz/geraeteantraege') return decideRequestsPage(main, session);
  showPage(main, t('app.notFound'), h('p', {}, h('a', { href: '/arbeitsplatz' }, t('workspace.title'))));
}

function renderHeader(): void {
  const session = currentSession();
  const other = currentLanguage() === 'de' ? 'en' : 'de';
  const language = h(
    'button',
    { type: 'button', class: 'link-button', lang: other, 'aria-label': t('app.languageLabel') },
    t('app.language'),
  );
  language.addEventListener('click', () => {
    setLanguage(other);
    render();
  });
  const account = session
    ? h('button', { type: 'button', class: 'link-button' }, t('app.logout'))
    : h('a', { href: '/anmelden' }, t('app.login'));
  account.addEventListener('click', (event) => {
    if (!session) return;
    event.preventDefault();
    signOut();
    navigate('/');
  });
  skip.textContent = t('app.skip');
  replaceChildren(
    header,
    h('a', { href: '/', class: 'brand' }, t('app.name')),
    h(
      'nav',
      { 'aria-label': t('app.name') },
      h(
        'ul',
        {},
        session ? h('li', {}, h('a', { href: '/arbeitsplatz' }, t('workspace.title'))) : null,
        h('li', {}, account),
        h('li', {}, language),
      ),
    ),
  );
}

async function render(): Promise<void> {
  renderHeader();
  try {
    await route();
  } catch (error) {
    showPage(main, t('app.name'), alertBox(describeFailure(error)));
  }
}

setLanguage(currentLanguage());
interceptLinks(document.body);
window.addEventListener('popstate', () => void render());
void render();
