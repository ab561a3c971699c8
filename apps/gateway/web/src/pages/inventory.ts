import { api, apiBlob, tenantPath } from '../api.js';
import { DEVICE_STATUSES, DEVICE_TYPES, deviceStatusText, deviceTypeText } from '../device-texts.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, describeFailure, scrollable, showLoading, showPage } from '../ui.js';

interface Device {
  id: string;
  type: string;
  model: string;
  serial: string;
  assetTag: string | null;
  status: string;
}

/** The IT admin's inventory: filter by status and type, search; pages load on demand. Filters live in the URL. */
export async function inventoryPage(main: HTMLElement, session: Session, query: URLSearchParams): Promise<void> {
  showLoading(main, t('inventory.title'));
  const filters = new URLSearchParams([...query].filter(([name, value]) => ['status', 'type', 'q'].includes(name) && value !== ''));
  const path = tenantPath(session.tenant, '/devices');
  const rows = h('tbody', {});
  const count = h('p', { role: 'status' });
  const more = h('button', { type: 'button', class: 'secondary' }, t('inventory.more'));
  const failure = h('div', {});
  let shown = 0;
  const load = async (cursor?: string) => {
    more.disabled = true;
    try {
      const page = await api<{ items: Device[]; nextCursor: string | null }>(
        `${path}?${new URLSearchParams([...filters, ...(cursor ? [['cursor', cursor]] : [])])}`,
      );
      rows.append(...page.items.map(deviceRow));
      shown += page.items.length;
      count.textContent = shown === 0 ? t('inventory.none') : t('inventory.count', { count: shown });
      more.hidden = !page.nextCursor;
      more.onclick = () => void load(page.nextCursor ?? undefined);
    } catch (error) {
      failure.replaceChildren(alertBox(describeFailure(error)));
    }
    more.disabled = false;
  };
  const download = h('button', { type: 'button', class: 'secondary' }, t('inventory.exportCsv'));
  download.addEventListener('click', async () => {
    download.disabled = true;
    try {
      // With the token in the header (not the URL), then handed to the browser as a file.
      const file = await apiBlob(`${path}/export.csv?${filters}`);
      const link = h('a', { href: URL.createObjectURL(file), download: 'inventar.csv', hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      failure.replaceChildren(alertBox(describeFailure(error)));
    }
    download.disabled = false;
  });
  showPage(
    main,
    t('inventory.title'),
    filterForm(filters),
    h('div', { class: 'actions' }, download),
    failure,
    count,
    scrollable(
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, t('inventory.title')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...(['inventory.serial', 'inventory.type', 'inventory.model', 'inventory.assetTag', 'inventory.status'] as const).map((key) =>
              h('th', { scope: 'col' }, t(key)),
            ),
          ),
        ),
        rows,
      ),
    ),
    h('div', { class: 'actions' }, more),
  );
  await load();
}

function deviceRow(device: Device): HTMLElement {
  return h(
    'tr',
    {},
    h('td', {}, h('a', { href: `/arbeitsplatz/inventar/${device.id}` }, device.serial)),
    h('td', {}, deviceTypeText(device.type)),
    h('td', {}, device.model),
    h('td', {}, device.assetTag ?? ''),
    h('td', {}, deviceStatusText(device.status)),
  );
}

function filterForm(filters: URLSearchParams): HTMLElement {
  const status = select('filter-status', 'status', DEVICE_STATUSES, deviceStatusText, filters.get('status'));
  const type = select('filter-type', 'type', DEVICE_TYPES, deviceTypeText, filters.get('type'));
  const search = h('input', { id: 'filter-q', name: 'q', type: 'search', maxlength: 100, value: filters.get('q') ?? '' });
  const form = h(
    'form',
    { class: 'inline-form', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: 'filter-status' }, t('inventory.status')), status),
    h('div', { class: 'field' }, h('label', { for: 'filter-type' }, t('inventory.type')), type),
    h('div', { class: 'field' }, h('label', { for: 'filter-q' }, t('inventory.search')), search),
    h('button', { type: 'submit' }, t('inventory.filter')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams({ status: status.value, type: type.value, q: search.value.trim() });
    navigate(`${location.pathname}?${new URLSearchParams([...next].filter(([, value]) => value !== ''))}`);
  });
  return form;
}

function select(
  id: string,
  name: string,
  values: readonly string[],
  text: (value: string) => string,
  selected: string | null,
): HTMLSelectElement {
  return h(
    'select',
    { id, name },
    h('option', { value: '' }, t('inventory.all')),
    ...values.map((value) => h('option', { value, selected: value === selected }, text(value))),
  );
}
