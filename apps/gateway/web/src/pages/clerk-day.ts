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

/** How often the list asks again while it is shown (the live stream carries no booking events). */
const REFRESH_MS = 30_000;
let stopRefreshing: (() => void) | undefined;

/**
 * Today's (or the chosen day's) appointments of one office, with the count for the day and the
 * attendance buttons. The list refreshes by itself while the page is shown and the tab visible,
 * and only redraws when something changed (so that a button in use keeps its focus).
 */
export async function clerkDayPage(main: HTMLElement, session: Session, query: URLSearchParams): Promise<void> {
  stopRefreshing?.();
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
  const list = h('div', { class: 'clerk-day' });
  section.append(status, list);
  const path = tenantPath(session.tenant, `/offices/${office.id}/bookings?${new URLSearchParams({ date: day })}`);
  let shown = '';
  const load = async (): Promise<void> => {
    try {
      const { items } = await api<{ items: ClerkBooking[] }>(path);
      const fingerprint = JSON.stringify(items);
      if (fingerprint === shown) return;
      shown = fingerprint;
      list.replaceChildren(
        h('p', { class: 'clerk-count' }, t(items.length === 1 ? 'clerk.countOne' : 'clerk.count', { count: items.length })),
        items.length === 0
          ? h('p', {}, t('clerk.none'))
          : bookingTable(session.tenant, office, items, status, canRecord, (changed) => {
              // The page's own change is shown already: the next refresh need not redraw for it.
              for (const item of items) if (item.reference === changed.reference) item.status = changed.status;
              shown = JSON.stringify(items);
            }),
      );
    } catch (error) {
      shown = '';
      list.replaceChildren(alertBox(describeFailure(error)));
    }
  };
  await load();
  showPage(main, t('clerk.title'), section);
  const timer = setInterval(() => {
    if (!document.body.contains(list)) return stopRefreshing?.();
    if (!document.hidden) void load();
  }, REFRESH_MS);
  stopRefreshing = () => {
    clearInterval(timer);
    stopRefreshing = undefined;
  };
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

function bookingTable(
  tenant: string,
  office: Office,
  bookings: ClerkBooking[],
  status: HTMLElement,
  canRecord: boolean,
  onRecorded: (booking: ClerkBooking) => void,
): HTMLElement {
  const rows = bookings.map((booking) => {
    const statusCell = h('td', { 'data-label': t('clerk.status') }, bookingStatusText(booking.status));
    const actions = h('td', { class: 'clerk-actions', 'data-label': t('clerk.actions') });
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
              onRecorded(updated);
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
      h('td', { 'data-label': t('clerk.time') }, formatTime(booking.start, office.timeZone)),
      h('td', { class: 'reference', 'data-label': t('clerk.reference') }, booking.reference),
      h('td', { 'data-label': t('clerk.citizen') }, booking.citizen.name),
      statusCell,
      actions,
      h('td', { 'data-label': t('clerk.service') }, booking.serviceName),
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
          ...(['clerk.time', 'clerk.reference', 'clerk.citizen', 'clerk.status', 'clerk.actions', 'clerk.service'] as const).map((key) =>
            h('th', { scope: 'col' }, t(key)),
          ),
        ),
      ),
      h('tbody', {}, ...rows),
    ),
  );
}
