import { api, tenantPath } from '../api.js';
import { catalogue, type Booking, type Office } from '../catalogue.js';
import { h } from '../dom.js';
import { formatTime, localDay } from '../format.js';
import { bookingStatusText } from '../booking-status.js';
import { t, type MessageKey } from '../i18n.js';
import { navigate } from '../router.js';
import type { Session } from '../session.js';
import { alertBox, describeFailure, scrollable, showLoading, showPage } from '../ui.js';

interface ClerkBooking extends Booking {
  serviceName: string;
  citizen: { name: string };
}

type AttendanceChoice = 'arrived' | 'done' | 'no_show' | 'confirmed';

/**
 * What a clerk may record next, per booking status (the API enforces the same rule, and only on
 * the booking's day); `confirmed` undoes a mark made by mistake.
 */
const NEXT_ATTENDANCE: Record<string, AttendanceChoice[]> = {
  confirmed: ['arrived', 'no_show'],
  arrived: ['done', 'confirmed'],
  done: ['confirmed'],
  no_show: ['confirmed'],
};

const BUTTON_TEXT: Record<AttendanceChoice, MessageKey> = {
  arrived: 'clerk.arrived',
  done: 'clerk.done',
  no_show: 'clerk.no_show',
  confirmed: 'clerk.undo',
};

/** Today's (or the chosen day's) appointments of one office, with the attendance buttons. */
export async function clerkDayPage(main: HTMLElement, session: Session, query: URLSearchParams): Promise<void> {
  showLoading(main, t('clerk.title'));
  const { offices } = await catalogue(session.tenant);
  const office = offices.find((o) => o.id === query.get('standort')) ?? offices[0];
  const section = h('div', {});
  if (!office) return showPage(main, t('clerk.title'));
  const today = localDay(new Date().toISOString(), office.timeZone);
  const day = query.get('tag') ?? today;
  section.append(dayForm(offices, office, day));
  // Attendance is recorded on the day itself; other days are for looking only.
  const canRecord = day === today;
  if (!canRecord) section.append(h('p', {}, t('clerk.onlyToday')));
  const status = h('div', { role: 'status', class: 'visually-hidden' });
  section.append(status);
  try {
    const { items } = await api<{ items: ClerkBooking[] }>(
      tenantPath(session.tenant, `/offices/${office.id}/bookings?${new URLSearchParams({ date: day })}`),
    );
    section.append(items.length === 0 ? h('p', {}, t('clerk.none')) : bookingTable(session.tenant, office, items, status, canRecord));
  } catch (error) {
    section.append(alertBox(describeFailure(error)));
  }
  showPage(main, t('clerk.title'), section);
}

function dayForm(offices: Office[], office: Office, day: string): HTMLElement {
  const select = h(
    'select',
    { id: 'clerk-office', name: 'standort' },
    ...offices.map((o) => h('option', { value: o.id, selected: o.id === office.id }, o.name)),
  );
  const date = h('input', { id: 'clerk-day', name: 'tag', type: 'date', value: day, required: true });
  const form = h(
    'form',
    { class: 'inline-form' },
    h('div', { class: 'field' }, h('label', { for: 'clerk-office' }, t('clerk.office')), select),
    h('div', { class: 'field' }, h('label', { for: 'clerk-day' }, t('clerk.day')), date),
    h('button', { type: 'submit' }, t('clerk.show')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(`/arbeitsplatz/termine?${new URLSearchParams({ standort: select.value, tag: date.value })}`);
  });
  return form;
}

function bookingTable(tenant: string, office: Office, bookings: ClerkBooking[], status: HTMLElement, canRecord: boolean): HTMLElement {
  const rows = bookings.map((booking) => {
    const statusCell = h('td', {}, bookingStatusText(booking.status));
    const actions = h('td', {});
    const renderActions = (current: string) => {
      actions.replaceChildren(
        ...((canRecord && NEXT_ATTENDANCE[current]) || []).map((next) => {
          const text = t(BUTTON_TEXT[next]);
          const button = h(
            'button',
            { type: 'button', class: next === 'confirmed' ? 'small secondary' : 'small', 'aria-label': `${text}: ${booking.reference}` },
            text,
          );
          button.addEventListener('click', async () => {
            button.disabled = true;
            try {
              const updated = await api<ClerkBooking>(tenantPath(tenant, `/bookings/${booking.reference}/attendance`), {
                method: 'POST',
                body: { status: next },
              });
              statusCell.textContent = bookingStatusText(updated.status);
              status.textContent = t('clerk.recorded', { reference: booking.reference, status: bookingStatusText(updated.status) });
              renderActions(updated.status);
            } catch (error) {
              button.disabled = false;
              status.textContent = describeFailure(error);
            }
          });
          return button;
        }),
      );
    };
    renderActions(booking.status);
    return h(
      'tr',
      {},
      h('td', {}, formatTime(booking.start, office.timeZone)),
      h('td', {}, booking.citizen.name),
      h('td', {}, booking.serviceName),
      statusCell,
      actions,
    );
  });
  return scrollable(
    h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, `${t('clerk.title')}: ${office.name}`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...(['clerk.time', 'clerk.citizen', 'clerk.service', 'clerk.status', 'clerk.actions'] as const).map((key) =>
            h('th', { scope: 'col' }, t(key)),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}
