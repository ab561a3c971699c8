import { h } from '../dom.js';
import { t, type MessageKey } from '../i18n.js';
import type { Session } from '../session.js';
import { choiceList, showPage } from '../ui.js';
import { BOOKING_SETTINGS_PAGE } from './booking-settings.js';
import { MESSAGE_RETENTION_PAGE } from './message-retention.js';
import { OFFICES_PAGE } from './offices.js';
import { PEOPLE_PAGE } from './people.js';
import { PROFILES_PAGE } from './provisioning-profiles.js';
import { RELEASES_PAGE } from './releases.js';
import { SERVICES_PAGE } from './services.js';
import { STATISTICS_PAGE } from './statistics.js';

/** The workspace's views, each offered to the roles that may use it (the services check again). */
const VIEWS: Array<{ path: string; title: MessageKey; roles: string[] }> = [
  { path: '/arbeitsplatz/termine', title: 'workspace.clerkDay', roles: ['clerk'] },
  { path: '/arbeitsplatz/unterschriften', title: 'workspace.signing', roles: ['staff', 'clerk'] },
  { path: '/arbeitsplatz/zweiter-faktor', title: 'factor.title', roles: ['staff', 'clerk'] },
  { path: '/arbeitsplatz/nachrichten', title: 'workspace.messages', roles: ['staff', 'clerk', 'it-admin', 'tenant-admin'] },
  { path: '/arbeitsplatz/geraete', title: 'workspace.myDevices', roles: ['staff'] },
  { path: '/arbeitsplatz/geraeteantraege', title: 'workspace.decideDevices', roles: ['it-admin'] },
  { path: '/arbeitsplatz/einrichten', title: 'workspace.provision', roles: ['it-admin'] },
  { path: '/arbeitsplatz/inventar', title: 'workspace.inventory', roles: ['it-admin'] },
  { path: '/arbeitsplatz/import', title: 'workspace.import', roles: ['it-admin'] },
  { path: '/arbeitsplatz/rollout', title: 'workspace.rollout', roles: ['it-admin'] },
  { path: PROFILES_PAGE, title: 'profiles.title', roles: ['it-admin'] },
  { path: OFFICES_PAGE, title: 'offices.title', roles: ['tenant-admin'] },
  { path: SERVICES_PAGE, title: 'services.title', roles: ['tenant-admin'] },
  { path: BOOKING_SETTINGS_PAGE, title: 'settings.title', roles: ['tenant-admin'] },
  { path: RELEASES_PAGE, title: 'releases.title', roles: ['tenant-admin'] },
  { path: STATISTICS_PAGE, title: 'statistics.title', roles: ['tenant-admin'] },
  { path: PEOPLE_PAGE, title: 'people.title', roles: ['tenant-admin'] },
  { path: MESSAGE_RETENTION_PAGE, title: 'retention.title', roles: ['tenant-admin'] },
];

/** The signed-in staff member's start page: the views their roles open. */
export function workspacePage(main: HTMLElement, session: Session): void {
  const views = VIEWS.filter((view) => view.roles.some((role) => session.roles.includes(role)));
  showPage(
    main,
    t('workspace.title'),
    h('p', {}, t('workspace.welcome', { name: session.name, tenant: session.tenant })),
    views.length === 0
      ? h('p', {}, t('workspace.noTasks'))
      : choiceList(
          t('workspace.tasks'),
          views.map((view) => ({ href: view.path, text: t(view.title) })),
        ),
  );
}
