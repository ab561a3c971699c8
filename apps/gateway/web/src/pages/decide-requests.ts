import { api, tenantPath } from '../api.js';
import { requestItemsText, type DeviceRequest } from '../device-texts.js';
import { h } from '../dom.js';
import { locale, t } from '../i18n.js';
import type { Session } from '../session.js';
import { detailsList, postThenReload, showLoading, showPage, takeFlash } from '../ui.js';

/** The IT admin's queue: submitted requests, each approved (the system picks in-stock devices) or rejected with a reason. */
export async function decideRequestsPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('decide.title'));
  const path = tenantPath(session.tenant, '/device-requests');
  const [{ items }, people] = await Promise.all([
    api<{ items: DeviceRequest[] }>(`${path}?status=submitted`),
    // The requester by name; their id only when the directory does not know them (or cannot be asked).
    api<Array<{ id: string; name: string }>>(tenantPath(session.tenant, '/people')).catch(() => []),
  ]);
  const names = new Map(people.map((person) => [person.id, person.name]));
  showPage(
    main,
    t('decide.title'),
    takeFlash(),
    items.length === 0
      ? h('p', {}, t('decide.none'))
      : h(
          'ul',
          { class: 'cards' },
          ...items.map((request) => h('li', {}, requestCard(path, request, names.get(request.requesterId) ?? request.requesterId))),
        ),
  );
}

function requestCard(path: string, request: DeviceRequest, requester: string): HTMLElement {
  const headingId = `request-${request.id}`;
  const reasonId = `reason-${request.id}`;
  const approve = h('button', { type: 'button' }, t('decide.approve'));
  const reason = h('input', { id: reasonId, name: 'reason', maxlength: 1000, required: true });
  const reject = h('button', { type: 'submit', class: 'secondary' }, t('decide.reject'));
  const rejectForm = h(
    'form',
    { class: 'inline-form' },
    h('div', { class: 'field' }, h('label', { for: reasonId }, t('decide.reason')), reason),
    reject,
  );
  approve.addEventListener('click', () => void postThenReload(approve, `${path}/${request.id}/approve`, {}, t('decide.approved')));
  rejectForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!reason.reportValidity()) return;
    void postThenReload(reject, `${path}/${request.id}/reject`, { reason: reason.value.trim() }, t('decide.rejectedDone'));
  });
  return h(
    'section',
    { class: 'card', 'aria-labelledby': headingId },
    h(
      'h2',
      { id: headingId },
      t('decide.request', { date: new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(request.createdAt)) }),
    ),
    detailsList([
      [t('decide.requester'), requester],
      [t('devices.items'), requestItemsText(request)],
      [t('devices.justification'), request.justification],
      [t('devices.neededBy'), request.neededBy],
    ]),
    h('div', { class: 'actions' }, approve),
    rejectForm,
  );
}
