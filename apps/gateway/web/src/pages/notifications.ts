import { api, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { locale, t } from '../i18n.js';
import { onLiveEvent } from '../live.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { postThenReload, showLoading, showPage, takeFlash } from '../ui.js';

interface Notification {
  id: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

let stopListening: (() => void) | undefined;

/** The in-app inbox: newest first, unread ones marked; a new notification appears at once. */
export async function notificationsPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('notifications.title'));
  const path = tenantPath(session.tenant, '/notifications');
  const { items } = await api<{ items: Notification[] }>(path);
  const markAll = h('button', { type: 'button', class: 'secondary' }, t('notifications.markAllRead'));
  markAll.addEventListener('click', () => void postThenReload(markAll, `${path}/read-all`, {}, t('notifications.allMarkedRead')));
  showPage(
    main,
    t('notifications.title'),
    takeFlash(),
    items.some((n) => !n.readAt) ? h('div', { class: 'actions' }, markAll) : null,
    items.length === 0
      ? h('p', {}, t('notifications.none'))
      : h('ul', { class: 'cards' }, ...items.map((notification) => h('li', {}, card(path, notification)))),
  );
  // Re-render when one arrives, as long as this page is shown.
  stopListening?.();
  const shownAt = location.pathname;
  stopListening = onLiveEvent((event) => {
    if (event !== 'notification.created') return;
    stopListening?.();
    if (location.pathname === shownAt) navigate(shownAt);
  });
}

function card(path: string, notification: Notification): HTMLElement {
  const headingId = `notification-${notification.id}`;
  const read = h('button', { type: 'button', class: 'small secondary', 'aria-describedby': headingId }, t('notifications.markRead'));
  read.addEventListener('click', () => void postThenReload(read, `${path}/${notification.id}/read`, {}, t('notifications.markedRead')));
  return h(
    'article',
    { class: notification.readAt ? 'card' : 'card unread', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, notification.title, notification.readAt ? null : h('span', { class: 'tag' }, t('notifications.unread'))),
    h(
      'p',
      { class: 'hint' },
      new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(notification.createdAt)),
    ),
    h('p', {}, notification.body),
    h(
      'div',
      { class: 'actions' },
      notification.link?.startsWith('/')
        ? h('a', { href: notification.link, 'aria-describedby': headingId }, t('notifications.open'))
        : null,
      notification.readAt ? null : read,
    ),
  );
}
