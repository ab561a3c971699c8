import { api, tenantPath } from '../api.js';
import { DEVICE_TYPES, deviceTypeText, requestItemsText, requestStatusText, type DeviceRequest } from '../device-texts.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, describeFailure, flash, scrollable, showLoading, showPage, takeFlash } from '../ui.js';

/** A member of staff's own device requests and the form for a new one (a kit: several types at once). */
export async function deviceRequestsPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('devices.title'));
  const path = tenantPath(session.tenant, '/device-requests');
  const { items } = await api<{ items: DeviceRequest[] }>(path);
  showPage(
    main,
    t('devices.title'),
    takeFlash(),
    items.length === 0 ? h('p', {}, t('devices.none')) : requestTable(items),
    h('h2', { id: 'new-request' }, t('devices.new')),
    requestForm(path),
  );
}

function requestTable(requests: DeviceRequest[]): HTMLElement {
  return scrollable(
    h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, t('devices.title')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...(['devices.items', 'devices.neededBy', 'devices.status', 'devices.reason'] as const).map((key) =>
            h('th', { scope: 'col' }, t(key)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...requests.map((request) =>
          h(
            'tr',
            {},
            h('td', {}, requestItemsText(request)),
            h('td', {}, request.neededBy),
            h('td', {}, requestStatusText(request.status)),
            h('td', {}, request.rejectionReason ?? ''),
          ),
        ),
      ),
    ),
  );
}

function requestForm(path: string): HTMLElement {
  const counts = DEVICE_TYPES.map((type) => ({
    type,
    input: h('input', { id: `count-${type}`, name: type, type: 'number', min: 0, max: 50, value: 0, inputmode: 'numeric' }),
  }));
  const justification = h('textarea', { id: 'justification', name: 'justification', rows: 3, maxlength: 1000, required: true });
  const neededBy = h('input', { id: 'needed-by', name: 'neededBy', type: 'date', required: true });
  const errors = h('div', {});
  const button = h('button', { type: 'submit' }, t('devices.submit'));
  const form = h(
    'form',
    { 'aria-labelledby': 'new-request' },
    errors,
    h(
      'div',
      { class: 'counts' },
      ...counts.map(({ type, input }) =>
        h('div', { class: 'field' }, h('label', { for: input.id }, t('devices.count', { type: deviceTypeText(type) })), input),
      ),
    ),
    h('div', { class: 'field' }, h('label', { for: 'justification' }, t('devices.justification')), justification),
    h('div', { class: 'field' }, h('label', { for: 'needed-by' }, t('devices.neededBy')), neededBy),
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.replaceChildren();
    const items = counts.map(({ type, input }) => ({ type, count: Number(input.value) })).filter((item) => item.count > 0);
    if (items.length === 0) {
      errors.replaceChildren(alertBox(t('devices.nothingRequested')));
      counts[0].input.focus();
      return;
    }
    if (!form.reportValidity()) return;
    button.disabled = true;
    try {
      await api(path, { method: 'POST', body: { items, justification: justification.value.trim(), neededBy: neededBy.value } });
      flash(t('devices.submitted'), 'success');
      navigate(location.pathname);
    } catch (error) {
      button.disabled = false;
      errors.replaceChildren(alertBox(describeFailure(error)));
    }
  });
  return form;
}
