import { api, tenantPath } from '../api.js';
import { deviceTypeText } from '../device-texts.js';
import { h } from '../dom.js';
import { locale, t } from '../i18n.js';
import type { Session } from '../session.js';
import { alertBox, describeFailure, showLoading, showPage } from '../ui.js';

interface Profile {
  id: string;
  name: string;
}

interface ReservedDevice {
  id: string;
  type: string;
  model: string;
  serial: string;
}

interface Batch {
  total: number;
  provisioned: number;
  failed: number;
  status: string;
}

interface Provisioned {
  items: Array<{ deviceId: string; enrollmentUrl: string; enrollmentQrSvg: string; expiresAt: string }>;
}

const POLL_MS = 500;

/**
 * Bulk provisioning: reserved devices and one profile in one call. While it runs the batch's
 * progress is polled; then the one-time enrollment links are shown once, as QR codes to print.
 */
export async function provisionPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('provision.title'));
  const [profiles, reserved] = await Promise.all([
    api<Profile[]>(tenantPath(session.tenant, '/provisioning-profiles')),
    api<{ items: ReservedDevice[] }>(tenantPath(session.tenant, '/devices?status=reserved&limit=200')),
  ]);
  if (profiles.length === 0 || reserved.items.length === 0) {
    showPage(
      main,
      t('provision.title'),
      h('p', {}, t('provision.intro')),
      h('p', {}, t(profiles.length === 0 ? 'provision.noProfiles' : 'provision.none')),
    );
    return;
  }
  const profile = h('select', { id: 'profile', name: 'profile' }, ...profiles.map((p) => h('option', { value: p.id }, p.name)));
  const boxes = reserved.items.map((device) => ({
    device,
    box: h('input', { type: 'checkbox', id: `device-${device.id}`, name: 'device', value: device.id }),
  }));
  const all = h('input', { type: 'checkbox', id: 'select-all' });
  all.addEventListener('change', () => boxes.forEach(({ box }) => (box.checked = all.checked)));
  const progress = h('progress', { id: 'provision-progress', max: 1, value: 0 });
  const progressText = h('p', { role: 'status' });
  const progressField = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { for: 'provision-progress' }, t('provision.progress')),
    progress,
    progressText,
  );
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('provision.submit'));
  const form = h(
    'form',
    {},
    h('div', { class: 'field' }, h('label', { for: 'profile' }, t('provision.profile')), profile),
    h(
      'fieldset',
      {},
      h('legend', {}, t('provision.devices')),
      h('div', { class: 'check' }, all, h('label', { for: 'select-all' }, t('provision.selectAll'))),
      ...boxes.map(({ device, box }) =>
        h(
          'div',
          { class: 'check' },
          box,
          h('label', { for: box.id }, `${device.serial} — ${deviceTypeText(device.type)}, ${device.model}`),
        ),
      ),
    ),
    submit,
    progressField,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = boxes.filter(({ box }) => box.checked);
    if (chosen.length === 0) {
      outcome.replaceChildren(alertBox(t('provision.chooseDevices')));
      return;
    }
    submit.disabled = true;
    progressField.hidden = false;
    const batchId = crypto.randomUUID();
    const batchPath = tenantPath(session.tenant, `/provisioning-batches/${batchId}`);
    const poll = setInterval(() => void api<Batch>(batchPath).then(show, () => undefined), POLL_MS);
    const show = (batch: Batch) => {
      progress.max = batch.total;
      progress.value = batch.provisioned + batch.failed;
      progressText.textContent = t('provision.status', { provisioned: batch.provisioned, total: batch.total, failed: batch.failed });
    };
    try {
      const result = await api<Provisioned & Batch>(tenantPath(session.tenant, '/devices/provision'), {
        method: 'POST',
        body: { profileId: profile.value, deviceIds: chosen.map(({ device }) => device.id), batchId },
      });
      clearInterval(poll);
      show(result);
      outcome.replaceChildren(qrSheet(result, reserved.items));
    } catch (error) {
      clearInterval(poll);
      submit.disabled = false;
      outcome.replaceChildren(alertBox(describeFailure(error)));
    }
  });
  showPage(main, t('provision.title'), h('p', {}, t('provision.intro')), form, outcome);
}

/** One card per device: serial, QR code and the link in writing; printable (see the print styles). */
function qrSheet(result: Provisioned, devices: ReservedDevice[]): HTMLElement {
  const serialOf = new Map(devices.map((device) => [device.id, device.serial]));
  const until = result.items[0]
    ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(result.items[0].expiresAt))
    : '';
  const print = h('button', { type: 'button', class: 'secondary no-print' }, t('provision.print'));
  print.addEventListener('click', () => window.print());
  return h(
    'section',
    { 'aria-labelledby': 'qr-sheet', class: 'qr-sheet' },
    h('h2', { id: 'qr-sheet' }, t('provision.sheet')),
    alertBox(t('provision.sheetHint', { until }), 'success'),
    print,
    h(
      'ul',
      { class: 'qr-codes' },
      ...result.items.map((item) => {
        const serial = serialOf.get(item.deviceId) ?? item.deviceId;
        // The SVG comes from our service (drawn by a QR library), shown as an image: no markup of it enters the page.
        const source = `data:image/svg+xml;base64,${btoa(item.enrollmentQrSvg)}`;
        return h(
          'li',
          { class: 'qr-card' },
          h('p', { class: 'reference' }, serial),
          h('img', { src: source, alt: t('provision.qr', { serial }), width: 180, height: 180 }),
          h('p', { class: 'qr-link' }, item.enrollmentUrl),
        );
      }),
    ),
  );
}
