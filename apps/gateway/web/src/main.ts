import { h, replaceChildren } from './dom.js';
import { currentLanguage, setLanguage, t } from './i18n.js';
import { bookingPage } from './pages/booking.js';
import { BOOKING_SETTINGS_PAGE, bookingSettingsPage } from './pages/booking-settings.js';
import { clerkDayPage } from './pages/clerk-day.js';
import { conversationPage, conversationsPage } from './pages/conversations.js';
import { decideRequestsPage } from './pages/decide-requests.js';
import { deviceRequestsPage } from './pages/device-requests.js';
import { deviceImportPage } from './pages/device-import.js';
import { homePage } from './pages/home.js';
import { inventoryPage } from './pages/inventory.js';
import { devicePage } from './pages/device.js';
import { CALLBACK_PATH } from './oidc.js';
import { loginCallbackPage, loginPage } from './pages/login.js';
import { managePage } from './pages/manage.js';
import { OFFICES_PAGE, officePage, officesPage } from './pages/offices.js';
import { SERVICES_PAGE, servicePage, servicesPage } from './pages/services.js';
import { MESSAGE_RETENTION_PAGE, messageRetentionPage } from './pages/message-retention.js';
import { PEOPLE_PAGE, newPersonPage, peoplePage, personPage } from './pages/people.js';
import { PROFILES_PAGE, newProfilePage, profilesPage } from './pages/provisioning-profiles.js';
import { RELEASES_PAGE, releasesPage } from './pages/releases.js';
import { STATISTICS_PAGE, statisticsPage } from './pages/statistics.js';
import { provisionPage } from './pages/provision.js';
import { isProviderAdmin, PROVIDER_PAGE, providerPage, providerTenantPage } from './pages/provider.js';
import { rolloutPage } from './pages/rollout.js';
import { signingInboxPage, signingRequestPage } from './pages/signing.js';
import { SIGNING_FACTOR_PAGE, signingFactorPage } from './pages/signing-factor.js';
import { verifyDocumentPage } from './pages/verify-document.js';
import { waitingListPage } from './pages/waiting-list.js';
import { workspacePage } from './pages/workspace.js';
import { interceptLinks, navigate } from './router.js';
import { api, tenantPath } from './api.js';
import { connectLive, disconnectLive, onLiveEvent } from './live.js';
import { notificationsPage } from './pages/notifications.js';
import { currentSession, signOut, type Session } from './session.js';
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
  if (path === CALLBACK_PATH) return loginCallbackPage(main, query);
  if (path === '/arbeitsplatz' || path.startsWith('/arbeitsplatz/')) return staffRoute(path, query);
  if (path === PROVIDER_PAGE || path.startsWith(`${PROVIDER_PAGE}/`)) return providerRoute(path);
  // Links in notifications name the case: /signaturen/{id}.
  if ((match = path.match(/^\/signaturen\/([0-9a-f-]+)$/))) return staffRoute(`/arbeitsplatz/unterschriften/${match[1]}`, query);
  if ((match = path.match(/^\/([a-z0-9-]+)\/termin$/))) return bookingPage(main, match[1], query);
  if ((match = path.match(/^\/([a-z0-9-]+)\/buchung\/([^/]+)$/))) return managePage(main, match[1], match[2], query);
  if ((match = path.match(/^\/([a-z0-9-]+)\/warteliste$/))) return waitingListPage(main, match[1], query);
  if ((match = path.match(/^\/([a-z0-9-]+)\/pruefen$/))) return verifyDocumentPage(main, match[1]);
  showPage(main, t('app.notFound'), h('p', {}, h('a', { href: '/' }, t('app.home'))));
}

/** The IT service provider's pages: a provider-admin's sign-in (the pages tell anyone else they are not theirs). */
async function providerRoute(path: string): Promise<void> {
  const session = currentSession();
  if (!session) return navigate('/anmelden');
  if (path === PROVIDER_PAGE) return providerPage(main, session);
  const match = path.match(/^\/betrieb\/([a-z0-9-]+)$/);
  if (match) return providerTenantPage(main, session, match[1]);
  showPage(main, t('app.notFound'), h('p', {}, h('a', { href: PROVIDER_PAGE }, t('provider.title'))));
}

/** Staff pages need a sign-in; without one they lead to it. A provider-admin works in no municipality: their start is /betrieb. */
async function staffRoute(path: string, query: URLSearchParams): Promise<void> {
  const session = currentSession();
  if (!session) return navigate('/anmelden');
  if (isProviderAdmin(session)) return navigate(PROVIDER_PAGE);
  let match: RegExpMatchArray | null;
  if (path === '/arbeitsplatz') return workspacePage(main, session);
  if (path === '/arbeitsplatz/termine') return clerkDayPage(main, session, query);
  if (path === '/arbeitsplatz/unterschriften') return signingInboxPage(main, session);
  if ((match = path.match(/^\/arbeitsplatz\/unterschriften\/([0-9a-f-]+)$/))) return signingRequestPage(main, session, match[1]);
  if (path === SIGNING_FACTOR_PAGE) return signingFactorPage(main, session);
  if (path === '/arbeitsplatz/geraete') return deviceRequestsPage(main, session);
  if (path === '/arbeitsplatz/geraeteantraege') return decideRequestsPage(main, session);
  if (path === '/arbeitsplatz/mitteilungen') return notificationsPage(main, session);
  if (path === '/arbeitsplatz/nachrichten') return conversationsPage(main, session);
  if ((match = path.match(/^\/arbeitsplatz\/nachrichten\/([0-9a-f-]+)$/))) return conversationPage(main, session, match[1]);
  if (path === '/arbeitsplatz/inventar') return inventoryPage(main, session, query);
  if ((match = path.match(/^\/arbeitsplatz\/inventar\/([0-9a-f-]+)$/))) return devicePage(main, session, match[1]);
  if (path === '/arbeitsplatz/import') return deviceImportPage(main, session);
  if (path === '/arbeitsplatz/rollout') return rolloutPage(main, session);
  if (path === '/arbeitsplatz/einrichten') return provisionPage(main, session);
  if (path === OFFICES_PAGE) return officesPage(main, session);
  if (path === `${OFFICES_PAGE}/neu`) return officePage(main, session);
  if ((match = path.match(/^\/arbeitsplatz\/buergerbueros\/([0-9a-f-]+)$/))) return officePage(main, session, match[1]);
  if (path === SERVICES_PAGE) return servicesPage(main, session);
  if (path === `${SERVICES_PAGE}/neu`) return servicePage(main, session);
  if ((match = path.match(/^\/arbeitsplatz\/anliegen\/([0-9a-f-]+)$/))) return servicePage(main, session, match[1]);
  if (path === BOOKING_SETTINGS_PAGE) return bookingSettingsPage(main, session);
  if (path === PEOPLE_PAGE) return peoplePage(main, session);
  if (path === `${PEOPLE_PAGE}/neu`) return newPersonPage(main, session);
  if ((match = path.match(/^\/arbeitsplatz\/personen\/([0-9a-f-]+)$/))) return personPage(main, session, match[1]);
  if (path === MESSAGE_RETENTION_PAGE) return messageRetentionPage(main, session);
  if (path === PROFILES_PAGE) return profilesPage(main, session);
  if (path === `${PROFILES_PAGE}/neu`) return newProfilePage(main, session);
  if (path === RELEASES_PAGE) return releasesPage(main, session);
  if (path === STATISTICS_PAGE) return statisticsPage(main, session, query);
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
    void render();
  });
  const account = session
    ? h('button', { type: 'button', class: 'link-button' }, t('app.logout'))
    : h('a', { href: '/anmelden' }, t('app.login'));
  account.addEventListener('click', (event) => {
    if (!session) return;
    event.preventDefault();
    signOut();
    disconnectLive();
    liveFor = undefined;
    unreadCount = 0;
    navigate('/');
  });
  skip.textContent = t('app.skip');
  const provider = session !== undefined && isProviderAdmin(session);
  const staffLinks = !session
    ? []
    : provider
      ? [h('li', {}, h('a', { href: PROVIDER_PAGE }, t('app.provider')))]
      : [h('li', {}, h('a', { href: '/arbeitsplatz' }, t('workspace.title'))), h('li', {}, notificationsLink)];
  replaceChildren(
    header,
    h('a', { href: '/', class: 'brand' }, t('app.name')),
    h('nav', { 'aria-label': t('app.name') }, h('ul', {}, ...staffLinks, h('li', {}, account), h('li', {}, language))),
  );
  // A provider-admin belongs to no municipality: no inbox, no live stream.
  if (session && !provider) void showUnreadCount(session);
}

/** The header's link to the inbox, with the unread count kept current by the live stream. */
const notificationsLink = h('a', { href: '/arbeitsplatz/mitteilungen' });

let unreadCount = 0;

function setUnreadCount(count: number): void {
  unreadCount = count;
  replaceChildren(
    notificationsLink,
    t('notifications.title'),
    count > 0 ? h('span', { class: 'badge', 'aria-hidden': 'true' }, count) : null,
  );
  notificationsLink.setAttribute('aria-label', count > 0 ? t('notifications.unreadLabel', { count }) : t('notifications.title'));
}

/** The token the live stream was opened with: a new sign-in opens a new stream. */
let liveFor: string | undefined;

/**
 * The count is asked once per sign-in, when the stream opens; from then on the stream's `unread`
 * events keep it current, so a page change only relabels it (in the current language).
 */
async function showUnreadCount(session: Session): Promise<void> {
  setUnreadCount(unreadCount);
  if (liveFor === session.token) return;
  liveFor = session.token;
  connectLive(session);
  const answer = await api<{ unreadCount: number }>(tenantPath(session.tenant, '/notifications?unread=true&limit=1')).catch(() => ({
    unreadCount: 0,
  }));
  setUnreadCount(answer.unreadCount);
}

onLiveEvent((event, data) => {
  const update = data as { scope?: string; unreadCount?: number };
  if (event === 'unread' && update.scope === 'notifications' && typeof update.unreadCount === 'number') setUnreadCount(update.unreadCount);
});

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
