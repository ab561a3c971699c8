import { failureView, formatDate, formatLocalStart, formField } from '../admin-forms.js';
import { api, tenantPath } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, flash, recordRow, showLoading, showPage, tableOrNone, takeFlash } from '../ui.js';
import type { AdminOffice } from './offices.js';

export const RELEASES_PAGE = '/arbeitsplatz/verlosungen';

interface Release {
  id: string;
  status: 'collecting' | 'drawn';
  serviceId: string;
  officeIds: string[];
  slotsFrom: string;
  slotsTo: string;
  requestsUntil: string;
  seedSha256: string;
  seed?: string;
  slotsDrawn?: number;
}

interface Service {
  id: string;
  name: string;
  officeIds: string[];
}

/** The API's limit: one draw covers at most 62 days of slots. */
const MAX_DAYS = 62;

/**
 * "+01:00": the offset of `zone` at the wall-clock time `local` (YYYY-MM-DDTHH:MM). The API wants
 * times with their offset, and the admin means the office's local time, whatever the browser's zone.
 */
function offsetAt(local: string, zone: string): string {
  const wall = Date.parse(`${local}:00Z`);
  const offsetOf = (instant: number): number => {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(instant))
      .find((part) => part.type === 'timeZoneName')?.value;
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
    return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  };
  // The offset at the instant that the wall time with the first guess names (right on both sides of a switch but the lost hour).
  const minutes = offsetOf(wall - offsetOf(wall) * 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

function withOffset(local: string, zone: string): string {
  return `${local}:00${offsetAt(local, zone)}`;
}

function nextDay(day: string, days = 1): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** "10.12.2026 – 16.12.2026": whole days as the page announces them (the API's end is exclusive); other bounds with their time. */
function slotsText(release: Release): string {
  const wholeDays = release.slotsFrom.slice(11, 16) === '00:00' && release.slotsTo.slice(11, 16) === '00:00';
  return wholeDays
    ? `${formatDate(release.slotsFrom.slice(0, 10))} – ${formatDate(nextDay(release.slotsTo.slice(0, 10), -1))}`
    : `${formatLocalStart(release.slotsFrom)} – ${formatLocalStart(release.slotsTo)}`;
}

/** Releases of new capacity as a draw: those collecting requests and those drawn lately; and announcing one. */
export async function releasesPage(main: HTMLElement, session: Session): Promise<void> {
  showLoading(main, t('releases.title'));
  const [releases, services, offices] = await Promise.all([
    api<Release[]>(tenantPath(session.tenant, '/releases')),
    api<Service[]>(tenantPath(session.tenant, '/services')),
    api<AdminOffice[]>(tenantPath(session.tenant, '/offices')),
  ]);
  const serviceName = new Map(services.map((service) => [service.id, service.name]));
  const officeName = new Map(offices.map((office) => [office.id, office.name]));
  showPage(
    main,
    t('releases.title'),
    takeFlash(),
    h('p', {}, t('releases.intro')),
    h('h2', {}, t('releases.list')),
    tableOrNone(
      t('releases.none'),
      t('releases.list'),
      ['releases.service', 'releases.offices', 'releases.slots', 'releases.requestsUntil', 'releases.status'],
      releases.map((release) =>
        recordRow(
          serviceName.get(release.serviceId) ?? release.serviceId,
          release.officeIds.map((id) => officeName.get(id) ?? id).join(', '),
          slotsText(release),
          formatLocalStart(release.requestsUntil),
          [
            release.status === 'drawn' ? t('releases.drawn', { count: release.slotsDrawn ?? 0 }) : t('releases.collecting'),
            h('br', {}),
            h('span', { class: 'hint' }, `SHA-256 ${release.seedSha256.slice(0, 16)}…`),
          ],
        ),
      ),
    ),
    services.length === 0 ? h('p', {}, t('releases.noServices')) : announceForm(session, services, offices),
  );
}

function announceForm(session: Session, services: Service[], offices: AdminOffice[]): HTMLElement {
  const service = formField(
    h('select', { id: 'release-service', name: 'serviceId' }, ...services.map((item) => h('option', { value: item.id }, item.name))),
    t('releases.service'),
  );
  const officesError = h('p', { id: 'release-offices-error', class: 'field-error' });
  const officeList = h('div', {});
  let boxes: Array<{ office: AdminOffice; box: HTMLInputElement }> = [];
  // Only offices that offer the chosen service can release its slots.
  const showOffices = () => {
    const chosen = services.find((item) => item.id === service.input.value);
    boxes = offices
      .filter((office) => chosen?.officeIds.includes(office.id))
      .map((office) => ({
        office,
        box: h('input', { type: 'checkbox', id: `release-office-${office.id}`, name: 'officeIds', value: office.id, checked: true }),
      }));
    officeList.replaceChildren(
      ...boxes.map(({ office, box }) => h('div', { class: 'check' }, box, h('label', { for: box.id }, office.name))),
    );
  };
  service.input.addEventListener('change', showOffices);
  showOffices();
  const firstDay = formField(
    h('input', { id: 'release-first-day', name: 'firstDay', type: 'date', required: true }),
    t('releases.firstDay'),
  );
  const lastDay = formField(
    h('input', { id: 'release-last-day', name: 'lastDay', type: 'date', required: true }),
    t('releases.lastDay'),
    t('releases.lastDayHint', { days: MAX_DAYS }),
  );
  const until = formField(
    h('input', { id: 'release-until', name: 'requestsUntil', type: 'datetime-local', required: true }),
    t('releases.requestsUntil'),
    t('releases.requestsUntilHint'),
  );
  const outcome = h('div', {});
  const submit = h('button', { type: 'submit' }, t('releases.announce'));
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'release-form-title' },
    h('h2', { id: 'release-form-title' }, t('releases.new')),
    service.wrapper,
    h('fieldset', { 'aria-describedby': 'release-offices-error' }, h('legend', {}, t('releases.offices')), officeList, officesError),
    firstDay.wrapper,
    lastDay.wrapper,
    until.wrapper,
    outcome,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    outcome.replaceChildren();
    const chosen = boxes.filter(({ box }) => box.checked).map(({ office }) => office);
    officesError.textContent = chosen.length === 0 ? t('releases.chooseOffice') : '';
    firstDay.setError(firstDay.input.value === '' ? t('admin.required') : undefined);
    const days = (Date.parse(lastDay.input.value) - Date.parse(firstDay.input.value)) / 86_400_000 + 1;
    lastDay.setError(
      lastDay.input.value === ''
        ? t('admin.required')
        : firstDay.input.value !== '' && (days < 1 || days > MAX_DAYS)
          ? t('releases.lastDayInvalid', { days: MAX_DAYS })
          : undefined,
    );
    until.setError(until.input.value === '' ? t('admin.required') : undefined);
    const firstInvalid = [chosen.length === 0 ? boxes[0]?.box : undefined, firstDay.input, lastDay.input, until.input].find(
      (input) => input?.hasAttribute('aria-invalid') || (input?.type === 'checkbox' && chosen.length === 0),
    );
    if (firstInvalid || chosen.length === 0) {
      outcome.replaceChildren(alertBox(t('admin.checkFields')));
      (firstInvalid ?? service.input).focus();
      return;
    }
    // Times in the first chosen office's zone, the zone the API shows the release in.
    const zone = chosen[0].timeZone;
    const body = {
      serviceId: service.input.value,
      officeIds: chosen.map((office) => office.id),
      slotsFrom: withOffset(`${firstDay.input.value}T00:00`, zone),
      slotsTo: withOffset(`${nextDay(lastDay.input.value)}T00:00`, zone),
      requestsUntil: withOffset(until.input.value.slice(0, 16), zone),
    };
    submit.disabled = true;
    void api<Release>(tenantPath(session.tenant, '/releases'), { method: 'POST', body })
      .then(() => {
        flash(t('releases.announced'), 'success');
        navigate(RELEASES_PAGE);
      })
      .catch((error: unknown) => {
        const fields: Record<string, ReturnType<typeof formField>> = { slotsFrom: firstDay, slotsTo: lastDay, requestsUntil: until };
        outcome.replaceChildren(
          failureView(
            error,
            t('admin.save'),
            async () => undefined,
            (field) => {
              fields[field]?.setError(t('admin.fieldInvalid'));
              return field in fields;
            },
          ),
        );
        submit.disabled = false;
      });
  });
  return form;
}
