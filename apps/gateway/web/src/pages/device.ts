import { api, tenantPath } from '../api.js';
import { deviceStatusText, deviceTypeText } from '../device-texts.js';
import { h } from '../dom.js';
import { locale, t } from '../i18n.js';
import type { Session } from '../session.js';
import { alertBox, dataTable, describeFailure, detailsList, flash, scrollable, showLoading, showPage, takeFlash } from '../ui.js';
import { navigate } from '../router.js';

interface DeviceDetail {
  id: string;
  type: string;
  model: string;
  serial: string;
  assetTag: string | null;
  imei: string | null;
  purchase: { orderNumber: string | null; supplier: string | null; deliveredOn: string | null; warrantyUntil: string | null };
  status: string;
  holderId: string | null;
  history: Array<{ at: string; actor: string; from: string | null; to: string; reason: string | null }>;
}

/**
 * The steps an IT admin takes on this page, per status (the devices API enforces the lifecycle;
 * reserving, setting up and handing over belong to the rollout and are not offered here).
 */
const NEXT_STEPS: Record<string, string[]> = {
  in_stock: ['retired', 'lost', 'in_repair'],
  reserved: ['in_stock'],
  provisioning: ['in_stock'],
  ready: ['in_stock'],
  handed_over: ['returned', 'lost'],
  returned: ['in_stock', 'retired', 'lost', 'in_repair'],
  retired: [],
  lost: ['in_stock', 'retired'],
  in_repair: ['in_stock', 'retired', 'lost'],
};

/** One device: its data, its history (who, when, from, to, why), and the steps its status allows now. */
export async function devicePage(main: HTMLElement, session: Session, id: string): Promise<void> {
  showLoading(main, t('device.title'));
  const path = tenantPath(session.tenant, `/devices/${encodeURIComponent(id)}`);
  const [device, people] = await Promise.all([
    api<DeviceDetail>(path),
    api<Array<{ id: string; name: string }>>(tenantPath(session.tenant, '/people')).catch(() => []),
  ]);
  const names = new Map(people.map((person) => [person.id, person.name]));
  const person = (userId: string | null) => (userId ? (names.get(userId) ?? userId) : '–');
  const when = (at: string) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
  showPage(
    main,
    `${deviceTypeText(device.type)} ${device.serial}`,
    h('p', {}, h('a', { href: '/arbeitsplatz/inventar' }, t('device.back'))),
    takeFlash(),
    detailsList([
      [t('inventory.status'), deviceStatusText(device.status)],
      [t('inventory.model'), device.model],
      [t('inventory.serial'), device.serial],
      [t('inventory.assetTag'), device.assetTag ?? '–'],
      [t('device.imei'), device.imei ?? '–'],
      [t('device.holder'), person(device.holderId)],
      [t('device.supplier'), device.purchase.supplier ?? '–'],
      [t('device.warrantyUntil'), device.purchase.warrantyUntil ?? '–'],
    ]),
    h('h2', {}, t('device.history')),
    scrollable(
      dataTable(
        t('device.history'),
        ['device.when', 'device.who', 'device.from', 'device.to', 'device.reason'],
        device.history.map((entry) =>
          h(
            'tr',
            {},
            h('td', {}, when(entry.at)),
            h('td', {}, person(entry.actor)),
            h('td', {}, entry.from ? deviceStatusText(entry.from) : '–'),
            h('td', {}, deviceStatusText(entry.to)),
            h('td', {}, entry.reason ?? ''),
          ),
        ),
      ),
    ),
    stepForm(path, device),
  );
}

function stepForm(path: string, device: DeviceDetail): HTMLElement | null {
  const steps = NEXT_STEPS[device.status] ?? [];
  if (steps.length === 0) return null;
  const next = h('select', { id: 'device-next', name: 'to' }, ...steps.map((step) => h('option', { value: step }, deviceStatusText(step))));
  const reason = h('textarea', { id: 'device-reason', name: 'reason', maxlength: 500, rows: 2 });
  const wiped = h('input', { id: 'device-wiped', name: 'wiped', type: 'checkbox' });
  const wipedField = h('div', { class: 'field checkbox' }, wiped, h('label', { for: 'device-wiped' }, t('device.wiped')));
  const showWipe = () => (wipedField.hidden = next.value !== 'returned');
  next.addEventListener('change', showWipe);
  showWipe();
  const failure = h('div', {});
  const submit = h('button', { type: 'submit' }, t('device.apply'));
  const form = h(
    'form',
    { 'aria-labelledby': 'device-step' },
    h('h2', { id: 'device-step' }, t('device.step')),
    failure,
    h('div', { class: 'field' }, h('label', { for: 'device-next' }, t('device.next')), next),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'device-reason' }, t('device.reasonLabel')),
      h('p', { id: 'device-reason-hint', class: 'hint' }, t('device.reasonHint')),
      reason,
    ),
    wipedField,
    submit,
  );
  reason.setAttribute('aria-describedby', 'device-reason-hint');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const text = reason.value.trim();
      await api(`${path}/transitions`, {
        method: 'POST',
        body: { to: next.value, ...(text ? { reason: text } : {}), ...(next.value === 'returned' ? { wiped: wiped.checked } : {}) },
      });
      flash(t('device.done', { status: deviceStatusText(next.value) }), 'success');
      navigate(location.pathname);
    } catch (error) {
      submit.disabled = false;
      failure.replaceChildren(alertBox(describeFailure(error)));
    }
  });
  return form;
}
